package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/secret"

	"github.com/spf13/cobra"
)

// Exit codes are part of fcplan's interface.
const (
	// ExitOK means the command succeeded and found nothing at or above --fail-on.
	ExitOK = 0
	// ExitFindings means findings at or above --fail-on were reported.
	ExitFindings = 1
	// ExitInput means a usage error or an input that could not be loaded.
	ExitInput = 2
)

// version is the version reports carry (SARIF, JSON, review): set with
// -ldflags "-X main.version=..." by release builds, else the module version
// the go command stamped into the binary (a tag, or a pseudo-version with
// +dirty), else "dev".
var version = ""

func init() {
	if version == "" {
		version = buildVersion(debug.ReadBuildInfo())
	}
}

// buildVersion is the main module's version from the build info, or "dev"
// when there is none (go run, go test, a build outside a module).
func buildVersion(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "dev"
	}
	return bi.Main.Version
}

// versionLine is what both --version and the version command print: the
// version, the VCS revision the binary was built from (with "modified" when
// the work tree had uncommitted changes) and its time, and the Go version.
func versionLine(bi *debug.BuildInfo, ok bool) string {
	line := "fcplan " + version
	if !ok {
		return line
	}
	var rev, when, modified string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			when = kv.Value
		case "vcs.modified":
			modified = kv.Value
		}
	}
	var parts []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		c := "commit " + rev
		if modified == "true" {
			c += " modified"
		}
		parts = append(parts, c)
	}
	if when != "" {
		parts = append(parts, when)
	}
	parts = append(parts, bi.GoVersion)
	return line + " (" + strings.Join(parts, ", ") + ")"
}

// Streams are the IO streams a command reads and writes; tests inject buffers.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// DefaultStreams returns the process's standard streams.
func DefaultStreams() *Streams {
	return &Streams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
}

// exitError carries an exit code through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withExitCode wraps err so that Execute exits with code. A nil err with a
// non-zero code exits silently (the command already reported its findings).
func withExitCode(code int, err error) error {
	return &exitError{code: code, err: err}
}

// commandFactory builds one subcommand against the given streams.
type commandFactory struct {
	order int
	build func(*Streams) *cobra.Command
}

var subcommands []commandFactory

// registerCommand adds a subcommand to the root. Each subcommand file calls it
// from init, so adding a command never touches this file. order sorts the
// help listing only.
func registerCommand(order int, build func(*Streams) *cobra.Command) {
	subcommands = append(subcommands, commandFactory{order: order, build: build})
}

// NewRootCommand builds the fcplan command tree.
func NewRootCommand(s *Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "fcplan",
		Short: "Lint, vet and plan Alibaba Cloud Function Compute projects",
		Long: `fcplan checks Function Compute projects before they are deployed and plans
their cost and latency under real traffic.

It reads Serverless Devs s.yaml files (components fc3 and legacy fc), Terraform
(alicloud HCL and 'terraform show -json' plans) and Go handler code.`,
		Example: `  # The whole pre-deployment review of a project: lint, vet, FC and ECS simulation
  fcplan review ./my-project --html review.html

  # Configuration rules in CI, as SARIF for code scanning
  fcplan lint ./my-project --format sarif -o fcplan.sarif

  # Go handler checks (or: go vet -vettool=$(which fcvet) ./...)
  fcplan vet ./...

  # Replay a day of traffic through the FC scheduler model
  fcplan simulate -c s.yaml --function api --workload diurnal:mean=20/s,peak=200/s,period=24h

  # Show every function fcplan finds in a project, as JSON for scripts
  fcplan inspect ./my-project --format json`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetFlagErrorFunc(suggestFlag)
	root.SetVersionTemplate(versionLine(debug.ReadBuildInfo()) + "\n")
	maxInput := root.PersistentFlags().StringArray("max-input", nil,
		"raise or lower the size cap of one kind of input file, KIND=SIZE (kinds: "+inputKinds()+"; e.g. plan=512MiB)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		for _, l := range *maxInput {
			if err := safefile.ParseLimit(l); err != nil {
				return withExitCode(ExitInput, err)
			}
		}
		return nil
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	sorted := append([]commandFactory(nil), subcommands...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].order < sorted[j].order })
	for _, f := range sorted {
		root.AddCommand(f.build(s))
	}
	registerCompletions(root)
	return root
}

// Execute runs fcplan with args and returns the process exit code.
//
// Every byte it writes goes through one secret.Writer per stream, masking
// the secret values this run learns (see secret.Registry): the registry is
// made here, per run, and reaches the loaders through the command's context.
func Execute(args []string, s *Streams) int {
	reg := secret.NewRegistry()
	out, errOut := secret.NewWriter(s.Out, reg), secret.NewWriter(s.ErrOut, reg)
	defer out.Flush()
	defer errOut.Flush()
	s = &Streams{In: s.In, Out: out, ErrOut: errOut}
	root := NewRootCommand(s)
	root.SetArgs(args)
	err := root.ExecuteContext(secret.WithRegistry(context.Background(), reg))
	if err == nil {
		return ExitOK
	}
	// Error messages quote inputs (a YAML error, an unknown value, a file
	// name): escape control and bidi characters here, the one place every
	// command's error is printed. Line breaks stay: errors.Join uses them.
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(s.ErrOut, "fcplan:", safetext.Lines(secret.MaskText(ee.err.Error())))
		}
		return ee.code
	}
	fmt.Fprintln(s.ErrOut, "fcplan:", safetext.Lines(secret.MaskText(err.Error())))
	return ExitInput
}

// inputKinds lists the kinds of input file with their default caps.
func inputKinds() string {
	var parts []string
	for _, k := range safefile.Kinds() {
		parts = append(parts, fmt.Sprintf("%s %s", k, safefile.FormatSize(safefile.DefaultLimit(k))))
	}
	return strings.Join(parts, ", ")
}

func init() {
	registerCommand(90, func(s *Streams) *cobra.Command {
		return &cobra.Command{
			Use:   "version",
			Short: "Print the fcplan version (as --version does)",
			Long: `version prints fcplan's version, the commit it was built from ("modified"
when the work tree had uncommitted changes), the commit time and the Go
version, all read from the binary's build information.`,
			Example: "  fcplan version",
			Args:    cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := fmt.Fprintln(s.Out, versionLine(debug.ReadBuildInfo()))
				return err
			},
		}
	})
}
