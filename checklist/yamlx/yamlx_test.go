package yamlx_test

import (
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/yamlx"
)

func TestSyntaxErrorLines(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want string
	}{
		"unclosed flow sequence": {"a: 1\nb: [1, 2\nc: 3\n", "f.yaml:2:1: did not find expected ',' or ']'"},
		"bad indentation":        {"a: 1\nb:\n  c: d\n e: f\n", "f.yaml:4:1: did not find expected key"},
		"unterminated string":    {"a: 1\nb: \"x\n", "f.yaml:2:1: found unexpected end of stream"},
		"tab indentation":        {"a:\n\tb: 1\n", "f.yaml:2:1: found character that cannot start any token"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := yamlx.Parse("f.yaml", []byte(tc.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error = %v, want %s", err, tc.want)
			}
		})
	}
}

func TestDecodeUnknownNestedField(t *testing.T) {
	var v struct {
		Outer struct {
			Inner []struct {
				Name string `yaml:"name"`
			} `yaml:"inner"`
		} `yaml:"outer"`
	}
	n, err := yamlx.Parse("f.yaml", []byte("outer:\n  inner:\n    - name: a\n    - nmae: b\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = yamlx.Decode("f.yaml", n, &v)
	if err == nil || err.Error() != `f.yaml:4:7: unknown field "nmae"` {
		t.Errorf("error = %v", err)
	}
}

func TestParseMultipleDocumentsIsAnError(t *testing.T) {
	_, err := yamlx.Parse("f.yaml", []byte("a: 1\n---\nb: 2\n"))
	if err == nil || !strings.Contains(err.Error(), "expected one YAML document, found 2") {
		t.Errorf("error = %v", err)
	}
}

func TestDecodeDuplicateKey(t *testing.T) {
	var v map[string]int
	n, err := yamlx.Parse("f.yaml", []byte("a: 1\nb: 2\na: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = yamlx.Decode("f.yaml", n, &v)
	if err == nil || !strings.HasPrefix(err.Error(), `f.yaml:3:1: mapping key "a" already defined at line 1`) {
		t.Errorf("error = %v", err)
	}
}
