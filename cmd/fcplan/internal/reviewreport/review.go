// Package reviewreport renders the result of `fcplan review`: the findings
// of lint and vet, the per-function simulation of Function Compute and of an
// ECS fleet on the same arrivals, the joined figures (downstream connections
// a burst opens) and the assumptions behind every number. Formats: text for
// a terminal, Markdown for a pull-request comment and a self-contained HTML
// page whose charts are inline SVG drawn with gonum/plot.
//
// The package only presents: the command (cmd/fcplan/review.go) computes
// every figure and fills a Review. Rendering is deterministic: the same
// Review gives byte-identical output.
package reviewreport

import (
	"fmt"
	"math"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/numfmt"
	"github.com/fcplan/fcplan/rules/finding"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/ecs"
)

// Review is everything one review has to say.
type Review struct {
	// Title names the reviewed project (its directory).
	Title   string
	Version string
	// Lint and Vet are the two finding sections.
	Lint Section
	Vet  Section
	// FailOn is the severity that fails the review ("never" for none).
	FailOn string
	// Workload describes the arrivals every function was simulated on.
	Workload Workload
	// Functions are the per-function simulations, in project order.
	Functions []Function
	// NotSimulated are the functions the simulator could not model (a
	// region missing from the catalog, an invalid setting), with why.
	NotSimulated []NotSimulated
	// Assumptions are stated at the end of every format.
	Assumptions []string
	// CatalogVersion is the version of the price and limit catalog.
	CatalogVersion string
}

// NotSimulated is a function left out of the simulation, and why.
type NotSimulated struct {
	Name   string
	Source string
	Why    string
}

// Line is the one-line account of n used by every format.
func (n NotSimulated) Line() string {
	return fmt.Sprintf("%s (%s) not simulated: %s", n.Name, n.Source, n.Why)
}

// Section is the result of one checker (lint or vet).
type Section struct {
	// Skipped, when not empty, says why the checker did not run.
	Skipped string
	// Findings are active findings, sorted, secrets already masked.
	Findings []finding.Finding
	// Suppressed counts findings silenced by comments or a baseline.
	Suppressed int
	// Problems are load problems (a file that did not parse, a package
	// analyzed degraded), one line each.
	Problems []string
	// Notes are lines for the reader (packages analyzed, files linted).
	Notes []string
}

// Workload says what traffic was simulated and why.
type Workload struct {
	// Source is the trace file or the generator spec.
	Source string
	// Default is true when the user gave neither --trace nor --workload.
	Default bool
	// Why explains a default.
	Why string
	// Requests, window and rates are measured from the FC simulation of
	// the first function (every function sees the same arrivals).
	Requests       int64
	WindowSeconds  float64
	MeanPerSecond  float64
	PeakPerMinute  float64
	Invocation     string
	DurationSource string
}

// Function is one function's simulation and the joined figures.
type Function struct {
	Name   string
	Source string // file:line of the declaration
	// Model is a one-line summary of the simulated configuration.
	Model string
	FC    *simulator.Report
	// ECS is the fleet simulation on the same arrivals; nil with ECSError
	// set when it is not available.
	ECS      *ecs.Report
	ECSError string
	ECSType  string
	// Connections is the joined downstream-connection figure.
	Connections Connections
	// Timeline is the FC simulation per step (and the ECS fleet when the
	// ECS model provides it).
	Timeline Timeline
	// LatencyCDF is the FC end-to-end latency distribution.
	LatencyCDF []CDFPoint
	// ECSLatencyCDF is the ECS distribution, when available.
	ECSLatencyCDF []CDFPoint
	// Cost is the monthly cost of both platforms over a range of mean
	// request rates, and the crossover.
	Cost CostCurve
	// Notes are review-level caveats about this function's figures.
	Notes []string
}

// Connections is the database (downstream) connection figure of a burst:
// the simulation's peak joined with what the code does.
type Connections struct {
	// Peak is the figure to plan the database's connection limit for.
	Peak int64
	// PerRequest is true when GO001 found a connection opened per request
	// in the function's code: each in-flight request holds its own.
	PerRequest bool
	// Evidence is the GO001 location(s), or why the pool figure is used.
	Evidence string
	// PerRequestPeak and PerInstancePeak are both simulated peaks.
	PerRequestPeak  int64
	PerInstancePeak int64
	PoolSize        int
}

// Timeline is a per-step series. T is the step start in seconds.
type Timeline struct {
	StepSeconds  float64
	T            []float64
	Arrivals     []float64 // per step
	ColdStarts   []float64 // per step
	Throttled    []float64 // per step
	AsyncQueued  []float64 // async events waiting, end of step
	InstancesMax []float64
	BusyMax      []float64 // executing requests (per-request connections)
	// ECSInstances is the ECS fleet size (serving and booting, max per
	// step) and ECSDropped its dropped requests per step; nil when absent.
	ECSInstances []float64
	ECSDropped   []float64
}

