package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/report"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/reviewreport"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/simsetup"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/vetrun"
	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules"
	"github.com/fcplan/fcplan/rules/finding"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/ecs"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

// reviewDefaultWorkload is simulated when neither --trace nor --workload is
// given; reviewDefaultWhy says why it was chosen (printed in the report).
const (
	reviewDefaultWorkload = "diurnal:mean=10/s,peak=50/s,period=24h,duration=24h"
	reviewDefaultWhy      = "no --trace or --workload was given: one full day, so that the nightly trough (keep-alive reclaims, cold starts) and the daily peak both occur; a mean of 10 requests/s (about 26 M a month) with a 5:1 peak-to-mean ratio stands for a mid-sized production service, the traffic at which FC versus ECS is a real question. Replay your own traffic with --trace for figures that mean something for you"
)

type reviewOptions struct {
	dir          string
	format       string
	output       string
	html         string
	failOn       string
	failOnSet    bool
	config       string
	catalogFiles []string
	load         loadFlags
	cgo          bool

	trace       string
	traceFormat string
	workload    string
	duration    string
	window      string
	seed        int64
	month       string
	billingEra  string
	ecsType     string
	step        string
	invocation  string
	budget      simsetup.Budget
}

func init() {
	registerCommand(60, newReviewCmd)
}

func newReviewCmd(s *Streams) *cobra.Command {
	return newReviewCommand(s, &reviewOptions{})
}

