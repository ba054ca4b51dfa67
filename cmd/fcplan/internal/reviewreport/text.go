package reviewreport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Text writes the review for a terminal.
func Text(w io.Writer, r *Review) error {
	b := bufio.NewWriter(w)
	level, verdict := r.Verdict()
	fmt.Fprintf(b, "fcplan review: %s\n", r.Title)
	fmt.Fprintf(b, "verdict: %s - %s\n\n", strings.ToUpper(level), verdict)

	fmt.Fprintf(b, "FINDINGS\n")
	for _, s := range []struct {
		name string
		sec  Section
	}{{"lint (configuration)", r.Lint}, {"vet (Go code)", r.Vet}} {
		if s.sec.Skipped != "" {
			fmt.Fprintf(b, "  %s: skipped - %s\n", s.name, s.sec.Skipped)
			continue
		}
		fmt.Fprintf(b, "  %s: %d active, %d suppressed", s.name, len(s.sec.Findings), s.sec.Suppressed)
		if len(s.sec.Notes) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(s.sec.Notes, "; "))
		}
		fmt.Fprintln(b)
		for _, p := range s.sec.Problems {
			fmt.Fprintf(b, "    problem: %s\n", p)
		}
	}
	for _, row := range findingsTable(r).Rows {
		fmt.Fprintf(b, "  %s: %s %s %s\n", row[2], row[0], row[1], row[3])
	}
	fmt.Fprintln(b)

	fmt.Fprintf(b, "SIMULATION\n  workload: %s\n\n", workloadLine(r))
	textTable(b, simTable(r))
	for _, n := range r.NotSimulated {
		fmt.Fprintf(b, "  %s\n", n.Line())
	}
	fmt.Fprintf(b, "\nDATABASE CONNECTIONS A BURST OPENS\n")
	for _, l := range connectionLines(r) {
		fmt.Fprintf(b, "  %s\n", l)
	}
	fmt.Fprintf(b, "\nECS ON THE SAME ARRIVALS\n")
	textTable(b, ecsTable(r))
	for _, f := range r.Functions {
		if f.ECS == nil {
			fmt.Fprintf(b, "  %s: ECS side not available: %s\n", f.Name, f.ECSError)
		} else {
			for _, n := range f.ECS.Notes {
				fmt.Fprintf(b, "  %s: %s\n", f.Name, n)
			}
		}
	}
	fmt.Fprintf(b, "\nBREAK-EVEN\n")
	for _, l := range breakEvenLines(r) {
		fmt.Fprintf(b, "  %s\n", l)
	}
	for _, f := range r.Functions {
		if f.Cost.Method != "" {
			fmt.Fprintf(b, "  (%s)\n", f.Cost.Method)
			break
		}
	}
	fmt.Fprintf(b, "\nASSUMPTIONS\n")
	for _, a := range assumptions(r) {
		fmt.Fprintf(b, "  - %s\n", a)
	}
	fmt.Fprintf(b, "\nfcplan %s, catalog %s\n", r.Version, r.CatalogVersion)
	return b.Flush()
}

func textTable(w io.Writer, t table) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", strings.ToUpper(strings.Join(t.Head, "\t")))
	for _, row := range t.Rows {
		fmt.Fprintf(tw, "  %s\n", strings.Join(row, "\t"))
	}
	tw.Flush()
}
