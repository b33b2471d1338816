package config

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// redacted stands in for a secret in a configuration dump.
const redacted = "[redacted]"

// Redacted is a copy of c safe to print or log: the private key, the webhook secrets and the
// database password are replaced.
func (c Config) Redacted() Config {
	hide := func(s string) string {
		if s == "" {
			return ""
		}
		return redacted
	}
	c.PrivateKey, c.WebhookSecret, c.WebhookSecretPrevious = hide(c.PrivateKey), hide(c.WebhookSecret), hide(c.WebhookSecretPrevious)
	if len(c.PrivateKeyPEM) > 0 {
		c.PrivateKeyPEM = []byte(redacted)
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err == nil {
			c.DatabaseURL = u.Redacted()
		} else {
			c.DatabaseURL = redacted
		}
	}
	return c
}

// dump has Config's fields without its methods, so printing it does not recurse.
type dump Config

// String prints the configuration with its secrets redacted, for %v and %+v.
func (c Config) String() string { return fmt.Sprintf("%+v", dump(c.Redacted())) }

// GoString prints the configuration with its secrets redacted, for %#v.
func (c Config) GoString() string { return fmt.Sprintf("%#v", dump(c.Redacted())) }

// MarshalJSON writes the configuration with its secrets redacted.
func (c Config) MarshalJSON() ([]byte, error) { return json.Marshal(dump(c.Redacted())) }