// newReviewCommand builds the command over opts (tests parse flags into
// their own options).
func newReviewCommand(s *Streams, opts *reviewOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review [DIR]",
		Short: "Pre-deployment review: lint, vet, simulate FC and ECS on the same traffic, join the results",
		Long: `review runs everything fcplan knows about a project in one command and
writes one report:

  1. lint: the configuration rules over the s.yaml / Terraform files of DIR
     (default: the current directory), with .fcplan.yaml and fcplan:ignore
     comments exactly as 'fcplan lint' applies them;
  2. vet: the Go analyzers over every Go module below DIR (skipped, and said
     so, when there is none);
  3. simulate: every function of the project on the same arrivals (--trace,
     --workload, or a default day stated in the report), through the FC
     scheduler model and through an autoscaled ECS fleet;
  4. join: a connection opened per request in the handler (GO001) plus the
     simulated peak of requests in flight gives the database connections a
     burst opens; without GO001 the per-instance pool figure is used;
  5. cost: the monthly FC bill against an ECS fleet sized for the peak, over
     a range of request rates, and the break-even rate.

Text goes to standard output; --format markdown writes a pull-request
comment; --format json writes one document for CI scripts (schemaVersion,
verdict, findings, and per function the simulate JSON, the ECS report, the
joined connection figure and the break-even); --html writes a
self-contained HTML page (inline CSS and SVG charts, nothing loaded from
elsewhere).

Exit status: 0 when no finding reaches --fail-on; 1 when one does; 2 when
the project cannot be loaded or a flag is wrong.`,
		Example: `  # Review the example project with the default workload
  fcplan review testdata/projects/image-pipeline

  # Replay a recorded trace and write an HTML report with charts
  fcplan review testdata/projects/image-pipeline --trace testdata/traces/image-pipeline.csv --html review.html

  # A 10-minute burst of 5,000 requests/s, as a pull-request comment
  fcplan review . --workload burst:base=100/s,peak=5000/s,at=1h,for=10m,duration=2h --format markdown

  # Fail the CI job on warnings too
  fcplan review infra/ --fail-on warning

  # Fail when a burst would open more connections than the database allows
  fcplan review . --format json | jq -e '[.functions[].connections.peak] | max <= 500'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			opts.failOnSet = cmd.Flags().Changed("fail-on")
			return runReview(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "text", "output `format`: text, markdown or json")
	f.StringVarP(&opts.output, "output", "o", "", "write the text, markdown or json report to `file` instead of standard output")
	f.StringVar(&opts.html, "html", "", "also write a self-contained HTML report with charts to `file`")
	f.StringVar(&opts.failOn, "fail-on", "error", "exit 1 on findings at or above this `severity`: error, warning, info or never")
	f.StringVar(&opts.config, "config", "", "configuration `file` (default: .fcplan.yaml in the current directory or DIR)")
	f.StringArrayVar(&opts.catalogFiles, "catalog", nil, "catalog override `file` (repeatable)")
	f.StringVar(&opts.trace, "trace", "", "trace `file` to replay (default: a generated day, stated in the report)")
	f.StringVar(&opts.traceFormat, "trace-format", "", "trace format: csv, azure2019, azure2021 or fc-requestlog (default: detected)")
	f.StringVar(&opts.workload, "workload", "", "generated workload `spec` (poisson:, diurnal:, burst:, cron:, replay:)")
	f.StringVar(&opts.duration, "duration", "", "execution-time `model` for arrivals without one (default fixed:100ms)")
	f.StringVar(&opts.window, "window", "", "simulated span, e.g. 3h (arrivals after it are ignored)")
	f.Int64Var(&opts.seed, "seed", 1, "random seed: the same seed gives the same report")
	f.StringVar(&opts.month, "month", "720h", "length of a billing month")
	f.StringVar(&opts.billingEra, "billing-era", "", "billing rules and keep-alive: legacy, cu-2024-08 or 2025-12 (default: the catalog's current era; the era's free tier is deducted)")
	f.StringVar(&opts.ecsType, "ecs-type", "", "ECS instance `type` for the comparison (default: the catalog's ecs.defaultType, ecs.c7.large)")
	f.StringVar(&opts.step, "timeline-step", "1m", "resolution of the charts' time series (widened, with a note, past 50,000 points)")
	f.StringVar(&opts.invocation, "invocation", "auto", "auto (the function's triggers), sync or async")
	opts.budget.Register(cmd)
	f.BoolVar(&opts.cgo, "cgo", false, "vet: run cgo and the C compiler on Go files that import \"C\" (trusted code only)")
	opts.load.register(cmd)
	return cmd
}

func runReview(s *Streams, opts *reviewOptions) (err error) {
	rv, err := buildReview(s, opts)
	if err != nil {
		return err
	}
	out, closeOut, err := openOutput(s.Out, opts.output)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer closeOut(&err)
	switch opts.format {
	case "markdown":
		err = reviewreport.Markdown(out, rv)
	case "json":
		err = reviewreport.JSON(out, rv)
	default:
		err = reviewreport.Text(out, rv)
	}
	if err != nil {
		return withExitCode(ExitInput, fmt.Errorf("write report: %w", err))
	}
	if opts.html != "" {
		var buf bytes.Buffer
		if err := reviewreport.HTML(&buf, rv); err != nil {
			return withExitCode(ExitInput, fmt.Errorf("--html: %w", err))
		}
		if err := os.WriteFile(opts.html, maskFor(s.Out, buf.Bytes()), 0o644); err != nil {
			return withExitCode(ExitInput, fmt.Errorf("--html: %w", err))
		}
	}
	failOn, _ := rules.ParseFailOn(rv.FailOn)
	if failOn != 0 {
		for _, sec := range []reviewreport.Section{rv.Lint, rv.Vet} {
			for _, f := range sec.Findings {
				if f.Severity >= failOn {
					return withExitCode(ExitFindings, nil)
				}
			}
		}
	}
	return nil
}

// buildReview checks the flags, loads, lints, vets and simulates: every
// figure of the report, before any output.
func buildReview(s *Streams, opts *reviewOptions) (*reviewreport.Review, error) {
	bad := func(format string, args ...any) error {
		return withExitCode(ExitInput, fmt.Errorf(format, args...))
	}
	if opts.format != "text" && opts.format != "markdown" && opts.format != "json" {
		return nil, bad("--format %q: want text, markdown or json", opts.format)
	}
	if opts.invocation != "auto" && opts.invocation != "sync" && opts.invocation != "async" {
		return nil, bad("--invocation %q: want auto, sync or async", opts.invocation)
	}
	if opts.trace != "" && opts.workload != "" {
		return nil, bad("give at most one of --trace FILE or --workload SPEC")
	}
	if err := checkDir(opts.dir, "a project directory"); err != nil {
		return nil, bad("review %v", err)
	}
	month, err := workload.ParseDuration(opts.month)
	if err != nil || month <= 0 {
		return nil, bad("--month %q: want a positive duration such as 720h or 30d", opts.month)
	}
	if err := flagcheck.Month.Duration("--month", opts.month, month); err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	step, err := parseStep("--timeline-step", opts.step)
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	var window time.Duration
	if opts.window != "" {
		if window, err = workload.ParseDuration(opts.window); err != nil || window <= 0 {
			return nil, bad("--window %q: want a positive duration such as 3h", opts.window)
		}
		if err := flagcheck.Window.Duration("--window", opts.window, window); err != nil {
			return nil, withExitCode(ExitInput, err)
		}
	}
	if err := opts.budget.Validate(); err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	cat, err := catalog.Load(opts.catalogFiles...)
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	if _, err := cat.BillingEras.Era(opts.billingEra); err != nil {
		return nil, bad("--billing-era: %v", err)
	}
	if opts.ecsType == "" {
		opts.ecsType = cat.ECS.DefaultType
	}
	if _, _, err := cat.ECS.Type(opts.ecsType); err != nil {
		return nil, bad("--ecs-type: %v", err)
	}
	// Check the traffic before the slower lint and vet.
	if opts.workload != "" || opts.trace != "" {
		var src workload.Source
		if opts.workload != "" {
			src, err = workload.OpenSpec(opts.workload, opts.seed)
		} else {
			src, err = workload.OpenFile(opts.trace, opts.traceFormat, workload.FileOptions{Seed: opts.seed})
		}
		if err != nil {
			return nil, withExitCode(ExitInput, err)
		}
		src.Close()
	}
	lintOpts := &lintOptions{paths: []string{opts.dir}, config: opts.config}
	cfg, err := lintConfig(lintOpts)
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	failOnText := opts.failOn
	if !opts.failOnSet && cfg.FailOn != "" {
		failOnText = cfg.FailOn
	}
	if _, err := rules.ParseFailOn(failOnText); err != nil {
		return nil, bad("--fail-on %q: want error, warning, info or never", failOnText)
	}
	lo, err := opts.load.options()
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}

	// 1. Load and lint.
	p := load.Paths([]string{opts.dir}, lo)
	if p.HasErrors() {
		p.SortDiagnostics()
		for _, d := range p.Diagnostics {
			if d.Severity == model.DiagError {
				fmt.Fprintln(s.ErrOut, safetext.Text(secret.MaskText(d.String())))
			}
		}
		return nil, bad("review %s: the project could not be loaded", opts.dir)
	}
	if len(p.Functions) == 0 {
		return nil, bad("review %s: no functions found (expected s.yaml, Terraform or a plan JSON)", opts.dir)
	}
	lintRes := rules.Run(p, cfg, &rules.Context{Catalog: cat})
	if len(lintRes.Errors) > 0 {
		return nil, withExitCode(ExitInput, fmt.Errorf("lint: %w", errors.Join(lintRes.Errors...)))
	}
	rv := &reviewreport.Review{Title: filepath.Base(reviewAbs(opts.dir)), Version: version, FailOn: failOnText, CatalogVersion: cat.Version}
	if rv.Lint, err = reviewSection(lintReport(p, lintRes, cfg), len(lintRes.Suppressed)+len(lintRes.Baselined)); err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	rv.Lint.Notes = append(rv.Lint.Notes, fmt.Sprintf("%d %s, %d rules", len(p.Functions), reviewPlural(len(p.Functions), "function", "functions"), len(lintRes.RuleIDs)))

	// 2. Vet the Go modules.
	var go001 []finding.Finding
	rv.Vet, go001, err = reviewVet(opts.dir, cfg, opts.cgo)
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}

	// 3. Simulate each function on the same arrivals, FC and ECS.
	spec := opts.workload
	if opts.trace == "" && spec == "" {
		spec = reviewDefaultWorkload
		rv.Workload = reviewreport.Workload{Source: spec, Default: true, Why: reviewDefaultWhy}
		rv.Assumptions = append(rv.Assumptions, "workload: "+reviewDefaultWhy)
	} else if spec != "" {
		rv.Workload.Source = spec
	} else {
		rv.Workload.Source = opts.trace
	}
	if window == 0 && spec != "" {
		window = simsetup.SpecDuration(spec)
	}
	open := func() (workload.Source, error) {
		if spec != "" {
			return workload.OpenSpec(spec, opts.seed)
		}
		return workload.OpenFile(opts.trace, opts.traceFormat, workload.FileOptions{Seed: opts.seed})
	}
	if len(p.Functions) > 1 && opts.trace == "" {
		rv.Assumptions = append(rv.Assumptions, "every function is simulated on the same, whole workload")
	}
	// Size the simulations before the first: every function reads the
	// arrivals three times (FC, then the ECS fleet's peak and service).
	traffic, err := simsetup.EstimateTraffic(spec, opts.trace, opts.traceFormat, workload.FileOptions{}, window)
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	runs := 3 * len(p.Functions)
	if err := opts.budget.CheckEvents(traffic, runs); err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	// The charts need no finer step than their point budget allows: a
	// step that would exceed it is widened, and the report says so.
	tail := time.Duration(cat.Platform.TimeoutSeconds.Max) * time.Second
	if traffic.SpanKnown {
		budget := math.Min(opts.budget.MaxTimelineRows, reviewChartRows)
		if w, widened := simsetup.WidenStep(step, traffic.Span+tail, budget); widened {
			rv.Assumptions = append(rv.Assumptions, fmt.Sprintf("--timeline-step %s over %s would give about %.3g chart points: the charts use %s steps instead (at most %.0f points, requests finishing up to the %s timeout included)",
				step, traffic.Span, simsetup.TimelineRows(traffic.Span+tail, step), w, budget, tail))
			step = w
		}
	}
	limits := opts.budget.Limits(runs, step, tail)
	// Within the budget: one more pass over the trace finds its functions.
	byName, err := reviewTraceMatch(opts.trace, p, open)
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	if len(byName) > 0 {
		rv.Assumptions = append(rv.Assumptions, reviewMatchNote(byName, len(p.Functions)))
	} else if len(p.Functions) > 1 && opts.trace != "" {
		rv.Assumptions = append(rv.Assumptions, "every function is simulated on the same, whole workload")
	}
	for _, fn := range p.Functions {
		open := open
		if key, ok := byName[fn.Key]; ok {
			whole := open
			open = func() (workload.Source, error) {
				src, err := whole()
				if err != nil {
					return nil, err
				}
				return simulator.OnlyFunction(src, key), nil
			}
		}
		f, err := reviewFunction(fn, open, cat, opts, reviewRun{window: window, month: month, step: step, limits: limits}, go001, len(p.Functions), rv.Vet.Skipped != "")
		var le *simulator.LimitError
		if errors.As(err, &le) {
			// The workload, not the function, is past the budget.
			return nil, withExitCode(ExitInput, simsetup.LimitMessage(traffic, le))
		}
		if err != nil {
			// One function the model cannot take (a region the catalog
			// does not price, a setting out of range) must not hide the
			// review of the others: say so in the report instead.
			rv.NotSimulated = append(rv.NotSimulated, reviewreport.NotSimulated{
				Name: fn.Name.Or(fn.Key), Source: fn.Source.String(), Why: err.Error()})
			continue
		}
		rv.Functions = append(rv.Functions, *f)
	}
	if len(rv.Functions) > 0 && rv.Functions[0].FC != nil {
		first := rv.Functions[0].FC
		w := &rv.Workload
		w.Requests = first.Requests
		w.WindowSeconds = first.WindowSeconds
		if first.WindowSeconds > 0 {
			w.MeanPerSecond = float64(first.Requests) / first.WindowSeconds
		}
		w.Invocation = first.Model.Invocation
		for _, v := range rv.Functions[0].Timeline.Arrivals {
			w.PeakPerMinute = math.Max(w.PeakPerMinute, v*60/rv.Functions[0].Timeline.StepSeconds)
		}
	}
	rv.Assumptions = append(rv.Assumptions,
		fmt.Sprintf("catalog %s: prices marked unconfirmed in the catalog are estimates (listed below where they are used)", cat.Version),
		fmt.Sprintf("bills are for a %s month, extrapolated from the simulated window", month))

	return rv, nil
}

// reviewSection masks a lint or vet report the way `fcplan lint` prints
// it (through the report package's JSON writer, which masks secrets) and
// keeps what the review shows.
func reviewSection(rep report.Report, suppressed int) (reviewreport.Section, error) {
	var buf bytes.Buffer
	if err := report.Write(&buf, "json", rep, report.Options{}); err != nil {
		return reviewreport.Section{}, err
	}
	var masked struct {
		Findings    []finding.Finding `json:"findings"`
		Diagnostics []struct {
			Severity string           `json:"severity"`
			Location finding.Location `json:"location"`
			Message  string           `json:"message"`
		} `json:"diagnostics"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal(buf.Bytes(), &masked); err != nil {
		return reviewreport.Section{}, fmt.Errorf("mask findings: %w", err)
	}
	sec := reviewreport.Section{Findings: masked.Findings, Suppressed: suppressed, Notes: masked.Notes}
	for _, d := range masked.Diagnostics {
		if d.Severity == "info" {
			continue
		}
		loc := ""
		if d.Location.File != "" {
			loc = d.Location.String() + ": "
		}
		sec.Problems = append(sec.Problems, loc+d.Severity+": "+d.Message)
	}
	return sec, nil
}

