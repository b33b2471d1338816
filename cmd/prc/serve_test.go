package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/logtest"

	"github.com/prchq/prc/app/githubfake"
)

func TestServeExits2WhenGitHubRejectsTheCredentials(t *testing.T) {
	fake := githubfake.New(t)
	t.Setenv("PRC_APP_ID", strconv.FormatInt(fake.AppID()+1, 10))
	t.Setenv("PRC_PRIVATE_KEY", string(fake.PrivateKeyPEM()))
	t.Setenv("PRC_WEBHOOK_SECRET", "s")
	t.Setenv("PRC_GITHUB_API_URL", fake.URL()+"/")
	t.Setenv("PRC_DATA_DIR", t.TempDir())
	t.Setenv("PRC_LISTEN", "127.0.0.1:0")
	var stdout, stderr bytes.Buffer
	code := runServe(context.Background(), nil, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "PRC_APP_ID") || !strings.Contains(stderr.String(), "private key") {
		t.Errorf("exit %d, stderr %q; want 2 naming PRC_APP_ID and the private key", code, stderr.String())
	}
}

func TestServeWithoutCredentialsStartsInSetupMode(t *testing.T) {
	for _, name := range []string{"PRC_APP_ID", "PRC_PRIVATE_KEY", "PRC_PRIVATE_KEY_FILE", "PRC_WEBHOOK_SECRET", "PRC_CONFIG", "PRC_DATABASE_URL"} {
		t.Setenv(name, "")
	}
	t.Setenv("PRC_DATA_DIR", t.TempDir())
	t.Setenv("PRC_LISTEN", "127.0.0.1:0")
	t.Setenv("PRC_PUBLIC_URL", "https://prc.example")
	ctx, cancel := context.WithCancel(context.Background())
	var stderr logtest.Buffer
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, nil, &bytes.Buffer{}, &stderr) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), `"mode"`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d after cancel, stderr %s", code, stderr.String())
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(stderr.String(), "\n", 2)[0]), &line); err != nil {
		t.Fatalf("start-up line is not JSON: %v\n%s", err, stderr.String())
	}
	if line["mode"] != "setup" || line["engine"] != "sqlite" || line["url"] != "https://prc.example/" {
		t.Errorf("start-up line = %v, want mode setup, engine sqlite and the URL", line)
	}
}
