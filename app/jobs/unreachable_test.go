package jobs

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prchq/prc/app/gh"
)

func TestSnoozeMessageNamesAnUnreachableGitHub(t *testing.T) {
	refused := &url.Error{Op: "Get", URL: "https://api.github.com/repos/a/b", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	tests := map[string]struct {
		err  error
		want string
	}{
		"refused connection": {&gh.RetryLaterError{At: time.Now(), Err: fmt.Errorf("read tree: %w", refused)}, "unreachable"},
		"secondary limit":    {&gh.RetryLaterError{At: time.Now(), Err: errors.New("GitHub secondary rate limit: slow down")}, "slow down"},
		"5xx answer":         {&gh.RetryLaterError{At: time.Now(), Err: errors.New("GitHub answered 502")}, "slow down"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := snoozeMessage(tc.err); !strings.Contains(got, tc.want) {
				t.Errorf("snoozeMessage = %q, want it to say %q", got, tc.want)
			}
		})
	}
}
