// Package tracefmt renders `fcplan trace stats` output as text or JSON.
package tracefmt

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/workload"
)

// Report is the stable JSON shape of `fcplan trace stats --format json`.
// Times are seconds from the start of the trace, durations milliseconds.
type Report struct {
	Source            string      `json:"source"`
	Format            string      `json:"format"`
	Requests          int64       `json:"requests"`
	Functions         int         `json:"functions"`
	FunctionsAtLeast  bool        `json:"functionsAtLeast,omitempty"` // the trace has more than Functions
	Async             int64       `json:"async"`
	FirstSeconds      float64     `json:"firstSeconds"`
	SpanSeconds       float64     `json:"spanSeconds"`
	MeanRatePerSecond float64     `json:"meanRatePerSecond"`
	PeakPerSecond     Peak        `json:"peakPerSecond"`
	PeakPerMinute     Peak        `json:"peakPerMinute"`
	InterArrivalMs    Percentiles `json:"interArrivalMs"`
	WithDuration      int64       `json:"withDuration"`
	DurationMs        Percentiles `json:"durationMs"`
	BadRows           int         `json:"badRows"`
}

// Peak is the busiest window and where it starts.
type Peak struct {
	Count     int64   `json:"count"`
	AtSeconds float64 `json:"atSeconds"`
}

// Percentiles in milliseconds.
type Percentiles struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func pct(p workload.Percentiles) Percentiles {
	return Percentiles{P50: msOf(p.P50), P90: msOf(p.P90), P99: msOf(p.P99), P999: msOf(p.P999), Max: msOf(p.Max)}
}

// NewReport converts workload statistics for output.
func NewReport(source, format string, st workload.Stats) Report {
	return Report{
		Source: source, Format: format,
		Requests: st.Requests, Functions: st.Functions, FunctionsAtLeast: st.FunctionsAtLeast, Async: st.Async,
		FirstSeconds: st.First.Seconds(), SpanSeconds: st.Span.Seconds(), MeanRatePerSecond: st.MeanRate,
		PeakPerSecond:  Peak{st.PeakPerSecond, st.PeakSecondAt.Seconds()},
		PeakPerMinute:  Peak{st.PeakPerMinute, st.PeakMinuteAt.Seconds()},
		InterArrivalMs: pct(st.InterArrival), WithDuration: st.WithDuration, DurationMs: pct(st.Duration),
		BadRows: st.BadRows,
	}
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(safetext.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes r as an aligned two-column summary. The source name
// (a file name) passes through safetext.Text, the output through a
// safetext.Writer.
func WriteText(w io.Writer, r Report) error {
	sw := safetext.NewWriter(w)
	tw := tabwriter.NewWriter(sw, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("trace", fmt.Sprintf("%s (%s)", safetext.Text(r.Source), safetext.Text(r.Format)))
	row("requests", strconv.FormatInt(r.Requests, 10))
	if r.FunctionsAtLeast {
		row("functions", "more than "+strconv.Itoa(r.Functions))
	} else {
		row("functions", strconv.Itoa(r.Functions))
	}
	row("async", strconv.FormatInt(r.Async, 10))
	row("span", fmt.Sprintf("%s (first arrival at %s)", secs(r.SpanSeconds), secs(r.FirstSeconds)))
	row("mean rate", fmt.Sprintf("%.4g /s", r.MeanRatePerSecond))
	row("peak", fmt.Sprintf("%d /s at %s; %d /min at %s", r.PeakPerSecond.Count, secs(r.PeakPerSecond.AtSeconds), r.PeakPerMinute.Count, secs(r.PeakPerMinute.AtSeconds)))
	row("inter-arrival", pctText(r.InterArrivalMs))
	if r.WithDuration > 0 {
		row("duration", fmt.Sprintf("%s (%d of %d requests)", pctText(r.DurationMs), r.WithDuration, r.Requests))
	} else {
		row("duration", "not in the trace")
	}
	row("bad rows", strconv.Itoa(r.BadRows))
	if err := tw.Flush(); err != nil {
		return err
	}
	return sw.Flush()
}

func secs(s float64) string {
	return billing.RoundSpan(time.Duration(s * float64(time.Second))).String()
}

func msText(v float64) string {
	d := time.Duration(v * float64(time.Millisecond))
	switch {
	case d >= time.Second:
		return billing.RoundSpan(d).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

func pctText(p Percentiles) string {
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s", msText(p.P50), msText(p.P90), msText(p.P99), msText(p.P999), msText(p.Max))
}
