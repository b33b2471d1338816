package checks

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/prchq/prc/checklist/verdict"
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

// dockerfileGlobs select the Dockerfiles (and Containerfiles) of a repository.
var dockerfileGlobs = []string{"**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile", "**/*.dockerfile", "**/Containerfile"}

// dockerfileSpec is `dockerfile: {user: non-root}`: the final stage of every Dockerfile runs as a
// non-root user.
type dockerfileSpec struct {
	User string `yaml:"user"`
}

type dockerfileCheck struct{}

func compileDockerfile(file string, n *yaml.Node) (Check, error) {
	var s dockerfileSpec
	if err := yamlx.Decode(file, n, &s); err != nil {
		return nil, err
	}
	if s.User != "non-root" {
		return nil, yamlx.At(file, orNode(yamlx.Get(n, "user"), n), "", "dockerfile supports user: non-root, got %q", s.User)
	}
	return dockerfileCheck{}, nil
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

func (dockerfileCheck) Evaluate(env *Env) verdict.Outcome {
	var passes, fails, problems []verdict.Evidence
	for _, f := range env.Glob(dockerfileGlobs...) {
		data, err := env.ReadFile(f.Path)
		if err != nil {
			problems = append(problems, verdict.Evidence{Path: f.Path, Message: err.Error()})
			continue
		}
		st := finalStage(data)
		ev := verdict.Evidence{Path: f.Path, Line: st.line}
		switch {
		case st.from == 0:
			ev.Message = "no FROM instruction"
			problems = append(problems, ev)
		case st.user != "" && isRootUser(st.user):
			ev.Message = fmt.Sprintf("final stage runs as USER %s", st.user)
			fails = append(fails, ev)
		case st.user != "":
			ev.Message = fmt.Sprintf("final stage runs as USER %s", st.user)
			passes = append(passes, ev)
		case strings.Contains(st.image, "nonroot"):
			ev.Line, ev.Message = st.from, fmt.Sprintf("base image %s runs as non-root", st.image)
			passes = append(passes, ev)
		default:
			ev.Line, ev.Message = st.from, "final stage sets no USER, so it runs as root"
			fails = append(fails, ev)
		}
	}
	return verdict.Resolve(passes, fails, problems)
}

// stage is what matters of a Dockerfile's last stage: its FROM line and image, and its last USER.
type stage struct {
	from  int
	image string
	user  string
	line  int
}

func finalStage(data []byte) stage {
	var st stage
	for _, in := range instructions(data) {
		switch in.cmd {
		case "FROM":
			st = stage{from: in.line, line: in.line, image: fromImage(in.args)}
		case "USER":
			if f := strings.Fields(in.args); len(f) > 0 {
				st.user, st.line = f[0], in.line
			}
		}
	}
	return st
}

func fromImage(args string) string {
	for _, f := range strings.Fields(args) {
		if !strings.HasPrefix(f, "--") {
			return f
		}
	}
	return ""
}

func isRootUser(user string) bool {
	name, _, _ := strings.Cut(user, ":")
	return name == "root" || name == "0"
}

type instruction struct {
	cmd, args string
	line      int
}

// instructions splits a Dockerfile into instructions, joining continuation lines and dropping comments.
func instructions(data []byte) []instruction {
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		body, cont := strings.CutSuffix(line, "\\")
		cur.WriteString(body + " ")
		if cont {
			continue
		}
		cmd, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: start})
		cur.Reset()
	}
	return out
}
