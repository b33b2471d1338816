package e2e

import (
	"strings"
	"testing"

	"github.com/prchq/prc/app/logtest"

	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/store/storetest"
)

// TestSecretsAreNeverLogged runs a start, a delivery, a retried GitHub failure and a refusal
// with debug logging, and finds neither the private key, nor the webhook secret, in the logs.
func TestSecretsAreNeverLogged(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		e := start(t, engine)
		e.stop()
		e.app.Close()
		logs := &logtest.Buffer{}
		e.logs = logs
		e.boot(true)
		e.fake.Fail(githubfake.On("GET", "/repos/{owner}/{repo}"), githubfake.Fault{Status: 502})
		e.fake.Fail(githubfake.On("POST", "/repos/{owner}/{repo}/issues"), githubfake.Fault{Status: 403, Message: "Resource not accessible by integration"})
		r := e.repo("quiet", map[string]string{"README.md": "# quiet\n"})
		e.deliver("repository", e.payload("repository/created", r))
		e.onePRCIssue(r)
		out := logs.String()
		if !strings.Contains(out, "GitHub refused a request") {
			t.Fatalf("the run did not log what it should have; logs:\n%s", out)
		}
		keyLines := strings.Split(strings.TrimSpace(string(e.fake.PrivateKeyPEM())), "\n")
		for _, secret := range []string{secret, keyLines[1], keyLines[len(keyLines)-2]} {
			if strings.Contains(out, secret) {
				t.Errorf("the logs show a secret: %q", secret)
			}
		}
	})
}
