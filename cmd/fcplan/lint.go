package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/report"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules"
	"github.com/fcplan/fcplan/rules/finding"
)

type lintOptions struct {
	paths         []string
	format        string
	failOn        string
	failOnSet     bool
	config        string
	baseline      string
	writeBaseline string
	reportUnused  bool
	rules         ruleSelection
	noSnippets    bool
	catalogFiles  []string
	output        string
	load          loadFlags
	srcroot       string
}

func init() {
	registerCommand(20, newLintCmd)
}

func newLintCmd(s *Streams) *cobra.Command {
	opts := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check s.yaml and Terraform for RAM, network, reliability, cost and secret problems",
		Long: `lint loads Serverless Devs s.yaml files, Terraform module directories and
Terraform plan JSON (files or directories; default: the current directory)
and runs fcplan's rules over them: over-broad RAM policies, VPC functions
without an internet path, trigger loops, costly settings, hard-coded keys.
Every finding points at the offending attribute's line, says why it matters
and how to fix it; 'fcplan rules explain ID' prints the rule's page.

Configuration comes from .fcplan.yaml (in the current directory or the first
PATH's directory, or --config); flags win over it:

  rules:
    RAM003: off              # off, error, warning or info
    COST001: {severity: error, exclude: ["sandbox/**"]}
  disable: [COST003]         # rule IDs or families (RAM, NET, REL, COST, SEC)
  enable: [RAM, NET]         # when present, only these run
  exclude: ["examples/**"]   # globs relative to the file's directory
  baseline: .fcplan-baseline.json
  failOn: warning

--enable and --disable select rules on the command line the same way
(--enable replaces the file's enable list and turns back on what the file
turns off; --disable adds to its disable list).

A finding is silenced on its line, or on the line below the comment, with
  # fcplan:ignore RULE[,RULE2] -- reason
(also // and /* */ in Terraform). A comment without a reason silences
nothing and is reported as FCP001.

A file named on the command line must load as what it is: an s.yaml that is
empty or not a Serverless Devs file, a truncated plan, a FIFO or a device is
an error. In a directory, files that are not project files are skipped
(special files and symlinks leading out of the directory with a note), but a
file named s.yaml, or a .json that starts like a plan, must load. As with
the go command's ./..., directories named testdata, vendor or node_modules
and dot-directories (.git, .terraform, .s) below a PATH are not walked:
name one to lint it.

The text format colours severities when standard output is a terminal,
never when NO_COLOR is set, TERM is dumb, or output goes to a pipe or -o.

Exit status: 0 no finding at or above --fail-on; 1 findings at or above
--fail-on; 2 usage error, bad configuration, or a file that failed to load
(the other files are still linted and reported). --write-baseline records
the findings and exits 0, or 2 when a file failed to load: the baseline is
written, but a load error is not a finding a baseline can accept.`,
		Example: `  # Lint the project in the current directory
  fcplan lint

  # Lint two directories and fail on warnings too
  fcplan lint infra/ functions/ --fail-on warning

  # SARIF for GitHub code scanning
  fcplan lint --format sarif -o fcplan.sarif

  # Accept today's findings, then fail only on new ones
  fcplan lint --write-baseline .fcplan-baseline.json
  fcplan lint --baseline .fcplan-baseline.json

  # Terraform variables and s.yaml ${env()} values
  fcplan lint infra/ --var-file prod.tfvars --env REGION=cn-hangzhou`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			opts.failOnSet = cmd.Flags().Changed("fail-on")
			return runLint(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "text", "output `format`: "+strings.Join(report.Formats, ", "))
	f.StringVar(&opts.failOn, "fail-on", "error", "exit 1 on findings at or above this `severity`: error, warning, info or never")
	f.StringVar(&opts.config, "config", "", "configuration `file` (default: .fcplan.yaml in the current or first PATH's directory)")
	f.StringVar(&opts.baseline, "baseline", "", "baseline `file`: only findings not in it count")
	f.StringVar(&opts.writeBaseline, "write-baseline", "", "record every current finding in `file`; exit 0, or 2 when a file failed to load (a baseline cannot hide a load error)")
	f.BoolVar(&opts.reportUnused, "report-unused-ignores", false, "report fcplan:ignore comments that silence nothing (FCP002)")
	f.BoolVar(&opts.noSnippets, "no-snippets", false, "text format: do not print source lines")
	f.StringArrayVar(&opts.catalogFiles, "catalog", nil, "catalog override `file` (repeatable)")
	f.StringVarP(&opts.output, "output", "o", "", "write the report to `file` instead of standard output")
	addSrcrootFlag(cmd, &opts.srcroot)
	opts.rules.register(cmd)
	opts.load.register(cmd)
	return cmd
}

