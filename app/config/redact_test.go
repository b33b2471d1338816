package config_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/prchq/prc/app/config"
)

func TestDumpsRedactSecrets(t *testing.T) {
	key := testKey(t)
	c := config.Defaults()
	c.AppID, c.PrivateKey, c.WebhookSecret, c.WebhookSecretPrevious = 7, key, "hook-secret-now", "hook-secret-before"
	c.DatabaseURL = "postgres://prc:db-password@db:5432/prc"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	asJSON, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	dumps := map[string]string{
		"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"pointer %+v": fmt.Sprintf("%+v", &c), "JSON": string(asJSON),
	}
	keyLine := strings.Split(key, "\n")[1]
	for name, out := range dumps {
		t.Run(name, func(t *testing.T) {
			for _, secret := range []string{keyLine, "hook-secret-now", "hook-secret-before", "db-password"} {
				if strings.Contains(out, secret) {
					t.Errorf("dump shows %q: %s", secret, out)
				}
			}
			if !strings.Contains(out, "[redacted]") || !strings.Contains(out, "Production readiness") {
				t.Errorf("dump lost its other settings or the redaction marker: %s", out)
			}
		})
	}
	if len(c.PrivateKeyPEM) == 0 || c.WebhookSecret != "hook-secret-now" {
		t.Error("Redacted changed the configuration itself")
	}
}
