-- A delivery's GUID alone answers "has prc recorded this delivery?", asked for GitHub's log.
CREATE INDEX deliveries_guid ON deliveries (delivery_id);