// reviewVet runs the Go analyzers over every Go module below dir and
// returns the section and the GO001 findings (for the connection join).
func reviewVet(dir string, cfg rules.Config, cgo bool) (reviewreport.Section, []finding.Finding, error) {
	mods, looseGo := reviewGoModules(dir)
	if len(mods) == 0 {
		why := "no Go module (go.mod) below " + dir
		if looseGo {
			why += "; Go files without a go.mod cannot be type-checked as a package"
		}
		return reviewreport.Section{Skipped: why}, nil, nil
	}
	enabled, ruleIDs := enabledAnalyzers(cfg)
	cwd, err := os.Getwd()
	if err != nil {
		return reviewreport.Section{}, nil, fmt.Errorf("working directory: %w", err)
	}
	all := &vetrun.Result{}
	for _, m := range mods {
		res, err := vetrun.Run(vetrun.Options{Dir: m, Analyzers: enabled, CGO: cgo})
		if err != nil {
			if errors.Is(err, vetrun.ErrNoPackages) {
				continue
			}
			return reviewreport.Section{}, nil, fmt.Errorf("vet %s: %w", m, err)
		}
		res.RelativeTo(cwd, true)
		all.Findings = append(all.Findings, res.Findings...)
		all.Files = append(all.Files, res.Files...)
		all.Packages += res.Packages
		all.Degraded = append(all.Degraded, res.Degraded...)
		all.Problems = append(all.Problems, res.Problems...)
		all.Failures = append(all.Failures, res.Failures...)
		all.NoCgo = append(all.NoCgo, res.NoCgo...)
	}
	vetrun.SortFindings(all.Findings)
	sort.Strings(all.Files)
	vcfg := cfg
	vcfg.ReadFile = nil
	applied := rules.Apply(rules.Batch{Findings: all.Findings, Files: all.Files, RuleIDs: ruleIDs}, vcfg)
	if len(applied.Errors) > 0 {
		return reviewreport.Section{}, nil, fmt.Errorf("vet: %w", errors.Join(applied.Errors...))
	}
	sec, err := reviewSection(vetReport(all, applied, vcfg), len(applied.Suppressed)+len(applied.Baselined))
	if err != nil {
		return sec, nil, err
	}
	rel := make([]string, len(mods))
	for i, m := range mods {
		rel[i] = m
		if r, err := filepath.Rel(cwd, m); err == nil {
			rel[i] = r
		}
	}
	sec.Notes = append(sec.Notes, "module "+strings.Join(rel, ", "))
	var go001 []finding.Finding
	for _, f := range sec.Findings {
		if connectsPerRequest(f) {
			go001 = append(go001, f)
		}
	}
	return sec, go001, nil
}

