package logctx_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/prchq/prc/app/logctx"
	"github.com/sirupsen/logrus"
)

func TestFieldsTravelWithTheContext(t *testing.T) {
	var out bytes.Buffer
	base := logrus.New()
	base.SetOutput(&out)
	ctx := logctx.With(context.Background(), base.WithField("job", "reconcile"))
	logctx.From(ctx, logrus.New()).Info("hello")
	if !strings.Contains(out.String(), "job=reconcile") {
		t.Errorf("log line %q lacks the job field", out.String())
	}
	if logctx.From(context.Background(), base) != base {
		t.Error("a context without a logger must give the fallback")
	}
}
