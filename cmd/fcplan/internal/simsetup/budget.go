package simsetup

import (
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/workload"
)

// ArrivalsPerCPUSecond is the simulator's measured end-to-end speed
// (BENCHMARKS.md: a month at 100 req/s, 259 M arrivals, in 34.5 CPU-s with
// billing), used to say how long a refused run would have taken.
const ArrivalsPerCPUSecond = 7.5e6

// Default budget. 5e9 arrivals is about 11 minutes of CPU at the measured
// speed: longer runs are refused unless asked for. A million timeline rows
// is a month at 3 s steps, about 60 MB of CSV.
const (
	DefaultMaxEvents       = 5e9
	DefaultMaxTimelineRows = 1e6
)

// Budget bounds the time and memory of every simulation of a command:
// --max-events caps the arrivals all its simulations read (estimated
// before the first one starts, and counted as they run), and
// --max-timeline-rows the rows of a timeline (span / step).
type Budget struct {
	MaxEvents       float64
	MaxTimelineRows float64
}

// budgetRange bounds the two flags themselves: at least one, at most 1e15
// (far past a day of CPU, and exact in an int64 and a float64).
var budgetRange = flagcheck.Range{Min: 1, Max: 1e15}

// Register adds --max-events and --max-timeline-rows to cmd.
func (b *Budget) Register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.Float64Var(&b.MaxEvents, "max-events", DefaultMaxEvents,
		"refuse runs whose simulations would read more arrivals than `N` in all (5e9 is about 11 minutes of CPU at the simulator's ~7.5 M arrivals per CPU-second)")
	fs.Float64Var(&b.MaxTimelineRows, "max-timeline-rows", DefaultMaxTimelineRows,
		"refuse timelines of more than `N` rows (span / --timeline-step; 1e6 is a month at 3 s steps, ~60 MB)")
}

// RegisterEvents adds only --max-events, for commands that read a
// workload without simulating it or writing a timeline (trace gen, trace
// stats).
func (b *Budget) RegisterEvents(cmd *cobra.Command) {
	b.MaxTimelineRows = DefaultMaxTimelineRows
	cmd.Flags().Float64Var(&b.MaxEvents, "max-events", DefaultMaxEvents,
		"refuse workloads of more than `N` arrivals")
}

// Validate checks the flags' own values.
func (b *Budget) Validate() error {
	if err := budgetRange.Float("--max-events", b.MaxEvents); err != nil {
		return err
	}
	return budgetRange.Float("--max-timeline-rows", b.MaxTimelineRows)
}

// Traffic is an estimated workload with the flag that gave it, for
// messages ("--workload poisson:...", "--trace big.csv").
type Traffic struct {
	Flag string
	// Shorten says how to shorten the traffic, in the command's flags
	// (default: "the window (--window, or the workload's duration)").
	Shorten string
	workload.Estimate
}

func (t Traffic) shorten() string {
	if t.Shorten != "" {
		return t.Shorten
	}
	return "the window (--window, or the workload's duration)"
}

// Windowed returns t cut to window (arrivals after it are not read): the
// arrivals in proportion when the span is known.
func (t Traffic) Windowed(window time.Duration) Traffic {
	if window <= 0 {
		return t
	}
	if t.SpanKnown && t.Span > window {
		t.Arrivals *= float64(window) / float64(t.Span)
	}
	if !t.SpanKnown || t.Span > window {
		t.Span, t.SpanKnown = window, true
	}
	return t
}

// CheckEvents refuses runs simulations of t that would read more arrivals
// than the budget, saying what they would take.
func (b *Budget) CheckEvents(t Traffic, runs int) error {
	total := t.Arrivals * float64(max(runs, 1))
	if total <= b.MaxEvents {
		return nil
	}
	what := fmt.Sprintf("%s has about %s arrivals (%s)", t.Flag, countWord(t.Arrivals), t.Basis)
	if runs > 1 {
		what += fmt.Sprintf(", read by %d simulations: %s in all", runs, countWord(total))
	}
	return fmt.Errorf("%s, about %s of CPU at the simulator's ~%s arrivals per CPU-second; the limit is %s (--max-events): raise it with --max-events or shorten %s",
		what, cpuTime(total/ArrivalsPerCPUSecond), countWord(ArrivalsPerCPUSecond), countWord(b.MaxEvents), t.shorten())
}

// TimelineRows is the number of rows a timeline of step over span has.
func TimelineRows(span, step time.Duration) float64 {
	return math.Ceil(float64(span) / float64(step))
}

// CheckTimeline refuses a timeline of more rows than the budget before
// anything is written. span is the simulated time (traffic plus the tail
// in which the last requests complete).
func (b *Budget) CheckTimeline(stepFlag string, step, span time.Duration) error {
	rows := TimelineRows(span, step)
	if rows <= b.MaxTimelineRows {
		return nil
	}
	need := roundUp(time.Duration(math.Ceil(float64(span) / b.MaxTimelineRows)))
	return fmt.Errorf("%s %s over %s would write about %s timeline rows; the limit is %s (--max-timeline-rows): widen %s (at least %s here), raise --max-timeline-rows or shorten the window",
		stepFlag, step, span, countWord(rows), countWord(b.MaxTimelineRows), stepFlag, need)
}

