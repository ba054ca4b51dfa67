package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules/finding"
)

// maxSnippetRunes caps a printed source line; longer lines are cut around
// the column.
const maxSnippetRunes = 160

// sourceCache reads each file once and splits it into lines.
type sourceCache struct {
	read  func(string) ([]byte, error)
	files map[string][]string
}

func (c *sourceCache) line(file string, n int) (string, bool) {
	lines, ok := c.files[file]
	if !ok {
		data, err := c.read(file)
		if err == nil && !bytes.Contains(data[:min(len(data), 8000)], []byte{0}) {
			lines = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		}
		c.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return lines[n-1], true
}

func writeText(w io.Writer, r Report, opts Options) (err error) {
	if opts.Color {
		cw := &colorWriter{w: w}
		defer func() {
			if ferr := cw.flush(); err == nil {
				err = ferr
			}
		}()
		w = cw
	}
	sw := safetext.NewWriter(w)
	bw := bufio.NewWriter(sw)
	src := &sourceCache{read: opts.ReadFile, files: map[string][]string{}}

	for _, d := range r.Diagnostics {
		where := locString(d.Location)
		if where == "" {
			where = r.Tool
		}
		fmt.Fprintf(bw, "%s: %s: %s\n", where, d.Severity, safetext.Text(d.Message))
	}
	if len(r.Diagnostics) > 0 {
		fmt.Fprintln(bw)
	}
	for _, g := range groupByFile(r.Findings) {
		name := safetext.Text(slashPath(g.File))
		if name == "" {
			name = "(no file)"
		}
		fmt.Fprintf(bw, "%s (%s)\n", name, plural(len(g.Findings), "finding", "findings"))
		for _, f := range g.Findings {
			fmt.Fprintf(bw, "  %s: %s %s %s\n", locString(f.Location), f.Severity, f.RuleID, safetext.Text(f.Message))
			if !opts.NoSnippets {
				writeSnippet(bw, src, f.Location, f.SecretValue)
			}
			for _, rel := range f.Related {
				fmt.Fprintf(bw, "      related: %s: %s\n", locString(rel.Location), safetext.Text(rel.Message))
			}
			if f.Fix != "" {
				fmt.Fprintf(bw, "      fix: %s\n", safetext.Text(f.Fix))
			}
			if f.DocURL != "" {
				fmt.Fprintf(bw, "      docs: %s\n", f.DocURL)
			}
		}
		fmt.Fprintln(bw)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "note: %s\n", safetext.Text(n))
	}
	fmt.Fprintln(bw, summaryLine(Summarize(r)))
	if err := bw.Flush(); err != nil {
		return err
	}
	return sw.Flush()
}

// locString is file:line:col with forward slashes, the file name made safe
// to print (a file name in a pull request can hold any byte but / and NUL).
func locString(l finding.Location) string {
	l.File = safetext.Text(slashPath(l.File))
	return l.String()
}

// writeSnippet prints the finding's source line and a caret under its
// column. Tabs are kept in the caret line so the caret lines up.
func writeSnippet(w io.Writer, src *sourceCache, loc finding.Location, secretAt bool) {
	if loc.Line < 1 {
		return
	}
	line, ok := src.line(loc.File, loc.Line)
	if !ok {
		return
	}
	// Mask the whole line before cutting it, so the window cannot split a
	// secret into a piece the masker no longer recognises; the column moves
	// with the text a mask shortened.
	line = strings.TrimRight(line, " \t\r")
	if secretAt {
		line = maskValueAt(line, loc.Column)
	}
	line, col := secret.MaskLineAt(line, secret.ModeFor(loc.File), loc.Column)
	runes := []rune(line)
	if col > len(runes)+1 {
		col = len(runes) + 1
	}
	// Cut long lines to a window that keeps the column visible.
	start := 0
	if len(runes) > maxSnippetRunes {
		if col > maxSnippetRunes/2 {
			start = col - maxSnippetRunes/2
		}
		end := min(start+maxSnippetRunes, len(runes))
		runes = runes[start:end]
	}
	gutter := fmt.Sprintf("%6d | ", loc.Line)
	fmt.Fprintf(w, "%s%s\n", gutter, safetext.Lines(string(runes)))
	if col < 1 {
		return
	}
	var caret strings.Builder
	for i := 0; i < col-1-start && i < len(runes); i++ {
		switch shown := safetext.Lines(string(runes[i])); shown {
		case "\t":
			caret.WriteByte('\t')
		default:
			// An escaped character is several columns wide.
			caret.WriteString(strings.Repeat(" ", utf8.RuneCountInString(shown)))
		}
	}
	fmt.Fprintf(w, "%s| %s^\n", strings.Repeat(" ", len(gutter)-2), caret.String())
}

// summaryLine is the last line of the text format.
func summaryLine(s Summary) string {
	var b strings.Builder
	if s.Total() == 0 {
		b.WriteString("no findings")
	} else {
		fmt.Fprintf(&b, "%s, %s, %d info in %s",
			plural(s.Error, "error", "errors"), plural(s.Warning, "warning", "warnings"), s.Info,
			plural(s.Files, "file", "files"))
	}
	var extra []string
	if s.Suppressed > 0 {
		extra = append(extra, fmt.Sprintf("%d suppressed", s.Suppressed))
	}
	if s.Baselined > 0 {
		extra = append(extra, fmt.Sprintf("%d in baseline", s.Baselined))
	}
	if s.LoadErrors > 0 {
		extra = append(extra, plural(s.LoadErrors, "load error", "load errors"))
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	return b.String()
}

// maskValueAt masks the value that starts at the 1-based rune column col
// of line: a quoted string (", ' or a Go raw string) up to its closing
// quote, or else the run of
// characters up to the next space or comma. The value's start, where the
// caret points, does not move.
func maskValueAt(line string, col int) string {
	rs := []rune(line)
	if col < 1 || col > len(rs) {
		return line
	}
	start, end := col-1, col-1
	if q := rs[start]; q == '"' || q == '\'' || q == '`' {
		start++
		end = start
		for end < len(rs) && (rs[end] != q || rs[end-1] == '\\') {
			end++
		}
	} else {
		for end < len(rs) && rs[end] != ' ' && rs[end] != ',' && rs[end] != '\t' {
			end++
		}
	}
	if end <= start {
		return line
	}
	return string(rs[:start]) + secret.Mask(string(rs[start:end])) + string(rs[end:])
}
