-- Installations of the App; deleted ones are kept for history.
CREATE TABLE installations (
    id           INTEGER   PRIMARY KEY,
    account      TEXT      NOT NULL,
    account_type TEXT      NOT NULL DEFAULT '',
    suspended    BOOLEAN   NOT NULL DEFAULT FALSE,
    deleted_at   TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

-- Repositories an installation can see; removed ones are kept for history.
-- No foreign key to installations: a repository event may precede the
-- installation's own.
CREATE TABLE repositories (
    id              INTEGER   PRIMARY KEY,
    installation_id INTEGER   NOT NULL,
    owner           TEXT      NOT NULL,
    name            TEXT      NOT NULL,
    default_branch  TEXT      NOT NULL DEFAULT '',
    archived        BOOLEAN   NOT NULL DEFAULT FALSE,
    removed_at      TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX repositories_installation ON repositories (installation_id);
CREATE INDEX repositories_name ON repositories (lower(owner), lower(name));

CREATE TABLE services (
    id                INTEGER   PRIMARY KEY AUTOINCREMENT,
    repo_id           INTEGER   NOT NULL REFERENCES repositories (id),
    name              TEXT      NOT NULL,
    issue_number      INTEGER   NOT NULL DEFAULT 0,
    state             TEXT      NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'dismissed')),
    checklist_version TEXT      NOT NULL DEFAULT '',
    evaluation        BLOB,
    body_hash         TEXT      NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (repo_id, name)
);

CREATE TABLE ticks (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    service_id INTEGER   NOT NULL REFERENCES services (id),
    item       TEXT      NOT NULL,
    user_login TEXT      NOT NULL,
    checked    BOOLEAN   NOT NULL,
    accepted   BOOLEAN   NOT NULL,
    at         TIMESTAMP NOT NULL
);
CREATE INDEX ticks_service ON ticks (service_id, at);

CREATE TABLE launches (
    id                INTEGER   PRIMARY KEY AUTOINCREMENT,
    service_id        INTEGER   NOT NULL REFERENCES services (id),
    user_login        TEXT      NOT NULL,
    checklist_version TEXT      NOT NULL,
    source            TEXT      NOT NULL CHECK (source IN ('issue', 'pull_request')),
    number            INTEGER   NOT NULL,
    at                TIMESTAMP NOT NULL
);
CREATE INDEX launches_service ON launches (service_id, at);

CREATE TABLE good_checklists (
    installation_id INTEGER   PRIMARY KEY,
    yaml            BLOB      NOT NULL,
    version         TEXT      NOT NULL,
    saved_at        TIMESTAMP NOT NULL
);

CREATE TABLE good_configs (
    repo_id  INTEGER   PRIMARY KEY,
    yaml     BLOB      NOT NULL,
    saved_at TIMESTAMP NOT NULL
);

CREATE TABLE deliveries (
    hook_id         INTEGER   NOT NULL,
    delivery_id     TEXT      NOT NULL,
    event           TEXT      NOT NULL,
    action          TEXT      NOT NULL DEFAULT '',
    installation_id INTEGER   NOT NULL DEFAULT 0,
    payload         BLOB      NOT NULL,
    received_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (hook_id, delivery_id)
);
CREATE INDEX deliveries_received ON deliveries (received_at);

CREATE TABLE locks (
    key        TEXT      PRIMARY KEY,
    owner      TEXT      NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
