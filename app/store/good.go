package store

import (
	"context"
	"fmt"
)

// SaveGoodChecklist keeps yaml as the installation's last checklist that
// parsed and validated, replacing the previous one.
func (s *Store) SaveGoodChecklist(ctx context.Context, installationID int64, yaml []byte, version string) error {
	_, err := s.b.pool().exec(ctx, `INSERT INTO good_checklists (installation_id, yaml, version, saved_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (installation_id) DO UPDATE
		SET yaml = excluded.yaml, version = excluded.version, saved_at = excluded.saved_at`,
		installationID, nonNil(yaml), version, s.stamp())
	return wrapErr(fmt.Sprintf("save good checklist of installation %d", installationID), err)
}

// GoodChecklist returns the installation's last good checklist, or
// ErrNotFound.
func (s *Store) GoodChecklist(ctx context.Context, installationID int64) ([]byte, error) {
	var yaml []byte
	err := s.b.pool().queryRow(ctx, `SELECT yaml FROM good_checklists WHERE installation_id = $1`, installationID).Scan(&yaml)
	if err != nil {
		return nil, notFound(fmt.Sprintf("good checklist of installation %d", installationID), err)
	}
	return yaml, nil
}

// SaveGoodConfig keeps yaml as the repository's last config that parsed
// and validated, replacing the previous one.
func (s *Store) SaveGoodConfig(ctx context.Context, repoID int64, yaml []byte) error {
	_, err := s.b.pool().exec(ctx, `INSERT INTO good_configs (repo_id, yaml, saved_at) VALUES ($1, $2, $3)
		ON CONFLICT (repo_id) DO UPDATE SET yaml = excluded.yaml, saved_at = excluded.saved_at`,
		repoID, nonNil(yaml), s.stamp())
	return wrapErr(fmt.Sprintf("save good config of repository %d", repoID), err)
}

// GoodConfig returns the repository's last good config, or ErrNotFound.
func (s *Store) GoodConfig(ctx context.Context, repoID int64) ([]byte, error) {
	var yaml []byte
	err := s.b.pool().queryRow(ctx, `SELECT yaml FROM good_configs WHERE repo_id = $1`, repoID).Scan(&yaml)
	if err != nil {
		return nil, notFound(fmt.Sprintf("good config of repository %d", repoID), err)
	}
	return yaml, nil
}

// nonNil returns b, or an empty slice for nil so NOT NULL columns accept it.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
