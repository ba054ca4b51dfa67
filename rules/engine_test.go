package rules

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/rules/finding"
)

// memFiles serves files from a map, for Config.ReadFile.
func memFiles(files map[string]string) func(string, safefile.Kind) ([]byte, error) {
	return func(p string, _ safefile.Kind) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, errors.New("no such file")
		}
		return []byte(s), nil
	}
}

func fnd(id string, sev finding.Severity, file string, line int, msg string) finding.Finding {
	return finding.Finding{RuleID: id, Severity: sev, Location: finding.Location{File: file, Line: line, Column: 3}, Message: msg, Subject: "f"}
}

func ids(fs []finding.Finding) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.RuleID+"@"+f.Location.String()+"/"+f.Severity.String())
	}
	return strings.Join(parts, " ")
}

const suppressYAML = `resources:
  f:
    props:
      # fcplan:ignore RAM001 -- sandbox account
      role: admin
      timeout: 900 # fcplan:ignore REL003
      memorySize: 3072 # fcplan:ignore COST002,RAM01 -- typo in ID
      instanceConcurrency: 1 # fcplan:ignore COST003 -- single-threaded legacy code
      # fcplan:ignore NET002 -- moved away
      internetAccess: false
`

func TestApplySuppressions(t *testing.T) {
	files := map[string]string{"s.yaml": suppressYAML, "plan.json": `{"a": "# fcplan:ignore X"}`}
	in := []finding.Finding{
		fnd("RAM001", finding.Error, "s.yaml", 5, "admin"),
		fnd("REL003", finding.Warning, "s.yaml", 6, "timeout"),
		fnd("COST002", finding.Info, "s.yaml", 7, "idle cost"),
		fnd("COST003", finding.Info, "s.yaml", 8, "concurrency"),
		fnd("SEC002", finding.Info, "s.yaml", 8, "other rule on a suppressed line"),
	}
	cfg := Config{ReadFile: memFiles(files)}
	res := Apply(Batch{Findings: in, Files: []string{"s.yaml", "plan.json"}, RuleIDs: []string{"RAM001", "REL003", "COST002", "COST003", "SEC002", "NET002"}}, cfg)

	want := "REL003@s.yaml:6:3/warning FCP001@s.yaml:6:22/warning COST002@s.yaml:7:3/info FCP001@s.yaml:7:26/warning SEC002@s.yaml:8:3/info"
	if got := ids(res.Findings); got != want {
		t.Errorf("findings:\n got %s\nwant %s", got, want)
	}
	if len(res.Suppressed) != 2 || res.Suppressed[0].Finding.RuleID != "RAM001" || res.Suppressed[0].Reason != "sandbox account" ||
		res.Suppressed[1].Finding.RuleID != "COST003" {
		t.Errorf("suppressed: %+v", res.Suppressed)
	}
	for _, f := range res.Findings {
		if f.RuleID == "FCP001" && f.Location.Line == 7 && !strings.Contains(f.Message, "did you mean RAM001") {
			t.Errorf("no did-you-mean: %s", f.Message)
		}
		if f.DocURL == "" {
			t.Errorf("%s has no doc URL", f.RuleID)
		}
	}

	// Unused ignores: NET002 on line 9 silences nothing; RAM001 is used.
	cfg.ReportUnusedIgnores = true
	res = Apply(Batch{Findings: in, Files: []string{"s.yaml"}, RuleIDs: []string{"RAM001", "REL003", "COST002", "COST003", "SEC002", "NET002"}}, cfg)
	var unused []string
	for _, f := range res.Findings {
		if f.RuleID == UnusedIgnoreID {
			unused = append(unused, f.Location.String()+" "+f.Message)
		}
	}
	if len(unused) != 1 || !strings.HasPrefix(unused[0], "s.yaml:9:9 fcplan:ignore NET002 silences nothing") {
		t.Errorf("unused: %q", unused)
	}
	// A rule that did not run is never "unused".
	res = Apply(Batch{Findings: in, Files: []string{"s.yaml"}, RuleIDs: []string{"RAM001"}}, cfg)
	for _, f := range res.Findings {
		if f.RuleID == UnusedIgnoreID {
			t.Errorf("unexpected %s", f.Message)
		}
	}
}