func runLint(s *Streams, opts *lintOptions) (err error) {
	if !report.ValidFormat(opts.format) {
		return withExitCode(ExitInput, fmt.Errorf("--format %q: want %s", opts.format, strings.Join(report.Formats, ", ")))
	}
	cfg, err := lintConfig(opts)
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
	cat, err := catalog.Load(opts.catalogFiles...)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	lo, err := opts.load.options()
	if err != nil {
		return withExitCode(ExitInput, err)
	}

	p := load.Paths(opts.paths, lo)
	res := rules.Run(p, cfg, &rules.Context{Catalog: cat})

	code := ExitOK
	for _, e := range res.Errors {
		fmt.Fprintln(s.ErrOut, "fcplan:", safetext.Lines(e.Error()))
		code = ExitInput
	}
	if opts.writeBaseline != "" {
		if err := recordBaseline(s, opts.writeBaseline, &res, &cfg); err != nil {
			return withExitCode(ExitInput, err)
		}
	}

	rep := lintReport(p, res, cfg)
	out, closeOut, err := openOutput(s.Out, opts.output)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer closeOut(&err)
	srcroot, err := sarifSrcRoot(opts.srcroot, "")
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	rep.Command = "lint"
	if err := report.Write(out, opts.format, rep, report.Options{NoSnippets: opts.noSnippets, ReadFile: readSnippetSource, SrcRoot: srcroot,
		Color: opts.output == "" && colorOutput(s.Out, os.Getenv)}); err != nil {
		return withExitCode(ExitInput, fmt.Errorf("write report: %w", err))
	}
	if opts.format != "text" || opts.output != "" {
		// Machine formats go to a file or a pipe: repeat load errors where
		// a CI log shows them.
		for _, d := range p.Diagnostics {
			if d.Severity == model.DiagError {
				fmt.Fprintln(s.ErrOut, safetext.Text(secret.MaskText(d.String())))
			}
		}
	}
	if p.HasErrors() {
		code = ExitInput
		if opts.writeBaseline != "" {
			fmt.Fprintf(s.ErrOut, "fcplan: %s was written, but a file failed to load (see the report): a baseline cannot accept a load error; fix the file or exclude it\n", opts.writeBaseline)
		}
	}
	if code == ExitOK && failOn != 0 {
		for _, f := range res.Findings {
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

// lintConfig loads the configuration file and applies the flags that
// override it.
func lintConfig(opts *lintOptions) (rules.Config, error) {
	return loadFindingsConfig(findingFlags{
		config: opts.config, baseline: opts.baseline,
		writeBaseline: opts.writeBaseline, reportUnused: opts.reportUnused,
		rules: opts.rules,
	}, opts.paths)
}

// lintReport turns a lint result into the shared report.
func lintReport(p *model.Project, res rules.Result, cfg rules.Config) report.Report {
	rep := report.Report{Tool: "fcplan", Version: version, Findings: res.Findings, Rules: lintRuleInfos(res.RuleIDs, cfg),
		Suppressed: suppressedOf(res, cfg)}
	for _, d := range p.Diagnostics {
		rep.Diagnostics = append(rep.Diagnostics, report.Diagnostic{
			Severity: d.Severity,
			Location: finding.Location{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Column},
			Message:  d.Message,
		})
	}
	return rep
}

// lintRuleInfos describes the rules that ran, with their doc pages, for
// SARIF's rules[]. A severity override in the configuration becomes the
// rule's default level.
func lintRuleInfos(ids []string, cfg rules.Config) []report.RuleInfo {
	out := make([]report.RuleInfo, 0, len(ids))
	for _, id := range ids {
		r := rules.Lookup(id)
		if r == nil {
			continue
		}
		ri := report.RuleInfo{ID: r.ID, Name: r.Name, Summary: r.Summary, Severity: r.Severity, HelpURI: rules.DocURL(r.ID)}
		if rc, ok := cfg.Rules[r.ID]; ok && rc.Severity != 0 {
			ri.Severity = rc.Severity
		}
		ri.Help, _ = rules.Doc(r.ID)
		out = append(out, ri)
	}
	return out
}
