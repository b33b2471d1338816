-- Each installation's turn to send a mutation to GitHub, shared by every replica: no mutation
-- starts before next_at, and while holder is set (until held_until, when a dead holder's claim
-- lapses) one is in flight.
CREATE TABLE mutation_pacing (
    installation_id INTEGER   PRIMARY KEY,
    next_at         TIMESTAMP NOT NULL,
    holder          TEXT      NOT NULL DEFAULT '',
    held_until      TIMESTAMP
);

-- When each recent content-creating request of an installation started: the sliding window
-- that keeps content creation under GitHub's per-minute limit.
CREATE TABLE content_requests (
    installation_id INTEGER   NOT NULL,
    sent_at         TIMESTAMP NOT NULL
);
CREATE INDEX content_requests_window ON content_requests (installation_id, sent_at);

-- A repository whose reconcile gave up after its last try: its services are shown stale until
-- a reconcile succeeds.
ALTER TABLE repositories ADD COLUMN stale_since TIMESTAMP;
ALTER TABLE repositories ADD COLUMN stale_reason TEXT NOT NULL DEFAULT '';
