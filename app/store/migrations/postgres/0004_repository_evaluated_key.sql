-- What a repository's last evaluation read (its commit and rules), so that a resync of an
-- unchanged repository evaluates nothing.
ALTER TABLE repositories ADD COLUMN evaluated_key TEXT NOT NULL DEFAULT '';
