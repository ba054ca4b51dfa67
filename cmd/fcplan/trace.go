package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/simsetup"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/tracefmt"
	"github.com/fcplan/fcplan/simulator/workload"
)

// traceGenOptions are the flags of `fcplan trace gen`.
type traceGenOptions struct {
	spec   string
	seed   int64
	output string
	budget simsetup.Budget
}

// traceStatsOptions are the flags of `fcplan trace stats`.
type traceStatsOptions struct {
	file        string
	workload    string
	traceFormat string
	skipBadRows bool
	function    string
	top         int
	expand      string
	seed        int64
	format      string
	budget      simsetup.Budget
}

func init() {
	registerCommand(45, func(s *Streams) *cobra.Command {
		cmd := &cobra.Command{
			Use:   "trace",
			Short: "Generate workloads and summarise traffic traces",
			Long: `trace writes generated workloads as CSV and summarises recorded traces
(CSV, Azure Functions 2019/2021, Function Compute request-metric logs) so you
can check a trace before simulating it.`,
			Example: `  # One day of Poisson traffic at 5 requests/s, as CSV
  fcplan trace gen poisson:rate=5/s,duration=24h -o day.csv

  # Rate, peaks and percentiles of a trace
  fcplan trace stats day.csv`,
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		}
		cmd.AddCommand(newTraceGenCommand(s), newTraceStatsCommand(s))
		return cmd
	})
}

