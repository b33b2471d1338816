package setup

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prchq/prc/app/config"
)

// FileName is the credentials file in PRC_DATA_DIR.
const FileName = "github-app.json"

// Credentials are what GitHub hands back when it creates the App from its manifest.
type Credentials struct {
	AppID         int64  `json:"id"`
	Slug          string `json:"slug"`
	HTMLURL       string `json:"html_url"`
	PEM           string `json:"pem"`
	WebhookSecret string `json:"webhook_secret"`
	ClientID      string `json:"client_id"`
	ClientSecret  string `json:"client_secret"`
}

// Apply sets the credentials on cfg; an OAuth client the environment gives stays.
func (c Credentials) Apply(cfg *config.Config) {
	cfg.AppID, cfg.PrivateKey, cfg.PrivateKeyFile, cfg.WebhookSecret = c.AppID, c.PEM, "", c.WebhookSecret
	if cfg.ClientID == "" {
		cfg.ClientID, cfg.ClientSecret = c.ClientID, c.ClientSecret
	}
}

// Load reads the credentials stored in dir; ok is false when there are none.
func Load(dir string) (c Credentials, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("PRC_DATA_DIR: read credentials: %w", err)
	}
	if err := json.Unmarshal(data, &c); err != nil || c.AppID <= 0 || c.PEM == "" {
		return c, false, fmt.Errorf("PRC_DATA_DIR: %s is not a credentials file prc wrote; move it away to run setup again", filepath.Join(dir, FileName))
	}
	return c, true, nil
}

// Save writes the credentials to dir with mode 0600, atomically, creating dir (0700) if needed.
func Save(dir string, c Credentials) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("PRC_DATA_DIR: %w", err)
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".credentials-*")
	if err != nil {
		return fmt.Errorf("PRC_DATA_DIR: %w", err)
	}
	// Cleans up after a failure; after a successful rename the name is gone and Remove fails harmlessly.
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := tmp.Chmod(0o600); err != nil {
		return errors.Join(err, tmp.Close())
	}
	if _, err := tmp.Write(data); err != nil {
		return errors.Join(err, tmp.Close())
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, FileName))
}

// Print writes the credentials as the environment variables `prc serve` reads.
func Print(w io.Writer, c Credentials) error {
	pem, _ := json.Marshal(c.PEM)
	_, err := fmt.Fprintf(w, "PRC_APP_ID=%d\nPRC_WEBHOOK_SECRET=%s\nPRC_CLIENT_ID=%s\nPRC_CLIENT_SECRET=%s\nPRC_PRIVATE_KEY=%s\n",
		c.AppID, c.WebhookSecret, c.ClientID, c.ClientSecret, pemOneLine(string(pem)))
	return err
}

// pemOneLine turns the JSON-quoted PEM into the \n-escaped single line PRC_PRIVATE_KEY accepts.
func pemOneLine(quoted string) string {
	if len(quoted) >= 2 {
		quoted = quoted[1 : len(quoted)-1]
	}
	return quoted
}
