package githubfake

import (
	"fmt"
	"strings"
	"time"
)

// Repo describes a repository created with AddRepo. It is a copy; the fake's
// state changes only through the Fake's methods and the API.
type Repo struct {
	ID             int64
	InstallationID int64
	Owner, Name    string
	FullName       string
	DefaultBranch  string
	Private        bool
	// HeadSHA is the initial commit on the default branch.
	HeadSHA string
}

// RepoOption configures a repository made by AddRepo.
type RepoOption func(*repo)

// RepoPrivate makes the repository private.
func RepoPrivate() RepoOption { return func(r *repo) { r.private = true } }

// RepoTopics gives the repository topics (GitHub keeps them lower case).
func RepoTopics(topics ...string) RepoOption {
	return func(r *repo) { r.topics = append([]string(nil), topics...) }
}

// RepoDefaultBranch sets the default branch (default "main").
func RepoDefaultBranch(name string) RepoOption { return func(r *repo) { r.defaultBranch = name } }

// roles maps collaborator roles to the legacy "permission" field GitHub
// returns alongside role_name: maintain reads as write, triage as read.
var roles = map[string]string{
	"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read", "none": "none",
}

// AddInstallation installs the app on an account (an organization).
func (f *Fake) AddInstallation(id int64, account string) {
	f.locked(func(st *state) error {
		if _, ok := st.installs[id]; ok {
			return fmt.Errorf("installation %d already exists", id)
		}
		st.installs[id] = &installation{id: id, account: account, created: f.now()}
		st.user(account).kind = "Organization"
		return nil
	})
}

// RemoveInstallation uninstalls the app: its tokens stop working and new
// token requests get 404. Its repositories stay but are unreachable.
func (f *Fake) RemoveInstallation(id int64) {
	f.locked(func(st *state) error {
		if _, ok := st.installs[id]; !ok {
			return fmt.Errorf("no installation %d", id)
		}
		delete(st.installs, id)
		for k, t := range st.tokens {
			if t.inst == id {
				delete(st.tokens, k)
			}
		}
		return nil
	})
}

// SuspendInstallation suspends or unsuspends the app's installation: while suspended, its
// tokens stop working and token requests get 403.
func (f *Fake) SuspendInstallation(id int64, suspended bool) {
	f.locked(func(st *state) error {
		in, ok := st.installs[id]
		if !ok {
			return fmt.Errorf("no installation %d", id)
		}
		in.suspended = suspended
		for k, t := range st.tokens {
			if t.inst == id && suspended {
				delete(st.tokens, k)
			}
		}
		return nil
	})
}

// RevokeTokens invalidates every issued installation token, as if they had
// expired early; clients get 401 until they fetch a new one.
func (f *Fake) RevokeTokens() {
	f.locked(func(st *state) error {
		clear(st.tokens)
		return nil
	})
}

// AddRepo creates a repository reachable by an installation, with one commit
// holding files on its default branch.
func (f *Fake) AddRepo(installationID int64, owner, name string, files map[string]string, opts ...RepoOption) *Repo {
	var out *Repo
	f.locked(func(st *state) error {
		r, err := st.addRepo(installationID, owner, name, f.now(), opts)
		if err != nil {
			return err
		}
		sha, err := st.commit(r, r.defaultBranch, files, "Initial commit", f.now())
		if err != nil {
			return err
		}
		out = &Repo{ID: r.id, InstallationID: r.inst, Owner: r.owner, Name: r.name, FullName: r.fullName(),
			DefaultBranch: r.defaultBranch, Private: r.private, HeadSHA: sha}
		return nil
	})
	return out
}

func (st *state) addRepo(inst int64, owner, name string, now time.Time, opts []RepoOption) (*repo, error) {
	if _, ok := st.installs[inst]; !ok {
		return nil, fmt.Errorf("add repo %s/%s: no installation %d", owner, name, inst)
	}
	if _, ok := st.repos[repoKey(owner, name)]; ok {
		return nil, fmt.Errorf("repository %s/%s already exists", owner, name)
	}
	r := &repo{id: st.newID(), owner: owner, name: name, inst: inst, defaultBranch: "main", created: now, pushed: now,
		git: newGitStore(), branches: map[string]string{}, labels: map[string]*label{}, issues: map[int]*issue{},
		comments: map[int64]*comment{}, checks: map[int64]*checkRun{}, suites: map[string]int64{}, perms: map[string]string{},
		properties: map[string]string{}}
	for _, o := range opts {
		o(r)
	}
	st.user(owner)
	st.repos[repoKey(owner, name)] = r
	return r, nil
}

