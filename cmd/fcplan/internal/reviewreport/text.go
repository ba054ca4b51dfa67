package reviewreport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
)

// Text writes the review for a terminal.
func Text(w io.Writer, r *Review) error {
	sw := safetext.NewWriter(w)
	b := bufio.NewWriter(sw)
	t := safetext.Text
	level, verdict := r.Verdict()
	fmt.Fprintf(b, "fcplan review: %s\n", t(r.Title))
	fmt.Fprintf(b, "verdict: %s - %s\n\n", strings.ToUpper(level), t(verdict))

	fmt.Fprintf(b, "FINDINGS\n")
	for _, s := range []struct {
		name string
		sec  Section
	}{{"lint (configuration)", r.Lint}, {"vet (Go code)", r.Vet}} {
		if s.sec.Skipped != "" {
			fmt.Fprintf(b, "  %s: skipped - %s\n", s.name, t(s.sec.Skipped))
			continue
		}
		fmt.Fprintf(b, "  %s: %d active, %d suppressed", s.name, len(s.sec.Findings), s.sec.Suppressed)
		if len(s.sec.Notes) > 0 {
			fmt.Fprintf(b, " (%s)", t(strings.Join(s.sec.Notes, "; ")))
		}
		fmt.Fprintln(b)
		for _, p := range s.sec.Problems {
			fmt.Fprintf(b, "    problem: %s\n", t(p))
		}
	}
	for _, row := range findingsTable(r).Rows {
		fmt.Fprintf(b, "  %s: %s %s %s\n", t(row[2]), t(row[0]), t(row[1]), t(row[3]))
	}
	fmt.Fprintln(b)

	fmt.Fprintf(b, "SIMULATION\n  workload: %s\n\n", t(workloadLine(r)))
	textTable(b, simTable(r))
	for _, n := range r.NotSimulated {
		fmt.Fprintf(b, "  %s\n", t(n.Line()))
	}
	fmt.Fprintf(b, "\nDATABASE CONNECTIONS A BURST OPENS\n")
	for _, l := range connectionLines(r) {
		fmt.Fprintf(b, "  %s\n", t(l))
	}
	fmt.Fprintf(b, "\nECS ON THE SAME ARRIVALS\n")
	textTable(b, ecsTable(r))
	for _, f := range r.Functions {
		if f.ECS == nil {
			fmt.Fprintf(b, "  %s: ECS side not available: %s\n", t(f.Name), t(f.ECSError))
		} else {
			for _, n := range f.ECS.Notes {
				fmt.Fprintf(b, "  %s: %s\n", t(f.Name), t(n))
			}
		}
	}
	fmt.Fprintf(b, "\nBREAK-EVEN\n")
	for _, l := range breakEvenLines(r) {
		fmt.Fprintf(b, "  %s\n", t(l))
	}
	for _, f := range r.Functions {
		if f.Cost.Method != "" {
			fmt.Fprintf(b, "  (%s)\n", t(f.Cost.Method))
			break
		}
	}
	fmt.Fprintf(b, "\nASSUMPTIONS\n")
	for _, a := range assumptions(r) {
		fmt.Fprintf(b, "  - %s\n", t(a))
	}
	fmt.Fprintf(b, "\nfcplan %s, catalog %s\n", t(r.Version), t(r.CatalogVersion))
	if err := b.Flush(); err != nil {
		return err
	}
	return sw.Flush()
}

func textTable(w io.Writer, t table) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", strings.ToUpper(strings.Join(t.Head, "\t")))
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = safetext.Text(c) // a tab or newline in a value would break the columns
		}
		fmt.Fprintf(tw, "  %s\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
}
