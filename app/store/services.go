package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Service states.
const (
	ServiceActive    = "active"
	ServiceDismissed = "dismissed"
)

// Service is one (repository, service name) with its PRC issue and latest
// evaluation.
type Service struct {
	ID               int64
	RepoID           int64
	Name             string
	IssueNumber      int    // 0 when no PRC issue exists yet
	State            string // ServiceActive or ServiceDismissed
	ChecklistVersion string
	Evaluation       []byte // JSON
	BodyHash         string
	UpdatedAt        time.Time
	// Owners are the handles that own the service, such as @acme/payments; nil when unknown.
	Owners []string
	// Untracked is set while the service is no longer listed in its repository's configuration.
	Untracked bool
}

const serviceColumns = `id, repo_id, name, issue_number, state, checklist_version, evaluation, body_hash, updated_at, owners, untracked_at`

// EnsureService returns the service (repoID, name), creating it if missing.
// Concurrent calls for the same pair all return the one row.
func (s *Store) EnsureService(ctx context.Context, repoID int64, name string) (Service, error) {
	if name == "" {
		return Service{}, fmt.Errorf("ensure service in repository %d: empty name", repoID)
	}
	now := s.stamp()
	_, err := s.b.pool().exec(ctx, `INSERT INTO services (repo_id, name, created_at, updated_at)
		VALUES ($1, $2, $3, $3) ON CONFLICT (repo_id, name) DO NOTHING`, repoID, name, now)
	if err != nil {
		return Service{}, fmt.Errorf("ensure service %q in repository %d: %w", name, repoID, err)
	}
	return s.Service(ctx, repoID, name)
}

// Service returns the service (repoID, name), or ErrNotFound.
func (s *Store) Service(ctx context.Context, repoID int64, name string) (Service, error) {
	svc, err := scanService(s.b.pool().queryRow(ctx, `SELECT `+serviceColumns+` FROM services
		WHERE repo_id = $1 AND name = $2`, repoID, name))
	if err != nil {
		return Service{}, notFound(fmt.Sprintf("service %q in repository %d", name, repoID), err)
	}
	return svc, nil
}

// ServiceByID returns service id, or ErrNotFound.
func (s *Store) ServiceByID(ctx context.Context, id int64) (Service, error) {
	svc, err := scanService(s.b.pool().queryRow(ctx, `SELECT `+serviceColumns+` FROM services WHERE id = $1`, id))
	if err != nil {
		return Service{}, notFound(fmt.Sprintf("service %d", id), err)
	}
	return svc, nil
}

// Services returns the repository's services by name.
func (s *Store) Services(ctx context.Context, repoID int64) ([]Service, error) {
	out, err := queryAll(ctx, s.b.pool(), scanService, `SELECT `+serviceColumns+` FROM services
		WHERE repo_id = $1 ORDER BY name`, repoID)
	return out, wrapErr(fmt.Sprintf("services of repository %d", repoID), err)
}

// ServicesByInstallation returns the services in the installation's
// repositories that are not removed, by repository and name.
func (s *Store) ServicesByInstallation(ctx context.Context, installationID int64) ([]Service, error) {
	out, err := queryAll(ctx, s.b.pool(), scanService, `SELECT s.id, s.repo_id, s.name, s.issue_number,
		s.state, s.checklist_version, s.evaluation, s.body_hash, s.updated_at, s.owners, s.untracked_at
		FROM services s JOIN repositories r ON r.id = s.repo_id
		WHERE r.installation_id = $1 AND r.removed_at IS NULL ORDER BY s.repo_id, s.name`, installationID)
	return out, wrapErr(fmt.Sprintf("services of installation %d", installationID), err)
}

// SetIssue records the service's PRC issue and the checklist version and
// body hash it was rendered with.
func (s *Store) SetIssue(ctx context.Context, serviceID int64, number int, checklistVersion, bodyHash string) error {
	return s.updateOne(ctx, fmt.Sprintf("service %d", serviceID), `UPDATE services
		SET issue_number = $2, checklist_version = $3, body_hash = $4, updated_at = $5 WHERE id = $1`,
		serviceID, number, checklistVersion, bodyHash, s.stamp())
}

// SaveEvaluation records the service's latest evaluation (JSON) and the
// checklist version and issue body hash that go with it.
func (s *Store) SaveEvaluation(ctx context.Context, serviceID int64, evaluation []byte, checklistVersion, bodyHash string) error {
	return s.updateOne(ctx, fmt.Sprintf("service %d", serviceID), `UPDATE services
		SET evaluation = $2, checklist_version = $3, body_hash = $4, updated_at = $5 WHERE id = $1`,
		serviceID, evaluation, checklistVersion, bodyHash, s.stamp())
}

// SetServiceState sets the service's state to ServiceActive or
// ServiceDismissed.
func (s *Store) SetServiceState(ctx context.Context, serviceID int64, state string) error {
	if state != ServiceActive && state != ServiceDismissed {
		return fmt.Errorf("set state of service %d: unknown state %q", serviceID, state)
	}
	return s.updateOne(ctx, fmt.Sprintf("service %d", serviceID),
		`UPDATE services SET state = $2, updated_at = $3 WHERE id = $1`, serviceID, state, s.stamp())
}

// SetOwners records who owns the service; nil when unknown. Handles may not contain commas.
func (s *Store) SetOwners(ctx context.Context, serviceID int64, owners []string) error {
	for _, o := range owners {
		if o == "" || strings.Contains(o, ",") {
			return fmt.Errorf("set owners of service %d: bad handle %q", serviceID, o)
		}
	}
	return s.updateOne(ctx, fmt.Sprintf("service %d", serviceID),
		`UPDATE services SET owners = $2 WHERE id = $1`, serviceID, strings.Join(owners, ","))
}

// splitOwners reads the owners column as SetOwners writes it; nil when unknown.
func splitOwners(column string) []string {
	if column == "" {
		return nil
	}
	return strings.Split(column, ",")
}

func scanService(row scanner) (Service, error) {
	var svc Service
	var owners string
	var untrackedAt *time.Time
	err := row.Scan(&svc.ID, &svc.RepoID, &svc.Name, &svc.IssueNumber, &svc.State,
		&svc.ChecklistVersion, &svc.Evaluation, &svc.BodyHash, &svc.UpdatedAt, &owners, &untrackedAt)
	svc.UpdatedAt = svc.UpdatedAt.UTC()
	svc.Owners = splitOwners(owners)
	svc.Untracked = untrackedAt != nil
	return svc, err
}

// SetUntracked records that the service is no longer listed in its repository's configuration,
// or, with untracked false, that it is listed again. Its issue, ticks and launches stay.
func (s *Store) SetUntracked(ctx context.Context, serviceID int64, untracked bool) error {
	var at *time.Time
	if untracked {
		now := s.stamp()
		at = &now
	}
	return s.updateOne(ctx, fmt.Sprintf("service %d", serviceID),
		`UPDATE services SET untracked_at = $2, updated_at = $3 WHERE id = $1`, serviceID, at, s.stamp())
}
