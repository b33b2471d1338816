package ghclient

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"

	"github.com/prchq/prc/app/gh"
)

// HookDeliveries lists the App's webhook delivery attempts made since since, newest first,
// following GitHub's cursor from page to page.
func (cs *Clients) HookDeliveries(ctx context.Context, since time.Time) ([]gh.HookDelivery, error) {
	c, err := cs.appClient()
	if err != nil {
		return nil, err
	}
	var out []gh.HookDelivery
	opt := &github.ListCursorOptions{PerPage: pageSize}
	for {
		list, resp, err := c.gh.Apps.ListHookDeliveries(ctx, opt)
		if err != nil {
			return nil, c.fail("list the App's webhook deliveries", err)
		}
		for _, d := range list {
			if d.GetDeliveredAt().Before(since) {
				return out, nil
			}
			out = append(out, gh.HookDelivery{ID: d.GetID(), GUID: d.GetGUID(), DeliveredAt: d.GetDeliveredAt().Time,
				StatusCode: d.GetStatusCode(), Event: d.GetEvent(), Action: d.GetAction(),
				InstallationID: d.GetInstallationID(), Redelivery: d.GetRedelivery()})
		}
		if resp.Cursor == "" || len(list) == 0 {
			return out, nil
		}
		opt.Cursor = resp.Cursor
	}
}

// Redeliver asks GitHub to deliver a webhook attempt again; the redelivery keeps its GUID.
func (cs *Clients) Redeliver(ctx context.Context, deliveryID int64) error {
	c, err := cs.appClient()
	if err != nil {
		return err
	}
	_, _, err = c.gh.Apps.RedeliverHookDelivery(repeatable(ctx), deliveryID)
	if _, accepted := err.(*github.AcceptedError); accepted {
		err = nil
	}
	return c.fail(fmt.Sprintf("redeliver webhook delivery %d", deliveryID), err)
}

// appClient is the client acting as the App itself (by JWT), made on first use.
func (cs *Clients) appClient() (*client, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.app != nil {
		return cs.app, nil
	}
	log := cs.set.log.WithField("installation", "app")
	observed := &observer{next: cs.set.transport, log: log, metrics: cs.set.metrics}
	atr, err := ghinstallation.NewAppsTransport(observed, cs.cfg.AppID, cs.cfg.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("github app: %w", err)
	}
	atr.BaseURL = cs.base
	limits := &limiter{next: atr, now: cs.set.now}
	var rt http.RoundTripper = &retrier{next: limits, policy: cs.set.retry, timeout: cs.set.timeout, log: log, metrics: cs.set.metrics}
	gc := github.NewClient(&http.Client{Transport: rt})
	api, upload := *cs.api, *cs.api
	gc.BaseURL, gc.UploadURL = &api, &upload
	cs.app = &client{gh: gc, appID: cs.cfg.AppID, now: cs.set.now, limits: limits, retry: cs.set.retry, log: log, metrics: cs.set.metrics}
	return cs.app, nil
}
