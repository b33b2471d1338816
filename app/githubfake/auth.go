package githubfake

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// tokenTTL is how long an installation token lives, as on GitHub.
const tokenTTL = time.Hour

// jwtMaxLifetime is GitHub's cap on exp-iat for app JWTs, plus clock drift.
const jwtMaxLifetime = 10*time.Minute + time.Minute

type authKind int

const (
	authInstallation authKind = iota // "token <installation token>"
	authApp                          // "Bearer <app JWT>"
)

func parseRSAKey(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("key is %T, not RSA", k)
	}
	return rk, nil
}

// credential extracts the token from "token X" or "Bearer X".
func credential(r *http.Request) string {
	h := r.Header.Get("Authorization")
	for _, scheme := range []string{"token ", "bearer "} {
		if len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) {
			return strings.TrimSpace(h[len(scheme):])
		}
	}
	return ""
}

// verifyJWT checks an app JWT: RS256 signed by pub, iss = appID, not expired
// by the wall clock, and living no longer than GitHub allows.
func verifyJWT(tok string, pub *rsa.PublicKey, appID int64) error {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return errors.New("a JSON web token could not be decoded")
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	if err := decodeSegment(parts[0], &hdr); err != nil || hdr.Alg != "RS256" {
		return fmt.Errorf("JWT algorithm %q is not RS256", hdr.Alg)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return fmt.Errorf("decode JWT signature: %w", err)
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return errors.New("JWT signature does not match the app's key")
	}
	var claims struct {
		Iss json.RawMessage `json:"iss"`
		Iat int64           `json:"iat"`
		Exp int64           `json:"exp"`
	}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return fmt.Errorf("decode JWT claims: %w", err)
	}
	return checkClaims(claims.Iss, claims.Iat, claims.Exp, appID)
}

func checkClaims(iss json.RawMessage, iat, exp, appID int64) error {
	want := strconv.FormatInt(appID, 10)
	if got := strings.Trim(string(iss), `"`); got != want {
		return fmt.Errorf("JWT issuer %s is not app %s", got, want)
	}
	now := time.Now()
	if exp == 0 || time.Unix(exp, 0).Before(now) {
		return errors.New("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires")
	}
	if iat != 0 && time.Unix(exp, 0).Sub(time.Unix(iat, 0)) > jwtMaxLifetime {
		return errors.New("'Expiration time' claim ('exp') is too far in the future")
	}
	return nil
}

func decodeSegment(seg string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return fmt.Errorf("decode JWT segment: %w", err)
	}
	return json.Unmarshal(raw, v)
}

// authenticate checks the call's credential for the route's auth kind and
// records the installation it belongs to. It returns a reply on failure.
func (c *call) authenticate(kind authKind) *reply {
	cred := credential(c.r)
	if kind == authApp {
		if err := verifyJWT(cred, &c.f.key.PublicKey, c.f.cfg.appID); err != nil {
			return errReply(http.StatusUnauthorized, err.Error())
		}
		return nil
	}
	tok, ok := c.st.tokens[cred]
	if !ok || time.Now().After(tok.expires) {
		return errReply(http.StatusUnauthorized, "Bad credentials")
	}
	if _, ok := c.st.installs[tok.inst]; !ok {
		return errReply(http.StatusUnauthorized, "Bad credentials")
	}
	c.inst = tok.inst
	return nil
}

// newToken issues an installation token and counts the issuance.
func (st *state) newToken(inst int64) *token {
	t := &token{value: "ghs_" + rand.Text(), inst: inst, expires: time.Now().Add(tokenTTL).Truncate(time.Second)}
	st.tokens[t.value] = t
	st.stats.TokensIssued++
	return t
}
