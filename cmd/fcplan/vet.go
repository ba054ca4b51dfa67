package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/report"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/vetrun"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/rules"
)

type vetOptions struct {
	patterns      []string
	dir           string
	format        string
	output        string
	failOn        string
	failOnSet     bool
	config        string
	baseline      string
	writeBaseline string
	tests         bool
	reportUnused  bool
	rules         ruleSelection
	noSnippets    bool
	cgo           bool
	srcroot       string
}

func init() {
	registerCommand(25, newVetCmd)
}

func newVetCmd(s *Streams) *cobra.Command {
	opts := &vetOptions{}
	cmd := &cobra.Command{
		Use:   "vet [PACKAGES...]",
		Short: "Check Go handler code for Function Compute pitfalls (GO001-GO005)",
		Long: `vet loads Go packages (default ./...) and runs fcplan's analyzers:

  GO001 connhandler  database, cache, queue and cloud SDK clients created per request
  GO002 secrets      hard-coded AccessKey IDs and secrets
  GO003 handlerwait  time.Sleep, HTTP calls without timeout, context.Background in handlers
  GO004 sharedstate  unsynchronized writes to package-level state from handlers
  GO005 lifecycle    lifecycle hooks registered after fc.Start; deprecated fc.StartHttp

Handlers are found from fc.Start*, lambda.Start*, lambdaurl.Start and HTTP route
registration (net/http, gin, echo, chi); init context is init(), package
variables, main, fc.RegisterInitializerFunction, the /initialize route and
sync.Once bodies. Facts flow across packages, so a helper in another package
that opens a connection is reported where the handler calls it.

Packages that do not type-check (an import that cannot be resolved) are still
analyzed, matching calls by import path and selector, and are listed as
degraded. A module the go command cannot use (no go.sum entry and no
network, a private module) degrades only the packages that import it: its
requirement is left out of a temporary copy of go.mod (go.mod and go.sum are
never written, nothing is downloaded). The go command runs with
GOTOOLCHAIN=local unless GOTOOLCHAIN is set, so a toolchain line in the
code under review does not download another Go.

The C toolchain does not run: the code under review may come from a pull
request, and a cgo preamble's #include "/any/file" would make the C compiler
read that file and quote it in its errors. Files that import "C" are analyzed
without their C declarations (degraded). --cgo runs cgo as go build does; use
it only on code you trust.

Silence one finding with a comment on or above its line; the reason is
required (a comment without one is reported as FCP001 and silences nothing):

  //fcplan:ignore GO001 -- admin tool, one request per hour

The project configuration (.fcplan.yaml in the current directory or --dir, or
--config) and the baseline work as for 'fcplan lint': rules GO001-GO005 can be
disabled, excluded by path or given another severity.

The same checks run under go vet with the fcvet binary:
  go vet -vettool=$(which fcvet) ./...

Exit status: 0 when nothing at or above --fail-on was found, 1 when something
was, 2 when the packages could not be loaded or the flags are wrong.`,
		Example: `  # Check every package of the module in the current directory
  fcplan vet

  # Check some packages, failing the build on warnings too
  fcplan vet --fail-on warning ./cmd/... ./internal/handler

  # SARIF for GitHub code scanning
  fcplan vet --format sarif ./... > fcplan-vet.sarif

  # JSON for scripts, including test files
  fcplan vet --tests --format json

  # Adopt on an existing code base: record today's findings, fail only on new ones
  fcplan vet --write-baseline .fcplan-vet-baseline.json
  fcplan vet --baseline .fcplan-vet-baseline.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.patterns = args
			opts.failOnSet = cmd.Flags().Changed("fail-on")
			return runVet(opts, s)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output `format`: "+strings.Join(report.Formats, ", "))
	cmd.Flags().StringVar(&opts.failOn, "fail-on", "error", "exit 1 when a finding has at least this `severity`: error, warning, info or never")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write the report to `file` instead of stdout")
	cmd.Flags().StringVarP(&opts.dir, "dir", "C", "", "run in `directory` (patterns are relative to it)")
	cmd.Flags().StringVar(&opts.config, "config", "", "configuration `file` (default: .fcplan.yaml in the current directory or --dir)")
	cmd.Flags().StringVar(&opts.baseline, "baseline", "", "baseline `file`: only findings not in it count")
	cmd.Flags().StringVar(&opts.writeBaseline, "write-baseline", "", "record every current finding in `file`; exit 0, or 2 on a configuration error")
	cmd.Flags().BoolVar(&opts.tests, "tests", false, "also analyze _test.go files")
	opts.rules.register(cmd)
	cmd.Flags().BoolVar(&opts.reportUnused, "report-unused-ignores", false, "report fcplan:ignore comments that silence nothing (FCP002)")
	cmd.Flags().BoolVar(&opts.noSnippets, "no-snippets", false, "text format: do not print source lines")
	addSrcrootFlag(cmd, &opts.srcroot)
	cmd.Flags().BoolVar(&opts.cgo, "cgo", false, "run cgo and the C compiler on files that import \"C\" (trusted code only)")
	return cmd
}

func runVet(opts *vetOptions, s *Streams) (err error) {
	if !report.ValidFormat(opts.format) {
		return withExitCode(ExitInput, fmt.Errorf("--format %q: want %s", opts.format, strings.Join(report.Formats, ", ")))
	}
	base := opts.dir
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return withExitCode(ExitInput, fmt.Errorf("working directory: %w", err))
		}
	}
	if base, err = filepath.Abs(base); err != nil {
		return withExitCode(ExitInput, fmt.Errorf("--dir: %w", err))
	}
	if err := checkDir(base, "the directory of a Go module"); err != nil {
		if opts.dir != "" {
			err = checkDir(opts.dir, "the directory of a Go module") // as the user wrote it
		}
		return withExitCode(ExitInput, fmt.Errorf("--dir %w", err))
	}
	srcroot, err := sarifSrcRoot(opts.srcroot, base)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	cfg, err := vetConfig(opts, base)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	failOnText := opts.failOn
	if !opts.failOnSet && cfg.FailOn != "" {
		failOnText = cfg.FailOn
	}
	failOn, err := rules.ParseFailOn(failOnText)
	if err != nil {
		return withExitCode(ExitInput, fmt.Errorf("--fail-on %q: want error, warning, info or never", failOnText))
	}

	enabled, ruleIDs := enabledAnalyzers(cfg)
	res, err := vetrun.Run(vetrun.Options{Dir: base, Patterns: opts.patterns, Tests: opts.tests, Analyzers: enabled, CGO: opts.cgo})
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	res.Relative(base)
	applied := rules.Apply(rules.Batch{Findings: res.Findings, Files: res.Files, RuleIDs: ruleIDs}, cfg)

	code := ExitOK
	for _, e := range applied.Errors {
		fmt.Fprintln(s.ErrOut, "fcplan:", safetext.Lines(e.Error()))
		code = ExitInput
	}
	if opts.writeBaseline != "" {
		if err := recordBaseline(s, opts.writeBaseline, &applied, &cfg); err != nil {
			return withExitCode(ExitInput, err)
		}
	}

	rep := vetReport(res, applied, cfg)
	rep.Command = "vet"
	out, closeOut, err := openOutput(s.Out, opts.output)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer closeOut(&err)
	if err := report.Write(out, opts.format, rep, report.Options{
		NoSnippets: opts.noSnippets,
		SrcRoot:    srcroot,
		BaseDir:    base,
		Color:      opts.output == "" && colorOutput(s.Out, os.Getenv),
		ReadFile:   func(p string) ([]byte, error) { return relativeTo(base)(p, rules.SourceKind(p)) },
	}); err != nil {
		return withExitCode(ExitInput, fmt.Errorf("write %s: %w", opts.format, err))
	}
	if code == ExitOK && failOn != 0 {
		for _, f := range applied.Findings {
			if f.Severity >= failOn {
				code = ExitFindings
				break
			}
		}
	}
	if code != ExitOK {
		return withExitCode(code, nil)
	}
	return nil
}

// relativeTo reads the source files findings name relative to base,
// through safefile (regular files under kind's cap only). A baseline path
// comes from the command line or a configuration file and is relative to
// the working directory, as --write-baseline's is.
func relativeTo(base string) func(string, safefile.Kind) ([]byte, error) {
	return func(p string, kind safefile.Kind) ([]byte, error) {
		if !filepath.IsAbs(p) && kind != safefile.Baseline {
			p = filepath.Join(base, p)
		}
		return safefile.Read(p, kind)
	}
}

// vetConfig loads the configuration (--config, else .fcplan.yaml in the
// working directory or base) and applies the flags that override it.
func vetConfig(opts *vetOptions, base string) (rules.Config, error) {
	cfg, err := loadFindingsConfig(findingFlags{
		config: opts.config, baseline: opts.baseline,
		writeBaseline: opts.writeBaseline, reportUnused: opts.reportUnused,
		rules: opts.rules,
	}, []string{base})
	if err != nil {
		return cfg, err
	}
	cfg.ReadFile = relativeTo(base)
	return cfg, nil
}

// vetReport turns a vet result into the shared report.
func vetReport(res *vetrun.Result, applied rules.Result, cfg rules.Config) report.Report {
	rep := report.Report{Tool: "fcplan", Version: version, Findings: applied.Findings, Rules: vetRules(applied.RuleIDs, cfg),
		Suppressed: suppressedOf(applied, cfg)}
	for _, p := range res.Problems {
		rep.Diagnostics = append(rep.Diagnostics, report.Diagnostic{
			Severity: "warning", Location: p.Location,
			Message: fmt.Sprintf("%s (package %s analyzed degraded)", p.Message, p.Package),
		})
	}
	for _, f := range res.Failures {
		rep.Diagnostics = append(rep.Diagnostics, report.Diagnostic{Severity: "error", Message: "analyzer failed: " + f})
	}
	note := fmt.Sprintf("%d %s analyzed", res.Packages, vetPlural(res.Packages, "package", "packages"))
	if len(res.Degraded) > 0 {
		note += fmt.Sprintf("; %d degraded (type errors or unresolved imports; calls matched by import path and selector): %s",
			len(res.Degraded), strings.Join(res.Degraded, ", "))
	}
	rep.Notes = append(rep.Notes, note)
	for _, m := range res.Unavailable {
		rep.Diagnostics = append(rep.Diagnostics, report.Diagnostic{
			Severity: "warning",
			Message:  "module " + m + "; its requirement was left out of the load (go.mod unchanged): packages importing it analyzed degraded",
		})
	}
	if len(res.NoCgo) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("cgo off: %d %s importing \"C\" analyzed without C declarations: %s (--cgo runs the C toolchain on them; trusted code only)",
			len(res.NoCgo), vetPlural(len(res.NoCgo), "file", "files"), strings.Join(res.NoCgo, ", ")))
	}
	return rep
}

func vetPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// vetRules describes the analyzer rules that ran and the suppression
// rules, with their doc pages, for SARIF's rules[]. A severity override in
// the configuration becomes the rule's default level.
func vetRules(ids []string, cfg rules.Config) []report.RuleInfo {
	var out []report.RuleInfo
	for _, id := range ids {
		a := analyzers.ByRule(id)
		if a == nil {
			continue
		}
		// The summary is the page's title, as 'fcplan rules' lists it; the
		// help is the page (rules/docs/GO*.md), else the analyzer's doc.
		summary, _, _ := strings.Cut(a.Doc, "\n")
		help, ok := rules.Doc(id)
		if ok {
			summary = rules.DocTitle(id, help)
		} else {
			help = a.Doc
		}
		ri := report.RuleInfo{ID: id, Name: a.Name, Summary: summary, Severity: analyzers.Severity(id), HelpURI: rules.DocURL(id), Help: help}
		if rc, ok := cfg.Rules[id]; ok && rc.Severity != 0 {
			ri.Severity = rc.Severity
		}
		out = append(out, ri)
	}
	for _, id := range []string{rules.MalformedIgnoreID, rules.UnusedIgnoreID} {
		if r := rules.Lookup(id); r != nil {
			ri := report.RuleInfo{ID: r.ID, Name: r.Name, Summary: r.Summary, Severity: r.Severity, HelpURI: rules.DocURL(r.ID)}
			ri.Help, _ = rules.Doc(r.ID)
			out = append(out, ri)
		}
	}
	return out
}

// enabledAnalyzers returns the analyzers the configuration leaves on, with
// their rule IDs: analyzers.All() is in rule order, GO001 first.
func enabledAnalyzers(cfg rules.Config) ([]*analysis.Analyzer, []string) {
	var (
		enabled []*analysis.Analyzer
		ruleIDs []string
	)
	for i, a := range analyzers.All() {
		id := fmt.Sprintf("GO%03d", i+1)
		if cfg.Enabled(id) {
			enabled = append(enabled, a)
			ruleIDs = append(ruleIDs, id)
		}
	}
	return enabled, ruleIDs
}