// connectsPerRequest reports whether a finding says connections scale with
// requests: GO001, except its info variant (lazy init behind a nil check,
// which opens once per instance).
func connectsPerRequest(f finding.Finding) bool {
	return f.RuleID == "GO001" && f.Severity != finding.Info
}

// reviewGoModules finds the Go modules below dir: dir itself when it has a
// go.mod, else every go.mod below it, not descending into a found module
// (nested modules are vendored stand-ins), vendor, testdata, third_party,
// node_modules or hidden directories. looseGo reports .go files seen
// outside any module.
func reviewGoModules(dir string) (mods []string, looseGo bool) {
	root := reviewAbs(dir)
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "testdata" || name == "third_party" || name == "node_modules") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				mods = append(mods, path)
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".go") {
			looseGo = true
		}
		return nil
	})
	return mods, looseGo
}

type reviewRun struct {
	window, month, step time.Duration
	limits              simulator.Limits
}

// reviewChartRows is the most timeline rows review keeps per function
// (the charts draw at most 720 points; the JSON report carries the rows:
// 30 days at the default 1m step fit).
const reviewChartRows = 50000

// reviewFunction simulates one function on FC and ECS and joins the
// results.
func reviewFunction(fn *model.Function, open func() (workload.Source, error), cat *catalog.Catalog, opts *reviewOptions, rr reviewRun, go001 []finding.Finding, nfuncs int, vetSkipped bool) (*reviewreport.Function, error) {
	region := fn.Region.Or("")
	if region == "" {
		region = "cn-hangzhou"
	}
	epoch := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	horizon := rr.window
	if horizon == 0 {
		horizon = rr.month
	}
	cfg, notes, err := fc.ConfigFromFunction(cat, fn, region, epoch, horizon)
	if err != nil {
		return nil, err
	}
	// The same billing defaults as cost and simulate: the era's rules,
	// keep-alive and free tier.
	bo, era, err := billing.ResolveOptions(billing.Options{Era: opts.billingEra, Region: region, FreeTier: true, Month: rr.month}, cat)
	if err != nil {
		return nil, err
	}
	cfg.UseEra(era)
	if opts.duration != "" {
		d, err := fc.ParseDuration(opts.duration, cfg.VCPU)
		if err != nil {
			return nil, simsetup.DurationError("--duration", opts.duration, err)
		}
		cfg.Duration = d
	} else if opts.trace != "" {
		notes = append(notes, "execution times come from the trace; rows without one run for "+cfg.Duration.String()+" (set --duration)")
	} else {
		notes = append(notes, "generated arrivals run for "+cfg.Duration.String()+" each (set --duration)")
	}
	cfg.Seed = uint64(opts.seed)
	cfg.Window = rr.window
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	invocation := simulator.InvokeTrace
	switch {
	case opts.invocation == "sync" || opts.invocation == "async":
		invocation = opts.invocation
	case fc.AsyncByTriggers(fn):
		invocation = simulator.InvokeAsync
		notes = append(notes, "every trigger of the function is asynchronous: arrivals are invoked async")
	}
	if fn.Generation == model.FC2 && bo.Pricing != "fc2" {
		notes = append(notes, "an FC 2.0 function is billed in compute units since 2024-08-27 like FC 3.0; --billing-era legacy bills the old GiB-s + call prices")
	}
	name := fn.Name.Or(fn.Key)
	var tl bytes.Buffer
	var measured *fc.Result
	simOpts := simulator.Options{
		Billing:      bo,
		Catalog:      cat,
		Function:     name,
		Invocation:   invocation,
		Notes:        notes,
		Timeline:     &tl,
		TimelineStep: rr.step,
		Measured:     func(r *fc.Result) { measured = r },
		Limits:       rr.limits,
	}
	if opts.duration == "" && opts.trace != "" {
		simOpts.Describe.Duration = "from the trace, else " + cfg.Duration.String()
	}
	src, err := open()
	if err != nil {
		return nil, err
	}
	rep, err := simulator.Run(cfg, src, simOpts)
	src.Close()
	if err != nil {
		return nil, err
	}
	out := &reviewreport.Function{
		Name:   name,
		Source: fn.Source.String(),
		FC:     rep,
		Model: fmt.Sprintf("%s, %d MB, %g vCPU, concurrency %d, instances %d..%d, keep-alive %s, cold start %s, execution %s",
			rep.Model.Runtime, rep.Model.MemoryMB, rep.Model.VCPU, rep.Model.Concurrency, rep.Model.MinInstances, rep.Model.MaxInstances,
			rep.Model.KeepAlive, rep.Model.ColdStart, rep.Model.Duration),
		ECSType: opts.ecsType,
	}
	if out.Timeline, err = reviewTimeline(tl.Bytes(), rr.step); err != nil {
		return nil, err
	}
	if measured != nil {
		out.LatencyCDF = reviewLatencyCDF(measured)
	}
	out.Connections = reviewConnections(rep, fn, go001, nfuncs, vetSkipped)

	// The ECS fleet on the same arrivals.
	src, err = open()
	if err != nil {
		return nil, err
	}
	ecfg := ecs.DefaultConfig(cat, opts.ecsType, region)
	ecfg.Mode = ecs.ModeAutoscale
	ecfg.Currency = rep.Bill.Currency
	ecfg.Duration = cfg.Duration
	ecfg.Seed = uint64(opts.seed)
	ecfg.Month = rr.month
	ecfg.Window = rr.window
	ecfg.TimelineStep = rr.step
	ecfg.KeepTimeline = true
	er, err := ecs.Run(ecfg, src, cat)
	src.Close()
	if err != nil {
		out.ECSError = err.Error()
	} else {
		out.ECS = er
		out.Timeline.ECSInstances, out.Timeline.ECSDropped = reviewECSSeries(er.Timeline, out.Timeline)
		out.ECSLatencyCDF = []reviewreport.CDFPoint{
			{Ms: er.LatencyMs.P50, Quantile: 0.5}, {Ms: er.LatencyMs.P90, Quantile: 0.9},
			{Ms: er.LatencyMs.P99, Quantile: 0.99}, {Ms: er.LatencyMs.P999, Quantile: 0.999},
			{Ms: er.LatencyMs.Max, Quantile: 1},
		}
	}

	if rep.Model.Concurrency > 1 && rep.Model.CPUSharing != "on" && er != nil && er.SlotsPerInstance > 0 {
		// The simulator's own note says why sharing was not applied; this
		// one only sets the two sides' capacity against each other.
		out.Notes = append(out.Notes, fmt.Sprintf("FC runs %d requests per instance at full speed here, while the ECS side sizes capacity as %s: for CPU-bound work the FC figures are optimistic",
			rep.Model.Concurrency, strings.TrimSpace(er.Capacity)))
	}
	if measured != nil && er != nil {
		cost, err := reviewCostCurve(cfg, measured, rep, out.Timeline, simOpts.Billing, opts.ecsType, cat, er)
		if err != nil {
			out.Notes = append(out.Notes, "no cost curve: "+err.Error())
		} else {
			out.Cost = cost
		}
	} else if er == nil {
		out.Notes = append(out.Notes, "no cost curve: the ECS side is not available")
	}
	return out, nil
}