func TestApplyConfig(t *testing.T) {
	in := []finding.Finding{
		fnd("RAM001", finding.Error, "a/s.yaml", 3, "x"),
		fnd("RAM003", finding.Warning, "a/s.yaml", 2, "y"),
		fnd("NET002", finding.Warning, "b/main.tf", 1, "z"),
		fnd("COST003", finding.Info, "examples/s.yaml", 1, "w"),
		fnd("SEC001", finding.Error, "legacy/s.yaml", 1, "v"),
	}
	cfg := Config{
		Rules: map[string]RuleConfig{
			"RAM003": {Severity: finding.Error},
			"NET002": {Off: true},
			"SEC001": {Exclude: []string{"legacy"}},
		},
		Exclude:  []string{"examples/**"},
		ReadFile: memFiles(nil),
	}
	res := Apply(Batch{Findings: in}, cfg)
	if got, want := ids(res.Findings), "RAM003@a/s.yaml:2:3/error RAM001@a/s.yaml:3:3/error"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	cfg.Disable = []string{"RAM"}
	res = Apply(Batch{Findings: in}, cfg)
	if len(res.Findings) != 0 {
		t.Errorf("disable RAM: %s", ids(res.Findings))
	}
	cfg = Config{Enable: []string{"SEC001"}, ReadFile: memFiles(nil)}
	res = Apply(Batch{Findings: in}, cfg)
	if got := ids(res.Findings); got != "SEC001@legacy/s.yaml:1:3/error" {
		t.Errorf("enable SEC001: %s", got)
	}
}

func TestBaseline(t *testing.T) {
	old := []finding.Finding{
		fnd("RAM001", finding.Error, "./s.yaml", 3, "admin"),
		fnd("RAM003", finding.Warning, "s.yaml", 9, "write"),
		fnd("RAM003", finding.Warning, "s.yaml", 9, "write"),
	}
	var buf bytes.Buffer
	if err := NewBaseline(old).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "./s.yaml") || !strings.Contains(buf.String(), `"message": "admin"`) {
		t.Errorf("baseline:\n%s", buf.String())
	}
	// A message that quotes a secret is stored masked; the fingerprint of
	// the unmasked finding still matches.
	leaky := fnd("NET001", finding.Warning, "s.yaml", 4, "env DSN is mysql://app:Vr7pQx2Lm9Tz@db/x")
	var lb bytes.Buffer
	if err := NewBaseline([]finding.Finding{leaky}).Write(&lb); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(lb.String(), "Vr7pQx2Lm9Tz") || !strings.Contains(lb.String(), "mysql://app:****@db/x") {
		t.Errorf("baseline kept the password:\n%s", lb.String())
	}
	if res := Apply(Batch{Findings: []finding.Finding{leaky}}, Config{Baseline: "b.json", ReadFile: memFiles(map[string]string{"b.json": lb.String()})}); len(res.Findings) != 0 || len(res.Baselined) != 1 {
		t.Errorf("masked baseline no longer matches: %d new, %d baselined", len(res.Findings), len(res.Baselined))
	}
	// The same findings moved by a few lines, one more duplicate and one new.
	now := []finding.Finding{
		fnd("RAM001", finding.Error, "s.yaml", 5, "admin"),
		fnd("RAM003", finding.Warning, "s.yaml", 11, "write"),
		fnd("RAM003", finding.Warning, "s.yaml", 12, "write"),
		fnd("RAM003", finding.Warning, "s.yaml", 13, "write"),
		fnd("SEC001", finding.Error, "s.yaml", 20, "key"),
	}
	cfg := Config{Baseline: "base.json", ReadFile: memFiles(map[string]string{"base.json": buf.String()})}
	res := Apply(Batch{Findings: now}, cfg)
	if got, want := ids(res.Findings), "RAM003@s.yaml:13:3/warning SEC001@s.yaml:20:3/error"; got != want {
		t.Errorf("new findings %s, want %s", got, want)
	}
	if len(res.Baselined) != 3 || len(res.Errors) != 0 {
		t.Errorf("baselined %d errors %v", len(res.Baselined), res.Errors)
	}

	for src, want := range map[string]string{
		"":                                 "no such file",
		"{":                                "baseline base.json: unexpected EOF",
		`{"version": 2, "findings": []}`:   "version 2, want 1",
		`{"version": 1, "findings": [{}]}`: "findings[0] has no fingerprint",
		`{"version": 1, "extra": true}`:    `unknown field "extra"`,
		`{"version": 1, "findings": "x"}`:  "line 1:31",
	} {
		files := map[string]string{"base.json": src}
		if src == "" {
			files = nil
		}
		res := Apply(Batch{Findings: now}, Config{Baseline: "base.json", ReadFile: memFiles(files)})
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), want) {
			t.Errorf("%q: errors %v, want %q", src, res.Errors, want)
		}
		if len(res.Findings) != len(now) {
			t.Errorf("%q: a broken baseline must not hide findings", src)
		}
	}
}

