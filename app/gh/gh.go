package gh

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrNotFound is returned when GitHub answers 404, or 410 for a deleted issue.
var ErrNotFound = errors.New("not found on GitHub")

// ErrUnavailable is wrapped by errors from GitHub answering 5xx, or from a connection that
// failed or timed out, after the adapter's own retries: the job may try again later.
var ErrUnavailable = errors.New("GitHub unavailable")

// ErrInstallationGone is wrapped by errors from GitHub refusing an installation token because
// the App is not installed there (any more) or the installation is suspended: retrying cannot help.
var ErrInstallationGone = errors.New("GitHub App installation gone or suspended")

// RetryLaterError says GitHub asked us to slow down (a secondary rate limit or an exhausted
// primary limit); no request for the installation should be sent before At.
type RetryLaterError struct {
	At  time.Time
	Err error
}

func (e *RetryLaterError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.At.Format(time.RFC3339), e.Err)
}

func (e *RetryLaterError) Unwrap() error { return e.Err }

// Repo is a repository the app is installed on.
type Repo struct {
	ID            int64
	Owner         string
	Name          string
	DefaultBranch string
	Archived      bool
	Private       bool
	// HTMLURL is the repository's web page, such as https://github.com/acme/api.
	HTMLURL string
	// Topics are the repository's topics, lower case.
	Topics []string
}

// FullName is "owner/name".
func (r Repo) FullName() string { return r.Owner + "/" + r.Name }

// TreeEntry is one blob of a git tree (directories are not listed).
type TreeEntry struct {
	Path string
	SHA  string
	Size int64
	// Mode is the git file mode: "100644", "100755", "120000" for a symbolic link, "160000" for a submodule.
	Mode string
}

// Git modes of tree entries that are not regular files.
const (
	ModeSymlink   = "120000"
	ModeSubmodule = "160000"
)

// Tree is a commit's file list, from the Git Trees API.
type Tree struct {
	// SHA names the root tree: the same files have the same SHA, whatever the commit.
	SHA string
	// CommitSHA is the commit the tree was read at, when it was read by commit SHA; empty when
	// it was read by branch name.
	CommitSHA string
	Entries   []TreeEntry
	// Truncated is set when GitHub returned only part of a very large tree.
	Truncated bool
	// ETag is the answer's ETag when the tree was read by branch name, for Client.TreeSHA.
	ETag string
}

// TreeTag is a branch's root tree SHA and the ETag of the answer that said so: kept, it lets
// GitHub answer "not modified" when asked again, at no rate-limit cost, from any process.
type TreeTag struct {
	SHA, ETag string
}

// Issue is a GitHub issue as the app sees it.
type Issue struct {
	Number int
	Title  string
	Body   string
	State  string // "open" or "closed"
	Labels []string
	Author string
}

// HasLabel reports whether the issue carries label name.
func (i Issue) HasLabel(name string) bool { return slices.Contains(i.Labels, name) }

// IssueInput creates or edits an issue; nil fields are left alone on edit.
type IssueInput struct {
	Title  *string
	Body   *string
	State  *string
	Labels []string
}

// PullRequest is what the readiness check needs of a pull request.
type PullRequest struct {
	Number  int
	HeadSHA string
	HeadRef string
	BaseSHA string
	BaseRef string
	State   string
	Labels  []string
}

// Annotation marks a file line in a check run.
type Annotation struct {
	Path    string
	Line    int
	Level   string // "failure", "warning" or "notice"
	Title   string
	Message string
}

// CheckRun is the readiness check run to create or update on a commit.
type CheckRun struct {
	Name        string
	HeadSHA     string
	Status      string // "in_progress" or "completed"
	Conclusion  string // "success", "neutral", "failure", "action_required" when completed
	Title       string
	Summary     string
	Text        string
	Annotations []Annotation
	DetailsURL  string
	ExternalID  string
}

// Permission levels returned by Client.Permission, from GitHub's collaborator permission API.
const (
	PermAdmin    = "admin"
	PermMaintain = "maintain"
	PermWrite    = "write"
	PermTriage   = "triage"
	PermRead     = "read"
	PermNone     = "none"
)

// CanWrite reports whether a permission level lets a person tick items and launch.
func CanWrite(perm string) bool {
	return perm == PermAdmin || perm == PermMaintain || perm == PermWrite
}

// Client is everything prc does on GitHub for one installation.
type Client interface {
	// Repository reads a repository's metadata.
	Repository(ctx context.Context, owner, repo string) (Repo, error)
	// InstallationRepos lists the repositories the installation can see.
	InstallationRepos(ctx context.Context) ([]Repo, error)
	// ResolveRef turns a branch name or SHA into a commit SHA.
	ResolveRef(ctx context.Context, owner, repo, ref string) (string, error)
	// ReadTree lists the files of ref, a commit SHA or a branch name, recursively.
	ReadTree(ctx context.Context, owner, repo, ref string) (Tree, error)
	// TreeSHA names the root tree of branch: with last from an earlier answer (ReadTree's or
	// TreeSHA's), an unchanged branch costs one request answered 304, and last comes back.
	TreeSHA(ctx context.Context, owner, repo, branch string, last TreeTag) (TreeTag, error)
	// ReadBlob reads a file's content by blob SHA.
	ReadBlob(ctx context.Context, owner, repo, blobSHA string) ([]byte, error)
	// ReadFile reads a file at a ref; ErrNotFound when it does not exist.
	ReadFile(ctx context.Context, owner, repo, ref, path string) ([]byte, error)
	// ReadDir lists the files (not subdirectories) of directory dir at ref, "" for the default
	// branch; ErrNotFound when the repository or the directory does not exist.
	ReadDir(ctx context.Context, owner, repo, ref, dir string) ([]TreeEntry, error)

	// FindIssues lists open and closed issues carrying label.
	FindIssues(ctx context.Context, owner, repo, label string) ([]Issue, error)
	// Issue reads one issue; ErrNotFound when deleted.
	Issue(ctx context.Context, owner, repo string, number int) (Issue, error)
	// CreateIssue opens an issue.
	CreateIssue(ctx context.Context, owner, repo string, in IssueInput) (Issue, error)
	// EditIssue changes an issue.
	EditIssue(ctx context.Context, owner, repo string, number int, in IssueInput) (Issue, error)
	// Comment posts a comment on an issue or pull request.
	Comment(ctx context.Context, owner, repo string, number int, body string) error
	CommentEditor
	// EnsureLabel creates a repository label unless it exists.
	EnsureLabel(ctx context.Context, owner, repo, name, color, description string) error
	// AddLabel puts a label on an issue or pull request.
	AddLabel(ctx context.Context, owner, repo string, number int, name string) error
	// RemoveLabel takes a label off an issue or pull request; absent labels are not an error.
	RemoveLabel(ctx context.Context, owner, repo string, number int, name string) error
	// Permission returns a user's permission level on the repository.
	Permission(ctx context.Context, owner, repo, user string) (string, error)

	// PullRequest reads a pull request.
	PullRequest(ctx context.Context, owner, repo string, number int) (PullRequest, error)
	// UpsertCheckRun creates the named check run on the head SHA, or updates the existing one,
	// sending annotations in batches GitHub accepts.
	UpsertCheckRun(ctx context.Context, owner, repo string, run CheckRun) (int64, error)

	Properties
}

// Clients hands out a Client per installation.
type Clients interface {
	Installation(ctx context.Context, installationID int64) (Client, error)
}