// reviewConnections picks the connection figure: with GO001 in the
// function's code every in-flight request holds a connection (the peak of
// executing requests); otherwise each instance holds its pool.
// reviewTraceMatch matches the functions of a multi-function trace to the
// project's by name (or key): a matched project function is simulated on
// its own trace function's arrivals, not on the whole trace. It returns
// project function key -> trace function key.
func reviewTraceMatch(trace string, p *model.Project, open func() (workload.Source, error)) (map[string]string, error) {
	if trace == "" {
		return nil, nil
	}
	src, err := open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	keys, ok, err := simulator.TraceFunctions(src, 1<<16)
	if err != nil || !ok || len(keys) < 2 {
		return nil, err
	}
	m := map[string]string{}
	for _, fn := range p.Functions {
		switch name := fn.Name.Or(""); {
		case name != "" && keys[name]:
			m[fn.Key] = name
		case keys[fn.Key]:
			m[fn.Key] = fn.Key
		}
	}
	return m, nil
}

func reviewMatchNote(byName map[string]string, nfuncs int) string {
	names := make([]string, 0, len(byName))
	for _, k := range byName {
		names = append(names, k)
	}
	sort.Strings(names)
	s := fmt.Sprintf("the trace has several functions: %d project %s simulated on the arrivals of the trace function of the same name (%s)", len(names), reviewPlural(len(names), "function is", "functions are"), strings.Join(names, ", "))
	if rest := nfuncs - len(names); rest > 0 {
		s += fmt.Sprintf("; the other %d on the whole trace", rest)
	}
	return s
}

