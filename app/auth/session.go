package auth

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/gorilla/securecookie"
)

// KeyFile is the session key's file in the data directory.
const KeyFile = "session.key"

const (
	sessionCookie = "prc_session"
	stateCookie   = "prc_oauth_state"
	sessionMaxAge = 7 * 24 * time.Hour
)

// Session is a signed-in viewer, kept in an encrypted, signed cookie.
type Session struct {
	Login string `json:"l"`
	Token string `json:"t"` // the viewer's GitHub user token
	CSRF  string `json:"c"`
}

// loginState is the OAuth state and where to go back to, kept in a cookie during sign-in.
type loginState struct {
	State string `json:"s"`
	Next  string `json:"n"`
}

// LoadKey returns the session key in dir, generating it (mode 0600) on first use, so sessions
// survive a restart.
func LoadKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, KeyFile)
	key, err := os.ReadFile(path)
	if err == nil && len(key) == 64 {
		return key, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("PRC_DATA_DIR: read session key: %w", err)
	}
	if err == nil {
		return nil, fmt.Errorf("PRC_DATA_DIR: %s is not a 64-byte session key; remove it to generate one", path)
	}
	key = make([]byte, 64)
	_, _ = rand.Read(key)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("PRC_DATA_DIR: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another replica wrote it first
		return LoadKey(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("PRC_DATA_DIR: write session key: %w", err)
	}
	_, werr := f.Write(key)
	if err := errors.Join(werr, f.Close()); err != nil {
		return nil, fmt.Errorf("PRC_DATA_DIR: write session key: %w", err)
	}
	return key, nil
}

// cookies signs (HMAC-SHA256) and encrypts (AES-256) the session cookies.
type cookies struct {
	sc     *securecookie.SecureCookie
	secure bool
}

func newCookies(key []byte, secure bool) *cookies {
	sc := securecookie.New(key[:32], key[32:]).MaxAge(int(sessionMaxAge.Seconds()))
	sc.SetSerializer(securecookie.JSONEncoder{})
	return &cookies{sc: sc, secure: secure}
}

func (c *cookies) set(w http.ResponseWriter, name string, v any, maxAge time.Duration) error {
	enc, err := c.sc.Encode(name, v)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: enc, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

func (c *cookies) get(r *http.Request, name string, v any) bool {
	ck, err := r.Cookie(name)
	return err == nil && c.sc.Decode(name, ck.Value, v) == nil
}

func (c *cookies) clear(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}
