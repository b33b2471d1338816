package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
)

func TestReminderRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		if _, err := s.Reminder(ctx, svc.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Reminder before save = %v, want ErrNotFound", err)
		}
		start := time.Date(2026, 12, 1, 9, 0, 0, 123456789, time.UTC)
		r := store.Reminder{ServiceID: svc.ID, ProgressAt: start, DueAt: start.Add(30 * time.Second), Every: 30 * time.Second,
			QuietDays: []time.Weekday{time.Saturday, time.Sunday}, Timezone: "Asia/Tokyo"}
		if ok, err := s.SaveReminder(ctx, r); err != nil || !ok {
			t.Fatalf("first save = %v, %v", ok, err)
		}
		if ok, err := s.SaveReminder(ctx, r); err != nil || ok {
			t.Fatalf("second insert = %v, %v; want not written", ok, err)
		}
		got, err := s.Reminder(ctx, svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := r
		want.ProgressAt, want.DueAt, want.Version = start.Truncate(time.Microsecond), r.DueAt.Truncate(time.Microsecond), 1
		if !got.ProgressAt.Equal(want.ProgressAt) || !got.DueAt.Equal(want.DueAt) || !got.RemindedAt.IsZero() ||
			got.Every != want.Every || !slices.Equal(got.QuietDays, want.QuietDays) || got.Timezone != want.Timezone || got.Version != 1 {
			t.Errorf("Reminder = %+v, want %+v", got, want)
		}
		got.Period, got.RemindedAt, got.DueAt = 1, start.Add(31*time.Second), time.Time{}
		if ok, err := s.SaveReminder(ctx, got); err != nil || !ok {
			t.Fatalf("update = %v, %v", ok, err)
		}
		again, _ := s.Reminder(ctx, svc.ID)
		if again.Version != 2 || again.Period != 1 || !again.DueAt.IsZero() || again.RemindedAt.IsZero() {
			t.Errorf("after update = %+v", again)
		}
		if ok, err := s.SaveReminder(ctx, got); err != nil || ok {
			t.Errorf("stale update = %v, %v; want not written", ok, err)
		}
	})
}

func TestDueRemindersOrderedAndBounded(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		other, err := s.EnsureService(ctx, 1, "billing")
		mustDo(t, err)
		third, err := s.EnsureService(ctx, 2, "web")
		mustDo(t, err)
		for id, due := range map[int64]time.Time{svc.ID: now.Add(-time.Second), other.ID: now.Add(-time.Minute), third.ID: now.Add(time.Second)} {
			if _, err := s.SaveReminder(ctx, store.Reminder{ServiceID: id, ProgressAt: now.Add(-time.Hour), DueAt: due, Every: time.Minute}); err != nil {
				t.Fatal(err)
			}
		}
		due, err := s.DueReminders(ctx, now, 10)
		mustDo(t, err)
		if len(due) != 2 || due[0].ServiceID != other.ID || due[1].ServiceID != svc.ID || !due[1].DueAt.Equal(now.Add(-time.Second)) {
			t.Errorf("DueReminders = %+v, want billing then checkout", due)
		}
		if due, _ := s.DueReminders(ctx, now, 1); len(due) != 1 {
			t.Errorf("limit 1 gave %d", len(due))
		}
		if due, _ := s.DueReminders(ctx, now.Add(-2*time.Minute), 10); len(due) != 0 {
			t.Errorf("nothing is due earlier, got %+v", due)
		}
	})
}

func TestSaveReminderClaimsOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s, _, svc := openWithService(t, engine)
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		if _, err := s.SaveReminder(ctx, store.Reminder{ServiceID: svc.ID, ProgressAt: now, DueAt: now, Every: time.Minute}); err != nil {
			t.Fatal(err)
		}
		read, err := s.Reminder(ctx, svc.ID)
		mustDo(t, err)
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				claim := read
				claim.Period, claim.RemindedAt, claim.DueAt = 1, now, now.Add(time.Minute)
				ok, err := s.SaveReminder(ctx, claim)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Errorf("%d claims of one period won, want 1", won.Load())
		}
	})
}
