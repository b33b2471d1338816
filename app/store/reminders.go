package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Reminder is when a service's PRC issue last made progress and was last reminded, and when its
// next reminder falls due, with the cadence that schedule was computed from.
type Reminder struct {
	ServiceID int64
	// ProgressAt is the opening or its last progress; periods count from it.
	ProgressAt time.Time
	// Period is how many reminders were sent since ProgressAt.
	Period int
	// RemindedAt is when the last reminder was claimed; zero when none was.
	RemindedAt time.Time
	// DueAt is when the next reminder falls due; zero when none will be sent.
	DueAt     time.Time
	Every     time.Duration
	QuietDays []time.Weekday
	Timezone  string
	// Version is bumped by every save; 0 for a reminder not saved yet.
	Version int64
}

// DueReminder names a service whose reminder fell due.
type DueReminder struct {
	ServiceID int64
	DueAt     time.Time
}

const reminderColumns = `service_id, progress_at, period, reminded_at, due_at, every_s, quiet_days, timezone, version`

// Reminder returns the service's reminder state, or ErrNotFound.
func (s *Store) Reminder(ctx context.Context, serviceID int64) (Reminder, error) {
	r, err := scanReminder(s.b.pool().queryRow(ctx, `SELECT `+reminderColumns+` FROM reminders WHERE service_id = $1`, serviceID))
	if err != nil {
		return Reminder{}, notFound(fmt.Sprintf("reminder of service %d", serviceID), err)
	}
	return r, nil
}

// SaveReminder writes r if nobody changed it since it was read: it inserts a reminder whose
// Version is 0 unless one exists, and updates one only while its stored version is r.Version.
// It reports whether r was written; false means another writer got there first, so r must be
// read again. This is how a reminder's period is claimed at most once across processes.
func (s *Store) SaveReminder(ctx context.Context, r Reminder) (bool, error) {
	if r.Every < 0 || r.ProgressAt.IsZero() {
		return false, fmt.Errorf("save reminder of service %d: no progress time or negative period", r.ServiceID)
	}
	args := []any{r.ServiceID, r.ProgressAt, r.Period, nullTime(r.RemindedAt), nullTime(r.DueAt),
		int64(r.Every / time.Second), weekdays(r.QuietDays), r.Timezone, r.Version}
	var n int64
	var err error
	if r.Version == 0 {
		n, err = s.b.pool().exec(ctx, `INSERT INTO reminders (`+reminderColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9 + 1) ON CONFLICT (service_id) DO NOTHING`, args...)
	} else {
		n, err = s.b.pool().exec(ctx, `UPDATE reminders SET progress_at = $2, period = $3, reminded_at = $4,
			due_at = $5, every_s = $6, quiet_days = $7, timezone = $8, version = version + 1
			WHERE service_id = $1 AND version = $9`, args...)
	}
	if err != nil {
		return false, fmt.Errorf("save reminder of service %d: %w", r.ServiceID, err)
	}
	return n == 1, nil
}

// DueReminders lists up to limit services whose reminder is due at now, the longest overdue
// first: one indexed query, cheap enough to run every second.
func (s *Store) DueReminders(ctx context.Context, now time.Time, limit int) ([]DueReminder, error) {
	out, err := queryAll(ctx, s.b.pool(), func(row scanner) (DueReminder, error) {
		var d DueReminder
		err := row.Scan(&d.ServiceID, &d.DueAt)
		d.DueAt = d.DueAt.UTC()
		return d, err
	}, `SELECT service_id, due_at FROM reminders WHERE due_at <= $1 ORDER BY due_at LIMIT $2`, now, limit)
	return out, wrapErr("due reminders", err)
}

func scanReminder(row scanner) (Reminder, error) {
	var r Reminder
	var remindedAt, dueAt *time.Time
	var every int64
	var quiet string
	err := row.Scan(&r.ServiceID, &r.ProgressAt, &r.Period, &remindedAt, &dueAt, &every, &quiet, &r.Timezone, &r.Version)
	r.ProgressAt = r.ProgressAt.UTC()
	if remindedAt != nil {
		r.RemindedAt = remindedAt.UTC()
	}
	if dueAt != nil {
		r.DueAt = dueAt.UTC()
	}
	r.Every = time.Duration(every) * time.Second
	r.QuietDays = parseWeekdays(quiet)
	return r, err
}

// nullTime is t as a query argument, NULL when zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func weekdays(days []time.Weekday) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(int(d))
	}
	return strings.Join(parts, ",")
}

func parseWeekdays(s string) []time.Weekday {
	var out []time.Weekday
	for _, p := range strings.Split(s, ",") {
		if d, err := strconv.Atoi(p); err == nil && d >= 0 && d < 7 {
			out = append(out, time.Weekday(d))
		}
	}
	return out
}
