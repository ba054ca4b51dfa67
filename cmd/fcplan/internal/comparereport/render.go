package comparereport

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/numfmt"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
)

// Formats are the output formats of `fcplan compare`.
var Formats = []string{"text", "json", "markdown", "csv"}

// Write prints c in format (one of Formats).
func Write(w io.Writer, c *Comparison, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(safetext.JSONWriter{W: w})
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(c)
	case "markdown":
		return flushed(w, c, Markdown)
	case "csv":
		return CSV(w, c)
	case "text":
		return flushed(w, c, Text)
	}
	return fmt.Errorf("format %q: expected one of %s", format, strings.Join(Formats, ", "))
}

// flushed runs a text or Markdown writer through a safetext.Writer, the
// backstop that keeps any control character from reaching the reader raw.
func flushed(w io.Writer, c *Comparison, write func(io.Writer, *Comparison) error) error {
	sw := safetext.NewWriter(w)
	if err := write(sw, c); err != nil {
		return err
	}
	return sw.Flush()
}

// columns are the side-by-side table's headings.
func columns(c *Comparison) []string {
	return []string{"Variant", "Pareto", "Cold %", "p50 ms", "p99 ms", "Throttled", "Timed out",
		"Peak inst", "Conns pool/req", "FC " + c.Currency + "/month", "ECS " + c.Currency + "/month"}
}

func row(c *Comparison, i int) []string {
	v := &c.Variants[i]
	name := v.Name
	if c.Recommended != nil && c.Recommended.Index == i {
		name += " (recommended)"
	}
	mark := ""
	if v.Pareto {
		mark = "*"
	}
	return []string{
		name, mark,
		num(round(100*v.ColdStartRate, 3)),
		num(v.LatencyMs.P50), num(v.LatencyMs.P99),
		count(v.Throttled), count(v.TimedOut),
		strconv.FormatInt(v.PeakInstances, 10),
		fmt.Sprintf("%d / %d", v.Connections.PerInstancePeak, v.Connections.PerRequestPeak),
		Money(v.FCMonthly), ecsCell(v.ECS),
	}
}

func ecsCell(e *ECS) string {
	switch {
	case e == nil:
		return "-"
	case e.Error != "":
		return "n/a"
	}
	if e.Dropped > 0 {
		return fmt.Sprintf("%s (%d inst, %s dropped)", Money(e.Monthly), e.InstancesPeak, count(e.Dropped))
	}
	return fmt.Sprintf("%s (%d inst)", Money(e.Monthly), e.InstancesPeak)
}

func header(c *Comparison) string {
	title := "Comparison"
	if c.Function != "" {
		title += " of " + c.Function
	}
	return fmt.Sprintf("%s: %d variants on %s over %s, seed %d, %s pricing", title, len(c.Variants), c.Traffic, c.Window, c.Seed, c.Pricing)
}

func footer(c *Comparison) []string {
	var out []string
	out = append(out, fmt.Sprintf("Pareto-optimal (*): no other variant is at least as good on all of monthly FC bill, p99 latency, cold-start rate and throttles, and better on one."))
	if c.ExtrapolatedFrom != "" {
		out = append(out, "Monthly figures are extrapolated from "+c.ExtrapolatedFrom+".")
	}
	if e := firstECS(c); e != nil {
		if e.Error != "" {
			out = append(out, "ECS: n/a: "+e.Error)
		} else {
			fleet := "a fixed fleet (sized for the peak)"
			if e.Mode == "autoscale" {
				fleet = "an autoscaled fleet"
			}
			out = append(out, fmt.Sprintf("ECS: %s of %s serving the same arrivals; (N inst) is the peak fleet size.", fleet, e.Type))
		}
	}
	if r := c.Recommended; r != nil {
		out = append(out, fmt.Sprintf("Recommended (objective %s): %s: %s.", r.Objective, r.Variant, r.Reason))
	}
	return out
}

func firstECS(c *Comparison) *ECS {
	for i := range c.Variants {
		if c.Variants[i].ECS != nil {
			return c.Variants[i].ECS
		}
	}
	return nil
}

func sweepColumns(c *Comparison) []string {
	return []string{"Memory MB", "vCPU", "Exec p50 ms", "p99 ms", "Timed out", "Throttled", "FC " + c.Currency + "/month", c.Currency + " per 1M requests"}
}

func sweepRow(s *Sweep, p SweepPoint) []string {
	mem := strconv.Itoa(p.MemoryMB)
	if p.MemoryMB == s.OptimumMB {
		mem += " (optimum)"
	}
	return []string{mem, num(p.VCPU), num(p.ExecutionP50), num(p.LatencyP99), count(p.TimedOut), count(p.Throttled), Money(p.FCMonthly), strconv.FormatFloat(p.CostPerMillion, 'f', 4, 64)}
}

// newTable is a table whose headings are printed as written.
func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
}

