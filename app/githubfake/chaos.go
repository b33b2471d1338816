package githubfake

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// randomFaults is a fault drawn for a share of matching requests.
type randomFaults struct {
	match  Match
	rate   float64
	faults []Fault
}

// FailRandomly makes rate (0 to 1) of the requests matching match (nil: all) meet one of
// faults, drawn with equal chances; without faults a 500, 502 or 503. Queued faults (Fail)
// come first. Draws follow the seed set by WithSeed.
func (f *Fake) FailRandomly(match Match, rate float64, faults ...Fault) {
	if len(faults) == 0 {
		faults = []Fault{{Status: http.StatusInternalServerError}, {Status: http.StatusBadGateway}, {Status: http.StatusServiceUnavailable}}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.random = append(f.st.random, randomFaults{match: match, rate: rate, faults: faults})
}

// StopFailing removes every fault, queued and random.
func (f *Fake) StopFailing() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.faults, f.st.random = nil, nil
}

func (st *state) randomFault(r *http.Request) *Fault {
	for _, rf := range st.random {
		if rf.match != nil && !rf.match(r) {
			continue
		}
		if st.rng.Float64() < rf.rate {
			st.stats.Faulted++
			ft := rf.faults[st.rng.IntN(len(rf.faults))]
			return &ft
		}
	}
	return nil
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// StaleLists leaves issues opened less than d ago, by the fake's clock, out of issue lists,
// as GitHub's eventually consistent lists sometimes do; reading such an issue by number
// still works. Zero turns it off.
func (f *Fake) StaleLists(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.staleFor = d
}

// stale reports whether a list should not show i yet.
func (st *state) stale(i *issue, now time.Time) bool {
	return st.staleFor > 0 && now.Before(i.created.Add(st.staleFor))
}

// resetConn drops the client's connection without an answer.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(interface{ SetLinger(int) error }); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close() // the reset is the point; a failed close changes nothing for the client
}

// discard is a ResponseWriter for a request served only for its effect.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
