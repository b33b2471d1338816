package dashboard

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/prchq/prc/app/auth"
	"github.com/prchq/prc/app/store"
	"github.com/sirupsen/logrus"
)

// historyDays is how far back the readiness chart looks.
const historyDays = 30

// Handler serves the dashboard pages and API.
type Handler struct {
	store     Store
	auth      *auth.Auth
	githubURL string
	log       logrus.FieldLogger
	now       func() time.Time
}

// Option configures the dashboard.
type Option func(*Handler)

// WithClock sets the clock the dashboard judges deadlines and draws history by.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// New returns the dashboard; githubURL is PRC_GITHUB_URL, for links to issues.
func New(st Store, a *auth.Auth, githubURL string, log logrus.FieldLogger, opts ...Option) *Handler {
	h := &Handler{store: st, auth: a, githubURL: githubURL, log: log, now: time.Now}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Register adds the pages and the API to r, behind sign-in.
func (h *Handler) Register(r *mux.Router) {
	page := func(path string, f http.HandlerFunc) {
		r.Handle(path, h.auth.Require(false, f)).Methods(http.MethodGet)
	}
	api := func(path string, f http.HandlerFunc) { r.Handle(path, h.auth.Require(true, f)).Methods(http.MethodGet) }
	page("/", h.index)
	page("/services/{owner}/{repo}", h.servicePage)
	page("/services/{owner}/{repo}/{service:.+}", h.servicePage)
	api("/api/v1/services", h.apiList)
	api("/api/v1/services/{owner}/{repo}", h.apiRepo)
	api("/api/v1/campaigns", h.apiCampaigns)
}

func (h *Handler) fail(w http.ResponseWriter, err error) {
	h.log.WithError(err).Error("dashboard: reading the store failed")
	http.Error(w, "the store did not answer; try again", http.StatusServiceUnavailable)
}

// RecordReadiness stores today's share of fully ready services per organisation, for the chart.
func RecordReadiness(ctx context.Context, st interface {
	Store
	RecordReadiness(ctx context.Context, org string, at time.Time, services, ready int) error
}, now time.Time) error {
	list, err := services(ctx, st, auth.Public(), "")
	if err != nil {
		return err
	}
	type count struct{ total, ready int }
	byOrg := map[string]*count{}
	for _, s := range list {
		org := strings.ToLower(s.Owner)
		if byOrg[org] == nil {
			byOrg[org] = &count{}
		}
		byOrg[org].total++
		if s.Ready {
			byOrg[org].ready++
		}
	}
	for org, c := range byOrg {
		if err := st.RecordReadiness(ctx, org, now, c.total, c.ready); err != nil {
			return err
		}
	}
	return nil
}

var _ Store = (*store.Store)(nil)