// roundUp rounds a step up to a whole millisecond, second, minute or hour,
// by its size.
func roundUp(d time.Duration) time.Duration {
	unit := time.Millisecond
	switch {
	case d > time.Hour:
		unit = time.Hour
	case d > time.Minute:
		unit = time.Minute
	case d > time.Second:
		unit = time.Second
	}
	return (d + unit - 1) / unit * unit
}

// Limits are the run-time safety net of one of runs simulations: the
// share of the arrival budget, and, with a timeline of step, the span its
// rows allow (less tail, the time after the last arrival). A run past them
// fails with a *simulator.LimitError, never a silent truncation.
func (b *Budget) Limits(runs int, step, tail time.Duration) simulator.Limits {
	var l simulator.Limits
	l.MaxArrivals = int64(math.Min(b.MaxEvents/float64(max(runs, 1)), math.MaxInt64/2))
	if step > 0 {
		l.MaxTimelineRows = int64(b.MaxTimelineRows)
		span := b.MaxTimelineRows * float64(step)
		if span < float64(math.MaxInt64/2) {
			l.MaxSpan = max(time.Duration(span)-tail, step)
		}
	}
	return l
}

// LimitMessage explains a run stopped by its safety net in the words of
// the flags.
func LimitMessage(t Traffic, err *simulator.LimitError) error {
	if err.Rows {
		return fmt.Errorf("%s: the timeline passed %s rows (--max-timeline-rows) while the last requests completed: widen the timeline step, raise --max-timeline-rows or shorten the window (--window)",
			t.Flag, countWord(float64(err.Limits.MaxTimelineRows)))
	}
	if err.Span {
		return fmt.Errorf("%s: an arrival at %s (arrival %d) is past the span the timeline was sized for (%s, --max-timeline-rows x the step), although the pre-pass estimated %s: widen the timeline step, raise --max-timeline-rows or shorten the window (--window)",
			t.Flag, billing.RoundSpan(err.At), err.Arrivals, billing.RoundSpan(err.Limits.MaxSpan), spanWord(t))
	}
	return fmt.Errorf("%s: more than %s arrivals (reached at simulated time %s), although the pre-pass estimated about %s (%s); the limit is the --max-events budget: raise it with --max-events or shorten the window (--window)",
		t.Flag, countWord(float64(err.Limits.MaxArrivals)), billing.RoundSpan(err.At), countWord(t.Arrivals), t.Basis)
}

func spanWord(t Traffic) string {
	if t.SpanKnown {
		return billing.RoundSpan(t.Span).String()
	}
	return "no span"
}

// count prints an arrival or row count: whole below a million, else
// with three significant digits ("2.59e+12").
func countWord(v float64) string {
	if v < 1e6 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// cpuTime says how long seconds of CPU is, in a unit a person reads.
func cpuTime(sec float64) string {
	switch {
	case sec < 120:
		return fmt.Sprintf("%.0f seconds", sec)
	case sec < 2*3600:
		return fmt.Sprintf("%.0f minutes", sec/60)
	case sec < 72*3600:
		return fmt.Sprintf("%.0f hours", sec/3600)
	}
	return fmt.Sprintf("%.0f days", sec/86400)
}

// Estimate pre-reads the workload cheaply (workload.EstimateSpec,
// workload.EstimateFile) and cuts it to the window.
func (s *Setup) Estimate() (Traffic, error) {
	f := s.flags
	function := ""
	if len(f.Configs) == 0 {
		function = f.Function
	}
	return EstimateTraffic(f.Workload, f.Trace, f.TraceFormat, workload.FileOptions{SkipBadRows: f.SkipBadRows, Function: function}, s.Window)
}

// EstimateTraffic estimates a --workload spec, or else a --trace file read
// with opts, cut to window (0: none).
func EstimateTraffic(spec, trace, format string, opts workload.FileOptions, window time.Duration) (Traffic, error) {
	var t Traffic
	var err error
	if spec != "" {
		t.Flag = "--workload " + spec
		t.Estimate, err = workload.EstimateSpec(spec)
	} else {
		t.Flag = "--trace " + trace
		t.Estimate, err = workload.EstimateFile(trace, format, opts)
	}
	if err != nil {
		return t, err
	}
	return t.Windowed(window), nil
}

// WidenStep returns the narrowest step from step up (in whole
// milliseconds, seconds, minutes or hours) that keeps span within rows,
// and whether it had to widen.
func WidenStep(step, span time.Duration, rows float64) (time.Duration, bool) {
	if TimelineRows(span, step) <= rows {
		return step, false
	}
	w := roundUp(time.Duration(math.Ceil(float64(span) / rows)))
	for TimelineRows(span, w) > rows {
		w = roundUp(w + 1)
	}
	return w, true
}
