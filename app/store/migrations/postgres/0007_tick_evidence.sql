-- The evidence of a tick: the link on the ticked line of an item that asks for one, and why the
-- app reverted a tick ('' for a person without write access, 'evidence' for a missing link).
ALTER TABLE ticks ADD COLUMN link TEXT NOT NULL DEFAULT '';
ALTER TABLE ticks ADD COLUMN refusal TEXT NOT NULL DEFAULT '';
-- When the service left its repository's .github/prc.yml; NULL while it is listed. Its rows stay.
ALTER TABLE services ADD COLUMN untracked_at TIMESTAMPTZ;