func reviewConnections(rep *simulator.Report, fn *model.Function, go001 []finding.Finding, nfuncs int, vetSkipped bool) reviewreport.Connections {
	c := reviewreport.Connections{
		PerRequestPeak:  rep.Connections.PerRequestPeak,
		PerInstancePeak: rep.Connections.PerInstancePeak,
		PoolSize:        rep.Connections.PoolSize,
	}
	var locs []string
	for _, f := range go001 {
		if nfuncs == 1 || reviewCodeBelongs(fn, f.Location.File) {
			locs = append(locs, f.Location.String())
		}
	}
	if len(locs) > 0 {
		c.PerRequest = true
		c.Peak = c.PerRequestPeak
		c.Evidence = "GO001 at " + strings.Join(locs, ", ")
		return c
	}
	c.Peak = c.PerInstancePeak
	switch {
	case vetSkipped:
		c.Evidence = "vet did not run (no Go code), so a pool opened once per instance is assumed"
	case len(go001) > 0:
		c.Evidence = "GO001 fired in code not matched to this function's codeUri, so a pool opened once per instance is assumed"
	default:
		c.Evidence = "vet found no connection opened per request, so a pool opened once per instance is assumed"
	}
	return c
}

// reviewCodeBelongs reports whether file lies below the function's code
// directory, or below its parent when the code directory holds no Go
// source (a build output such as ./code/target next to the sources).
func reviewCodeBelongs(fn *model.Function, file string) bool {
	code := fn.CodeURI.Or("")
	if code == "" || fn.Source.File == "" {
		return false
	}
	base := filepath.Join(filepath.Dir(fn.Source.File), code)
	dirs := []string{base}
	if !reviewHasGo(base) {
		dirs = append(dirs, filepath.Dir(base))
	}
	abs := reviewAbs(file)
	for _, d := range dirs {
		if rel, err := filepath.Rel(reviewAbs(d), abs); err == nil && !strings.HasPrefix(rel, "..") {
			return true
		}
	}
	return false
}

