package simreport

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/olekukonko/tablewriter"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/simulator"
)

// FleetJSON writes a fleet run as indented JSON: `fleet{}` totals and
// `functions[]` rows (the stable contract in README's "JSON contracts").
func FleetJSON(w io.Writer, r *simulator.FleetReport) error {
	enc := json.NewEncoder(safetext.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// FleetText writes the fleet totals, one row per function (sorted by
// bill) and the notes. Function keys and model sources come from the trace
// and the project and go through safetext.Text.
func FleetText(w io.Writer, r *simulator.FleetReport) error {
	sw := safetext.NewWriter(w)
	if err := fleetText(sw, r); err != nil {
		return err
	}
	return sw.Flush()
}

func fleetText(w io.Writer, r *simulator.FleetReport) error {
	t := safetext.Text
	f := r.Fleet
	fmt.Fprintf(w, "Fleet simulation of %d functions over %s, seed %d\n", f.Functions, t(r.Window), r.Seed)
	if f.TimedOut > 0 {
		fmt.Fprintf(w, "WARNING: %s executions (%s%%) hit their timeout and were cut: see the notes\n", count(f.TimedOut), num(round(100*f.TimedOutShare, 3)))
	}
	fmt.Fprintf(w, "models: %s\n\n", byConfig(f.ByConfig))

	tbl := tablewriter.NewTable(w)
	tbl.Header("Fleet", "Value")
	rows := [][]string{
		{"functions", strconv.Itoa(f.Functions)},
		{"requests", count(f.Requests)},
		{"invocations (retries included)", count(f.Invocations)},
		{"cold starts (per request)", fmt.Sprintf("%s (%s%%)", count(f.ColdStarts), num(round(100*f.ColdStartRate, 3)))},
		{"throttled (429)", count(f.Throttled)},
		{"timed out", fmt.Sprintf("%s (%s%%)", count(f.TimedOut), num(round(100*f.TimedOutShare, 3)))},
		{"peak instances (sum of each function's peak)", count(f.PeakInstancesSum)},
		{"instances started", count(f.InstancesStarted)},
	}
	if f.AsyncRetries+f.AsyncDropped+f.AsyncPending > 0 {
		rows = append(rows, []string{"async retried / to failure destination / pending",
			fmt.Sprintf("%s / %s / %s", count(f.AsyncRetries), count(f.AsyncDropped), count(f.AsyncPending))})
	}
	if f.ZeroDurationRows > 0 {
		rows = append(rows, []string{"arrivals without an execution time", count(f.ZeroDurationRows)})
	}
	if r.BadRows > 0 {
		rows = append(rows, []string{"trace rows skipped (malformed)", strconv.Itoa(r.BadRows)})
	}
	bill := fmt.Sprintf("%s %s (era %s, without the free tier)", money(f.Bill), t(f.Currency), t(f.Era))
	if f.ExtrapolatedFrom != "" {
		bill += ", extrapolated from " + t(f.ExtrapolatedFrom)
	}
	rows = append(rows, []string{"monthly bill", bill})
	for _, row := range rows {
		if err := tbl.Append(row); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nFunctions (by monthly bill):")
	ft := tablewriter.NewTable(w)
	ft.Header("Function", "Model", "Requests", "Cold starts", "Throttled", "Timed out", "Peak inst", "p99 ms", "Bill")
	for _, fr := range r.Functions {
		if err := ft.Append([]string{
			t(fr.Function), t(fr.Config), count(fr.Requests),
			fmt.Sprintf("%s (%s%%)", count(fr.ColdStarts), num(round(100*fr.ColdStartRate, 3))),
			count(fr.Throttled), count(fr.TimedOut), count(fr.PeakInstances), num(fr.LatencyP99Ms), money(fr.Bill),
		}); err != nil {
			return err
		}
	}
	if err := ft.Render(); err != nil {
		return err
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nnotes:")
		for _, n := range r.Notes {
			fmt.Fprintln(w, "  - "+t(n))
		}
	}
	return nil
}

// byConfig says how many functions took each model source, in a fixed
// order.
func byConfig(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d from %s", m[k], safetext.Text(k))
	}
	return s
}
