-- When each PRC issue last made progress and was last reminded. A reminder falls due one period
-- (every_s seconds) after progress_at, moved past quiet days; period counts the reminders sent
-- since progress_at. due_at is NULL when no reminder will be sent (launched, dismissed, no
-- cadence). Every change bumps version; a reminder is claimed by an UPDATE conditional on it.
CREATE TABLE reminders (
    service_id  INTEGER   PRIMARY KEY REFERENCES services (id),
    progress_at TIMESTAMP NOT NULL,
    period      INTEGER   NOT NULL DEFAULT 0,
    reminded_at TIMESTAMP,
    due_at      TIMESTAMP,
    every_s     INTEGER   NOT NULL DEFAULT 0,
    quiet_days  TEXT      NOT NULL DEFAULT '',
    timezone    TEXT      NOT NULL DEFAULT '',
    version     INTEGER   NOT NULL DEFAULT 1
);
CREATE INDEX reminders_due ON reminders (due_at);
