package deps

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

// names renders dependencies as "path:line ecosystem name".
func names(ds []Dependency) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%s:%d %s %s", d.Path, d.Line, d.Ecosystem, d.Name)
	}
	return out
}

func TestParseManifests(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		path, content string
		want          []string
	}{
		"go.mod": {"go.mod", "module x\n\ngo 1.22\n\nrequire github.com/getsentry/sentry-go v0.27.0\n\nrequire (\n\tgo.opentelemetry.io/otel v1.24.0 // comment\n\t\"github.com/quoted/mod\" v1.0.0\n\tgolang.org/x/sys v0.1.0 // indirect\n)\n",
			[]string{"go.mod:5 go github.com/getsentry/sentry-go", "go.mod:8 go go.opentelemetry.io/otel", "go.mod:9 go github.com/quoted/mod"}},
		"package.json": {"web/package.json", "{\n  \"name\": \"web\",\n  \"scripts\": {\"test\": \"jest\"},\n  \"dependencies\": {\n    \"@sentry/node\": \"^7\"\n  },\n  \"devDependencies\": {\"jest\": \"29\"},\n  \"peerDependencies\": {\"react\": \"*\"},\n  \"optionalDependencies\": {\n    \"dd-trace\": \"5\"\n  }\n}\n",
			[]string{"web/package.json:5 npm @sentry/node", "web/package.json:7 npm jest", "web/package.json:8 npm react", "web/package.json:10 npm dd-trace"}},
		"composer.json": {"composer.json", `{"require": {"php": ">=8.1", "ext-json": "*", "sentry/sentry-laravel": "^4"}, "require-dev": {"phpunit/phpunit": "^10"}}`,
			[]string{"composer.json:1 composer sentry/sentry-laravel", "composer.json:1 composer phpunit/phpunit"}},
		"requirements": {"requirements-dev.txt", "# tools\n-r requirements.txt\n--index-url https://pypi.org/simple\nSentry_SDK[flask]>=1.0 ; python_version > '3.8'\nrequests==2.0  # http\n-e git+https://github.com/x/y.git#egg=ddtrace\n-e .\nopentelemetry-api @ https://example.com/o.whl\nhttps://example.com/pkg.whl\n",
			[]string{"requirements-dev.txt:4 python Sentry_SDK", "requirements-dev.txt:5 python requests", "requirements-dev.txt:6 python ddtrace", "requirements-dev.txt:8 python opentelemetry-api"}},
		"requirements folder": {"requirements/prod.txt", "locust\n", []string{"requirements/prod.txt:1 python locust"}},
		"pyproject pep621": {"pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"svc\"\ndependencies = [\n  \"opentelemetry-sdk>=1.20\",  # tracing\n  'fastapi',\n]\n\n[project.optional-dependencies]\nerrors = [\"sentry-sdk\"]\n\n[dependency-groups]\ndev = [\"pytest\"]\n\n[tool.uv]\ndev-dependencies = [\"ruff\"]\n",
			[]string{"pyproject.toml:7 python opentelemetry-sdk", "pyproject.toml:8 python fastapi", "pyproject.toml:12 python sentry-sdk", "pyproject.toml:15 python pytest", "pyproject.toml:18 python ruff"}},
		"pyproject poetry": {"svc/pyproject.toml", "[tool.poetry]\nname = \"svc\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\nddtrace = \"^2.0\"\n\"rollbar\" = { version = \"*\", optional = true }\n\n[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n\n[tool.poetry.scripts]\nserve = \"svc:main\"\n",
			[]string{"svc/pyproject.toml:6 python ddtrace", "svc/pyproject.toml:7 python rollbar", "svc/pyproject.toml:10 python pytest"}},
		"Pipfile": {"Pipfile", "[[source]]\nurl = \"https://pypi.org/simple\"\n\n[packages]\nbugsnag = \"*\"\n\n[dev-packages]\npytest = \"*\"\n",
			[]string{"Pipfile:5 python bugsnag", "Pipfile:8 python pytest"}},
		"pom.xml": {"pom.xml", "<project>\n  <dependencyManagement><dependencies>\n    <dependency><groupId>io.opentelemetry</groupId><artifactId>opentelemetry-bom</artifactId></dependency>\n  </dependencies></dependencyManagement>\n  <dependencies>\n    <dependency>\n      <groupId>io.sentry</groupId>\n      <artifactId>sentry</artifactId>\n      <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion></exclusions>\n    </dependency>\n  </dependencies>\n  <build><plugins><plugin><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies></plugin></plugins></build>\n</project>\n",
			[]string{"pom.xml:6 maven io.sentry:sentry"}},
		"build.gradle.kts": {"app/build.gradle.kts", "dependencies {\n    implementation(\"io.opentelemetry:opentelemetry-api:1.36.0\")\n    implementation(platform(\"io.opentelemetry:opentelemetry-bom:1.36.0\"))\n    // implementation(\"commented:out:1\")\n    testImplementation 'org.junit.jupiter:junit-jupiter'\n    implementation group: 'com.bugsnag', name: 'bugsnag', version: '3.7'\n    implementation(libs.sentry)\n}\n",
			[]string{"app/build.gradle.kts:2 maven io.opentelemetry:opentelemetry-api", "app/build.gradle.kts:3 maven io.opentelemetry:opentelemetry-bom", "app/build.gradle.kts:5 maven org.junit.jupiter:junit-jupiter", "app/build.gradle.kts:6 maven com.bugsnag:bugsnag"}},
		"version catalog": {"gradle/libs.versions.toml", "[versions]\notel = \"1.36\"\n\n[libraries]\nsentry = \"io.sentry:sentry:7.0\"\notel-api = { module = \"io.opentelemetry:opentelemetry-api\", version.ref = \"otel\" }\ndd = { group = \"com.datadoghq\", name = \"dd-trace-api\", version = \"1\" }\n\n[plugins]\njib = { id = \"com.google.cloud.tools.jib\", version = \"3\" }\n",
			[]string{"gradle/libs.versions.toml:5 maven io.sentry:sentry", "gradle/libs.versions.toml:6 maven io.opentelemetry:opentelemetry-api", "gradle/libs.versions.toml:7 maven com.datadoghq:dd-trace-api"}},
		"Gemfile": {"Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\n# gem 'commented'\ngem \"honeybadger\"\ngroup :test do\n  gem 'rspec-rails'\nend\n",
			[]string{"Gemfile:2 ruby rails", "Gemfile:4 ruby honeybadger", "Gemfile:6 ruby rspec-rails"}},
		"gemspec": {"x.gemspec", "Gem::Specification.new do |spec|\n  spec.add_dependency \"sentry-ruby\"\n  spec.add_development_dependency('rake')\nend\n",
			[]string{"x.gemspec:2 ruby sentry-ruby", "x.gemspec:3 ruby rake"}},
		"Cargo.toml": {"Cargo.toml", "[package]\nname = \"svc\"\n\n[dependencies]\nopentelemetry = \"0.22\"\nserde.workspace = true\n\"sentry\" = { version = \"0.32\", features = [\n  \"backtrace\",\n] }\ntokio = \"1\"\n\n[dev-dependencies.criterion]\nversion = \"0.5\"\n\n[target.'cfg(unix)'.build-dependencies]\ncc = \"1\"\n",
			[]string{"Cargo.toml:5 cargo opentelemetry", "Cargo.toml:6 cargo serde", "Cargo.toml:7 cargo sentry", "Cargo.toml:10 cargo tokio", "Cargo.toml:12 cargo criterion", "Cargo.toml:16 cargo cc"}},
		"csproj": {"src/Api/Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"OpenTelemetry.Extensions.Hosting\" Version=\"1.7.0\" />\n  </ItemGroup>\n</Project>\n",
			[]string{"src/Api/Api.csproj:3 nuget OpenTelemetry.Extensions.Hosting"}},
		"packages.config": {"packages.config", "<packages>\n  <package id=\"Sentry\" version=\"4\" />\n</packages>\n", []string{"packages.config:2 nuget Sentry"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := Parse(repo.NewMemory(map[string]string{tc.path: tc.content}))
			if len(s.Problems) > 0 {
				t.Fatalf("problems: %v", s.Problems)
			}
			if got := names(s.Dependencies); !slices.Equal(got, tc.want) {
				t.Errorf("dependencies\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestParseSkipsVendoredAndUnknownFiles(t *testing.T) {
	t.Parallel()
	s := Parse(repo.NewMemory(map[string]string{
		"vendor/github.com/x/go.mod":      "module x\nrequire a v1\n",
		"web/node_modules/y/package.json": `{"dependencies": {"z": "1"}}`,
		"testdata/fixture/Gemfile":        "gem 'sentry-ruby'\n",
		"notes.txt":                       "sentry-sdk\n",
		"go.mod":                          "module m\n",
	}))
	if len(s.Dependencies) != 0 || !slices.Equal(s.Manifests, []string{"go.mod"}) {
		t.Errorf("dependencies %q, manifests %q", names(s.Dependencies), s.Manifests)
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		path, content, problem string
	}{
		"truncated json":   {"package.json", `{"dependencies": {"a": "1"`, "package.json"},
		"unclosed object":  {"package.json", `{`, "package.json"},
		"json array":       {"package.json", `[1, 2]`, "package.json"},
		"broken xml":       {"pom.xml", "<project><dependencies><dependency></project>", "pom.xml"},
		"oversized":        {"go.mod", "module x\n//" + strings.Repeat("x", repo.MaxFileSize), "go.mod skipped: larger than 1 MiB"},
		"bad member value": {"package.json", `{"dependencies": {"a": }}`, "package.json"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := Parse(repo.NewMemory(map[string]string{tc.path: tc.content}))
			if len(s.Problems) != 1 || !strings.Contains(s.Problems[0].String(), tc.problem) {
				t.Errorf("problems = %v, want one mentioning %q", s.Problems, tc.problem)
			}
		})
	}
}

func TestPatterns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		dep     Dependency
		want    bool
	}{
		{"go.opentelemetry.io/otel*", Dependency{Name: "go.opentelemetry.io/otel/sdk", Ecosystem: Go}, true},
		{"go.opentelemetry.io/otel", Dependency{Name: "go.opentelemetry.io/otel/sdk", Ecosystem: Go}, false},
		{"github.com/datadog/dd-trace-go*", Dependency{Name: "gopkg.in/DataDog/dd-trace-go.v1", Ecosystem: Go}, false},
		{"gopkg.in/datadog/dd-trace-go*", Dependency{Name: "gopkg.in/DataDog/dd-trace-go.v1", Ecosystem: Go}, true},
		{"@opentelemetry/*", Dependency{Name: "@opentelemetry/api", Ecosystem: NPM}, true},
		{"@opentelemetry/*", Dependency{Name: "opentelemetry", Ecosystem: NPM}, false},
		{"io.opentelemetry:*", Dependency{Name: "io.opentelemetry:opentelemetry-api", Ecosystem: Maven}, true},
		{"sentry-sdk", Dependency{Name: "Sentry_SDK", Ecosystem: Python}, true},
		{"sentry_sdk", Dependency{Name: "sentry.sdk", Ecosystem: Python}, true},
		{"opentelemetry_*", Dependency{Name: "OpenTelemetry-Instrumentation-Flask", Ecosystem: Python}, true},
		{"sentry-sdk", Dependency{Name: "sentry_sdk", Ecosystem: Cargo}, false},
		{"sentry", Dependency{Name: "Sentry", Ecosystem: NuGet}, true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+"~"+tc.dep.Name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePattern(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Match(tc.dep); got != tc.want {
				t.Errorf("Match = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParsePatternErrors(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "  ", "*", "a*b", "*a"} {
		if _, err := ParsePattern(bad); err == nil {
			t.Errorf("ParsePattern(%q) accepted", bad)
		}
	}
}

func TestNormalizePython(t *testing.T) {
	t.Parallel()
	tests := map[string]string{"Foo.Bar__baz": "foo-bar-baz", "a-_-b": "a-b", "x": "x", "prefix_": "prefix-"}
	for in, want := range tests {
		if got := NormalizePython(in); got != want {
			t.Errorf("NormalizePython(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("[project]\ndependencies = [\n'a',\n", `{"dependencies": {"a": "1"}}`, "<project><dependency>")
	f.Add("[dependencies.x]\n\"y\" = { a = [ '''\n", `{"x": [[[[`, "gem 'x'\nrequire (\n")
	f.Fuzz(func(t *testing.T, toml, json, other string) {
		s := Parse(repo.NewMemory(map[string]string{
			"pyproject.toml": toml, "Cargo.toml": toml, "Pipfile": toml, "libs.versions.toml": toml,
			"package.json": json, "composer.json": json,
			"pom.xml": other, "a.csproj": other, "go.mod": other, "Gemfile": other, "requirements.txt": other, "build.gradle": other,
		}))
		for _, d := range s.Dependencies {
			if d.Line < 1 || d.Name == "" && d.Ecosystem != Maven {
				t.Errorf("bad dependency %+v", d)
			}
		}
	})
}
