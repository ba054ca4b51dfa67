package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/rules/finding"
)

func TestColorWriter(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  s.yaml:3:5: error RAM001 too broad\n", "  s.yaml:3:5: \x1b[31merror\x1b[0m RAM001 too broad\n"},
		{"  main.go:52:13: warning GO002 x\n", "  main.go:52:13: \x1b[33mwarning\x1b[0m GO002 x\n"},
		{"nope: error: no such file or directory\n", "nope: \x1b[31merror\x1b[0m: no such file or directory\n"},
		{"  s.yaml:1:1: info NET001 y", "  s.yaml:1:1: \x1b[36minfo\x1b[0m NET001 y"}, // no final line feed
		{"      fix: error handling first\n", "      fix: error handling first\n"},
		{"s.yaml (2 findings)\n", "s.yaml (2 findings)\n"},
		{"1 error, 0 warnings\n", "1 error, 0 warnings\n"},
	} {
		var b bytes.Buffer
		cw := &colorWriter{w: &b}
		// Split writes mid-line, as a buffered writer may.
		for _, part := range []string{tc.in[:len(tc.in)/2], tc.in[len(tc.in)/2:]} {
			if _, err := cw.Write([]byte(part)); err != nil {
				t.Fatal(err)
			}
		}
		if err := cw.flush(); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%q coloured as %q, want %q", tc.in, b.String(), tc.want)
		}
	}
}

// TestColorOnlyAddsEscapes: a colourised report is the plain one plus the
// SGR sequences, and an escape planted in a message stays escaped.
func TestColorOnlyAddsEscapes(t *testing.T) {
	r := Report{Findings: []finding.Finding{{RuleID: "RAM001", Severity: finding.Error,
		Message: "evil \x1b[2J message", Location: finding.Location{File: "s.yaml", Line: 3, Column: 5}}}}
	var plain, colored bytes.Buffer
	if err := Write(&plain, "text", r, Options{NoSnippets: true}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&colored, "text", r, Options{NoSnippets: true, Color: true}); err != nil {
		t.Fatal(err)
	}
	stripped := strings.NewReplacer("\x1b[31m", "", "\x1b[0m", "").Replace(colored.String())
	if stripped != plain.String() || colored.String() == plain.String() {
		t.Errorf("coloured:\n%q\nplain:\n%q", colored.String(), plain.String())
	}
	if strings.Contains(colored.String(), "\x1b[2J") {
		t.Error("an escape from a message reached the coloured output")
	}
}
