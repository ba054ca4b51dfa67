package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/simreport"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/simsetup"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

type simulateOptions struct {
	sim    simsetup.Flags
	load   loadFlags
	budget simsetup.Budget

	format   string
	timeline string
	tlStep   string
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
maxInstances, keepAlive, delayedRelease, egressKB, routing, scaleOutBurst,
scaleOutPerMinute, coldStart, sandbox, runtimeStart, codeSizeMB,
codeFetchMBps, vpc, vpcENI, initializer, warmOverhead, duration,
asyncMaxRetries, asyncMaxEventAge, asyncBackoffMin, asyncBackoffMax,
hibernation, hibernationWakeUp, trackInterval, poolSize, cpuSharing
(instance concurrency > 1 with a cpu: duration: concurrent requests
share the instance's vCPUs; default true).

A trace with several functions is a fleet: each function is simulated as
its own function (own instances, keep-alive, concurrency, max instances,
cold starts), on every core, and the report has one row per function
(by bill) and the fleet's totals. A trace function takes the model of the
project function with its name (-c), or the one --map TRACE=PROJECT names,
else the defaults and flags; the report says which. --function KEY
simulates one function of the trace alone.

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

A run is sized before it starts: the arrivals are estimated from the
generator's rates and duration or from a cheap pre-pass over the trace
(rows counted, Azure 2019 per-minute counts summed, a csv's first and last
timestamps), and a run past --max-events arrivals or a timeline past
--max-timeline-rows rows is refused with what it would take. A run whose
trace turns out larger than estimated stops with the same advice, never
cut short silently.

Exit status: 0 on success, 2 on bad input.`,
		Example: `  # A Poisson workload against a 512 MB Go function
  fcplan simulate --workload poisson:rate=5/s,duration=24h --runtime go1 --memory 512

  # Replay an Azure 2021 trace against a function from s.yaml, with 2 min instances
  fcplan simulate -c s.yaml --function api --trace Azure2021.csv --trace-format azure2021 --set minInstances=2

  # Pack vs spread, FC 2.0 pricing, JSON for scripts
  fcplan simulate --workload poisson:rate=20/s,duration=6h --routing spread --pricing fc2 --format json

  # Every function of an Azure 2019 day as its own function, mapped to a project
  fcplan simulate -c s.yaml --trace azure2019/ --map f1aaaa=api --format json

  # Per-minute timeline and a 10-minute warm-up discarded
  fcplan simulate --workload diurnal:mean=20/s,peak=200/s,period=24h,duration=24h --warmup 10m --timeline timeline.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSimulate(s, opts)
		},
	}
	opts.sim.Register(cmd)
	opts.sim.AllowFleet = true
	opts.sim.LoadOptions = opts.load.options
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "text", "output format: text or json")
	f.StringVar(&opts.timeline, "timeline", "", "write a CSV timeline to `file`")
	f.StringVar(&opts.tlStep, "timeline-step", "1m", "timeline row width (1s, 1m, ...)")
	opts.budget.Register(cmd)
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
	if err := opts.budget.Validate(); err != nil {
		return withExitCode(ExitInput, err)
	}
	var step time.Duration
	if opts.timeline != "" {
		var err error
		if step, err = parseStep("--timeline-step", opts.tlStep); err != nil {
			return withExitCode(ExitInput, err)
		}
	}
	setup, err := simsetup.Prepare(&opts.sim, nil)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if opts.sim.Trace != "" && opts.sim.Function == "" {
		done, err := runFleet(s, opts, setup)
		if done || err != nil {
			return err
		}
	}
	if err := setup.NeedsFunction(); err != nil {
		return withExitCode(ExitInput, err)
	}
	cfg, err := setup.Config(nil)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	// Size the run before it starts: arrivals, and timeline rows.
	traffic, err := setup.Estimate()
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if err := opts.budget.CheckEvents(traffic, 1); err != nil {
		return withExitCode(ExitInput, err)
	}
	tail := runTail(cfg)
	if opts.timeline != "" && traffic.SpanKnown {
		if err := opts.budget.CheckTimeline("--timeline-step", step, traffic.Span+tail); err != nil {
			return withExitCode(ExitInput, err)
		}
	}
	src, err := setup.Open()
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer src.Close()

	simOpts := setup.Options(cfg)
	simOpts.Limits = opts.budget.Limits(1, step, tail)
	if opts.timeline != "" {
		tf, err := os.Create(opts.timeline)
		if err != nil {
			return inputErr("--timeline: %v", err)
		}
		defer tf.Close()
		simOpts.Timeline, simOpts.TimelineStep = tf, step
	}
	if isTerminal(s.ErrOut) {
		simOpts.Progress = progressPrinter(s.ErrOut, setup.Window)
	}
	rep, err := simulator.Run(cfg, src, simOpts)
	if simOpts.Progress != nil {
		fmt.Fprint(s.ErrOut, "\r\033[K")
	}
	if err != nil {
		if opts.timeline != "" {
			// A failed run leaves no partial timeline behind.
			removeRegular(opts.timeline)
		}
		var le *simulator.LimitError
		if errors.As(err, &le) {
			return withExitCode(ExitInput, simsetup.LimitMessage(traffic, le))
		}
		return withExitCode(ExitInput, err)
	}
	if opts.format == "json" {
		return simreport.JSON(s.Out, rep)
	}
	return simreport.Text(s.Out, rep)
}

