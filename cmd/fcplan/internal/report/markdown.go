package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
)

// markdownBudget is about where the file sections stop: GitHub rejects
// comments over 65,536 characters.
const markdownBudget = 55000

// writeMarkdown renders a pull-request comment: a heading with the verdict,
// a summary table, then one section per file with a table of its findings.
func writeMarkdown(w io.Writer, r Report) error {
	sw := safetext.NewWriter(w)
	bw := bufio.NewWriter(sw)
	s := Summarize(r)
	if s.Total() == 0 {
		fmt.Fprintf(bw, "## %s: no findings\n\n", r.Tool)
	} else {
		fmt.Fprintf(bw, "## %s: %s\n\n", r.Tool, summaryLine(s))
	}
	fmt.Fprintln(bw, "| Severity | Findings |")
	fmt.Fprintln(bw, "|---|---:|")
	fmt.Fprintf(bw, "| error | %d |\n", s.Error)
	fmt.Fprintf(bw, "| warning | %d |\n", s.Warning)
	fmt.Fprintf(bw, "| info | %d |\n", s.Info)
	if s.Suppressed > 0 {
		fmt.Fprintf(bw, "| suppressed | %d |\n", s.Suppressed)
	}
	if s.Baselined > 0 {
		fmt.Fprintf(bw, "| in baseline | %d |\n", s.Baselined)
	}
	fmt.Fprintln(bw)

	if len(r.Diagnostics) > 0 {
		fmt.Fprintln(bw, "### Load diagnostics")
		fmt.Fprintln(bw)
		for _, d := range r.Diagnostics {
			fmt.Fprintf(bw, "- **%s** %s: %s\n", d.Severity, safetext.MarkdownCode(locString(d.Location)), safetext.Markdown(d.Message))
		}
		fmt.Fprintln(bw)
	}
	written, omitted := 0, 0
	for _, g := range groupByFile(r.Findings) {
		if written > markdownBudget {
			omitted += len(g.Findings)
			continue
		}
		name := slashPath(g.File)
		if name == "" {
			name = "(no file)"
		}
		var sec strings.Builder
		fmt.Fprintf(&sec, "### %s\n\n", safetext.MarkdownCode(name))
		fmt.Fprintln(&sec, "| Line | Severity | Rule | Finding | Fix |")
		fmt.Fprintln(&sec, "|---:|---|---|---|---|")
		for _, f := range g.Findings {
			line := "-"
			if f.Location.Line > 0 {
				line = fmt.Sprint(f.Location.Line)
			}
			rule := f.RuleID
			if f.DocURL != "" {
				rule = fmt.Sprintf("[%s](%s)", f.RuleID, f.DocURL)
			}
			fmt.Fprintf(&sec, "| %s | %s | %s | %s | %s |\n", line, f.Severity, rule, safetext.Markdown(f.Message), safetext.Markdown(f.Fix))
		}
		fmt.Fprintln(&sec)
		written += sec.Len()
		bw.WriteString(sec.String())
	}
	if omitted > 0 {
		fmt.Fprintf(bw, "> %s not shown to keep this comment within GitHub's size limit; run with --format text or sarif for all of them.\n\n",
			plural(omitted, "more finding", "more findings"))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "> %s\n", safetext.Markdown(n))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return sw.Flush()
}