func newTraceGenCommand(s *Streams) *cobra.Command {
	opts := &traceGenOptions{}
	cmd := &cobra.Command{
		Use:   "gen SPEC",
		Short: "Write a generated workload as CSV",
		Long: `gen writes the arrivals of a workload spec as CSV with the columns
timestamp (seconds from the start, 9 decimals), duration_ms, function and
async. 'fcplan simulate --trace' and 'fcplan trace stats' read it back exactly.

Specs: poisson:rate=5/s,duration=24h
       diurnal:mean=20/s,peak=200/s,period=24h[,duration=..][,peak-at=12h]
       burst:base=100/s,peak=50000/s,at=2h,for=10m[,duration=..]
       cron:every=5m[,count=1][,offset=0s][,duration=24h]
       replay:FILE[,scale=3][,format=..][,jitter=1s][,top=N]
Rates take /s, /m, /h or /d; every generator also takes function=NAME and
async=true|false.`,
		Example: `  # A diurnal day peaking at noon
  fcplan trace gen diurnal:mean=20/s,peak=200/s,period=24h -o diurnal.csv

  # A 10-minute burst of 50,000 requests/s on a 100/s base, reproducibly
  fcplan trace gen burst:base=100/s,peak=50000/s,at=2h,for=10m --seed 7 -o burst.csv

  # A real Azure trace at three times its rate
  fcplan trace gen replay:Azure2021_200.csv,scale=3 > scaled.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.spec = args[0]
			return runTraceGen(opts, s)
		},
	}
	cmd.Flags().Int64Var(&opts.seed, "seed", 1, "random `seed`; the same seed gives the same arrivals")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to `FILE` instead of stdout")
	opts.budget.RegisterEvents(cmd)
	return cmd
}

func runTraceGen(opts *traceGenOptions, s *Streams) error {
	if err := opts.budget.Validate(); err != nil {
		return withExitCode(ExitInput, err)
	}
	est, err := simsetup.EstimateTraffic(opts.spec, "", "", workload.FileOptions{}, 0)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	est.Flag, est.Shorten = "trace gen "+opts.spec, "the workload's duration"
	if err := opts.budget.CheckEvents(est, 1); err != nil {
		return withExitCode(ExitInput, err)
	}
	src, err := workload.OpenSpec(opts.spec, opts.seed)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer src.Close()
	out := s.Out
	var f *os.File
	if opts.output != "" && opts.output != "-" {
		f, err = os.Create(opts.output)
		if err != nil {
			return withExitCode(ExitInput, fmt.Errorf("trace gen: %w", err))
		}
		out = f
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	n, err := workload.WriteCSV(bw, src)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return withExitCode(ExitInput, fmt.Errorf("trace gen: %w", err))
	}
	if f != nil {
		fmt.Fprintf(s.ErrOut, "wrote %d arrivals to %s\n", n, safetext.Text(opts.output))
	}
	return nil
}

func newTraceStatsCommand(s *Streams) *cobra.Command {
	opts := &traceStatsOptions{}
	cmd := &cobra.Command{
		Use:   "stats (FILE | --workload SPEC)",
		Short: "Summarise a trace: rate, peaks, inter-arrival and duration percentiles",
		Long: `stats streams a trace (or a generated workload) once and prints the number
of requests and functions, the mean rate, the busiest second and minute, and
inter-arrival and execution-time percentiles (from a log-linear histogram,
within 1%). Malformed rows stop it with file:line and what was expected,
unless --skip-bad-rows counts them instead.`,
		Example: `  # A CSV trace (format detected from the header)
  fcplan trace stats requests.csv

  # The five busiest functions of an Azure 2019 day, as JSON
  fcplan trace stats azure2019/ --top 5 --format json

  # An SLS export of FC request-level metrics, skipping bad lines
  fcplan trace stats fc-requests.jsonl --trace-format fc-requestlog --skip-bad-rows

  # What a generator produces
  fcplan trace stats --workload diurnal:mean=20/s,peak=200/s,period=24h`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runTraceStats(opts, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.workload, "workload", "", "summarise a generated workload `spec` instead of a file")
	f.StringVar(&opts.traceFormat, "trace-format", "", "trace format: csv, azure2019, azure2021 or fc-requestlog (default: detected)")
	f.BoolVar(&opts.skipBadRows, "skip-bad-rows", false, "skip and count malformed rows instead of failing")
	f.StringVar(&opts.function, "function", "", "keep only functions whose key starts with `prefix`")
	f.IntVar(&opts.top, "top", 0, "keep only the `N` busiest functions")
	f.StringVar(&opts.expand, "expand", "uniform", "Azure 2019 per-minute expansion: uniform or even")
	f.Int64Var(&opts.seed, "seed", 1, "random `seed` (Azure 2019 expansion and durations, generators)")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	opts.budget.RegisterEvents(cmd)
	return cmd
}

func runTraceStats(opts *traceStatsOptions, s *Streams) error {
	if (opts.file == "") == (opts.workload == "") {
		return withExitCode(ExitInput, fmt.Errorf("trace stats: give exactly one of FILE or --workload SPEC"))
	}
	if opts.format != "text" && opts.format != "json" {
		return withExitCode(ExitInput, fmt.Errorf("trace stats: --format %q: expected text or json", opts.format))
	}
	if err := flagcheck.Top.Int("--top", int64(opts.top)); err != nil {
		return withExitCode(ExitInput, err)
	}
	if err := opts.budget.Validate(); err != nil {
		return withExitCode(ExitInput, err)
	}
	est, err := simsetup.EstimateTraffic(opts.workload, opts.file, opts.traceFormat, workload.FileOptions{Function: opts.function, SkipBadRows: opts.skipBadRows}, 0)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	est.Shorten = "the workload's duration"
	if opts.file != "" {
		est.Flag, est.Shorten = "trace stats "+opts.file, "the trace (--function keeps some of its functions)"
	}
	if err := opts.budget.CheckEvents(est, 1); err != nil {
		return withExitCode(ExitInput, err)
	}
	var (
		src    workload.Source
		name   = opts.file
		format = opts.traceFormat
	)
	if opts.workload != "" {
		name, format = opts.workload, "generator"
		src, err = workload.OpenSpec(opts.workload, opts.seed)
	} else {
		if format == "" {
			if format, err = workload.DetectFormat(opts.file); err != nil {
				return withExitCode(ExitInput, err)
			}
		}
		src, err = workload.OpenFile(opts.file, format, workload.FileOptions{
			SkipBadRows: opts.skipBadRows, Function: opts.function, TopN: opts.top, Seed: opts.seed, Expand: opts.expand,
		})
	}
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer src.Close()
	st, err := workload.Summarize(src)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	r := tracefmt.NewReport(name, format, st)
	if opts.format == "json" {
		err = tracefmt.WriteJSON(s.Out, r)
	} else {
		err = tracefmt.WriteText(s.Out, r)
	}
	if err == nil && st.BadRows > 0 {
		fmt.Fprintf(s.ErrOut, "fcplan: skipped %d malformed rows\n", st.BadRows)
	}
	return err
}
