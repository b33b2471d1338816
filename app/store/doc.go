// Package store owns the App's durable state and its job queue: installations,
// repositories, services with their PRC issue and latest evaluation, every
// tick and launch, the last good checklist and repository config, webhook
// deliveries (deduplicated), leases for cross-replica mutual exclusion, and
// River jobs on the same database.
//
// Two engines sit behind one non-generic API: SQLite (modernc.org/sqlite, the
// embedded default) and PostgreSQL (pgx, for several replicas). Open applies
// River's migrations and then the store's own versioned migrations, embedded
// per dialect under migrations/.
package store
