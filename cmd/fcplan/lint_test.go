package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The -update flag may also be declared by other tests of this package.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func lintUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// lintRun runs fcplan with args against buffers.
func lintRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	return out.String(), errb.String(), code
}

func lintGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "lint", "golden", name)
	if lintUpdating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s", path, got)
	}
}

// Secrets in testdata/lint/app/s.yaml that must never be printed in full.
var lintSecrets = []string{"LTAI5tQ8mZxY3vWkPq7RnJ2a", "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0"}

func TestLintGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "markdown"} {
		t.Run(format, func(t *testing.T) {
			// --srcroot . keeps the golden file independent of where the
			// repository is checked out (and of whether it has a .git).
			out, stderr, code := lintRun(t, "lint", "testdata/lint/app", "--format", format, "--report-unused-ignores", "--srcroot", ".")
			if code != ExitFindings {
				t.Errorf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr)
			}
			ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md"}[format]
			if format == "sarif" {
				lintGolden(t, "app."+ext, stripSARIFHelp(t, out))
			} else {
				lintGolden(t, "app."+ext, out)
			}
			for _, s := range lintSecrets {
				if strings.Contains(out, s) || strings.Contains(stderr, s) {
					t.Errorf("%s output prints secret %s in full", format, s)
				}
			}
			if format == "json" || format == "sarif" {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Errorf("not JSON: %v", err)
				}
			}
		})
	}
}

