package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile is what an attacker puts in every name of a pull request's
// configuration: an OSC window title (BEL-terminated) and one ST-terminated,
// a clear-screen CSI, a carriage return, the C1 CSI, a right-to-left
// override, a line break, HTML that runs script in a rendered comment, an
// HTML comment that hides the rest of it, a table-cell break and a mention.
const hostile = "\x1b]0;pwned\x07\x1b]2;t\x1b\\\x1b[2J\r\u009b\u202e\n<img src=x onerror=alert(1)><svg onload=alert(2)><!--|@octocat"

// yamlQuote writes s as a YAML double-quoted scalar, every control and
// non-ASCII character as an escape.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r >= 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hostileProject writes an s.yaml whose function name, description, role,
// environment value and trigger name hold the hostile text, and a CSV trace
// (named with control characters too) whose function column holds it (but
// the line break) with an invalid UTF-8 byte. It returns the directory and the trace path.
func controlCharsProject(t *testing.T) (dir, trace, fn string) {
	t.Helper()
	dir = t.TempDir()
	fn = "api" + hostile
	q := yamlQuote(hostile)
	y := fmt.Sprintf(`edition: 3.0.0
name: hostile
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: %s
      description: %s
      runtime: python3.10
      handler: index.handler
      code: ./code
      memorySize: 512
      timeout: 60
      role: %s
      environmentVariables:
        NOTE: %s
      triggers:
        - triggerName: %s
          triggerType: http
          triggerConfig:
            authType: anonymous
            methods: [GET]
`, yamlQuote(fn), q, yamlQuote("acs:ram::1234567890:role/r"+hostile), q, yamlQuote("t"+hostile))
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("timestamp,duration_ms,function\n")
	// The CSV reader is line-based: a quoted field cannot span lines.
	field := `"` + strings.ReplaceAll(strings.ReplaceAll(fn, "\n", " ")+"\x9b", `"`, `""`) + `"`
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&csv, "%d.5,120,%s\n", i, field)
	}
	trace = filepath.Join(dir, "t\x1b[2J\u202e.csv")
	if err := os.WriteFile(trace, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, trace, fn
}

// assertInertOutput fails when out holds anything a terminal acts on, and,
// for Markdown and HTML, any tag or comment from the input, or (Markdown) a
// table row whose cell count differs from its header's.
func assertInertOutput(t *testing.T, what, kind, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: output is not valid UTF-8 (a raw byte such as 0x9b passed)", what)
	}
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
		if i := strings.Index(out, bad); i >= 0 {
			t.Errorf("%s: raw %q at byte %d: ...%q...", what, bad, i, out[max(0, i-40):min(len(out), i+40)])
		}
	}
	if kind == "text" {
		return
	}
	tags := []string{"<img", "<!--", "onerror=alert(1)>"}
	if kind == "markdown" {
		tags = append(tags, "<svg") // the HTML page has charts of its own
	}
	for _, bad := range tags {
		if i := strings.Index(out, bad); i >= 0 {
			t.Errorf("%s: unescaped %q: ...%q...", what, bad, out[max(0, i-40):min(len(out), i+40)])
		}
	}
	if kind == "markdown" {
		if strings.Contains(out, "@octocat") {
			t.Errorf("%s: @octocat would ping someone in a PR comment", what)
		}
		assertTablesIntact(t, what, out)
	}
}

// assertTablesIntact checks that every row of every Markdown table has as
// many cells as its header: a | or a line break from a value would change it.
func assertTablesIntact(t *testing.T, what, out string) {
	t.Helper()
	want := -1
	for n, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		cells := markdownCells(line)
		if want < 0 {
			want = cells
			continue
		}
		if cells != want {
			t.Errorf("%s: line %d has %d cells, its table %d: %q", what, n+1, cells, want, line)
		}
	}
}

// markdownCells counts the cells of a GFM table row: pipes not escaped by
// an odd run of backslashes separate them.
func markdownCells(line string) int {
	pipes, slashes := 0, 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			slashes++
			continue
		case '|':
			if slashes%2 == 0 {
				pipes++
			}
		}
		slashes = 0
	}
	return pipes - 1
}

