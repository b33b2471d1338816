package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/prchq/prc/app/config"
)

func TestIntervals(t *testing.T) {
	key := testKey(t)
	tests := map[string]struct {
		resync, redelivery time.Duration
		want               string
	}{
		"defaults":             {},
		"ten seconds":          {resync: 10 * time.Second, redelivery: 10 * time.Second},
		"resync too short":     {resync: 9 * time.Second, want: "PRC_RESYNC_INTERVAL: must be at least 10s, got 9s"},
		"redelivery too short": {redelivery: time.Second, want: "PRC_REDELIVERY_INTERVAL: must be at least 10s, got 1s"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := config.Defaults()
			c.AppID, c.PrivateKey, c.WebhookSecret = 1, key, "s"
			if tc.resync != 0 {
				c.ResyncInterval = tc.resync
			}
			if tc.redelivery != 0 {
				c.RedeliveryInterval = tc.redelivery
			}
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
	if d := config.Defaults().RedeliveryInterval; d != 10*time.Minute {
		t.Errorf("default redelivery interval %v, want 10m", d)
	}
}

func TestRedeliveryIntervalFromTheEnvironment(t *testing.T) {
	env := envOf(map[string]string{"PRC_REDELIVERY_INTERVAL": "45s"})
	c, err := config.Load(nil, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.RedeliveryInterval != 45*time.Second {
		t.Errorf("redelivery interval %v, want 45s", c.RedeliveryInterval)
	}
}
