package githubfake

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// state is everything the fake knows. It is guarded by Fake.mu.
type state struct {
	nextID   int64
	installs map[int64]*installation
	tokens   map[string]*token
	repos    map[string]*repo // by lower-case "owner/name"
	users    map[string]*user // by lower-case login
	buckets  map[int64]*bucket
	faults   []*pendingFault
	random   []randomFaults
	rng      *rand.Rand
	staleFor time.Duration
	hooks    hooks
	stats    Stats
	// propDefs are the organisations' custom property definitions, by lower-case org and name.
	propDefs map[string]map[string]*propertyDef
}

type installation struct {
	id        int64
	account   string
	created   time.Time
	suspended bool
	// perms overrides the permissions the app asks for: a value "" takes one away.
	perms map[string]string
}

type token struct {
	value   string
	inst    int64
	expires time.Time
}

type user struct {
	login string
	id    int64
	kind  string // User, Bot or Organization
}

type repo struct {
	id            int64
	owner, name   string
	inst          int64
	private       bool
	defaultBranch string
	created       time.Time
	pushed        time.Time
	git           *gitStore
	branches      map[string]string // branch -> commit sha
	labels        map[string]*label // by lower-case name
	issues        map[int]*issue
	lastNumber    int
	comments      map[int64]*comment
	checks        map[int64]*checkRun
	suites        map[string]int64  // head sha -> check suite id
	perms         map[string]string // lower-case login -> role
	topics        []string
	properties    map[string]string // custom property values by name
}

type label struct {
	id          int64
	name, color string
	description string
}

type issue struct {
	id          int64
	number      int
	title, body string
	state       string // open or closed
	stateReason string
	author      string
	labels      []string // canonical label names, in the order added
	created     time.Time
	updated     time.Time
	closed      time.Time
	closedBy    string
	deleted     bool
	pull        *pull
	comments    []int64
}

type pull struct {
	head, base string
}

type comment struct {
	id      int64
	issue   int
	body    string
	author  string
	created time.Time
	updated time.Time
}

type checkRun struct {
	id, suite   int64
	name        string
	headSHA     string
	status      string
	conclusion  string
	externalID  string
	detailsURL  string
	title       string
	summary     string
	text        string
	annotations []Annotation
	started     time.Time
	completed   time.Time
}

func newState(seed uint64) *state {
	return &state{
		rng:      newRand(seed),
		nextID:   1000,
		installs: map[int64]*installation{},
		tokens:   map[string]*token{},
		repos:    map[string]*repo{},
		users:    map[string]*user{},
		buckets:  map[int64]*bucket{},
		stats:    newStats(),
		propDefs: map[string]map[string]*propertyDef{},
	}
}

func (st *state) newID() int64 {
	st.nextID++
	return st.nextID
}

// nodeID renders a legacy-style GraphQL node id, e.g. "MDU6SXNzdWUxMDAx".
func nodeID(kind string, key any) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%03d:%s%v", len(kind), kind, key))
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func lower(s string) string { return strings.ToLower(s) }

func repoKey(owner, name string) string { return strings.ToLower(owner + "/" + name) }

func (st *state) repo(owner, name string) (*repo, error) {
	r, ok := st.repos[repoKey(owner, name)]
	if !ok {
		return nil, fmt.Errorf("no repository %s/%s", owner, name)
	}
	return r, nil
}

// user returns the user with this login, creating it on first sight.
func (st *state) user(login string) *user {
	k := strings.ToLower(login)
	if u, ok := st.users[k]; ok {
		return u
	}
	kind := "User"
	if strings.HasSuffix(login, "[bot]") {
		kind = "Bot"
	}
	u := &user{login: login, id: st.newID(), kind: kind}
	st.users[k] = u
	return u
}

// sortedRepos lists repositories of one installation by full name.
func (st *state) sortedRepos(inst int64) []*repo {
	var out []*repo
	for _, r := range st.repos {
		if r.inst == inst {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return repoKey(out[i].owner, out[i].name) < repoKey(out[j].owner, out[j].name) })
	return out
}

func (r *repo) fullName() string { return r.owner + "/" + r.name }

// issue returns a live issue or pull request by number.
func (r *repo) issue(n int) (*issue, error) {
	i, ok := r.issues[n]
	if !ok || i.deleted {
		return nil, fmt.Errorf("no issue %s#%d", r.fullName(), n)
	}
	return i, nil
}

func (r *repo) label(name string) *label { return r.labels[strings.ToLower(name)] }

// ensureLabel returns the repository label, creating it like GitHub does
// when an issue is labeled with a name that does not exist yet.
func (st *state) ensureLabel(r *repo, name string) *label {
	if l := r.label(name); l != nil {
		return l
	}
	l := &label{id: st.newID(), name: name, color: "ededed"}
	r.labels[strings.ToLower(name)] = l
	return l
}

// addLabels adds labels to an issue, skipping ones it already carries.
func (st *state) addLabels(r *repo, i *issue, names []string) {
	for _, n := range names {
		l := st.ensureLabel(r, n)
		if !i.hasLabel(l.name) {
			i.labels = append(i.labels, l.name)
		}
	}
}

func (i *issue) hasLabel(name string) bool {
	for _, l := range i.labels {
		if strings.EqualFold(l, name) {
			return true
		}
	}
	return false
}

// removeLabel drops a label from an issue and reports whether it was there.
func (i *issue) removeLabel(name string) bool {
	for k, l := range i.labels {
		if strings.EqualFold(l, name) {
			i.labels = append(i.labels[:k:k], i.labels[k+1:]...)
			return true
		}
	}
	return false
}

func (i *issue) close(by, reason string, now time.Time) {
	if reason == "" {
		reason = "completed"
	}
	i.state, i.stateReason, i.closed, i.closedBy, i.updated = "closed", reason, now, by, now
}

func (i *issue) reopen(now time.Time) {
	i.state, i.stateReason, i.closed, i.closedBy, i.updated = "open", "reopened", time.Time{}, "", now
}