// Text writes the side-by-side table, the sweep curve and the notes. Names
// and values from configurations pass through safetext.Text.
func Text(w io.Writer, c *Comparison) error {
	fmt.Fprintln(w, safetext.Text(header(c)))
	fmt.Fprintln(w)
	t := newTable(w)
	t.Header(textCells(columns(c)))
	for i := range c.Variants {
		if err := t.Append(textCells(row(c, i))); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	if s := c.Sweep; s != nil {
		fmt.Fprintf(w, "\nMemory sweep (execution model %s)\n", safetext.Text(s.Duration))
		st := newTable(w)
		st.Header(textCells(sweepColumns(c)))
		for _, p := range s.Points {
			if err := st.Append(textCells(sweepRow(s, p))); err != nil {
				return err
			}
		}
		if err := st.Render(); err != nil {
			return err
		}
		fmt.Fprintf(w, "Cost-optimal memory: %s.\n", safetext.Text(s.Reason))
	}
	fmt.Fprintln(w)
	for _, l := range footer(c) {
		fmt.Fprintln(w, safetext.Text(l))
	}
	if len(c.Notes) > 0 {
		fmt.Fprintln(w, "\nnotes:")
		for _, n := range c.Notes {
			fmt.Fprintln(w, "  - "+safetext.Text(n))
		}
	}
	return nil
}

// textCells passes each cell through safetext.Text: a line break in a name
// would otherwise add a row to the table.
func textCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = safetext.Text(c)
	}
	return out
}

// Markdown writes the comparison for a pull-request comment. Every name and
// value passes through safetext.Markdown.
func Markdown(w io.Writer, c *Comparison) error {
	fmt.Fprintf(w, "### %s\n\n", safetext.Markdown(header(c)))
	mdTable(w, columns(c), len(c.Variants), func(i int) []string { return row(c, i) })
	if s := c.Sweep; s != nil {
		fmt.Fprintf(w, "\n#### Memory sweep (execution model %s)\n\n", safetext.MarkdownCode(s.Duration))
		mdTable(w, sweepColumns(c), len(s.Points), func(i int) []string { return sweepRow(s, s.Points[i]) })
		fmt.Fprintf(w, "\n**Cost-optimal memory:** %s.\n", safetext.Markdown(s.Reason))
	}
	fmt.Fprintln(w)
	for _, l := range footer(c) {
		fmt.Fprintln(w, safetext.Markdown(l))
		fmt.Fprintln(w)
	}
	if len(c.Notes) > 0 {
		fmt.Fprintln(w, "<details><summary>Notes</summary>")
		fmt.Fprintln(w)
		for _, n := range c.Notes {
			fmt.Fprintln(w, "- "+safetext.Markdown(n))
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "</details>")
	}
	return nil
}

func mdTable(w io.Writer, head []string, n int, rowAt func(int) []string) {
	head = mdCells(head)
	fmt.Fprintln(w, "| "+strings.Join(head, " | ")+" |")
	seps := make([]string, len(head))
	for i := range seps {
		seps[i] = "---"
		if i > 0 {
			seps[i] = "---:"
		}
	}
	fmt.Fprintln(w, "| "+strings.Join(seps, " | ")+" |")
	for i := 0; i < n; i++ {
		cells := mdCells(rowAt(i))
		fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
	}
}

// mdCells escapes each cell for Markdown (no |, HTML, link or line break
// from a value).
func mdCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = safetext.Markdown(c)
	}
	return out
}

// CSV writes one row per variant with raw numbers (no thousands separators);
// names and paths pass through safetext.Text.
func CSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	head := []string{"variant", "settings", "config", "memory_mb", "vcpu", "concurrency", "requests", "cold_starts", "cold_start_rate",
		"latency_p50_ms", "latency_p99_ms", "execution_p50_ms", "throttled", "timed_out", "async_dropped", "peak_instances",
		"connections_per_instance_peak", "connections_per_request_peak", "fc_monthly", "ecs_monthly", "ecs_dropped", "currency", "pareto", "recommended"}
	if err := cw.Write(head); err != nil {
		return err
	}
	for i := range c.Variants {
		v := &c.Variants[i]
		ecsMonthly, ecsDropped := "", ""
		if v.ECS != nil && v.ECS.Error == "" {
			ecsMonthly, ecsDropped = strconv.FormatFloat(v.ECS.Monthly, 'f', 2, 64), strconv.FormatInt(v.ECS.Dropped, 10)
		}
		rec := c.Recommended != nil && c.Recommended.Index == i
		// Names and paths can come from a pull request; a CSV is often
		// printed to a terminal or opened in a spreadsheet, so they are escaped
		// like text and cannot start a formula.
		rec2 := []string{safetext.CSVCell(v.Name), safetext.CSVCell(strings.Join(v.Settings, ";")), safetext.CSVCell(v.Config), strconv.Itoa(v.MemoryMB), num(v.VCPU), strconv.Itoa(v.Concurrency),
			strconv.FormatInt(v.Requests, 10), strconv.FormatInt(v.ColdStarts, 10), num(v.ColdStartRate),
			num(v.LatencyMs.P50), num(v.LatencyMs.P99), num(v.ExecutionMs.P50),
			strconv.FormatInt(v.Throttled, 10), strconv.FormatInt(v.TimedOut, 10), strconv.FormatInt(v.AsyncDropped, 10),
			strconv.FormatInt(v.PeakInstances, 10),
			strconv.FormatInt(v.Connections.PerInstancePeak, 10), strconv.FormatInt(v.Connections.PerRequestPeak, 10),
			strconv.FormatFloat(v.FCMonthly, 'f', 2, 64), ecsMonthly, ecsDropped, c.Currency,
			strconv.FormatBool(v.Pareto), strconv.FormatBool(rec)}
		if err := cw.Write(rec2); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func count(n int64) string { return numfmt.Thousands(n) }
