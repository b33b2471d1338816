package crash

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildPRC builds the prc binary into a temporary directory once per test.
func buildPRC(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "prc")
	cmd := exec.Command(goTool(), "build", "-o", bin, "github.com/prchq/prc/cmd/prc")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// goTool is the go command of the toolchain running the test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// proc is one running `prc serve`.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	logs   *logLines
	addr   chan string
	base   string // the URL it serves, once startPRC returned
	exited chan struct{}
	err    error // Wait's result, once exited is closed
}

// startPRC runs `prc serve` with env and waits until it says where it listens.
func startPRC(t *testing.T, bin string, env []string) *proc {
	t.Helper()
	p := &proc{t: t, addr: make(chan string, 1), exited: make(chan struct{})}
	p.logs = &logLines{onLine: p.watchAddr}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = io.Discard, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.kill() })
	select {
	case addr := <-p.addr:
		p.base = "http://" + addr
	case <-p.exited:
		t.Fatalf("prc exited before serving: %v\n%s", p.err, p.logs)
	case <-time.After(time.Minute):
		t.Fatalf("prc did not say it was serving within a minute\n%s", p.logs)
	}
	return p
}

// watchAddr catches the address in the "prc is serving" log line.
func (p *proc) watchAddr(line []byte) {
	var entry struct {
		Msg  string `json:"msg"`
		Addr string `json:"addr"`
	}
	if json.Unmarshal(line, &entry) == nil && entry.Addr != "" && strings.HasPrefix(entry.Msg, "prc is serving") {
		select {
		case p.addr <- entry.Addr:
		default:
		}
	}
}

// url is the base URL of the process.
func (p *proc) url() string { return p.base }

// kill sends SIGKILL, as the OOM killer or a lost node would, and waits for the process to go.
func (p *proc) kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// stop asks the process to shut down gracefully and reports how it exited.
func (p *proc) stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return p.err
	case <-time.After(time.Minute):
		p.kill()
		return p.err
	}
}

// logLines collects a process's log and hands each complete line to onLine.
type logLines struct {
	onLine func([]byte)

	mu      sync.Mutex
	all     bytes.Buffer
	partial []byte
}

func (l *logLines) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all.Write(b)
	l.partial = append(l.partial, b...)
	consumed := 0
	for {
		i := bytes.IndexByte(l.partial[consumed:], '\n')
		if i < 0 {
			break
		}
		l.onLine(l.partial[consumed : consumed+i])
		consumed += i + 1
	}
	l.partial = append(l.partial[:0], l.partial[consumed:]...)
	return len(b), nil
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.all.String()
}
