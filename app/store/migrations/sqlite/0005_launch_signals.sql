-- Launches also come from repository topics and custom properties: source gains 'topic' and
-- 'property', signal names the topic or property=value, and incomplete marks a launch made
-- while required items were missing. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt with its rows.
CREATE TABLE launches_0005 (
    id                INTEGER   PRIMARY KEY AUTOINCREMENT,
    service_id        INTEGER   NOT NULL REFERENCES services (id),
    user_login        TEXT      NOT NULL,
    checklist_version TEXT      NOT NULL,
    source            TEXT      NOT NULL CHECK (source IN ('issue', 'pull_request', 'topic', 'property')),
    number            INTEGER   NOT NULL,
    at                TIMESTAMP NOT NULL,
    signal            TEXT      NOT NULL DEFAULT '',
    incomplete        BOOLEAN   NOT NULL DEFAULT FALSE
);
INSERT INTO launches_0005 (id, service_id, user_login, checklist_version, source, number, at)
    SELECT id, service_id, user_login, checklist_version, source, number, at FROM launches;
DROP TABLE launches;
ALTER TABLE launches_0005 RENAME TO launches;
CREATE INDEX launches_service ON launches (service_id, at);

-- The last launch signal handled for each service and source: a repeated or redelivered event
-- that finds the same value and state here does nothing.
CREATE TABLE launch_signals (
    service_id INTEGER   NOT NULL REFERENCES services (id),
    source     TEXT      NOT NULL CHECK (source IN ('topic', 'property')),
    value      TEXT      NOT NULL,
    state      TEXT      NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (service_id, source)
);
