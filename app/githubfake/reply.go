package githubfake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// maxBody bounds request bodies, like GitHub's API does.
const maxBody = 25 << 20

const docsURL = "https://docs.github.com/rest"

// call is one API request being served, with the state lock held.
type call struct {
	f    *Fake
	st   *state
	r    *http.Request
	vars map[string]string
	body []byte
	inst int64
	now  time.Time
}

// reply is what a handler answers: a JSON body, or raw bytes.
type reply struct {
	status int
	body   any
	raw    []byte
	ctype  string
	header http.Header
}

type handler func(c *call) reply

// apiError is GitHub's error body.
type apiError struct {
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
	DocURL  string       `json:"documentation_url"`
}

type fieldError struct {
	Resource string `json:"resource"`
	Field    string `json:"field,omitempty"`
	Code     string `json:"code"`
	Message  string `json:"message,omitempty"`
}

func okReply(body any) reply      { return reply{status: http.StatusOK, body: body} }
func createdReply(body any) reply { return reply{status: http.StatusCreated, body: body} }
func noContent() reply            { return reply{status: http.StatusNoContent} }

func errReply(status int, msg string) *reply {
	return &reply{status: status, body: apiError{Message: msg, DocURL: docsURL}}
}

func notFound() reply { return *errReply(http.StatusNotFound, "Not Found") }

// invalid is GitHub's 422 "Validation Failed" with one field error.
func invalid(resource, field, code, msg string) reply {
	return reply{status: http.StatusUnprocessableEntity, body: apiError{
		Message: "Validation Failed", DocURL: docsURL,
		Errors: []fieldError{{Resource: resource, Field: field, Code: code, Message: msg}},
	}}
}

// wrap turns a handler into an http.HandlerFunc that reads the body,
// authenticates, and runs the handler under the state lock.
func (f *Fake) wrap(kind authKind, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil || len(body) > maxBody {
			writeReply(w, r, *errReply(http.StatusRequestEntityTooLarge, "request body too large or unreadable"))
			return
		}
		f.mu.Lock()
		c := &call{f: f, st: f.st, r: r, vars: mux.Vars(r), body: body, now: f.now()}
		rep := c.authenticate(kind)
		if rep == nil {
			out := h(c)
			rep = &out
		}
		encoded := encode(*rep)
		f.mu.Unlock()
		writeReply(w, r, encoded)
	}
}

// encode marshals a reply's body, so nothing of the state escapes the lock.
func encode(rep reply) reply {
	if rep.body != nil {
		b, err := json.Marshal(rep.body)
		if err != nil {
			return *errReply(http.StatusInternalServerError, fmt.Sprintf("githubfake: encode: %v", err))
		}
		rep.raw, rep.body, rep.ctype = b, nil, "application/json; charset=utf-8"
	}
	return rep
}

// writeReply sends a reply with an ETag on successful reads, answering 304
// to a matching If-None-Match.
func writeReply(w http.ResponseWriter, r *http.Request, rep reply) {
	rep = encode(rep)
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	if rep.ctype != "" {
		w.Header().Set("Content-Type", rep.ctype)
	}
	if r.Method == http.MethodGet && rep.status == http.StatusOK {
		sum := sha256.Sum256(rep.raw)
		etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.raw)
}

// decode unmarshals the request body into v; a malformed body is a 400.
func (c *call) decode(v any) *reply {
	if err := json.Unmarshal(c.body, v); err != nil {
		return errReply(http.StatusBadRequest, "Problems parsing JSON")
	}
	return nil
}

// repo resolves {owner}/{repo} to a repository the caller's installation can see.
func (c *call) repo() (*repo, *reply) {
	r, err := c.st.repo(c.vars["owner"], c.vars["repo"])
	if err != nil || r.inst != c.inst {
		return nil, errReply(http.StatusNotFound, "Not Found")
	}
	return r, nil
}

// number parses the {number} path variable.
func (c *call) number() int {
	n, _ := strconv.Atoi(c.vars["number"])
	return n
}

// api builds an absolute API URL on the fake.
func (c *call) api(format string, args ...any) string {
	return c.f.base + fmt.Sprintf(format, args...)
}

const webURL = "https://github.com"

// page selects the slice [lo, hi) of total items for per_page/page and sets
// GitHub's Link header on rep.
func (c *call) page(total int, rep *reply) (lo, hi int) {
	q := c.r.URL.Query()
	per := atoiDefault(q.Get("per_page"), 30)
	per = min(max(per, 1), 100)
	p := max(atoiDefault(q.Get("page"), 1), 1)
	lo, hi = min((p-1)*per, total), min(p*per, total)
	last := max((total+per-1)/per, 1)
	var links []string
	link := func(n int, rel string) {
		q.Set("page", strconv.Itoa(n))
		u := url.URL{Path: c.r.URL.Path, RawQuery: q.Encode()}
		links = append(links, fmt.Sprintf(`<%s%s>; rel="%s"`, c.f.base, u.String(), rel))
	}
	if p > 1 {
		link(p-1, "prev")
	}
	if p < last {
		link(p+1, "next")
		link(last, "last")
	}
	if p > 1 {
		link(1, "first")
	}
	if len(links) > 0 {
		if rep.header == nil {
			rep.header = http.Header{}
		}
		rep.header.Set("Link", strings.Join(links, ", "))
	}
	return lo, hi
}

func atoiDefault(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// wants reports whether the request's Accept header asks for a media type
// containing one of the given fragments, e.g. "raw" or "sha".
func (c *call) wants(fragment string) bool {
	a := c.r.Header.Get("Accept")
	return strings.Contains(a, "vnd.github."+fragment) || strings.Contains(a, "vnd.github.v3."+fragment)
}
