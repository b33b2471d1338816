package ci

import (
	"strings"
	"testing"
)

// callTexts renders calls as "wrapper | words" for comparison.
func callTexts(calls []Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = strings.Join(c.Words, " ")
		if len(c.Wrapper) > 0 {
			out[i] = strings.Join(c.Wrapper, " ") + " | " + out[i]
		}
	}
	return out
}

func TestReadShell(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		script string
		want   []string
	}{
		"simple":                {"go test ./...", []string{"go test ./..."}},
		"operators":             {"go vet ./... && go test -race ./... || exit 1", []string{"go vet ./...", "go test -race ./...", "exit 1"}},
		"quotes removed":        {`pytest -k "not slow" 'tests/unit'`, []string{"pytest -k not slow tests/unit"}},
		"loop names a tool":     {"for name in core registry trivy; do\n  kubectl logs -l app=$name\ndone", []string{"kubectl logs -l app=$name"}},
		"heredoc is data":       {"cat <<EOF > x.txt\ntrivy image app\nEOF", []string{"cat"}},
		"install is not a run":  {"pip install ruff && ruff check .", []string{"ruff check ."}},
		"print is not a run":    {"echo go test; printf 'trivy\\n'", nil},
		"version query":         {"trivy --version && golangci-lint version", nil},
		"command -v":            {"if ! command -v trivy >/dev/null; then exit 1; fi", []string{"exit 1"}},
		"sudo and env":          {"sudo -E env CGO_ENABLED=0 GOFLAGS=-v go test ./...", []string{"go test ./..."}},
		"assignment prefix":     {"CI=1 npm test", []string{"npm test"}},
		"npx":                   {"npx --yes eslint .", []string{"npx | eslint ."}},
		"pnpm exec":             {"pnpm exec vitest run", []string{"pnpm exec | vitest run"}},
		"go run":                {"go run github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.1 run", []string{"go run | github.com/golangci/golangci-lint/cmd/golangci-lint run"}},
		"uv and poetry run":     {"uv run --frozen pytest -q; poetry run mypy src", []string{"uv run | pytest -q", "poetry run | mypy src"}},
		"bundle exec":           {"bundle exec rspec", []string{"bundle exec | rspec"}},
		"python -m":             {"python -m pytest", []string{"python -m | pytest"}},
		"docker run":            {"docker run --rm -v $PWD:/src -w /src golangci/golangci-lint:v1.59 golangci-lint run", []string{"docker run | golangci/golangci-lint golangci-lint run", "docker run golangci/golangci-lint:v1.59 | golangci-lint run"}},
		"docker run no cmd":     {"docker run --rm aquasec/trivy:0.50.0 image app", []string{"docker run | aquasec/trivy image app", "docker run aquasec/trivy:0.50.0 | image app"}},
		"docker run entrypoint": {"docker run --entrypoint=trivy img:1 fs .", []string{"docker run | img trivy fs .", "docker run img:1 | trivy fs ."}},
		"docker volume named":   {"docker run -v trivy-cache:/root/.cache alpine ls", []string{"docker run | alpine ls", "docker run alpine | ls"}},
		"sh -c":                 {`sh -c "npm ci && npm test"`, []string{"npm test"}},
		"bash -ec":              {`bash -ec 'go vet ./...'`, []string{"go vet ./..."}},
		"script via shell":      {"bash -e hack/ci.sh --fast", []string{"bash | hack/ci.sh --fast"}},
		"command substitution":  {`VERSION=$(git describe --tags) make release`, []string{"make release", "git describe --tags"}},
		"github expression":     {"go test -run '${{ matrix.test }}' ./...\nmake ${{ inputs.target }}", []string{"go test -run ${{ matrix.test }} ./...", "make ${{ inputs.target }}"}},
		"unparsable falls back": {"if [ x ; then\n  go test ./...\nfi (", []string{"[ x", "go test ./..."}},
		"function body":         {"t() { go test \"$@\"; }\nt ./...", []string{"go test $@", "t ./..."}},
		"xargs":                 {"git ls-files '*.sh' | xargs -r shellcheck", []string{"git ls-files *.sh", "shellcheck"}},
		"timeout":               {"timeout 10m go test ./...", []string{"go test ./..."}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := callTexts(readShell(tc.script, ""))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("calls of %q\n got %q\nwant %q", tc.script, got, tc.want)
			}
		})
	}
}