// Push commits changes on top of a branch (a new branch starts from the
// default branch) and returns the new commit's SHA. A file whose content is
// Deleted is removed; unchanged files keep their blob SHA.
func (f *Fake) Push(owner, repoName, branch string, files map[string]string) string {
	var sha string
	f.locked(func(st *state) error {
		r, err := st.repo(owner, repoName)
		if err != nil {
			return fmt.Errorf("push: %w", err)
		}
		sha, err = st.commit(r, branch, files, "Update "+branch, f.now())
		return err
	})
	return sha
}

// commit applies changes to a branch's files and moves the branch to the new commit.
func (st *state) commit(r *repo, branch string, changes map[string]string, msg string, now time.Time) (string, error) {
	if branch == "" || strings.HasPrefix(branch, "/") || strings.HasSuffix(branch, "/") {
		return "", fmt.Errorf("invalid branch name %q", branch)
	}
	parent := r.branches[branch]
	if parent == "" {
		parent = r.branches[r.defaultBranch]
	}
	files := r.git.files(parent)
	for p, content := range changes {
		if content == Deleted {
			delete(files, p)
			continue
		}
		files[p] = r.git.putBlob([]byte(content))
	}
	if err := checkPaths(files); err != nil {
		return "", fmt.Errorf("push to %s %s: %w", r.fullName(), branch, err)
	}
	c := commitData{tree: r.git.buildTree(files), message: msg, author: "Octo Cat", email: "octocat@example.com", when: now}
	if parent != "" {
		c.parents = []string{parent}
	}
	sha := r.git.putCommit(c)
	r.branches[branch], r.pushed = sha, now
	return sha, nil
}

// Head returns the commit SHA a branch points at, or "" when it does not exist.
func (f *Fake) Head(owner, repoName, branch string) string {
	var sha string
	f.locked(func(st *state) error {
		r, err := st.repo(owner, repoName)
		if err != nil {
			return err
		}
		sha = r.branches[branch]
		return nil
	})
	return sha
}

// OpenPullRequest opens a pull request from head into base, authored by
// "octocat", and returns its number (shared with issues) and head SHA.
func (f *Fake) OpenPullRequest(owner, repoName, head, base string, labels ...string) (int, string) {
	var n int
	var sha string
	f.locked(func(st *state) error {
		r, err := st.repo(owner, repoName)
		if err != nil {
			return fmt.Errorf("open pull request: %w", err)
		}
		if r.branches[head] == "" || r.branches[base] == "" {
			return fmt.Errorf("open pull request %s: branches %q and %q must both exist", r.fullName(), head, base)
		}
		i := st.newIssue(r, "octocat", "Merge "+head+" into "+base, "", f.now())
		i.pull = &pull{head: head, base: base}
		st.addLabels(r, i, labels)
		n, sha = i.number, r.branches[head]
		return nil
	})
	return n, sha
}

// SetPermission gives a user a role on a repository: admin, maintain, write,
// triage, read or none.
func (f *Fake) SetPermission(owner, repoName, login, role string) {
	f.locked(func(st *state) error {
		r, err := st.repo(owner, repoName)
		if err != nil {
			return fmt.Errorf("set permission: %w", err)
		}
		if _, ok := roles[role]; !ok {
			return fmt.Errorf("set permission: unknown role %q", role)
		}
		st.user(login)
		r.perms[strings.ToLower(login)] = role
		return nil
	})
}

// newIssue allocates the repository's next number (issues and pull requests share them).
func (st *state) newIssue(r *repo, author, title, body string, now time.Time) *issue {
	r.lastNumber++
	i := &issue{id: st.newID(), number: r.lastNumber, title: title, body: body, state: "open",
		author: st.user(author).login, created: now, updated: now}
	r.issues[i.number] = i
	return i
}
