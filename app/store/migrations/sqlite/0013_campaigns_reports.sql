-- The organisation's campaigns as its prc/config.yml last declared them, kept so that the
-- dashboard and the report know their deadlines without GitHub. deadline is YYYY-MM-DD; items
-- is comma-separated.
CREATE TABLE campaigns (
    org               TEXT NOT NULL,
    id                TEXT NOT NULL,
    deadline          TEXT NOT NULL,
    items             TEXT NOT NULL DEFAULT '',
    checklist_version TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org, id)
);

-- Per campaign and service, written by reconcile: whether the campaign covers the service now,
-- since when, and since when the service has done what it asks (NULL while it has not). The
-- burn-up chart is drawn from since and done_at.
CREATE TABLE campaign_services (
    org         TEXT    NOT NULL,
    campaign_id TEXT    NOT NULL,
    service_id  INTEGER  NOT NULL REFERENCES services (id),
    in_scope    BOOLEAN NOT NULL,
    since       TIMESTAMP NOT NULL,
    done_at     TIMESTAMP,
    PRIMARY KEY (org, campaign_id, service_id)
);

-- Per organisation, the readiness report posted as an issue in its .github repository: how
-- often (every_seconds, 0 when it posts none) and in which time zone its dates are written, the latest issue and when it was posted, and
-- the claim of the replica posting the next one. seq counts the posts, so that a claim is for
-- one period only.
CREATE TABLE reports (
    org             TEXT    PRIMARY KEY,
    installation_id INTEGER  NOT NULL,
    every_seconds   INTEGER  NOT NULL,
    timezone        TEXT    NOT NULL DEFAULT 'UTC',
    scheduled_at    TIMESTAMP NOT NULL,
    seq             INTEGER NOT NULL DEFAULT 0,
    issue_number    INTEGER NOT NULL DEFAULT 0,
    posted_at       TIMESTAMP,
    claimed_by      TEXT    NOT NULL DEFAULT '',
    claim_until     TIMESTAMP
);
