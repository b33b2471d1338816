-- Per organisation and day, how many services there were and how many were fully ready: the
-- dashboard's readiness-over-time chart. Day is YYYY-MM-DD in UTC.
CREATE TABLE readiness_days (
    org      TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    services INTEGER NOT NULL,
    ready    INTEGER NOT NULL,
    PRIMARY KEY (org, day)
);

-- How far the latest backfill or resync of an installation got.
CREATE TABLE backfill_progress (
    installation_id BIGINT PRIMARY KEY,
    done            INTEGER NOT NULL,
    total           INTEGER NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
