package e2e

import (
	"encoding/json"
	"testing"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store/storetest"
)

// TestMissedDeliveryIsRecoveredOnStart logs in GitHub's delivery log a repository creation that
// reached no one while prc was down; on start, prc asks for it again and opens the issue.
func TestMissedDeliveryIsRecoveredOnStart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.cfg.Listen = e.app.Addr() // the same address after the restart, where GitHub delivers
		e.fake.SetWebhook(e.url()+"/api/github/webhook", secret)
		e.stop()
		e.app.Close()

		r := e.repo("missed", map[string]string{"README.md": "# missed\n"})
		body, err := json.Marshal(e.payload("repository/created", r))
		if err != nil {
			t.Fatal(err)
		}
		missed := e.fake.LogDelivery(githubfake.HookDelivery{Event: "repository", Action: "created",
			InstallationID: installation, StatusCode: 0}, body)

		e.boot(true)
		e.onePRCIssue(r)
		var redelivered []githubfake.HookDelivery
		for _, d := range e.fake.HookDeliveries() {
			if d.GUID == missed.GUID && d.Redelivery {
				redelivered = append(redelivered, d)
			}
		}
		if len(redelivered) != 1 || !(redelivered[0].StatusCode >= 200 && redelivered[0].StatusCode < 300) {
			t.Errorf("redeliveries of %s: %+v, want one, delivered", missed.GUID, redelivered)
		}
	})
}
