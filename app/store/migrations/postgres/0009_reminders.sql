-- When each PRC issue last made progress and was last reminded. A reminder falls due one period
-- (every_s seconds) after progress_at, moved past quiet days; period counts the reminders sent
-- since progress_at. due_at is NULL when no reminder will be sent (launched, dismissed, no
-- cadence). Every change bumps version; a reminder is claimed by an UPDATE conditional on it.
CREATE TABLE reminders (
    service_id  BIGINT      PRIMARY KEY REFERENCES services (id),
    progress_at TIMESTAMPTZ NOT NULL,
    period      BIGINT      NOT NULL DEFAULT 0,
    reminded_at TIMESTAMPTZ,
    due_at      TIMESTAMPTZ,
    every_s     BIGINT      NOT NULL DEFAULT 0,
    quiet_days  TEXT        NOT NULL DEFAULT '',
    timezone    TEXT        NOT NULL DEFAULT '',
    version     BIGINT      NOT NULL DEFAULT 1
);
CREATE INDEX reminders_due ON reminders (due_at);
