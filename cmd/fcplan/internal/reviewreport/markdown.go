package reviewreport

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
)

// Markdown writes the review as a pull-request comment.
func Markdown(w io.Writer, r *Review) error {
	sw := safetext.NewWriter(w)
	b := bufio.NewWriter(sw)
	level, verdict := r.Verdict()
	icon := map[string]string{"fail": "❌", "attention": "⚠️", "pass": "✅"}[level]
	fmt.Fprintf(b, "## fcplan review: %s\n\n", escapeMD(r.Title))
	fmt.Fprintf(b, "%s **%s**\n\n", icon, escapeMD(verdict))

	fmt.Fprintf(b, "### Findings\n\n")
	for _, s := range []struct {
		name string
		sec  Section
	}{{"lint (configuration)", r.Lint}, {"vet (Go code)", r.Vet}} {
		if s.sec.Skipped != "" {
			fmt.Fprintf(b, "- %s: skipped - %s\n", s.name, escapeMD(s.sec.Skipped))
			continue
		}
		fmt.Fprintf(b, "- %s: %d active, %d suppressed", s.name, len(s.sec.Findings), s.sec.Suppressed)
		if len(s.sec.Notes) > 0 {
			fmt.Fprintf(b, " (%s)", escapeMD(strings.Join(s.sec.Notes, "; ")))
		}
		fmt.Fprintln(b)
		for _, p := range s.sec.Problems {
			fmt.Fprintf(b, "  - problem: %s\n", escapeMD(p))
		}
	}
	fmt.Fprintln(b)
	if t := findingsTable(r); len(t.Rows) > 0 {
		t = escapeTable(t)
		for i, row := range t.Rows {
			t.Rows[i][1] = ruleLink(row[1])
			t.Rows[i][2] = safetext.MarkdownCode(row[2])
		}
		mdTable(b, t)
	}

	fmt.Fprintf(b, "### Simulation\n\n")
	fmt.Fprintf(b, "Workload: %s\n\n", escapeMD(workloadLine(r)))
	mdTable(b, escapeTable(simTable(r)))
	for _, n := range r.NotSimulated {
		fmt.Fprintf(b, "- %s\n", escapeMD(n.Line()))
	}
	if len(r.NotSimulated) > 0 {
		fmt.Fprintln(b)
	}
	fmt.Fprintf(b, "**Database connections a burst opens**\n\n")
	for _, l := range connectionLines(r) {
		fmt.Fprintf(b, "- %s\n", escapeMD(l))
	}
	fmt.Fprintln(b)

	fmt.Fprintf(b, "### ECS on the same arrivals\n\n")
	mdTable(b, escapeTable(ecsTable(r)))
	for _, f := range r.Functions {
		if f.ECS == nil {
			fmt.Fprintf(b, "- %s: ECS side not available: %s\n", escapeMD(f.Name), escapeMD(f.ECSError))
		}
	}
	for _, f := range r.Functions {
		if f.ECS != nil {
			for _, n := range f.ECS.Notes {
				fmt.Fprintf(b, "- %s: %s\n", escapeMD(f.Name), escapeMD(n))
			}
		}
	}
	fmt.Fprintln(b)

	fmt.Fprintf(b, "### Break-even\n\n")
	for _, l := range breakEvenLines(r) {
		fmt.Fprintf(b, "- %s\n", escapeMD(l))
	}
	for _, f := range r.Functions {
		if f.Cost.Method != "" {
			fmt.Fprintf(b, "\n<sub>%s</sub>\n", escapeMD(f.Cost.Method))
			break
		}
	}
	fmt.Fprintln(b)

	fmt.Fprintf(b, "<details><summary>Assumptions</summary>\n\n")
	for _, a := range assumptions(r) {
		fmt.Fprintf(b, "- %s\n", escapeMD(a))
	}
	fmt.Fprintf(b, "\n</details>\n\n")
	fmt.Fprintf(b, "<sub>fcplan %s, catalog %s</sub>\n", escapeMD(r.Version), escapeMD(r.CatalogVersion))
	if err := b.Flush(); err != nil {
		return err
	}
	return sw.Flush()
}

// ruleID is the shape of fcplan's rule IDs (RAM001, GO003).
var ruleID = regexp.MustCompile(`^[A-Z]{2,8}[0-9]{3}$`)

// ruleLink links a rule ID to its documentation page; anything not shaped
// like a rule ID is shown escaped, without a link.
func ruleLink(id string) string {
	if !ruleID.MatchString(id) {
		return escapeMD(id)
	}
	return fmt.Sprintf("[%s](https://github.com/fcplan/fcplan/blob/main/rules/docs/%s.md)", id, id)
}

// escapeTable returns t with every cell escaped for Markdown.
func escapeTable(t table) table {
	out := t
	out.Rows = make([][]string, len(t.Rows))
	for i, row := range t.Rows {
		out.Rows[i] = make([]string, len(row))
		for j, c := range row {
			out.Rows[i][j] = escapeMD(c)
		}
	}
	return out
}

// mdTable writes t, whose cells the caller has escaped (escapeTable).
func mdTable(b *bufio.Writer, t table) {
	b.WriteString("|")
	for _, h := range t.Head {
		b.WriteString(" " + h + " |")
	}
	b.WriteString("\n|")
	for i := range t.Head {
		if i < len(t.Align) && t.Align[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range t.Rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// workloadLine describes the simulated arrivals.
func workloadLine(r *Review) string {
	w := r.Workload
	s := w.Source
	if w.Default {
		s = "default " + s
	}
	inv := w.Invocation
	if inv == "trace" {
		inv = "sync (async where the trace says so)"
	}
	return fmt.Sprintf("%s - %s requests over %s, mean %s/s, busiest minute %s requests; invoked %s",
		s, Int(w.Requests), seconds(w.WindowSeconds), trim(w.MeanPerSecond), Int(int64(w.PeakPerMinute)), inv)
}

// assumptions are the review's own assumptions followed by the
// simulation's notes (deduplicated, in order).
func assumptions(r *Review) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, a := range r.Assumptions {
		add(a)
	}
	for _, f := range r.Functions {
		for _, n := range f.Notes {
			add(f.Name + ": " + n)
		}
		if f.FC != nil {
			add(fmt.Sprintf("%s model: %s", f.Name, f.Model))
			for _, n := range f.FC.Notes {
				add(f.Name + ": " + n)
			}
			for _, n := range f.FC.Bill.Notes {
				add(f.Name + " bill: " + n)
			}
			if f.FC.Bill.FreeTierStatus != "" {
				add(f.Name + " bill free tier: " + f.FC.Bill.FreeTierStatus)
			}
			if f.FC.Bill.ExtrapolatedFrom != "" {
				add(f.Name + " bill extrapolated: " + f.FC.Bill.ExtrapolatedFrom)
			}
		}
		if f.ECS != nil {
			for _, n := range f.ECS.Cost.Notes {
				add("ECS " + f.ECS.InstanceType + ": " + n)
			}
		}
	}
	return out
}

func seconds(s float64) string {
	switch {
	case s >= 2*86400 && s == float64(int64(s/86400))*86400:
		return fmt.Sprintf("%dd", int64(s/86400))
	case s >= 3600:
		h := int64(s / 3600)
		m := int64(s/60) % 60
		if m == 0 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh%02dm", h, m)
	case s >= 60:
		return fmt.Sprintf("%dm%02ds", int64(s/60), int64(s)%60)
	default:
		return fmt.Sprintf("%.1fs", s)
	}
}
