package store

import (
	"log/slog"
	"reflect"
	"testing"

	"github.com/sirupsen/logrus"
	logtest "github.com/sirupsen/logrus/hooks/test"
)

func TestSlogBridge(t *testing.T) {
	tests := map[string]struct {
		log        func(l *slog.Logger)
		wantLevel  logrus.Level
		wantMsg    string
		wantFields logrus.Fields
		wantNone   bool
	}{
		"info is dropped": {log: func(l *slog.Logger) { l.Info("chatter", "k", 1) }, wantNone: true},
		"warn with attrs": {
			log:        func(l *slog.Logger) { l.Warn("slow", "job_id", 7) },
			wantLevel:  logrus.WarnLevel,
			wantMsg:    "slow",
			wantFields: logrus.Fields{"component": "river", "job_id": int64(7)},
		},
		"error with logger attrs and groups": {
			log: func(l *slog.Logger) {
				l.With("client", "c1").WithGroup("job").Error("failed", "id", "j1", slog.Group("err", "msg", "boom"))
			},
			wantLevel:  logrus.ErrorLevel,
			wantMsg:    "failed",
			wantFields: logrus.Fields{"component": "river", "client": "c1", "job.id": "j1", "job.err.msg": "boom"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			logger, hook := logtest.NewNullLogger()
			tc.log(newSlogLogger(logger))
			entries := hook.AllEntries()
			if tc.wantNone {
				if len(entries) != 0 {
					t.Fatalf("got %d entries, want none", len(entries))
				}
				return
			}
			if len(entries) != 1 {
				t.Fatalf("got %d entries, want 1", len(entries))
			}
			e := entries[0]
			if e.Level != tc.wantLevel || e.Message != tc.wantMsg || !reflect.DeepEqual(e.Data, tc.wantFields) {
				t.Errorf("entry = %v %q %v, want %v %q %v", e.Level, e.Message, e.Data, tc.wantLevel, tc.wantMsg, tc.wantFields)
			}
		})
	}
}
