package store

import (
	"context"
	"fmt"
	"time"
)

// Repository is a repository an installation can see.
type Repository struct {
	ID             int64
	InstallationID int64
	Owner          string
	Name           string
	DefaultBranch  string
	Archived       bool
	// Removed is set by RemoveRepository and cleared by UpsertRepository.
	Removed bool
}

// FullName is "owner/name".
func (r Repository) FullName() string { return r.Owner + "/" + r.Name }

// UpsertRepository creates or updates r, clearing a previous removal.
func (s *Store) UpsertRepository(ctx context.Context, r Repository) error {
	_, err := s.b.pool().exec(ctx, `INSERT INTO repositories
		(id, installation_id, owner, name, default_branch, archived, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
		ON CONFLICT (id) DO UPDATE SET installation_id = excluded.installation_id, owner = excluded.owner,
		name = excluded.name, default_branch = excluded.default_branch, archived = excluded.archived,
		removed_at = NULL, updated_at = excluded.updated_at`,
		r.ID, r.InstallationID, r.Owner, r.Name, r.DefaultBranch, r.Archived, s.stamp())
	if err != nil {
		return fmt.Errorf("upsert repository %d (%s): %w", r.ID, r.FullName(), err)
	}
	return nil
}

// RemoveRepository marks repository id removed, keeping its history.
// Removing an unknown repository does nothing.
func (s *Store) RemoveRepository(ctx context.Context, id int64) error {
	_, err := s.b.pool().exec(ctx, `UPDATE repositories SET removed_at = COALESCE(removed_at, $2), updated_at = $2
		WHERE id = $1`, id, s.stamp())
	return wrapErr(fmt.Sprintf("remove repository %d", id), err)
}

const repoColumns = `id, installation_id, owner, name, default_branch, archived, removed_at`

// Repository returns repository id, removed or not, or ErrNotFound.
func (s *Store) Repository(ctx context.Context, id int64) (Repository, error) {
	r, err := scanRepository(s.b.pool().queryRow(ctx, `SELECT `+repoColumns+` FROM repositories WHERE id = $1`, id))
	if err != nil {
		return Repository{}, notFound(fmt.Sprintf("repository %d", id), err)
	}
	return r, nil
}

// RepositoryByName returns the repository owner/name, compared without
// case, preferring one not removed; or ErrNotFound.
func (s *Store) RepositoryByName(ctx context.Context, owner, name string) (Repository, error) {
	r, err := scanRepository(s.b.pool().queryRow(ctx, `SELECT `+repoColumns+` FROM repositories
		WHERE lower(owner) = lower($1) AND lower(name) = lower($2)
		ORDER BY (removed_at IS NULL) DESC, updated_at DESC LIMIT 1`, owner, name))
	if err != nil {
		return Repository{}, notFound(fmt.Sprintf("repository %s/%s", owner, name), err)
	}
	return r, nil
}

// Repositories returns the installation's repositories not removed, by id.
func (s *Store) Repositories(ctx context.Context, installationID int64) ([]Repository, error) {
	out, err := queryAll(ctx, s.b.pool(), scanRepository, `SELECT `+repoColumns+` FROM repositories
		WHERE installation_id = $1 AND removed_at IS NULL ORDER BY id`, installationID)
	return out, wrapErr(fmt.Sprintf("repositories of installation %d", installationID), err)
}

func scanRepository(row scanner) (Repository, error) {
	var r Repository
	var removedAt *time.Time
	err := row.Scan(&r.ID, &r.InstallationID, &r.Owner, &r.Name, &r.DefaultBranch, &r.Archived, &removedAt)
	r.Removed = removedAt != nil
	return r, err
}

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rs, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []T
	for rs.Next() {
		v, err := scan(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rs.Err()
}
