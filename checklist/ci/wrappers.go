package ci

import (
	"path"
	"slices"
	"strings"
)

// maxUnwrap bounds how many wrappers one call may be nested in.
const maxUnwrap = 8

// quietWrappers run the command after them and say nothing about it; each maps to its options
// that take a value.
var quietWrappers = map[string][]string{
	"sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-U", "-r", "-t", "-T"}, "env": {"-u", "-C", "-S"},
	"time": nil, "exec": {"-a"}, "nohup": nil, "nice": {"-n"}, "command": nil, "builtin": nil,
	"xargs": {"-n", "-I", "-P", "-L", "-s", "-d", "-E", "-a"}, "stdbuf": {"-i", "-o", "-e"},
	"timeout": {"-s", "-k"},
}

// runners run a named tool: `npx jest`, `bundle exec rspec`. Each maps to its options that take
// a value.
var runners = map[string][]string{
	"npx": {"-p", "--package"}, "bunx": {"-p", "--package"}, "pnpx": nil, "uvx": {"--from", "--with", "--python", "-p"},
	"npm exec": {"-p", "--package", "-w", "--workspace"}, "npm x": {"-p", "--package"},
	"pnpm exec": {"-C", "--dir", "--filter", "-F"}, "pnpm dlx": {"--package"}, "yarn exec": nil, "yarn dlx": {"-p", "--package"},
	"uv run":     {"--with", "--python", "-p", "--package", "--project", "--directory", "--group", "--extra", "--env-file"},
	"poetry run": {"-C", "--directory", "-P", "--project"}, "pipenv run": nil, "pdm run": {"-p", "--project"},
	"hatch run": nil, "bundle exec": nil, "python -m": nil, "python3 -m": nil,
}

// shells read a command string after -c, or run a script file.
var shells = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ksh": true}

// invoke records the command words run, looking through wrappers.
func (s *shellReader) invoke(words []string, line int) {
	var wrapper []string
	for range maxUnwrap {
		if len(words) == 0 {
			return
		}
		next, w, step := s.unwrap(words, line)
		switch step {
		case stepDone:
			return
		case stepLeaf:
			s.add(Call{Words: words, Wrapper: wrapper, line: line})
			return
		}
		if words = next; w != nil {
			wrapper = w
		}
	}
}

// What unwrap found: a command to record, a wrapper to look through, or nothing more to do.
const (
	stepLeaf = iota
	stepInto
	stepDone
)

// unwrap looks through one wrapper of words, returning the words it runs and, for a wrapper
// that names what it runs (npx, docker run), the wrapper.
func (s *shellReader) unwrap(words []string, line int) (next, wrapper []string, step int) {
	name := words[0]
	if strings.HasPrefix(name, "/") {
		name = path.Base(name)
	}
	switch {
	case name == "command" && len(words) > 1 && (words[1] == "-v" || words[1] == "-V"):
		return nil, nil, stepDone
	case name == "source" || name == ".":
		return words[1:], nil, stepInto
	case hasKey(quietWrappers, name):
		next = skipOptions(words[1:], quietWrappers[name], name == "env" || name == "sudo")
		if name == "timeout" && len(next) > 0 {
			next = next[1:]
		}
		return next, nil, stepInto
	case shells[name] && s.shellCommand(words, line):
		return nil, nil, stepDone
	case name == "docker" || name == "podman" || name == "nerdctl":
		if inner, w, ok := containerRun(words); ok {
			s.add(Call{Words: append([]string{imageName(w[len(w)-1])}, inner...), Wrapper: w[:len(w)-1], line: line})
			return inner, w, stepInto
		}
	case name == "go" && len(words) > 2 && words[1] == "run":
		if pkg, args, ok := goRun(words[2:]); ok {
			return append([]string{pkg}, args...), []string{"go", "run"}, stepInto
		}
	}
	if key, n := runnerKey(words); key != "" {
		if key == "npx" && len(words) > 2 && words[1] == "-c" {
			s.nested(words[2], line)
			return nil, nil, stepDone
		}
		return skipOptions(words[n:], runners[key], false), strings.Fields(key), stepInto
	}
	return nil, nil, stepLeaf
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// runnerKey returns the runner words start with and how many words it takes.
func runnerKey(words []string) (string, int) {
	if len(words) > 2 {
		if k := words[0] + " " + words[1]; hasKey(runners, k) {
			return k, 2
		}
	}
	if len(words) > 1 && hasKey(runners, words[0]) {
		return words[0], 1
	}
	return "", 0
}

// skipOptions drops leading options, and the values of those in valued; with assignments it
// also drops VAR=value words, as env and sudo take them. A `--` ends the options.
func skipOptions(words, valued []string, assignments bool) []string {
	for len(words) > 0 {
		w := words[0]
		switch {
		case w == "--":
			return words[1:]
		case strings.HasPrefix(w, "-"):
			words = words[1:]
			if !strings.Contains(w, "=") && slices.Contains(valued, w) && len(words) > 0 {
				words = words[1:]
			}
		case assignments && strings.Contains(w, "=") && !strings.HasPrefix(w, "="):
			words = words[1:]
		default:
			return words
		}
	}
	return nil
}

// shellCommand reads `sh -c 'script'` and records `sh script.sh` as a call of the script; it
// reports whether words were a shell invocation it understood.
func (s *shellReader) shellCommand(words []string, line int) bool {
	command := false
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "-o" || w == "+o" || w == "-O" || w == "+O":
			i++
		case strings.HasPrefix(w, "--"):
		case strings.HasPrefix(w, "-") || strings.HasPrefix(w, "+"):
			command = command || strings.Contains(w, "c")
		case command:
			s.nested(w, line)
			return true
		default:
			s.add(Call{Words: words[i:], Wrapper: words[:1], line: line})
			return true
		}
	}
	return false
}

