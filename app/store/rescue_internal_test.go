package store

import (
	"testing"
	"time"
)

func TestRiverConfigRescuesSoonAfterTheJobDeadline(t *testing.T) {
	tests := map[string]struct {
		timeout     time.Duration
		wantTimeout time.Duration
		wantRescue  time.Duration
	}{
		"default":         {wantTimeout: time.Minute, wantRescue: time.Minute + rescueMargin},
		"configured 30 s": {timeout: 30 * time.Second, wantTimeout: 30 * time.Second, wantRescue: 30*time.Second + rescueMargin},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			rc := riverConfig(Config{JobTimeout: tc.timeout}.withDefaults(), nil, nil)
			if rc.JobTimeout != tc.wantTimeout || rc.RescueStuckJobsAfter != tc.wantRescue {
				t.Errorf("JobTimeout %v, RescueStuckJobsAfter %v; want %v and %v",
					rc.JobTimeout, rc.RescueStuckJobsAfter, tc.wantTimeout, tc.wantRescue)
			}
			if rc.RescueStuckJobsAfter <= rc.JobTimeout || rc.RescueStuckJobsAfter > rc.JobTimeout+30*time.Second {
				t.Errorf("rescue after %v does not follow the %v deadline closely", rc.RescueStuckJobsAfter, rc.JobTimeout)
			}
		})
	}
}
