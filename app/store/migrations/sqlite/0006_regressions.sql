-- A required auto item of a launched service that a default-branch commit broke: at most one
-- open row per (service, item), so a retried or concurrent reconcile records it once. comment_id
-- is the PRC-issue comment announcing it (0 until posted); comment_shows is what that comment
-- says now ('' before it is posted, 'regressed', 'recovered'), so that a reconcile can finish an
-- edit another one began.
CREATE TABLE regressions (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    service_id    INTEGER   NOT NULL REFERENCES services (id),
    item          TEXT      NOT NULL,
    commit_sha    TEXT      NOT NULL,
    evidence_path TEXT      NOT NULL DEFAULT '',
    evidence_line INTEGER   NOT NULL DEFAULT 0,
    evidence      TEXT      NOT NULL DEFAULT '',
    comment_id    INTEGER   NOT NULL DEFAULT 0,
    comment_shows TEXT      NOT NULL DEFAULT '' CHECK (comment_shows IN ('', 'regressed', 'recovered')),
    regressed_at  TIMESTAMP NOT NULL,
    recovered_sha TEXT      NOT NULL DEFAULT '',
    recovered_at  TIMESTAMP
);
CREATE UNIQUE INDEX regressions_open ON regressions (service_id, item) WHERE recovered_at IS NULL;
CREATE INDEX regressions_service ON regressions (service_id, id);