func TestNestedShellIsBounded(t *testing.T) {
	t.Parallel()
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	for depth, want := range map[int]int{maxNestedShell: 1, maxNestedShell + 1: 0, maxNestedShell + 3: 0} {
		script := "go test ./..."
		for range depth {
			script = "sh -c " + quote(script)
		}
		if got := len(readShell(script, "")); got != want {
			t.Errorf("depth %d: %d calls, want %d", depth, got, want)
		}
	}
}

func TestReadShellDirectories(t *testing.T) {
	t.Parallel()
	calls := readShell("cd web\nnpm test\n(cd api && go test ./...)\nmake\ncd ../docs && make html", "svc")
	var got []string
	for _, c := range calls {
		got = append(got, c.Dir+": "+strings.Join(c.Words, " "))
	}
	want := []string{"svc/web: npm test", "svc/web/api: go test ./...", "svc/web: make", "svc/docs: make html"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadShellDirectoryIsBounded(t *testing.T) {
	t.Parallel()
	calls := readShell(strings.Repeat("cd a\n", 2000)+"make", "")
	if len(calls) != 1 {
		t.Fatalf("calls: %q", callTexts(calls))
	}
	dir := calls[0].Dir
	if len(dir) >= maxDirLen || len(dir) < maxDirLen-2 || strings.Trim(dir, "a/") != "" {
		t.Errorf("dir has %d bytes, want the deepest a/a/… under %d: %.40q", len(dir), maxDirLen, dir)
	}
}

func TestPattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, script string
		want            bool
	}{
		{`\btrivy\b`, "trivy image app", true},
		{`\btrivy\b`, "for name in core registry trivy; do kubectl logs $name; done", false},
		{`\btrivy\b`, "kubectl logs deploy/trivy", false},
		{`\btrivy\b`, "docker run --rm aquasec/trivy:0.50 image app", true},
		{`\btrivy\b`, "docker run -v trivy-cache:/c alpine ls", false},
		{`\bmake\s+(\S+\s+)*(test|tests|check)\b`, "make check-clean-work-tree", false},
		{`\bmake\s+(\S+\s+)*(test|tests|check)\b`, "make -C web check", true},
		{`\bmake\s+(\S+\s+)*(test|tests|check)\b`, "make check-fmt test", true},
		{`\bmvnw?\b[^;&|]*\b(test|verify)\b`, "./mvnw -B verify -Dtest.skip=false", true},
		{`\bgo\s+test\b`, "echo go test", false},
		{`\bgo\s+test\b`, "sudo go test ./...", true},
		{`\bnpx\s+jest\b`, "npx jest --ci", true},
		{`\bjest\b`, "npx jest --ci", true},
		{`\bjest\b`, "npm install jest", false},
		{`\bgolangci-lint\b`, "go run github.com/golangci/golangci-lint/cmd/golangci-lint@v1 run", true},
		{`\bgolangci-lint\b`, "$(GOBIN)/golangci-lint run", true},
		{`\bpytest\b`, "uv run pytest", true},
		{`\bgo\s+test\b`, `bash -c "cd x && go test ./..."`, true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" on "+tc.script, func(t *testing.T) {
			t.Parallel()
			p, err := CompilePattern(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			_, got := Ref{Calls: readShell(tc.script, "")}.Invokes(p)
			if got != tc.want {
				t.Errorf("match = %v, want %v; calls %q", got, tc.want, callTexts(readShell(tc.script, "")))
			}
		})
	}
}

func TestExports(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"docker build -t app .":                                  false,
		"docker buildx build --output type=local,dest=out .":     true,
		"docker build -o out .":                                  true,
		"docker buildx build --output=type=registry -t x .":      false,
		"docker buildx build -o type=local,dest=out --push .":    false,
		"docker buildx build --platform linux/amd64 -t x --load": false,
	}
	for script, want := range tests {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			calls := readShell(script, "")
			if len(calls) != 1 || calls[0].Exports() != want {
				t.Errorf("calls %q, exports want %v", callTexts(calls), want)
			}
		})
	}
}

func FuzzReadShell(f *testing.F) {
	f.Add("go test ./... && (cd x; make t) | tee log")
	f.Add("for n in a b; do sudo env A=1 npx -c 'docker run --entrypoint=x img:1 ${{ matrix.y }}'; done")
	f.Add("cat <<EOF\n$(go test)\nEOF\nbash -ec \"sh -c 'go vet'\"")
	f.Fuzz(func(t *testing.T, script string) {
		for _, c := range readShell(script, "d") {
			if len(c.Words) == 0 || c.line < 0 {
				t.Errorf("bad call %+v", c)
			}
		}
	})
}
