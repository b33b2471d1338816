package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// SetManifestSources records the other repositories ("owner/name") that repository id's
// services keep their manifests in, replacing what was recorded; none clears it. Names are
// compared without case.
func (s *Store) SetManifestSources(ctx context.Context, id int64, sources []string) error {
	norm := make([]string, 0, len(sources))
	for _, src := range sources {
		norm = append(norm, strings.ToLower(src))
	}
	slices.Sort(norm)
	norm = slices.Compact(norm)
	return inTx(ctx, s.b, func(tx txn) error {
		if _, err := tx.exec(ctx, `DELETE FROM manifest_sources WHERE repo_id = $1`, id); err != nil {
			return fmt.Errorf("clear manifest sources of repository %d: %w", id, err)
		}
		for _, src := range norm {
			if _, err := tx.exec(ctx, `INSERT INTO manifest_sources (repo_id, source) VALUES ($1, $2)`, id, src); err != nil {
				return fmt.Errorf("record manifest source %s of repository %d: %w", src, id, err)
			}
		}
		return nil
	})
}

// ManifestSources returns the other repositories recorded for repository id, in lower case and
// sorted; none when nothing is recorded.
func (s *Store) ManifestSources(ctx context.Context, id int64) ([]string, error) {
	out, err := queryAll(ctx, s.b.pool(), scanSource, `SELECT source FROM manifest_sources WHERE repo_id = $1 ORDER BY source`, id)
	return out, wrapErr(fmt.Sprintf("manifest sources of repository %d", id), err)
}

// ManifestDependents returns the repositories of installation installationID, not removed,
// whose services keep their manifests in owner/name, by id.
func (s *Store) ManifestDependents(ctx context.Context, installationID int64, owner, name string) ([]Repository, error) {
	out, err := queryAll(ctx, s.b.pool(), scanRepository, `SELECT `+qualifyColumns("r.", repoColumns)+`
		FROM manifest_sources m JOIN repositories r ON r.id = m.repo_id
		WHERE m.source = $1 AND r.installation_id = $2 AND r.removed_at IS NULL ORDER BY r.id`,
		strings.ToLower(owner+"/"+name), installationID)
	return out, wrapErr(fmt.Sprintf("repositories depending on %s/%s", owner, name), err)
}

func scanSource(row scanner) (string, error) {
	var v string
	err := row.Scan(&v)
	return v, err
}

// qualifyColumns qualifies each of a comma-separated list of columns with p.
func qualifyColumns(p, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = p + c
	}
	return strings.Join(cols, ", ")
}
