package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// validSignature reports whether header is "sha256=<hex HMAC of body>" under any of secrets.
// The comparison is constant-time; an absent or sha1-only signature never validates.
func validSignature(header string, body []byte, secrets []string) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	valid := false
	for _, s := range secrets {
		if s == "" {
			continue
		}
		mac := hmac.New(sha256.New, []byte(s))
		mac.Write(body)
		if hmac.Equal(got, mac.Sum(nil)) {
			valid = true
		}
	}
	return valid
}

// Sign returns the X-Hub-Signature-256 header value for body under secret, as GitHub computes it.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
