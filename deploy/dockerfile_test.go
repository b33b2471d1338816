package deploy_test

import (
	"encoding/json"
	"net"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/app/config"
)

type instruction struct {
	cmd, args string
}

type stage struct {
	image, name string
	body        []instruction
}

// parseDockerfile splits a Dockerfile into stages of instructions, joining continued lines.
func parseDockerfile(t *testing.T, path string) []stage {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var stages []stage
	var pending string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, `\`) {
			pending += strings.TrimSuffix(line, `\`) + " "
			continue
		}
		cmd, args, _ := strings.Cut(pending+line, " ")
		pending = ""
		in := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			s := stage{image: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			t.Fatalf("%s: %s before FROM", path, in.cmd)
		}
		stages[len(stages)-1].body = append(stages[len(stages)-1].body, in)
	}
	return stages
}

// all returns the arguments of every cmd instruction in the stage.
func (s stage) all(cmd string) []string {
	var out []string
	for _, in := range s.body {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

// index returns the position of the first instruction cmd whose arguments contain sub, or -1.
func (s stage) index(cmd, sub string) int {
	return slices.IndexFunc(s.body, func(in instruction) bool { return in.cmd == cmd && strings.Contains(in.args, sub) })
}

// env returns the stage's ENV settings (KEY=VALUE form).
func (s stage) env() map[string]string {
	env := map[string]string{}
	for _, args := range s.all("ENV") {
		for _, kv := range strings.Fields(args) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env[k] = v
			}
		}
	}
	return env
}

// TestDockerfileBuildStage: Go as in go.mod, modules in their own layer, a static stripped build.
func TestDockerfileBuildStage(t *testing.T) {
	stages := parseDockerfile(t, "../Dockerfile")
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a build stage and a final stage", len(stages))
	}
	build := stages[0]
	goMod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatalf("read go.mod: %v", err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	if want := "golang:" + string(m[1]); build.image != want && !strings.HasPrefix(build.image, want+".") && !strings.HasPrefix(build.image, want+"-") {
		t.Errorf("build stage FROM %s, want %s to match go.mod's go %s", build.image, want, m[1])
	}
	run := build.index("RUN", "go build")
	if run < 0 {
		t.Fatal("build stage has no RUN go build")
	}
	cmd := build.body[run].args
	for _, flag := range []string{"-trimpath", "-s -w", "./cmd/prc"} {
		if !strings.Contains(cmd, flag) {
			t.Errorf("go build lacks %s: %s", flag, cmd)
		}
	}
	if build.env()["CGO_ENABLED"] != "0" && !strings.Contains(cmd, "CGO_ENABLED=0") {
		t.Error("CGO_ENABLED=0 is not set for go build: the binary would not be static")
	}
	modules, download, source := build.index("COPY", "go.mod"), build.index("RUN", "go mod download"), build.index("COPY", ". ")
	if modules < 0 || !(modules < download && download < source && source < run) {
		t.Errorf("want COPY go.mod go.sum, RUN go mod download, COPY . ., RUN go build in that order; got %d %d %d %d", modules, download, source, run)
	}
}

// TestDockerfileFinalStage: distroless nonroot, the binary as entrypoint serving, the data volume
// writable by the nonroot user, and the port prc listens on by default.
func TestDockerfileFinalStage(t *testing.T) {
	stages := parseDockerfile(t, "../Dockerfile")
	final := stages[len(stages)-1]
	if final.image != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("final stage FROM %s, want gcr.io/distroless/static-debian12:nonroot", final.image)
	}
	users := final.all("USER")
	if len(users) == 0 {
		t.Error("final stage sets no USER")
	} else if uid, _, _ := strings.Cut(users[len(users)-1], ":"); uid != "65532" && uid != "nonroot" {
		t.Errorf("USER %s, want nonroot (65532)", users[len(users)-1])
	}
	for cmd, want := range map[string][]string{"ENTRYPOINT": {"/prc"}, "CMD": {"serve"}} {
		var got []string
		if args := final.all(cmd); len(args) != 1 || json.Unmarshal([]byte(args[0]), &got) != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s %v, want exactly one, in exec form %q", cmd, args, want)
		}
	}
	if final.index("COPY", " /prc") < 0 {
		t.Error("final stage does not copy the binary to /prc")
	}
	_, port, _ := net.SplitHostPort(config.Defaults().Listen)
	if !slices.Contains(final.all("EXPOSE"), port) {
		t.Errorf("EXPOSE %v, want prc's default listen port %s", final.all("EXPOSE"), port)
	}
	dataDir := final.env()["PRC_DATA_DIR"]
	if dataDir == "" || final.index("VOLUME", dataDir) < 0 {
		t.Errorf("PRC_DATA_DIR=%q is not a VOLUME", dataDir)
	}
	if i := final.index("COPY", "--chown=65532"); i < 0 || !strings.HasSuffix(final.body[i].args, " "+dataDir) {
		t.Errorf("%s is not created owned by 65532: a fresh volume would not be writable", dataDir)
	}
}
