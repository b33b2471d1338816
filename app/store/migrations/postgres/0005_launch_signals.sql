-- Launches also come from repository topics and custom properties: source gains 'topic' and
-- 'property', signal names the topic or property=value, and incomplete marks a launch made
-- while required items were missing.
ALTER TABLE launches DROP CONSTRAINT launches_source_check;
ALTER TABLE launches ADD CONSTRAINT launches_source_check CHECK (source IN ('issue', 'pull_request', 'topic', 'property'));
ALTER TABLE launches ADD COLUMN signal TEXT NOT NULL DEFAULT '';
ALTER TABLE launches ADD COLUMN incomplete BOOLEAN NOT NULL DEFAULT FALSE;

-- The last launch signal handled for each service and source: a repeated or redelivered event
-- that finds the same value and state here does nothing.
CREATE TABLE launch_signals (
    service_id BIGINT      NOT NULL REFERENCES services (id),
    source     TEXT        NOT NULL CHECK (source IN ('topic', 'property')),
    value      TEXT        NOT NULL,
    state      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, source)
);
