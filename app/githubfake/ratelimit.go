package githubfake

// SetRateLimit changes the hourly primary limit the fake reports for each installation (and
// enforces, with WithRateLimit), e.g. to onboard a large organisation before measuring what one
// hour's budget buys.
func (f *Fake) SetRateLimit(limit int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg.rateLimit = limit
}

// NewRateWindows starts a fresh hourly window for every installation, as if an hour had passed.
func (f *Fake) NewRateWindows() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.buckets = map[int64]*bucket{}
}
