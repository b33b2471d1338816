package ghclient

import (
	"encoding/json"
	"testing"
)

func TestDecodePropertyValue(t *testing.T) {
	tests := map[string]struct {
		raw     string
		want    string
		ok, err bool
	}{
		"string":       {raw: `"production"`, want: "production", ok: true},
		"multi-select": {raw: `["eu","us"]`, want: "eu,us", ok: true},
		"null":         {raw: `null`},
		"number":       {raw: `3`, err: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok, err := decodePropertyValue(json.RawMessage(tc.raw))
			if got != tc.want || ok != tc.ok || (err != nil) != tc.err {
				t.Errorf("decode %s = %q, %v, %v", tc.raw, got, ok, err)
			}
		})
	}
}