// containerRunOptions are the `docker run` options that take a value.
var containerRunOptions = []string{"-e", "--env", "--env-file", "-v", "--volume", "-w", "--workdir", "-u", "--user",
	"--name", "--network", "--net", "-p", "--publish", "--entrypoint", "--mount", "-l", "--label", "--platform",
	"--pull", "--cpus", "-m", "--memory", "--add-host", "--device", "--group-add", "-h", "--hostname", "--ipc",
	"--pid", "--security-opt", "--tmpfs", "--ulimit", "--cap-add", "--cap-drop", "--dns", "--restart",
	"--shm-size", "--runtime", "--gpus", "--log-driver", "--cidfile", "--volumes-from", "--link", "--label-file",
	"--userns", "--stop-signal", "--stop-timeout", "--health-cmd", "--attach", "-a"}

// containerRun reads `docker run [options] IMAGE [CMD…]` (also `docker container run`): it
// returns CMD, with --entrypoint before it, and the wrapper words ending with the image.
func containerRun(words []string) (inner, wrapper []string, ok bool) {
	n := 2
	switch {
	case len(words) > 2 && words[1] == "container" && words[2] == "run":
		n = 3
	case len(words) > 1 && words[1] == "run":
	default:
		return nil, nil, false
	}
	entrypoint := ""
	rest := words[n:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		opt, value, hasValue := strings.Cut(rest[0], "=")
		rest = rest[1:]
		if !hasValue && slices.Contains(containerRunOptions, opt) && len(rest) > 0 {
			value, rest = rest[0], rest[1:]
		}
		if opt == "--entrypoint" {
			entrypoint = value
		}
	}
	if len(rest) == 0 {
		return nil, nil, false
	}
	inner = rest[1:]
	if entrypoint != "" {
		inner = append(strings.Fields(entrypoint), inner...)
	}
	return inner, []string{words[0], "run", rest[0]}, true
}

// imageName drops the tag and digest of an image reference.
func imageName(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return ref
}

// goRunOptions are the `go run` build flags that take a value.
var goRunOptions = []string{"-C", "-tags", "-mod", "-modfile", "-o", "-p", "-gcflags", "-ldflags", "-exec", "-overlay", "-pgo"}

// goRun reads the package and arguments of `go run`; the package loses its @version.
func goRun(args []string) (string, []string, bool) {
	args = skipOptions(args, goRunOptions, false)
	if len(args) == 0 {
		return "", nil, false
	}
	pkg, _, _ := strings.Cut(args[0], "@")
	return pkg, args[1:], true
}

// versionArgs only ask a tool about itself.
var versionArgs = map[string]bool{"--version": true, "-version": true, "version": true, "-V": true, "--help": true, "-h": true, "help": true}

// runsSomething reports whether a call does work: not an install, a download, a print or a
// version query.
func runsSomething(words []string) bool {
	if len(words) == 2 && versionArgs[words[1]] {
		return false
	}
	return !installs(words)
}