// TestHostileNamesDoNotReachTheReader runs every text, Markdown and HTML
// writer on a project whose names carry terminal escapes, bidi overrides and
// HTML, and checks that none reaches stdout, stderr or the HTML page raw.
func TestHostileNamesDoNotReachTheReader(t *testing.T) {
	dir, trace, _ := controlCharsProject(t)
	cfg := filepath.Join(dir, "s.yaml")
	html := filepath.Join(dir, "review.html")
	// compare -c A -c B names each variant by its file.
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg2 := filepath.Join(dir, "b\x1b]0;pwned\x07\u202e|<img>.yaml")
	if err := os.WriteFile(cfg2, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, kind string
		args       []string
	}{
		{"inspect", "text", []string{"inspect", dir}},
		{"lint text", "text", []string{"lint", dir}},
		{"lint markdown", "markdown", []string{"lint", "--format", "markdown", dir}},
		{"simulate", "text", []string{"simulate", "-c", cfg, "--trace", trace}},
		{"review text", "text", []string{"review", dir, "--trace", trace}},
		{"review markdown", "markdown", []string{"review", dir, "--trace", trace, "--format", "markdown", "--html", html}},
		{"compare text", "text", []string{"compare", "-c", cfg, "--trace", trace, "--vary", "memory=512,1024"}},
		{"compare markdown", "markdown", []string{"compare", "-c", cfg, "--trace", trace, "--vary", "memory=512,1024", "--format", "markdown"}},
		{"compare files markdown", "markdown", []string{"compare", "-c", cfg, "-c", cfg2, "--trace", trace, "--format", "markdown"}},
		{"compare files csv", "text", []string{"compare", "-c", cfg, "-c", cfg2, "--trace", trace, "--format", "csv"}},
		{"trace stats", "text", []string{"trace", "stats", trace}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := lintRun(t, tc.args...)
			if code == ExitInput {
				t.Fatalf("exit %d: the hostile project must load; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(out, "pwned") && tc.name != "trace stats" {
				t.Errorf("the output does not show the hostile name at all (escaped, it must still be visible):\n%s", out)
			}
			assertInertOutput(t, tc.name+" stdout", tc.kind, out)
			assertInertOutput(t, tc.name+" stderr", "text", stderr)
		})
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatalf("review --html: %v", err)
	}
	assertInertOutput(t, "review --html", "html", string(page))
	if !strings.Contains(string(page), `\x1b]0;pwned\x07`) {
		t.Error("review --html: the escaped function name is not shown")
	}
}

// TestHostileValuesInErrors: an error that quotes a value (a YAML type
// error) or a file name (a trace error) is escaped on stderr, by Execute
// and in loader diagnostics.
func TestHostileValuesInErrors(t *testing.T) {
	dir := t.TempDir()
	y := "edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    props:\n      functionName: f\n      memorySize: " + yamlQuote(hostile) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	// A malformed trace whose file name holds the hostile text: the
	// reader's error names the file and reaches stderr through Execute.
	badTrace := filepath.Join(dir, "x\x1b]0;pwned\x07\r\u202e<img>.csv")
	if err := os.WriteFile(badTrace, []byte("timestamp,duration_ms,function\n1,\"unterminated\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"inspect", dir}, {"lint", dir}, {"review", dir},
		{"simulate", "-c", filepath.Join(dir, "s.yaml"), "--workload", "poisson:rate=1/s,duration=1m"},
		{"trace", "stats", badTrace},
	} {
		t.Run(args[0], func(t *testing.T) {
			out, stderr, code := lintRun(t, args...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d", code, ExitInput)
			}
			if want := map[bool]string{true: "pwned", false: "memorySize"}[args[0] == "trace"]; !strings.Contains(stderr+out, want) {
				t.Errorf("the error does not show %s; stdout:\n%s\nstderr:\n%s", want, out, stderr)
			}
			assertInertOutput(t, args[0]+" stderr", "text", stderr)
			assertInertOutput(t, args[0]+" stdout", "text", out)
		})
	}
}

// TestJSONEscapesControls: JSON and SARIF go through encoding/json, which
// writes control characters as \u escapes; the name must come back intact.
func TestJSONEscapesControls(t *testing.T) {
	dir, _, fn := controlCharsProject(t)
	for _, args := range [][]string{
		{"inspect", "--format", "json", dir},
		{"lint", "--format", "json", dir},
		{"lint", "--format", "sarif", dir},
	} {
		t.Run(strings.Join(args[:3], " "), func(t *testing.T) {
			out, _, code := lintRun(t, args...)
			if code == ExitInput {
				t.Fatalf("exit %d", code)
			}
			for _, bad := range []string{"\x1b", "\x07", "\r", "\n<img"} {
				if strings.Contains(out, bad) {
					t.Errorf("raw %q in JSON output", bad)
				}
			}
			var doc any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			if !containsSubstring(doc, fn) {
				t.Errorf("the function name does not survive the JSON round trip")
			}
		})
	}
}

// containsSubstring reports whether any string in a decoded JSON document
// contains s.
func containsSubstring(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, s)
	case []any:
		for _, e := range x {
			if containsSubstring(e, s) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if containsSubstring(e, s) {
				return true
			}
		}
	}
	return false
}