// reviewHasGo reports whether dir holds Go source files.
func reviewHasGo(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	return false
}

// reviewTimeline reads the simulator's CSV timeline (fc.TimelineColumns).
func reviewTimeline(b []byte, step time.Duration) (reviewreport.Timeline, error) {
	tl := reviewreport.Timeline{StepSeconds: step.Seconds()}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return tl, fmt.Errorf("timeline: %w", err)
	}
	if len(rows) == 0 {
		return tl, nil
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, c := range []string{"t_s", "arrivals", "cold_starts", "throttled", "instances_max", "busy_max", "async_queued"} {
		if _, ok := col[c]; !ok {
			return tl, fmt.Errorf("timeline: no column %q in %v", c, rows[0])
		}
	}
	for _, r := range rows[1:] {
		v := func(name string) float64 {
			x, _ := strconv.ParseFloat(r[col[name]], 64)
			return x
		}
		tl.T = append(tl.T, v("t_s"))
		tl.Arrivals = append(tl.Arrivals, v("arrivals"))
		tl.ColdStarts = append(tl.ColdStarts, v("cold_starts"))
		tl.Throttled = append(tl.Throttled, v("throttled"))
		tl.InstancesMax = append(tl.InstancesMax, v("instances_max"))
		tl.BusyMax = append(tl.BusyMax, v("busy_max"))
		tl.AsyncQueued = append(tl.AsyncQueued, v("async_queued"))
	}
	return tl, nil
}

// reviewECSSeries aligns the ECS fleet timeline with the FC timeline's steps
// (both use the same step from the start of the arrivals).
func reviewECSSeries(samples []ecs.Sample, tl reviewreport.Timeline) (instances, dropped []float64) {
	if len(samples) == 0 || len(tl.T) == 0 {
		return nil, nil
	}
	instances = make([]float64, len(tl.T))
	dropped = make([]float64, len(tl.T))
	i := 0
	for _, smp := range samples {
		for i < len(tl.T)-1 && tl.T[i+1] <= smp.T {
			i++
		}
		instances[i] = math.Max(instances[i], float64(smp.Instances+smp.Booting))
		dropped[i] += float64(smp.Dropped)
	}
	return instances, dropped
}

// reviewLatencyCDF samples the latency histogram at fixed quantiles.
func reviewLatencyCDF(r *fc.Result) []reviewreport.CDFPoint {
	if r.Latency == nil || r.Latency.Count() == 0 {
		return nil
	}
	var qs []float64
	for i := 1; i < 100; i++ {
		qs = append(qs, float64(i)/100)
	}
	qs = append(qs, 0.995, 0.999, 0.9995, 0.9999, 1)
	pts := make([]reviewreport.CDFPoint, 0, len(qs))
	for _, q := range qs {
		d := r.Latency.Quantile(q)
		if q == 1 {
			d = r.Latency.Max()
		}
		pts = append(pts, reviewreport.CDFPoint{Ms: float64(d) / 1e6, Quantile: q})
	}
	return pts
}

