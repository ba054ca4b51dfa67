// Package simreport prints the result of `fcplan simulate`: a summary table
// and a bill breakdown as text, or the stable JSON document.
package simreport

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/numfmt"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/simulator"
)

// JSON writes the report as indented JSON (the stable contract).
func JSON(w io.Writer, r *simulator.Report) error {
	enc := json.NewEncoder(safetext.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Text writes the summary table, the bill breakdown and the notes. Every
// string that can come from a configuration or a trace (the function name,
// the runtime, bill item names, notes) is passed through safetext.Text, and
// the whole output through a safetext.Writer.
func Text(w io.Writer, r *simulator.Report) error {
	sw := safetext.NewWriter(w)
	if err := text(sw, r); err != nil {
		return err
	}
	return sw.Flush()
}

func text(w io.Writer, r *simulator.Report) error {
	t := safetext.Text
	m := r.Model
	title := "Simulation"
	if r.Function != "" {
		title += " of " + t(r.Function)
	}
	fmt.Fprintf(w, "%s over %s, seed %d\n", title, t(r.Window), r.Seed)
	if r.TimedOut > 0 {
		fmt.Fprintf(w, "WARNING: %s executions (%s%%) hit the %ss timeout and were cut: see the notes\n", count(r.TimedOut), num(round(100*r.TimedOutShare, 3)), num(m.TimeoutSeconds))
	}
	fmt.Fprintf(w, "model: %s (%s cold starts), %d MB, %s vCPU, concurrency %d, timeout %ss, instances %d..%d, keep-alive %s (first %s billed at the idle rate), routing %s, %s invocations\n",
		t(m.Runtime), t(m.RuntimeFamily), m.MemoryMB, num(m.VCPU), m.Concurrency, num(m.TimeoutSeconds),
		m.MinInstances, m.MaxInstances, t(m.KeepAlive), t(m.DelayedRelease), t(m.Routing), t(m.Invocation))
	fmt.Fprintf(w, "cold start: %s\nexecution: %s\n\n", t(m.ColdStart), t(m.Duration))

	tbl := tablewriter.NewTable(w)
	tbl.Header("Metric", "Value")
	rows := [][]string{
		{"requests", count(r.Requests)},
		{"invocations (retries included)", count(r.Invocations)},
		{"cold starts", fmt.Sprintf("%s (%s%%)", count(r.ColdStarts), num(round(100*r.ColdStartRate, 3)))},
		{"throttled (429)", count(r.Throttled)},
		{"timed out", fmt.Sprintf("%s (%s%%)", count(r.TimedOut), num(round(100*r.TimedOutShare, 3)))},
		{"latency ms p50 / p90 / p99 / p99.9 / max", pct(r.LatencyMs)},
		{"wait ms p50 / p90 / p99 / p99.9 / max", pct(r.WaitMs)},
		{"execution ms p50 / p90 / p99 / p99.9 / max", pct(r.ExecutionMs)},
		{"cold start ms p50 / p99", num(r.ColdStartMs.P50) + " / " + num(r.ColdStartMs.P99)},
		{"instances peak / mean / started", fmt.Sprintf("%d / %s / %s", r.Instances.Peak, num(r.Instances.Mean), count(r.Instances.Started))},
		{"busy slots peak / mean", fmt.Sprintf("%d / %s", r.BusySlots.Peak, num(r.BusySlots.Mean))},
		{"instance-seconds active / idle", num(r.InstanceSeconds.Active) + " / " + num(r.InstanceSeconds.Idle)},
		{"  of which min instances active / idle", num(r.InstanceSeconds.ActiveMin) + " / " + num(r.InstanceSeconds.IdleMin)},
		{fmt.Sprintf("connections peak: pool per instance (x%d) / per request", r.Connections.PoolSize),
			fmt.Sprintf("%d / %d", r.Connections.PerInstancePeak, r.Connections.PerRequestPeak)},
	}
	if r.AsyncQueued+r.AsyncRetries+r.AsyncDropped+r.AsyncPending > 0 {
		rows = append(rows, []string{"async queued / retried / to failure destination / pending",
			fmt.Sprintf("%s / %s / %s / %s", count(r.AsyncQueued), count(r.AsyncRetries), count(r.AsyncDropped), count(r.AsyncPending))})
	}
	if r.BadRows > 0 {
		rows = append(rows, []string{"trace rows skipped (malformed)", strconv.Itoa(r.BadRows)})
	}
	if r.ZeroDurationRows > 0 {
		rows = append(rows, []string{"arrivals without an execution time", count(r.ZeroDurationRows)})
	}
	for _, row := range rows {
		if err := tbl.Append(row); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}

	b := r.Bill
	head := fmt.Sprintf("\nMonthly bill (%s, free tier %s)", t(b.Currency), onOff(b.FreeTier))
	if b.Era != "" {
		head = fmt.Sprintf("\nMonthly bill (%s, billing era %s, free tier: %s)", t(b.Currency), t(b.Era), t(b.FreeTierStatus))
	}
	if b.ExtrapolatedFrom != "" {
		head += ", extrapolated from " + t(b.ExtrapolatedFrom)
	}
	fmt.Fprintln(w, head)
	bt := tablewriter.NewTable(w)
	bt.Header("Item", "Quantity", "Unit", "Rate", "Amount")
	for _, it := range b.Items {
		if err := bt.Append([]string{t(it.Name), num(round(it.Quantity, 3)), t(it.Unit), strconv.FormatFloat(it.Rate, 'g', 6, 64), money(it.Amount)}); err != nil {
			return err
		}
	}
	if err := bt.Append([]string{"total", "", "", "", money(b.Total)}); err != nil {
		return err
	}
	if err := bt.Render(); err != nil {
		return err
	}
	notes := append(append([]string(nil), b.Notes...), r.Notes...)
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nnotes:")
		for _, n := range notes {
			fmt.Fprintln(w, "  - "+t(n))
		}
	}
	return nil
}

func pct(p simulator.Percentiles) string {
	return strings.Join([]string{num(p.P50), num(p.P90), num(p.P99), num(p.P999), num(p.Max)}, " / ")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func round(f float64, places int) float64 {
	s := strconv.FormatFloat(f, 'f', places, 64)
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

func money(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func count(n int64) string { return numfmt.Thousands(n) }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