// CDFPoint is one point of a latency distribution.
type CDFPoint struct {
	Ms       float64
	Quantile float64
}

// CostCurve is the monthly cost of FC and of an ECS fleet against the
// mean request rate, with the crossover.
type CostCurve struct {
	Currency string
	// Rates are mean request rates per second.
	Rates []float64
	FC    []float64
	ECS   []float64
	// ECSInstances is the fleet size priced at each rate.
	ECSInstances []int
	// BreakEven is the mean rate (req/s) above which ECS is cheaper; 0
	// when the curves do not cross in the range, see BreakEvenNote.
	BreakEven     float64
	BreakEvenNote string
	// Observed is the simulated mean rate, marked on the chart.
	Observed float64
	// Method explains how both curves were computed.
	Method string
}

// Counts returns the number of findings per severity in both sections.
func (r *Review) Counts() (errors, warnings, infos int) {
	for _, s := range []Section{r.Lint, r.Vet} {
		for _, f := range s.Findings {
			switch f.Severity {
			case finding.Error:
				errors++
			case finding.Warning:
				warnings++
			default:
				infos++
			}
		}
	}
	return
}

// Verdict is the one-line summary: Fail when findings reach the fail-on
// severity, Attention when the simulation or warnings need a look, Pass
// otherwise.
func (r *Review) Verdict() (level, text string) {
	e, w, i := r.Counts()
	var reasons []string
	fail := false
	failOn, _ := finding.ParseSeverity(r.FailOn)
	for _, s := range []Section{r.Lint, r.Vet} {
		for _, f := range s.Findings {
			if failOn != 0 && f.Severity >= failOn {
				fail = true
			}
		}
	}
	if e+w+i > 0 {
		reasons = append(reasons, countWords(e, w, i))
	}
	for _, f := range r.Functions {
		if f.FC == nil {
			continue
		}
		if n := f.FC.Throttled; n > 0 {
			reasons = append(reasons, fmt.Sprintf("%s: %s requests throttled", f.Name, Int(n)))
		}
		if n := f.FC.AsyncDropped; n > 0 {
			reasons = append(reasons, fmt.Sprintf("%s: %s async events dropped", f.Name, Int(n)))
		}
		if f.Connections.PerRequest {
			reasons = append(reasons, fmt.Sprintf("%s: %s database connections at the peak (one per request)", f.Name, Int(f.Connections.Peak)))
		}
	}
	if n := len(r.NotSimulated); n > 0 {
		reasons = append(reasons, fmt.Sprintf("%d %s not simulated", n, map[bool]string{true: "function", false: "functions"}[n == 1]))
	}
	switch {
	case fail:
		level = "fail"
		text = "Not ready to deploy"
	case len(reasons) > 0:
		level = "attention"
		text = "Deployable, with findings to review"
	default:
		level = "pass"
		text = "Ready to deploy: no findings, no throttling"
	}
	if len(reasons) > 0 {
		text += ": " + strings.Join(reasons, "; ")
	}
	return level, text
}

func countWords(e, w, i int) string {
	var parts []string
	add := func(n int, one, many string) {
		if n == 1 {
			parts = append(parts, "1 "+one)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(e, "error", "errors")
	add(w, "warning", "warnings")
	add(i, "info finding", "info findings")
	return strings.Join(parts, ", ")
}

// Int formats an integer with thousands separators.
func Int(n int64) string { return numfmt.Thousands(n) }

// Money formats an amount with its currency.
func Money(v float64, currency string) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case v >= 100_000:
		return fmt.Sprintf("%s %s", currency, Int(int64(math.Round(v))))
	default:
		cents := int64(math.Round(v * 100))
		return fmt.Sprintf("%s %s.%02d", currency, Int(cents/100), abs64(cents%100))
	}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Ms formats milliseconds.
func Ms(v float64) string {
	switch {
	case v >= 10_000:
		return fmt.Sprintf("%.1f s", v/1000)
	case v >= 1000:
		return fmt.Sprintf("%.2f s", v/1000)
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	default:
		return fmt.Sprintf("%.1f ms", v)
	}
}

// Pct formats a fraction as a percentage.
func Pct(f float64) string {
	switch {
	case f == 0:
		return "0%"
	case f < 0.001:
		return fmt.Sprintf("%.3f%%", 100*f)
	default:
		return fmt.Sprintf("%.2f%%", 100*f)
	}
}

// Rate formats requests per second, with the month equivalent.
func Rate(perSecond float64, month float64) string {
	perMonth := perSecond * month
	return fmt.Sprintf("%s/s (%s requests/month)", trim(perSecond), Count(perMonth))
}

// Count formats a large count in K/M/B.
func Count(v float64) string {
	switch {
	case v >= 1e9:
		return trim(v/1e9) + " B"
	case v >= 1e6:
		return trim(v/1e6) + " M"
	case v >= 1e4:
		return trim(v/1e3) + " K"
	default:
		return trim(v)
	}
}

func trim(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
	default:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
	}
}