func TestLintSharedProjects(t *testing.T) {
	// The fixtures shared with the loaders, each linted on its own.
	for _, dir := range []string{"fc3-vpc-app", "legacy-fc", "tf-vpc-nat", "tf-plan"} {
		t.Run(dir, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", "projects", dir)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("fixture %s not there yet", path)
			}
			out, stderr, code := lintRun(t, "lint", path, "--format", "json", "--fail-on", "never")
			if code != ExitOK {
				t.Fatalf("exit %d; stderr: %s\n%s", code, stderr, out)
			}
			var doc struct {
				Findings []struct {
					RuleID   string `json:"ruleId"`
					Severity string `json:"severity"`
					Location struct {
						File         string
						Line, Column int
					} `json:"location"`
					Subject string `json:"subject"`
				} `json:"findings"`
				Diagnostics []struct {
					Severity, Message string
				} `json:"diagnostics"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			// The golden file lists where each rule fires, not its wording,
			// which the rule pages own.
			var b strings.Builder
			for _, d := range doc.Diagnostics {
				if d.Severity == "error" {
					t.Errorf("load error: %s", d.Message)
				}
			}
			for _, f := range doc.Findings {
				fmt.Fprintf(&b, "%s:%d:%d %s %s %s\n", filepath.Base(f.Location.File), f.Location.Line, f.Location.Column, f.Severity, f.RuleID, f.Subject)
			}
			lintGolden(t, "project-"+dir+".txt", b.String())
		})
	}
}

func TestLintExitCodes(t *testing.T) {
	dir := t.TempDir()
	badCatalog := filepath.Join(dir, "cat.yaml")
	if err := os.WriteFile(badCatalog, []byte("nope: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		output string // expected in stderr or stdout
	}{
		{"clean", []string{"testdata/lint/clean"}, ExitOK, ""},
		{"clean fail on info", []string{"testdata/lint/clean", "--fail-on", "info"}, ExitOK, ""},
		{"errors", []string{"testdata/lint/app"}, ExitFindings, ""},
		{"fail never", []string{"testdata/lint/app", "--fail-on", "never"}, ExitOK, ""},
		{"fail warning", []string{"testdata/lint/app", "--fail-on", "warning"}, ExitFindings, ""},
		{"config failOn info", []string{"testdata/lint/configured"}, ExitFindings, ""},
		{"flag overrides config failOn", []string{"testdata/lint/configured", "--fail-on", "warning"}, ExitOK, ""},
		{"load error wins", []string{"testdata/lint/broken", "testdata/lint/app"}, ExitInput, "main.tf:3:17"},
		{"missing path", []string{"testdata/lint/nope"}, ExitInput, ""},
		{"bad format", []string{"testdata/lint/clean", "--format", "xml"}, ExitInput, `--format "xml": want text, json, sarif, markdown`},
		{"bad fail-on", []string{"testdata/lint/clean", "--fail-on", "sometimes"}, ExitInput, `--fail-on "sometimes"`},
		{"missing config", []string{"testdata/lint/clean", "--config", "testdata/lint/none.yaml"}, ExitInput, "config testdata/lint/none.yaml: no such file"},
		{"bad config", []string{"testdata/lint/badconfig"}, ExitInput, `badconfig/.fcplan.yaml:3:1: unknown key "disabel" (did you mean "disable"?)`},
		{"explicit config", []string{"testdata/lint/app", "--config", "testdata/lint/configured/.fcplan.yaml", "--fail-on", "warning"}, ExitOK, ""}, // SEC001 off, COST001 info, FCP001 excluded
		{"bad catalog", []string{"testdata/lint/clean", "--catalog", badCatalog}, ExitInput, "catalog override"},
		{"bad var", []string{"testdata/lint/clean", "--var", "novalue"}, ExitInput, `--var "novalue": want name=value`},
		{"missing baseline", []string{"testdata/lint/clean", "--baseline", "testdata/lint/none.json"}, ExitInput, "baseline"},
		{"bad flag", []string{"--frobnicate"}, ExitInput, "unknown flag"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := lintRun(t, append([]string{"lint"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if tc.output != "" && !strings.Contains(filepath.ToSlash(stderr+out), tc.output) {
				t.Errorf("output %q does not contain %q", stderr+out, tc.output)
			}
		})
	}
}

// TestLintLoadErrorStillReports: a file that fails to load is an exit 2,
// and the other files are still linted and printed, in every format.
func TestLintLoadErrorStillReports(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "markdown"} {
		out, stderr, code := lintRun(t, "lint", "testdata/lint/broken", "testdata/lint/app", "--format", format)
		if code != ExitInput {
			t.Errorf("%s: exit %d", format, code)
		}
		if !strings.Contains(out, "SEC001") || !strings.Contains(out, "Invalid expression") {
			t.Errorf("%s: findings or load error missing:\n%s", format, out)
		}
		if format != "text" && !strings.Contains(stderr, "broken/main.tf:3:17: error") {
			t.Errorf("%s: load error not on stderr: %q", format, stderr)
		}
	}
}

func TestLintBaseline(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/lint/app/s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sy := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(sy, src, 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "baseline.json")

	out, stderr, code := lintRun(t, "lint", dir, "--write-baseline", base)
	if code != ExitOK || !strings.Contains(stderr, "wrote 6 findings to baseline") {
		t.Fatalf("write: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, "no findings (1 suppressed, 6 in baseline)") {
		t.Errorf("write output:\n%s", out)
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version": 1`, `"ruleId": "SEC001"`, `"fingerprint": "`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("baseline lacks %s:\n%s", want, data)
		}
	}
	for _, s := range lintSecrets {
		if strings.Contains(string(data), s) {
			t.Errorf("baseline holds secret %s", s)
		}
	}

	// Unchanged project: nothing new.
	if out, stderr, code := lintRun(t, "lint", dir, "--baseline", base); code != ExitOK {
		t.Errorf("same project: exit %d\n%s%s", code, out, stderr)
	}
	// Moving the findings down two lines keeps them known.
	moved := append([]byte("# a\n# b\n"), src...)
	if err := os.WriteFile(sy, moved, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, code := lintRun(t, "lint", dir, "--baseline", base); code != ExitOK {
		t.Errorf("moved findings: exit %d\n%s", code, out)
	}
	// A second hard-coded key is new.
	added := strings.Replace(string(moved), "      logConfig: auto\n", "      logConfig: auto\n      description: key LTAI5tHk2Pq9ZsW4mXr7BvYc\n", 1)
	added = strings.Replace(added, "        ALIBABA_CLOUD_ACCESS_KEY_ID: LTAI5tQ8mZxY3vWkPq7RnJ2a\n",
		"        ALIBABA_CLOUD_ACCESS_KEY_ID: LTAI5tQ8mZxY3vWkPq7RnJ2a\n        OTHER_KEY_ID: LTAI5tHk2Pq9ZsW4mXr7BvYc\n", 1)
	if err := os.WriteFile(sy, []byte(added), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = lintRun(t, "lint", dir, "--baseline", base, "--format", "json")
	if code != ExitFindings {
		t.Errorf("new finding: exit %d\n%s", code, out)
	}
	var doc struct {
		Findings []struct {
			RuleID  string `json:"ruleId"`
			Message string `json:"message"`
		} `json:"findings"`
		Summary struct {
			Baselined int `json:"baselined"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].RuleID != "SEC001" || !strings.Contains(doc.Findings[0].Message, "OTHER_KEY_ID") || doc.Summary.Baselined != 6 {
		t.Errorf("new findings %+v, baselined %d", doc.Findings, doc.Summary.Baselined)
	}
}

func TestLintOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.sarif")
	out, _, code := lintRun(t, "lint", "testdata/lint/app", "--format", "sarif", "-o", path)
	if code != ExitFindings || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Errorf("output file: %v\n%s", err, data)
	}
}

// TestLintConfigFromWorkingDirectory: .fcplan.yaml in the working
// directory is found without --config.
func TestLintConfigFromWorkingDirectory(t *testing.T) {
	abs, err := filepath.Abs("testdata/lint/configured")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(abs)
	out, stderr, code := lintRun(t, "lint", "--no-snippets")
	if code != ExitFindings { // failOn: info
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
	if strings.Contains(out, "SEC001") || !strings.Contains(out, "s.yaml:31:23: info COST001") {
		t.Errorf("configuration not applied:\n%s", out)
	}
}

func TestRulesCommand(t *testing.T) {
	out, _, code := lintRun(t, "rules")
	if code != ExitOK || !strings.Contains(out, "FCP001") || !strings.Contains(out, "RAM001") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	out, _, code = lintRun(t, "rules", "--format", "json")
	var doc struct {
		Version int         `json:"version"`
		Rules   []ruleEntry `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitOK || doc.Version != 1 {
		t.Fatalf("json: %v exit %d\n%s", err, code, out)
	}
	for _, r := range doc.Rules {
		if r.ID == "" || r.Summary == "" || r.DocURL == "" {
			t.Errorf("incomplete entry %+v", r)
		}
	}

	out, _, code = lintRun(t, "rules", "explain", "fcp001")
	if code != ExitOK || !strings.HasPrefix(out, "# FCP001") {
		t.Errorf("explain: exit %d\n%s", code, out)
	}
	_, stderr, code := lintRun(t, "rules", "explain", "FCP01")
	if code != ExitInput || !strings.Contains(stderr, "did you mean FCP001?") {
		t.Errorf("explain unknown: exit %d, stderr %q", code, stderr)
	}
	_, _, code = lintRun(t, "rules", "explain")
	if code != ExitInput {
		t.Errorf("explain without ID: exit %d", code)
	}
	_, _, code = lintRun(t, "rules", "--format", "xml")
	if code != ExitInput {
		t.Errorf("bad format: exit %d", code)
	}
}

func TestDocSeverity(t *testing.T) {
	for page, want := range map[string]string{
		"# X\n\nSeverity: warning\n":        "warning",
		"# X\n\n**Severity:** error.\n":     "error",
		"# X\n\n*Severity: info (default)*": "info",
		"# X\n\nno line":                    "",
	} {
		if got := docSeverity(page); got != want {
			t.Errorf("docSeverity(%q) = %q, want %q", page, got, want)
		}
	}
}

// stripSARIFHelp drops the rules' documentation pages (help, fullDescription)
// from a SARIF log, so the golden file tracks the results, not every edit
// of a rule page. The SARIF schema test validates the full log.
func stripSARIFHelp(t *testing.T, out string) string {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	for _, run := range log["runs"].([]any) {
		driver := run.(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)
		for _, r := range driver["rules"].([]any) {
			rule := r.(map[string]any)
			if _, ok := rule["help"]; !ok {
				t.Errorf("rule %v has no help", rule["id"])
			}
			delete(rule, "help")
			delete(rule, "fullDescription")
		}
	}
	b, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// TestEnableDisableFlags: --enable and --disable select rules as the
// configuration's enable and disable do, over the fixture whose
// .fcplan.yaml turns SEC001 off (COST001 and SEC002 fire by default).
func TestEnableDisableFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags []string
		want  string // rule IDs of the findings, sorted, unique
		code  int
	}{
		{"config only", nil, "COST001 SEC002", ExitFindings},
		{"disable one", []string{"--disable", "SEC002"}, "COST001", ExitFindings},
		{"disable family, lower case", []string{"--disable", "sec,cost"}, "", ExitOK},
		{"enable turns a rule the file turns off back on", []string{"--enable", "SEC001"}, "SEC001", ExitFindings},
		{"enable family and disable one", []string{"--enable", "SEC", "--disable", "SEC002"}, "SEC001", ExitFindings},
		{"enable repeated", []string{"--enable", "COST", "--enable", "SEC002"}, "COST001 SEC002", ExitFindings},
		{"unknown rule", []string{"--enable", "SEC01"}, "", ExitInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"lint", "--format", "json"}, tc.flags...)
			out, stderr, code := lintRun(t, append(args, "testdata/lint/configured")...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if code == ExitInput {
				if !strings.Contains(stderr, `unknown rule "SEC01" (did you mean SEC001?)`) {
					t.Errorf("stderr %q, want the unknown rule and a suggestion", stderr)
				}
				return
			}
			var doc struct {
				Findings []struct {
					RuleID string `json:"ruleId"`
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, f := range doc.Findings {
				if !slices.Contains(ids, f.RuleID) {
					ids = append(ids, f.RuleID)
				}
			}
			slices.Sort(ids)
			if got := strings.Join(ids, " "); got != tc.want {
				t.Errorf("rules %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFlagSuggestion: a mistyped flag gets the closest one, as a mistyped
// command does, and still exits 2.
func TestFlagSuggestion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--fromat", "json"}, "--format"},
		{[]string{"simulate", "--worklaod", "poisson:rate=1/s"}, "--workload"},
		{[]string{"trace", "stats", "--skip-bad"}, "--skip-bad-rows"},
		{[]string{"vet", "--disabel", "GO001"}, "--disable"},
		{[]string{"lint", "--max-inptu", "plan=1MiB"}, "--max-input"}, // inherited
	} {
		typo := tc.args[slices.IndexFunc(tc.args, func(a string) bool { return strings.HasPrefix(a, "--") })]
		t.Run(typo, func(t *testing.T) {
			_, stderr, code := lintRun(t, tc.args...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d", code, ExitInput)
			}
			if !strings.Contains(stderr, "unknown flag: "+typo) || !strings.Contains(stderr, "Did you mean this?\n\t"+tc.want+"\n") {
				t.Errorf("stderr %q, want a suggestion of %s", stderr, tc.want)
			}
		})
	}
	if _, stderr, _ := lintRun(t, "lint", "--zzzzzz"); strings.Contains(stderr, "Did you mean") {
		t.Errorf("a flag far from every name got a suggestion: %q", stderr)
	}
}

// TestWriteBaselineExit: --write-baseline exits 0 on a clean load, and 2
// (as its help says) when a file failed to load, after writing the
// baseline and saying why.
func TestWriteBaselineExit(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../testdata/projects/legacy-fc/s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"ok/s.yaml": string(good), "broken/s.yaml": "edition: 3.0.0\nresources: [\n"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		path   string
		code   int
		stderr string
	}{
		{"ok", ExitOK, "wrote 3 findings to baseline"},
		{".", ExitInput, "was written, but a file failed to load"},
	} {
		base := filepath.Join(dir, tc.path+"-baseline.json")
		_, stderr, code := lintRun(t, "lint", "--write-baseline", base, filepath.Join(dir, tc.path))
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("lint --write-baseline %s: exit %d, stderr %q; want %d and %q", tc.path, code, stderr, tc.code, tc.stderr)
		}
		if _, err := os.Stat(base); err != nil {
			t.Errorf("baseline not written: %v", err)
		}
	}
}
