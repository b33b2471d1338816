-- Who owns a service, as resolved from CODEOWNERS or catalog-info.yaml: comma-separated handles
-- such as @acme/payments, '' when unknown. Reminders mention them; the report groups by them.
ALTER TABLE services ADD COLUMN owners TEXT NOT NULL DEFAULT '';
