// Command prc checks repositories against a production readiness checklist: `prc check` and
// `prc validate` work offline on a local directory, and `prc serve` runs the GitHub App.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/prchq/prc/checklist"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

const usageText = `prc checks a repository against a production readiness checklist.

Usage:
  prc check [DIR] [flags]   evaluate DIR (default ".") and print the results
  prc list [flags]          list the checklist's items
  prc explain ID [flags]    say why an item matters, how it is verified and how to fix it
  prc validate FILE...      validate checklists and .github/prc.yml files
  prc serve [flags]         run the GitHub App
  prc report [flags]        print the readiness digest over the App's store
  prc version               print the version
  prc help [COMMAND]        print this help, or a command's

Run "prc COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// The exit codes of every subcommand.
const (
	exitOK      = 0
	exitFailing = 1
	exitUsage   = 2
)

// run dispatches a command line (without the program name) and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		diag(stderr, "%s", usageText)
		return exitUsage
	}
	switch args[0] {
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "validate":
		return runValidate(args[1:], stdout, stderr)
	case "list":
		return runList(args[1:], stdout, stderr)
	case "explain":
		return runExplain(args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], os.Getenv, stdout, stderr)
	case "version", "--version", "-version":
		return runVersion(stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" && args[1] != "help" {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		out := &output{w: stdout}
		out.print(usageText)
		return out.finish(exitOK, stderr, "prc help")
	default:
		diag(stderr, "prc: unknown command %q\n\n%s", args[0], usageText)
		return exitUsage
	}
}

func runVersion(stdout, stderr io.Writer) int {
	out := &output{w: stdout}
	out.printf("prc %s\n", buildVersion())
	if c, err := checklist.Parse(checklist.DefaultSource, checklist.DefaultYAML()); err != nil {
		out.printf("built-in checklist: unavailable (%v)\n", err)
	} else {
		out.printf("built-in checklist: %s version %s\n", c.Name, c.Version)
	}
	return out.finish(exitOK, stderr, "prc version")
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
