-- The other repositories a repository's services keep their Kubernetes manifests in
-- (.github/prc.yml manifests: {repo, path}), as its last evaluation read them, so that a push
-- to one of them re-evaluates the repositories that depend on it. source is "owner/name" in
-- lower case.
CREATE TABLE manifest_sources (
    repo_id INTEGER NOT NULL REFERENCES repositories (id),
    source  TEXT    NOT NULL,
    PRIMARY KEY (repo_id, source)
);
CREATE INDEX manifest_sources_source ON manifest_sources (source);
