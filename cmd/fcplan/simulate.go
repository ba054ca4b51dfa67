package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/simreport"
	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

type simulateOptions struct {
	configs  []string
	function string
	sets     []string
	load     loadFlags

	trace       string
	traceFormat string
	skipBadRows bool
	top         int
	workload    string

	duration  string
	coldStart string
	keepAlive string

	pricing  string
	region   string
	currency string
	freeTier bool
	month    string

	seed     int64
	window   string
	warmup   string
	epoch    string
	format   string
	timeline string
	tlStep   string

	memory       int
	cpu          float64
	runtime      string
	concurrency  int
	minInstances int
	maxInstances int
	timeout      string
	vpc          bool
	routing      string
	poolSize     int
	invocation   string
	catalogFiles []string

	changed func(string) bool
}

func init() {
	registerCommand(40, newSimulateCmd)
}

func newSimulateCmd(s *Streams) *cobra.Command {
	opts := &simulateOptions{}
	cmd := &cobra.Command{
		Use:   "simulate (--trace FILE | --workload SPEC) [flags]",
		Short: "Replay traffic through a model of the FC scheduler: cold starts, latency, instances and the bill",
		Long: `simulate feeds a traffic trace or a generated workload through a
discrete-event model of the Function Compute scheduler and reports cold
starts, throttling, latency percentiles, instance counts, downstream
connection peaks and the monthly bill.

The function is described by a project (-c s.yaml, a directory, or a
Terraform plan JSON; --function picks one when there are several) or by
flags (--memory, --cpu, --runtime, --concurrency, --min-instances,
--max-instances, --vpc). --set key=value overrides any setting afterwards;
keys: memory, cpu, disk, runtime, concurrency, timeout, minInstances,
maxInstances, keepAlive, delayedRelease, routing, scaleOutBurst,
scaleOutPerMinute, coldStart, sandbox, runtimeStart, codeSizeMB,
codeFetchMBps, vpc, vpcENI, initializer, warmOverhead, duration,
asyncMaxRetries, asyncMaxEventAge, asyncBackoffMin, asyncBackoffMax,
hibernation, hibernationWakeUp, trackInterval, poolSize.

Every default comes from the catalog (platform section) with its source;
behaviours FC does not document (routing among warm instances, keep-alive,
sandbox time) are knobs and the report says which value was used.

Distributions: fixed:200ms | exp:mean=200ms | lognormal:p50=120ms,p99=900ms
| uniform:min=500ms,max=1.5s; --duration also takes cpu:io=50ms,cpu=150ms@1vcpu
(io + cpu x ref vCPU / vCPU).

The window is --window, else the generator's duration=, else the span of
the arrivals rounded up to a whole second (or until the last request
completes, if later). Bills are for a month (--month, 720h): a shorter window is
extrapolated and the output says so. The start-up ramp (an empty platform at
time 0) is counted unless --warmup discards it.

Exit status: 0 on success, 2 on bad input.`,
		Example: `  # A Poisson workload against a 512 MB Go function
  fcplan simulate --workload poisson:rate=5/s,duration=24h --runtime go1 --memory 512

  # Replay an Azure 2021 trace against a function from s.yaml, with 2 min instances
  fcplan simulate -c s.yaml --function api --trace Azure2021.csv --trace-format azure2021 --set minInstances=2

  # Pack vs spread, FC 2.0 pricing, JSON for scripts
  fcplan simulate --workload poisson:rate=20/s,duration=6h --routing spread --pricing fc2 --format json

  # Per-minute timeline and a 10-minute warm-up discarded
  fcplan simulate --workload diurnal:mean=20/s,peak=200/s,period=24h,duration=24h --warmup 10m --timeline timeline.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.changed = cmd.Flags().Changed
			return runSimulate(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.configs, "config", "c", nil, "project `path` (s.yaml, directory, Terraform plan JSON; repeatable)")
	f.StringVar(&opts.function, "function", "", "function `name` or key in the project, or function key in a multi-function trace")
	f.StringArrayVar(&opts.sets, "set", nil, "override a setting `key=value` (repeatable; see above)")
	f.StringVar(&opts.trace, "trace", "", "trace `file` (or Azure 2019 directory)")
	f.StringVar(&opts.traceFormat, "trace-format", "", "trace format: csv, azure2019, azure2021 or fc-requestlog (default: detected)")
	f.BoolVar(&opts.skipBadRows, "skip-bad-rows", false, "skip and count malformed trace rows instead of failing")
	f.IntVar(&opts.top, "top", 0, "keep only the `N` busiest functions of the trace")
	f.StringVar(&opts.workload, "workload", "", "generated workload `spec` (poisson:, diurnal:, burst:, cron:, replay:)")
	f.StringVar(&opts.duration, "duration", "", "execution-time `model` for arrivals without one (default fixed:100ms)")
	f.StringVar(&opts.coldStart, "cold-start", "", "cold-start `distribution` replacing the catalog profile (fixed:0 allowed)")
	f.StringVar(&opts.keepAlive, "keep-alive", "", "idle time before an on-demand instance is reclaimed, or never (default: catalog)")
	f.StringVar(&opts.pricing, "pricing", "", "billing model: fc3 or fc2 (default: the function's generation, else fc3)")
	f.StringVar(&opts.region, "region", "", "region for prices and scale-out limits (default: the function's, else cn-hangzhou)")
	f.StringVar(&opts.currency, "currency", "", "CNY or USD (default: the region's)")
	f.BoolVar(&opts.freeTier, "free-tier", true, "deduct the monthly free tier")
	f.StringVar(&opts.month, "month", "720h", "length of a billing month")
	f.Int64Var(&opts.seed, "seed", 1, "random seed: the same seed gives the same output")
	f.StringVar(&opts.window, "window", "", "simulated span (arrivals after it are ignored), e.g. 24h or 30d")
	f.StringVar(&opts.warmup, "warmup", "0", "discard measurements before this time (the start-up ramp)")
	f.StringVar(&opts.epoch, "start", "2026-01-05T00:00:00Z", "wall-clock `time` of the trace start, for scheduled scaling policies")
	f.StringVarP(&opts.format, "format", "f", "text", "output format: text or json")
	f.StringVar(&opts.timeline, "timeline", "", "write a CSV timeline to `file`")
	f.StringVar(&opts.tlStep, "timeline-step", "1m", "timeline row width (1s, 1m, ...)")
	f.IntVar(&opts.memory, "memory", 0, "memory in `MB` (default: catalog, 512)")
	f.Float64Var(&opts.cpu, "cpu", 0, "vCPUs (FC 3.0 cpu; default: in proportion to memory)")
	f.StringVar(&opts.runtime, "runtime", "", "runtime, e.g. go1, nodejs18, python3.10, java17, custom-container")
	f.IntVar(&opts.concurrency, "concurrency", 0, "instance concurrency (requests per instance)")
	f.IntVar(&opts.minInstances, "min-instances", 0, "minimum (provisioned) instances, kept warm")
	f.IntVar(&opts.maxInstances, "max-instances", 0, "maximum instances (default: catalog, 100)")
	f.StringVar(&opts.timeout, "timeout", "", "function timeout (seconds or a duration)")
	f.BoolVar(&opts.vpc, "vpc", false, "the function has VPC access (adds an ENI attach to cold starts)")
	f.StringVar(&opts.routing, "routing", "", "pick among warm instances: pack (most recent first, default) or spread (least recent)")
	f.IntVar(&opts.poolSize, "pool-size", 1, "downstream connections each instance opens at init")
	f.StringVar(&opts.invocation, "invocation", "auto", "auto (trace flag, or the function's triggers), sync or async")
	f.StringArrayVar(&opts.catalogFiles, "catalog", nil, "catalog override `file` (repeatable)")
	opts.load.register(cmd)
	return cmd
}

func inputErr(format string, args ...any) error {
	return withExitCode(ExitInput, fmt.Errorf(format, args...))
}

func runSimulate(s *Streams, opts *simulateOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return inputErr("--format %q: expected text or json", opts.format)
	}
	if (opts.trace == "") == (opts.workload == "") {
		return inputErr("give exactly one of --trace FILE or --workload SPEC")
	}
	cat, err := catalog.Load(opts.catalogFiles...)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	month, err := workload.ParseDuration(opts.month)
	if err != nil || month <= 0 {
		return inputErr("--month %q: expected a positive duration such as 720h or 30d", opts.month)
	}
	window, err := optDuration("--window", opts.window)
	if err != nil {
		return err
	}
	if window == 0 && opts.workload != "" {
		window = specDuration(opts.workload)
	}
	warmup, err := optDuration("--warmup", opts.warmup)
	if err != nil {
		return err
	}
	epoch, err := fc.ParseTime(opts.epoch, time.UTC)
	if err != nil {
		return inputErr("--start: %v", err)
	}
	horizon := window
	if horizon == 0 {
		horizon = month
	}

	// 1. The function: catalog defaults, then the project, then flags,
	// then --set.
	var notes []string
	var fn *model.Function
	region := opts.region
	if len(opts.configs) > 0 {
		fn, err = pickFunction(opts)
		if err != nil {
			return err
		}
		if region == "" {
			region = fn.Region.Or("")
		}
	}
	if region == "" {
		region = "cn-hangzhou"
	}
	var cfg fc.Config
	label := opts.function
	if fn != nil {
		var fnNotes []string
		cfg, fnNotes, err = fc.ConfigFromFunction(cat, fn, region, epoch, horizon)
		if err != nil {
			return withExitCode(ExitInput, err)
		}
		notes = append(notes, fnNotes...)
		label = fn.Name.Or(fn.Key)
	} else {
		cfg, err = fc.DefaultConfig(cat, opts.runtime, region)
		if err != nil {
			return withExitCode(ExitInput, err)
		}
		if opts.runtime == "" {
			notes = append(notes, "no --runtime: the catalog's default cold-start profile is used")
		}
	}
	if err := applyFlags(&cfg, cat, opts); err != nil {
		return err
	}
	durationSpec := opts.duration
	for _, kv := range opts.sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return inputErr("--set %q: expected key=value", kv)
		}
		if err := cfg.Set(cat, k, v); err != nil {
			return inputErr("--set: %v", err)
		}
		if strings.EqualFold(strings.TrimSpace(k), "duration") {
			durationSpec = v
		}
	}
	// The execution-time model depends on the final vCPU.
	if durationSpec != "" {
		d, err := fc.ParseDuration(durationSpec, cfg.VCPU)
		if err != nil {
			return inputErr("--duration: %v (expected %s)", err, fc.DurationSyntax)
		}
		cfg.Duration = d
	} else {
		notes = append(notes, "arrivals without a recorded execution time run for fixed:100ms (set --duration)")
	}
	cfg.Seed = uint64(opts.seed)
	cfg.Window = window
	cfg.Warmup = warmup
	if err := cfg.Validate(); err != nil {
		return withExitCode(ExitInput, err)
	}

	// 2. The workload.
	src, err := openWorkload(opts)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer src.Close()

	invocation := simulator.InvokeTrace
	switch opts.invocation {
	case "auto":
		if fn != nil && fc.AsyncByTriggers(fn) {
			invocation = simulator.InvokeAsync
			notes = append(notes, "every trigger of the function is asynchronous: arrivals are invoked async")
		}
	case "sync", "async":
		invocation = opts.invocation
	default:
		return inputErr("--invocation %q: expected auto, sync or async", opts.invocation)
	}

	pricing := opts.pricing
	if pricing == "" {
		pricing = "fc3"
		if fn != nil && fn.Generation == model.FC2 {
			pricing = "fc2"
		}
	}
	if pricing != "fc3" && pricing != "fc2" {
		return inputErr("--pricing %q: expected fc3 or fc2", pricing)
	}
	if c := opts.currency; c != "" && c != "CNY" && c != "USD" {
		return inputErr("--currency %q: expected CNY or USD", c)
	}

	simOpts := simulator.Options{
		Billing:    billing.Options{Pricing: pricing, Region: region, Currency: opts.currency, FreeTier: opts.freeTier, Month: month},
		Catalog:    cat,
		Function:   label,
		Invocation: invocation,
		Notes:      notes,
	}
	if opts.duration == "" && durationSpec == "" && opts.trace != "" {
		simOpts.Describe.Duration = "from the trace, else " + cfg.Duration.String()
	}
	if opts.timeline != "" {
		step, err := workload.ParseDuration(opts.tlStep)
		if err != nil || step <= 0 {
			return inputErr("--timeline-step %q: expected a positive duration such as 1m", opts.tlStep)
		}
		tf, err := os.Create(opts.timeline)
		if err != nil {
			return inputErr("--timeline: %v", err)
		}
		defer tf.Close()
		simOpts.Timeline, simOpts.TimelineStep = tf, step
	}
	if isTerminal(s.ErrOut) {
		simOpts.Progress = progressPrinter(s.ErrOut, window)
	}
	rep, err := simulator.Run(cfg, src, simOpts)
	if simOpts.Progress != nil {
		fmt.Fprint(s.ErrOut, "\r\033[K")
	}
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if opts.format == "json" {
		return simreport.JSON(s.Out, rep)
	}
	return simreport.Text(s.Out, rep)
}

// applyFlags applies the function-describing flags the user gave.
func applyFlags(cfg *fc.Config, cat *catalog.Catalog, o *simulateOptions) error {
	set := func(flag, key, value string) error {
		if !o.changed(flag) {
			return nil
		}
		if err := cfg.Set(cat, key, value); err != nil {
			return inputErr("--%s: %v", flag, err)
		}
		return nil
	}
	steps := []struct{ flag, key, value string }{
		{"runtime", "runtime", o.runtime},
		{"memory", "memory", fmt.Sprint(o.memory)},
		{"cpu", "cpu", fmt.Sprint(o.cpu)},
		{"concurrency", "concurrency", fmt.Sprint(o.concurrency)},
		{"min-instances", "minInstances", fmt.Sprint(o.minInstances)},
		{"max-instances", "maxInstances", fmt.Sprint(o.maxInstances)},
		{"timeout", "timeout", o.timeout},
		{"vpc", "vpc", fmt.Sprint(o.vpc)},
		{"routing", "routing", o.routing},
		{"pool-size", "poolSize", fmt.Sprint(o.poolSize)},
		{"keep-alive", "keepAlive", o.keepAlive},
		{"cold-start", "coldStart", o.coldStart},
	}
	for _, st := range steps {
		if err := set(st.flag, st.key, st.value); err != nil {
			return err
		}
	}
	if o.changed("min-instances") && !o.changed("max-instances") && cfg.MinInstances > cfg.MaxInstances {
		cfg.MaxInstances = cfg.MinInstances
	}
	return nil
}

func optDuration(flag, v string) (time.Duration, error) {
	if v == "" || v == "0" {
		return 0, nil
	}
	d, err := workload.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, inputErr("%s %q: expected a duration such as 24h or 30d", flag, v)
	}
	return d, nil
}

// specDuration returns the duration= of a generator spec, or 0.
func specDuration(spec string) time.Duration {
	_, args, ok := strings.Cut(spec, ":")
	if !ok {
		return 0
	}
	for _, kv := range strings.Split(args, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && strings.TrimSpace(k) == "duration" {
			d, err := workload.ParseDuration(strings.TrimSpace(v))
			if err == nil {
				return d
			}
		}
	}
	return 0
}

func pickFunction(o *simulateOptions) (*model.Function, error) {
	lo, err := o.load.options()
	if err != nil {
		return nil, withExitCode(ExitInput, err)
	}
	p := load.Paths(o.configs, lo)
	if p.HasErrors() {
		p.SortDiagnostics()
		var msgs []string
		for _, d := range p.Diagnostics {
			if d.Severity == model.DiagError {
				msgs = append(msgs, d.String())
			}
		}
		return nil, inputErr("cannot load the project:\n  %s", strings.Join(msgs, "\n  "))
	}
	if len(p.Functions) == 0 {
		return nil, inputErr("no functions found in %s", strings.Join(o.configs, ", "))
	}
	if o.function != "" {
		if f := p.Function(o.function); f != nil {
			return f, nil
		}
		return nil, inputErr("--function %q: not in the project (functions: %s)", o.function, functionNames(p))
	}
	if len(p.Functions) > 1 {
		return nil, inputErr("the project has %d functions: pick one with --function (%s)", len(p.Functions), functionNames(p))
	}
	return p.Functions[0], nil
}

func functionNames(p *model.Project) string {
	var names []string
	for _, f := range p.Functions {
		names = append(names, f.Name.Or(f.Key))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func openWorkload(o *simulateOptions) (workload.Source, error) {
	if o.workload != "" {
		return workload.OpenSpec(o.workload, o.seed)
	}
	fopts := workload.FileOptions{SkipBadRows: o.skipBadRows, TopN: o.top, Seed: o.seed}
	if len(o.configs) == 0 {
		// Without a project, --function selects a function of the trace.
		fopts.Function = o.function
	}
	return workload.OpenFile(o.trace, o.traceFormat, fopts)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter shows simulated progress on a terminal once a run has
// taken more than two seconds.
func progressPrinter(w io.Writer, window time.Duration) func(time.Duration, int64) {
	start := time.Now()
	return func(at time.Duration, n int64) {
		if time.Since(start) < 2*time.Second {
			return
		}
		if window > 0 {
			fmt.Fprintf(w, "\r\033[Ksimulating: %3.0f%% (%s of %s), %d M requests", 100*at.Seconds()/window.Seconds(), at.Truncate(time.Second), window, n/1_000_000)
			return
		}
		fmt.Fprintf(w, "\r\033[Ksimulating: %s simulated, %d M requests", at.Truncate(time.Second), n/1_000_000)
	}
}