// runFleet simulates every function of a multi-function trace as its own
// function. It reports done=false, with no output, when the trace has a
// single function: the caller then runs it as one.
func runFleet(s *Streams, opts *simulateOptions, setup *simsetup.Setup) (bool, error) {
	cfg, err := setup.Config(nil)
	if err != nil {
		return true, withExitCode(ExitInput, err)
	}
	traffic, err := setup.Estimate()
	if err != nil {
		return true, withExitCode(ExitInput, err)
	}
	if err := opts.budget.CheckEvents(traffic, 1); err != nil {
		return true, withExitCode(ExitInput, err)
	}
	fo := simulator.FleetOptions{
		Options:   setup.Options(cfg),
		Open:      setup.Open,
		Configure: setup.FleetConfig,
		CheckKeys: func(keys []string) error {
			if opts.timeline != "" {
				return fmt.Errorf("--timeline: the trace has %d functions, each simulated as its own; pick one with --function KEY to write its timeline", len(keys))
			}
			return setup.CheckTraceKeys(keys)
		},
		Window: setup.Window,
		Seed:   uint64(setup.Seed),
	}
	fo.Function = ""
	// --max-events counts every arrival read: the fleet reads the trace
	// once to count its functions and once per batch of them.
	fo.MaxReads = int64(min(opts.budget.MaxEvents, 1<<62))
	fo.Limits = opts.budget.Limits(1, 0, runTail(cfg))
	if isTerminal(s.ErrOut) {
		start := time.Now()
		fo.FunctionDone = func(done, total int) {
			if time.Since(start) > 2*time.Second {
				fmt.Fprintf(s.ErrOut, "\r\033[Ksimulating: %d of %d functions", done, total)
			}
		}
	}
	rep, err := simulator.RunFleet(fo)
	if fo.FunctionDone != nil {
		fmt.Fprint(s.ErrOut, "\r\033[K")
	}
	if errors.Is(err, simulator.ErrOneFunction) {
		return false, nil
	}
	if err != nil {
		var le *simulator.LimitError
		if errors.As(err, &le) {
			return true, withExitCode(ExitInput, simsetup.LimitMessage(traffic, le))
		}
		return true, withExitCode(ExitInput, err)
	}
	if opts.format == "json" {
		return true, simreport.FleetJSON(s.Out, rep)
	}
	return true, simreport.FleetText(s.Out, rep)
}

// parseStep parses a timeline step and checks its range.
func parseStep(flag, v string) (time.Duration, error) {
	step, err := workload.ParseDuration(v)
	if err != nil || step <= 0 {
		return 0, fmt.Errorf("%s %q: expected a positive duration such as 1m", flag, v)
	}
	if err := flagcheck.TimelineStep.Duration(flag, v, step); err != nil {
		return 0, err
	}
	return step, nil
}

// runTail is how long a run may go on after its last arrival: the
// requests still executing finish within the timeout.
func runTail(cfg fc.Config) time.Duration { return cfg.Timeout }

// removeRegular removes path if it is a regular file (never a device or a
// FIFO the user pointed --timeline at).
func removeRegular(path string) {
	if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() {
		os.Remove(path)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := outputFile(w)
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
