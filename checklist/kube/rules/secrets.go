package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/prchq/prc/checklist/kube"
	"github.com/prchq/prc/checklist/verdict"
)

var (
	secretNameRE = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCOUNT_?KEY|STORAGE_?KEY|ACCESS_?KEY|SHARED_?KEY|MASTER_?KEY|KEY_?CONTENT)`)
	notSecretRE  = regexp.MustCompile(`(?i)(_|-|\.)(FILE|PATH|NAME|DIR|URL|URI|REF|ID|ENDPOINT|HOST|PORT|TTL|EXPIRY|EXPIRES|TIMEOUT|LENGTH|SIZE|HEADER|ALGORITHM|ISSUER|AUDIENCE|ENABLED|REGION|ARN|POLICY|VERSION)$`)
	// urlCredentials finds scheme://user:password@ and captures the password.
	urlCredentials = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:([^\s/@]+)@`)
	privateKeyRE   = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----`)
	// connectionKeyRE finds the secrets of connection strings: passwords (Password=..., Pwd=...)
	// and Azure keys (AccountKey=..., SharedAccessKey=...).
	connectionKeyRE = regexp.MustCompile(`(?i)\b(Password|Pwd|AccountKey|SharedAccessKey|SharedAccessSignature)=([^;\s"'&]+)`)
	durationRE      = regexp.MustCompile(`^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w))+$`)
	numberRE        = regexp.MustCompile(`^[-+]?\d+(\.\d+)?$`)
	urlRE           = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://\S+$`)
	fileKeyRE       = regexp.MustCompile(`(?i)\.(ya?ml|json|conf|cfg|ini|toml|xml|properties|txt|env|sh|js|py|lua|tpl)$`)
)

// secrets: no env value or ConfigMap data value is a literal secret: a secret-like name with a
// literal value that looks like one, a private-key block, a credential key of a connection
// string, or a URL with credentials. Evidence never repeats the secret.
func secrets(m *Model) ([]verdict.Evidence, []verdict.Evidence) {
	var f findings
	for _, w := range m.Workloads {
		before := len(f.failures)
		for _, c := range w.Containers(true) {
			for _, msg := range envSecrets(c.Spec) {
				f.fail(w.ContainerEvidence(c, "%s", msg))
			}
		}
		if len(f.failures) == before {
			f.pass(w.Evidence("no literal secrets in env"))
		}
	}
	for _, o := range m.Objects {
		if o.Kind == "ConfigMap" {
			configMapSecrets(o, &f)
		}
	}
	return f.result()
}

func configMapSecrets(o *kube.Object, f *findings) {
	data := mapAt(o.Doc, "data")
	bad := 0
	for _, k := range sortedKeys(data) {
		v, _ := data[k].(string)
		if what := secretIn(k, v, !fileKeyRE.MatchString(k)); what != "" {
			f.fail(verdict.Evidence{Path: o.Path, Line: o.Locate("data", k), Message: fmt.Sprintf("ConfigMap/%s: data key %q %s; move it to a Secret", o.Name, k, what)})
			bad++
		}
	}
	if bad == 0 {
		f.pass(verdict.Evidence{Path: o.Path, Line: o.Line, Message: fmt.Sprintf("ConfigMap/%s: no literal secrets in data", o.Name)})
	}
}

func envSecrets(container map[string]any) []string {
	var out []string
	for _, e := range listAt(container, "env") {
		env, _ := e.(map[string]any)
		name := str(env, "name")
		value, literal := env["value"].(string)
		if !literal || has(env, "valueFrom") {
			continue
		}
		if what := secretIn(name, value, true); what != "" {
			out = append(out, fmt.Sprintf("env %s %s; use valueFrom.secretKeyRef", name, what))
		}
	}
	return out
}

// secretIn says what secret a named value holds, or returns "". byName says whether a
// secret-like name counts, which it does not for a ConfigMap key holding a whole file.
func secretIn(name, value string, byName bool) string {
	switch {
	case privateKeyRE.MatchString(value):
		return "holds a private key"
	case hasURLCredentials(value):
		return "contains credentials in a URL"
	case hasConnectionKey(value):
		return "contains a password or key in a connection string"
	case byName && secretName(name) && looksSecret(value):
		return "is set to a literal secret"
	}
	return ""
}

func secretName(name string) bool {
	return secretNameRE.MatchString(name) && !notSecretRE.MatchString(name)
}

// looksSecret reports whether a literal value of a secret-like name may be the secret itself:
// not empty, a reference or placeholder, a number, a boolean or a duration, a path, or a URL
// without credentials, and on one line.
func looksSecret(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case v == "", isReference(v), strings.HasPrefix(v, "<"), strings.Contains(v, "\n"):
		return false
	case numberRE.MatchString(v), durationRE.MatchString(v), isFlag(v):
		return false
	case strings.HasPrefix(v, "/") && !strings.ContainsAny(v, " \t"):
		return false
	case urlRE.MatchString(v):
		return false
	}
	return true
}

// hasURLCredentials finds scheme://user:password@ with a literal password (not $(VAR), ${VAR}
// or a <placeholder>).
func hasURLCredentials(s string) bool {
	for _, m := range urlCredentials.FindAllStringSubmatch(s, -1) {
		if !isReference(m[1]) && !strings.HasPrefix(m[1], "<") {
			return true
		}
	}
	return false
}

func hasConnectionKey(s string) bool {
	for _, m := range connectionKeyRE.FindAllStringSubmatch(s, -1) {
		if !isReference(m[2]) && !strings.HasPrefix(m[2], "<") {
			return true
		}
	}
	return false
}

func isReference(v string) bool {
	return strings.HasPrefix(v, "$(") || strings.HasPrefix(v, "${") || strings.HasPrefix(v, "{{")
}

func isFlag(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "enabled", "disabled":
		return true
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