func TestRunRecoversFromPanics(t *testing.T) {
	r := &Rule{ID: "TST001", Severity: finding.Warning, Check: func(*model.Project, *Context) []finding.Finding { panic("boom") }}
	if _, err := runRule(r, &model.Project{}, &Context{}); err == nil || !strings.Contains(err.Error(), "rule TST001 failed") {
		t.Errorf("got %v", err)
	}
	r.Check = func(*model.Project, *Context) []finding.Finding { return []finding.Finding{{Message: "m"}} }
	out, err := runRule(r, &model.Project{}, &Context{})
	if err != nil || out[0].RuleID != "TST001" || out[0].Severity != finding.Warning {
		t.Errorf("defaults not filled: %+v %v", out, err)
	}
}

func TestRunEmptyProject(t *testing.T) {
	res := Run(&model.Project{}, Config{}, nil)
	if len(res.Errors) != 0 || len(res.Findings) != 0 {
		t.Errorf("empty project: %+v", res)
	}
	if len(res.RuleIDs) == 0 {
		t.Error("no rules ran")
	}
}

func TestDocs(t *testing.T) {
	for _, id := range []string{"FCP001", "fcp002"} {
		page, ok := Doc(id)
		if !ok || !strings.HasPrefix(page, "# FCP00") {
			t.Errorf("Doc(%s) = %v", id, ok)
		}
	}
	if _, ok := Doc("NOPE"); ok {
		t.Error("Doc(NOPE) found")
	}
	if got := DocTitle("FCP001", "# FCP001: malformed thing\n"); got != "malformed thing" {
		t.Errorf("DocTitle = %q", got)
	}
	if DocURL("RAM001") != "https://github.com/fcplan/fcplan/blob/main/rules/docs/RAM001.md" {
		t.Error(DocURL("RAM001"))
	}
}

// TestEveryRuleHasADoc keeps `fcplan rules explain` complete.
func TestEveryRuleHasADoc(t *testing.T) {
	for _, r := range All() {
		if _, ok := Doc(r.ID); !ok {
			t.Errorf("rule %s has no docs/%s.md", r.ID, r.ID)
		}
	}
}

// FuzzParseBaseline: arbitrary files give a baseline or an error naming the
// file, never a panic.
func FuzzParseBaseline(f *testing.F) {
	f.Add([]byte(`{"version": 1, "findings": [{"fingerprint": "ab", "ruleId": "RAM001", "file": "s.yaml", "message": "m"}]}`))
	f.Add([]byte(`{"version": 1}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBaseline("b.json", data)
		if err != nil {
			if !strings.Contains(err.Error(), "b.json") {
				t.Errorf("error without file name: %v", err)
			}
			return
		}
		b.split([]finding.Finding{fnd("RAM001", finding.Error, "s.yaml", 1, "m")})
	})
}

// TestBaselineFingerprintMatchesFinding: the baseline's fingerprint is the
// finding's own for a clean relative path (reports print the same value).
func TestBaselineFingerprintMatchesFinding(t *testing.T) {
	f := fnd("RAM001", finding.Error, "infra/main.tf", 3, "m")
	if BaselineFingerprint(f) != f.Fingerprint() {
		t.Error("fingerprints differ for a clean path")
	}
	g := f
	g.Location.File = "./infra/main.tf"
	if BaselineFingerprint(g) != f.Fingerprint() {
		t.Error("./ prefix changes the baseline fingerprint")
	}
}

// BenchmarkApply: 1,000 files with 7 findings and 4 ignore comments each,
// served from memory (file reading is measured by the CLI benchmark).
func BenchmarkApply(b *testing.B) {
	files := map[string]string{}
	var in []finding.Finding
	var names []string
	for i := range 1000 {
		name := fmt.Sprintf("svc%04d/s.yaml", i)
		files[name] = suppressYAML
		names = append(names, name)
		for line := 4; line <= 10; line++ {
			in = append(in, fnd([]string{"RAM001", "REL003", "COST002", "COST003", "SEC002", "NET002", "SEC001"}[line-4], finding.Warning, name, line, "m"))
		}
	}
	cfg := Config{ReadFile: memFiles(files), ReportUnusedIgnores: true}
	batch := Batch{Findings: in, Files: names, RuleIDs: []string{"RAM001", "REL003", "COST002", "COST003", "SEC002", "NET002", "SEC001"}}
	b.ResetTimer()
	for b.Loop() {
		Apply(batch, cfg)
	}
}
