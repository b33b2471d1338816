package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prchq/prc/app"
	"github.com/prchq/prc/app/config"
	"github.com/prchq/prc/app/githubfake"
	"github.com/prchq/prc/app/internal/fixtures"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/app/store/storetest"
	"github.com/prchq/prc/app/webhook"
	"github.com/sirupsen/logrus"
)

// ingestRate is the fixed delivery rate at which acknowledgement latency is measured.
const ingestRate = 200

// ingestSenders is how many deliveries are in flight at once when measuring throughput.
const ingestSenders = 32

// BenchmarkIngest measures the webhook edge with durable enqueue: signed push deliveries posted
// to POST /api/github/webhook of Apps built by app.New but not run, so every delivery is recorded
// with its job and no worker drains the queue. "max" reports throughput with ingestSenders
// deliveries in flight; "rate=200" reports acknowledgement latency at a fixed 200 deliveries/s.
// Two replicas are two Apps on one PostgreSQL database, deliveries alternating between them.
func BenchmarkIngest(b *testing.B) {
	type setup struct {
		engine   string
		replicas int
	}
	setups := []setup{{store.EngineSQLite, 1}, {store.EnginePostgres, 1}, {store.EnginePostgres, 2}}
	for _, s := range setups {
		for _, mode := range []string{"max", "rate=" + strconv.Itoa(ingestRate)} {
			b.Run(fmt.Sprintf("%s/replicas=%d/%s", s.engine, s.replicas, mode), func(b *testing.B) {
				if !slices.Contains(storetest.Engines(b), s.engine) {
					b.Skipf("%s not available: set %s", s.engine, storetest.EnvDatabaseURL)
				}
				ing := newIngest(b, s.engine, s.replicas)
				var lat []time.Duration
				b.ResetTimer()
				start := time.Now()
				if mode == "max" {
					lat = ing.saturate(b, b.N, ingestSenders)
				} else {
					lat = ing.paced(b, b.N, time.Second/ingestRate)
				}
				elapsed := time.Since(start)
				b.StopTimer()
				ing.expectQueued(b, b.N)
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "deliveries/s")
				b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
				b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}

// ingest is a set of App replicas sharing one store, and a signed delivery body to post to them.
type ingest struct {
	urls   []string
	apps   []*app.App
	body   []byte
	sig    string
	client *http.Client
}

// newIngest builds replicas Apps on one fresh database of engine and serves their handlers.
func newIngest(b *testing.B, engine string, replicas int) *ingest {
	b.Helper()
	fake := githubfake.New(b)
	fake.AddInstallation(installation, org)
	r := fake.AddRepo(installation, org, "ingest", map[string]string{"README.md": "# ingest\n"})
	cfg := benchConfig(b, fake, storetest.Config(b, engine))
	ing := &ingest{client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: ingestSenders}}}
	ing.body, ing.sig = signedPush(b, fake, r)
	for range replicas {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		a, err := app.New(context.Background(), cfg, quietLog(), app.WithListener(ln))
		if err != nil {
			b.Fatal(err)
		}
		srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		b.Cleanup(func() {
			if err := a.Close(); err != nil {
				b.Errorf("close app: %v", err)
			}
			_ = srv.Close() // its listener is already closed with the App
		})
		ing.apps, ing.urls = append(ing.apps, a), append(ing.urls, "http://"+ln.Addr().String()+"/api/github/webhook")
	}
	return ing
}

// benchConfig is a valid configuration against fake on the store sc.
func benchConfig(b *testing.B, fake *githubfake.Fake, sc store.Config) config.Config {
	b.Helper()
	cfg := config.Defaults()
	cfg.AppID, cfg.PrivateKey, cfg.WebhookSecret = fake.AppID(), string(fake.PrivateKeyPEM()), secret
	cfg.GitHubAPIURL, cfg.Listen = fake.URL()+"/", "127.0.0.1:0"
	cfg.DataDir, cfg.DatabaseURL = sc.DataDir, sc.DatabaseURL
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	return cfg
}

func quietLog() *logrus.Logger {
	log := logrus.New()
	log.SetOutput(io.Discard)
	return log
}

// signedPush is the real push fixture aimed at r, and its signature.
func signedPush(b *testing.B, fake *githubfake.Fake, r *githubfake.Repo) ([]byte, string) {
	b.Helper()
	p := fixtures.Payload(b, "push")
	fixtures.Set(p, "installation", map[string]any{"id": installation, "node_id": "inst"})
	fixtures.Set(p, "repository", repoObject(r))
	fixtures.Set(p, "ref", "refs/heads/"+r.DefaultBranch)
	fixtures.Set(p, "after", fake.Head(r.Owner, r.Name, r.DefaultBranch))
	fixtures.Set(p, "deleted", false)
	body, err := json.Marshal(p)
	if err != nil {
		b.Fatal(err)
	}
	return body, webhook.Sign(secret, body)
}

// post sends delivery i to replica i mod n and returns how long the acknowledgement took.
func (ing *ingest) post(i int) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodPost, ing.urls[i%len(ing.urls)], bytes.NewReader(ing.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", "push")
	req.Header.Set("X-GitHub-Delivery", fixtures.NewDeliveryID())
	req.Header.Set("X-GitHub-Hook-ID", "1")
	req.Header.Set("X-Hub-Signature-256", ing.sig)
	start := time.Now()
	resp, err := ing.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != http.StatusAccepted {
		return took, fmt.Errorf("delivery answered %d, want 202", resp.StatusCode)
	}
	return took, nil
}

// saturate posts n deliveries from senders goroutines, each sending as soon as the last is acknowledged.
func (ing *ingest) saturate(b *testing.B, n, senders int) []time.Duration {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				took, err := ing.post(i)
				if err != nil {
					failed.Store(err)
					return
				}
				lat[i] = took
			}
		}()
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	return lat
}

// paced posts n deliveries one every interval, open loop: a slow answer delays no later delivery.
func (ing *ingest) paced(b *testing.B, n int, interval time.Duration) []time.Duration {
	lat := make([]time.Duration, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[i], errs[i] = ing.post(i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return lat
}

// expectQueued checks that every acknowledged delivery left its job in the queue, undrained.
func (ing *ingest) expectQueued(b *testing.B, n int) {
	b.Helper()
	counts, err := ing.apps[0].Store().JobCounts(context.Background(), jobs.DeliveryArgs{}.Kind())
	if err != nil {
		b.Fatal(err)
	}
	if counts["available"] != n {
		b.Fatalf("%d delivery jobs available after %d acknowledged deliveries: %v", counts["available"], n, counts)
	}
}

// percentile is the p-th percentile of d by nearest rank; it sorts d.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	rank := (p*len(d) + 99) / 100
	return d[max(rank, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