// reviewCostCurve prices FC and an ECS fleet over a range of mean request rates.
//
// FC: the simulated usage (invocations and instance-seconds) scaled in
// proportion to the rate and billed with the same options, so the
// per-request instance time, keep-alive share and free tier are the
// simulation's. ECS: a fixed fleet sized like the ECS model's fixed mode
// (the busiest minute's arrival rate x mean execution time x (1 +
// headroom) / (vCPU x requests per vCPU), at least one instance), priced
// at the monthly subscription.
func reviewCostCurve(cfg fc.Config, res *fc.Result, rep *simulator.Report, tl reviewreport.Timeline, bo billing.Options, ecsType string, cat *catalog.Catalog, er *ecs.Report) (reviewreport.CostCurve, error) {
	c := reviewreport.CostCurve{Currency: rep.Bill.Currency}
	if rep.WindowSeconds <= 0 || rep.Requests == 0 {
		return c, nil
	}
	observed := float64(rep.Requests) / rep.WindowSeconds
	peak := observed
	for _, a := range tl.Arrivals {
		peak = math.Max(peak, a/tl.StepSeconds)
	}
	peakToMean := peak / observed
	t, _, err := cat.ECS.Type(ecsType)
	if err != nil {
		return c, err
	}
	headroom := cat.ECS.Fleet.Headroom.Value
	// Capacity and service time as the ECS model derived them; without
	// it, the catalog's CPU-bound rule and the FC execution time.
	service := time.Duration(rep.ExecutionMs.Mean * float64(time.Millisecond))
	slots := int(math.Max(1, math.Floor(t.VCPU*math.Max(cat.ECS.Fleet.RequestsPerVCPU.Value, 1e-9)+1e-9)))
	if er != nil && er.SlotsPerInstance > 0 {
		slots = er.SlotsPerInstance
		// The ECS model's service time is that of the duration model; it
		// differs from FC's only for a split cpu: model (one vCPU per
		// request). Otherwise the measured mean holds, trace durations
		// included.
		if w, err := ecs.WorkOf(cfg.Duration); err == nil && w.Split {
			service = time.Duration(er.ServiceMs * float64(time.Millisecond))
		}
	}
	base := simulator.Usage(cfg, res, bo.Pricing)
	fcCost := func(rate float64) (float64, error) {
		k := rate / observed
		u := base
		u.Invocations = int64(math.Round(float64(base.Invocations) * k))
		u.ActiveInstanceSeconds *= k
		u.IdleMinInstanceSeconds *= k
		u.ProvisionedInstanceSeconds *= k
		u.OutboundGB *= k
		if base.Hours != nil {
			u.Hours = make([]billing.HourUsage, len(base.Hours))
			for i, h := range base.Hours {
				h.Invocations *= k
				h.Active *= k
				h.Idle *= k
				u.Hours[i] = h
			}
		}
		b, err := billing.Compute(u, bo, cat)
		return b.Total, err
	}
	ecsCost := func(rate float64) (float64, int, error) {
		n := ecs.FleetFor(rate*peakToMean, service, slots, headroom)
		e, err := billing.ECSMonthly(float64(n), billing.ECSOptions{Type: ecsType, Region: bo.Region, Currency: c.Currency, Month: bo.Month}, cat)
		return e.Subscription, n, err
	}
	lo, hi := observed/1000, math.Max(observed*1000, 1000)
	const points = 61
	for i := 0; i < points; i++ {
		r := lo * math.Pow(hi/lo, float64(i)/float64(points-1))
		f, err := fcCost(r)
		if err != nil {
			return c, err
		}
		e, n, err := ecsCost(r)
		if err != nil {
			return c, err
		}
		c.Rates = append(c.Rates, r)
		c.FC = append(c.FC, f)
		c.ECS = append(c.ECS, e)
		c.ECSInstances = append(c.ECSInstances, n)
	}
	c.Observed = observed
	// The break-even: the first rate at which FC costs at least as much
	// as the fleet, refined by bisection.
	for i := 1; i < len(c.Rates); i++ {
		if c.FC[i-1] < c.ECS[i-1] && c.FC[i] >= c.ECS[i] {
			a, b := c.Rates[i-1], c.Rates[i]
			for j := 0; j < 60; j++ {
				m := math.Sqrt(a * b)
				f, _ := fcCost(m)
				e, _, _ := ecsCost(m)
				if f >= e {
					b = m
				} else {
					a = m
				}
			}
			c.BreakEven = b
			break
		}
	}
	if c.BreakEven == 0 {
		if c.FC[0] >= c.ECS[0] {
			c.BreakEvenNote = fmt.Sprintf("ECS is cheaper at every rate from %s/s to %s/s", reviewreport.Count(lo), reviewreport.Count(hi))
		} else {
			c.BreakEvenNote = fmt.Sprintf("FC is cheaper at every mean rate up to %s/s: a fleet sized for the busiest %s (%.1f x the mean) costs more than FC throughout", reviewreport.Count(hi), reviewStepName(tl.StepSeconds), peakToMean)
		}
	}
	c.Method = fmt.Sprintf("Cost curves: FC = the simulated usage (invocations, instance-seconds) scaled to each mean rate and billed with the same options; ECS = a fixed fleet of %s sized like the ECS model's fixed mode for the busiest %s (peak-to-mean %.1f): ceil(peak rate x service %s x (1 + headroom %g) / %d slots per instance), at the monthly subscription price.",
		ecsType, reviewStepName(tl.StepSeconds), peakToMean, reviewreport.Ms(float64(service)/1e6), headroom, slots)
	return c, nil
}

func reviewStepName(sec float64) string {
	if sec == 60 {
		return "minute"
	}
	return billing.RoundSpan(time.Duration(sec * float64(time.Second))).String()
}

func reviewAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func reviewPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
