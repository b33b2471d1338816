package setup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
)

// ErrRejected is returned by Check when GitHub refuses the App's JWT: the App id or the private
// key is wrong.
var ErrRejected = errors.New("GitHub rejected the App's credentials: check PRC_APP_ID and the private key (PRC_PRIVATE_KEY_FILE or PRC_PRIVATE_KEY)")

// UnreachableError is returned by Check when GitHub could not be asked at all.
type UnreachableError struct{ Err error }

// Error says GitHub could not be reached, and why.
func (e *UnreachableError) Error() string { return "GitHub is unreachable: " + e.Err.Error() }

// Unwrap returns the transport error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// Check asks GitHub for the App (GET /app) with its JWT. It returns ErrRejected on 401, an
// *UnreachableError when no answer came, another error for any other answer, and nil on 200.
func Check(ctx context.Context, apiURL string, appID int64, keyPEM []byte, rt http.RoundTripper) error {
	if rt == nil {
		rt = http.DefaultTransport
	}
	atr, err := ghinstallation.NewAppsTransport(rt, appID, keyPEM)
	if err != nil {
		return fmt.Errorf("PRC_PRIVATE_KEY_FILE or PRC_PRIVATE_KEY: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, apiURL+"app", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	resp, err := (&http.Client{Transport: atr}).Do(req)
	if err != nil {
		return &UnreachableError{Err: err}
	}
	defer func() { _ = resp.Body.Close() }() // read-only: nothing is lost if closing fails
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode == http.StatusUnauthorized:
		return ErrRejected
	case resp.StatusCode >= 500:
		return &UnreachableError{Err: fmt.Errorf("GET /app answered %d", resp.StatusCode)}
	}
	return fmt.Errorf("GitHub answered %d to GET /app: %s", resp.StatusCode, truncate(string(body), 200))
}
