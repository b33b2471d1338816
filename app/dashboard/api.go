package dashboard

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/prchq/prc/app/auth"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist/verdict"
)

// Item is one checklist item of a service in GET /api/v1/services/{owner}/{repo}.
type Item struct {
	ID       string             `json:"id"`
	Status   string             `json:"status"`
	Evidence []verdict.Evidence `json:"evidence"`
	// Link is the evidence recorded with a done manual item's tick.
	Link string `json:"link,omitempty"`
	// TickedBeforeEvidence marks a done item that asks for evidence but was ticked before it did.
	TickedBeforeEvidence bool `json:"tickedBeforeEvidence,omitempty"`
	// RegressedSince is the commit the item broke in after the launch, while it is broken.
	RegressedSince string `json:"regressedSince,omitempty"`
}

// Tick is one change of a manual item's box.
type Tick struct {
	Item     string    `json:"item"`
	User     string    `json:"user"`
	At       time.Time `json:"at"`
	Accepted bool      `json:"accepted"`
	Checked  bool      `json:"checked"`
	// Link is the evidence on the ticked line, recorded with an accepted tick.
	Link string `json:"link,omitempty"`
	// Refusal is "link" for a tick refused because its item asks for a link and it had none.
	Refusal string `json:"refusal,omitempty"`
}

// refusalNoLink is Tick.Refusal for a tick that lacked the link its item asks for.
const refusalNoLink = "link"

// Detail is a service with its items and ticks.
type Detail struct {
	Service
	Items []Item `json:"items"`
	Ticks []Tick `json:"ticks"`
}

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	list, err := services(r.Context(), h.store, auth.From(r.Context()), h.githubURL)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"services": parseFilter(r.URL.Query()).apply(list)})
}

func (h *Handler) apiRepo(w http.ResponseWriter, r *http.Request) {
	details, ok := h.repoDetails(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"services": details})
}

// repoDetails are the visible services of the repository in the path; it answers 404 itself
// when there are none, so a hidden repository looks like a missing one.
func (h *Handler) repoDetails(w http.ResponseWriter, r *http.Request) ([]Detail, bool) {
	vars := mux.Vars(r)
	list, err := services(r.Context(), h.store, auth.From(r.Context()), h.githubURL)
	if err != nil {
		h.fail(w, err)
		return nil, false
	}
	var out []Detail
	for _, s := range list {
		if !strings.EqualFold(s.Owner, vars["owner"]) || !strings.EqualFold(s.Repo, vars["repo"]) ||
			(vars["service"] != "" && s.Service != vars["service"]) {
			continue
		}
		d, err := h.detail(r, s)
		if err != nil {
			h.fail(w, err)
			return nil, false
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		http.Error(w, "no such service, or you cannot read its repository", http.StatusNotFound)
		return nil, false
	}
	return out, true
}

func (h *Handler) detail(r *http.Request, s Service) (Detail, error) {
	d := Detail{Service: s, Items: []Item{}, Ticks: []Tick{}}
	for _, it := range s.items {
		ev := it.Evidence
		if ev == nil {
			ev = []verdict.Evidence{}
		}
		d.Items = append(d.Items, Item{ID: it.ID, Status: string(it.Status), Evidence: ev, Link: it.Link, TickedBeforeEvidence: it.TickedBeforeEvidence,
			RegressedSince: s.regressedSince[it.ID]})
	}
	ticks, err := h.store.Ticks(r.Context(), s.id)
	if err != nil {
		return d, err
	}
	for _, t := range ticks {
		tick := Tick{Item: t.Item, User: t.User, At: t.At, Accepted: t.Accepted, Checked: t.Checked, Link: t.Link}
		if !t.Accepted && t.Refusal == store.RefusedNoLink {
			tick.Refusal = refusalNoLink
		}
		d.Ticks = append(d.Ticks, tick)
	}
	return d, nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
