package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const chromium = "/usr/bin/chromium"

// browser starts headless Chromium from Debian's package with a fresh profile; on failure the
// test keeps a screenshot of the page it was on.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("Chromium is not installed at %s (CI installs it): %v", chromium, err)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true)}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			sctx, c := context.WithTimeout(ctx, 10*time.Second)
			if shot, err := chromedp.Run(sctx, chromedp.FullScreenshot(90)); err == nil {
				path := filepath.Join(os.TempDir(), strings.ReplaceAll(t.Name(), "/", "_")+".jpg")
				if os.WriteFile(path, shot, 0o644) == nil {
					t.Logf("screenshot of the failing page: %s", path)
				}
			}
			c()
		}
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return ctx
}

// rowsJS lists the repositories of the table's rows.
const rowsJS = `[...document.querySelectorAll("tr.service")].map(r => r.dataset.repo)`

// tableRows opens path (or stays, when empty) and returns the table's repositories.
func tableRows(t *testing.T, ctx context.Context, path string) []string {
	t.Helper()
	if path != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(path)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("services"))); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](rowsJS))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestBrowserSignInFilterAndServicePage(t *testing.T) {
	e := startDashboard(t, false)
	ctx := browser(t)

	// alice signs in through the fake's OAuth and sees both repositories.
	e.fake.SignIn("alice")
	if rows := tableRows(t, ctx, e.url()+"/"); strings.Join(rows, ",") != "acme/api,acme/vault" {
		t.Fatalf("alice's table rows = %v, want acme/api and acme/vault", rows)
	}

	// Follow a filter link (failing docs.runbook: only acme/api lacks a runbook), then open the service.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`tr[data-repo="acme/api"] a.failing[href*="docs.runbook"]`))); err != nil {
		t.Fatal(err)
	}
	rows := tableRows(t, ctx, "")
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(location, "failing=docs.runbook") || strings.Join(rows, ",") != "acme/api" {
		t.Fatalf("after the filter at %s rows = %v, want only acme/api", location, rows)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`tr[data-repo="acme/api"] td a`)), chromedp.WaitVisible(chromedp.CSS(`section.detail h2`))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.detail h2`)))
	if err != nil || !strings.Contains(title, "acme/api") {
		t.Fatalf("service page heading = %q, %v", title, err)
	}

	// bob, in a fresh browser profile, cannot read acme/vault: neither the table nor the API shows it.
	bob := browser(t)
	e.fake.SignIn("bob")
	if rows := tableRows(t, bob, e.url()+"/"); strings.Join(rows, ",") != "acme/api" {
		t.Errorf("bob's table rows = %v, want only acme/api", rows)
	}
	apiRepos, err := chromedp.Run(bob, chromedp.Evaluate[[]string](
		`fetch("/api/v1/services").then(r => r.json()).then(j => j.services.map(s => s.owner + "/" + s.repo))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(apiRepos, ",") != "acme/api" {
		t.Errorf("bob's JSON API lists %v, want only acme/api", apiRepos)
	}
}
