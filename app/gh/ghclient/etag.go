package ghclient

import (
	"bytes"
	"container/list"
	"io"
	"net/http"
	"strings"
	"sync"
)

// etagCache makes GETs conditional: it remembers recent answers by URL and Accept header and
// sends their ETag back; GitHub answers 304 without charging the rate limit, and the cached
// body is served as a 200. Content-addressed trees and blobs are not kept: callers cache them.
type etagCache struct {
	next     http.RoundTripper
	maxBytes int
	maxEntry int

	mu    sync.Mutex
	size  int
	order *list.List // of *etagEntry, most recent first
	byKey map[string]*list.Element
}

type etagEntry struct {
	key    string
	etag   string
	header http.Header
	body   []byte
}

// rateHeaders are taken from a 304 answer, so go-github tracks the current rate limit.
var rateHeaders = []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", "X-Ratelimit-Used", "X-Ratelimit-Resource"}

func newETagCache(next http.RoundTripper, maxBytes int) *etagCache {
	return &etagCache{next: next, maxBytes: maxBytes, maxEntry: max(maxBytes/16, 1), order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *etagCache) RoundTrip(req *http.Request) (*http.Response, error) {
	if !cacheable(req) {
		return c.next.RoundTrip(req)
	}
	key := req.URL.String() + "\x00" + req.Header.Get("Accept")
	e := c.get(key)
	if e != nil {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", e.etag)
	}
	resp, err := c.next.RoundTrip(req)
	switch {
	case err != nil:
		return nil, err
	case resp.StatusCode == http.StatusNotModified && e != nil:
		return e.response(req, resp), nil
	case resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "":
		return c.keep(key, resp), nil
	}
	return resp, nil
}

func cacheable(req *http.Request) bool {
	return req.Method == http.MethodGet && req.Header.Get("If-None-Match") == "" &&
		!strings.Contains(req.URL.Path, "/git/blobs/") && !strings.Contains(req.URL.Path, "/git/trees/")
}

// response serves a cached body for a 304, carrying the 304's rate-limit headers.
func (e *etagEntry) response(req *http.Request, notModified *http.Response) *http.Response {
	_ = notModified.Body.Close() // a 304 has no body to keep
	h := e.header.Clone()
	for _, k := range rateHeaders {
		if v := notModified.Header.Get(k); v != "" {
			h.Set(k, v)
		}
	}
	return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: notModified.Proto,
		ProtoMajor: notModified.ProtoMajor, ProtoMinor: notModified.ProtoMinor, Header: h,
		Body: io.NopCloser(bytes.NewReader(e.body)), ContentLength: int64(len(e.body)), Request: req}
}

// keep stores a small enough answer and hands back a response whose body reads the same bytes;
// a large one streams on without being read whole.
func (c *etagCache) keep(key string, resp *http.Response) *http.Response {
	if resp.ContentLength > int64(c.maxEntry) {
		return resp
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.maxEntry)+1))
	if err != nil || len(head) > c.maxEntry {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
		return resp
	}
	_ = resp.Body.Close() // read whole; the copy in head is what is served
	resp.Body = io.NopCloser(bytes.NewReader(head))
	c.put(&etagEntry{key: key, etag: resp.Header.Get("ETag"), header: resp.Header.Clone(), body: head})
	return resp
}

func (c *etagCache) get(key string) *etagEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*etagEntry)
}

func (c *etagCache) put(e *etagEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.byKey[e.key]; ok {
		c.remove(old)
	}
	c.byKey[e.key] = c.order.PushFront(e)
	c.size += len(e.body)
	for c.size > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *etagCache) remove(el *list.Element) {
	e := c.order.Remove(el).(*etagEntry)
	delete(c.byKey, e.key)
	c.size -= len(e.body)
}
