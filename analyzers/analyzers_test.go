package analyzers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/fcplan/fcplan/analyzers"
)

// TestCleanFixtures runs every analyzer over programs that follow the
// advice of every rule: none may report anything. The fixtures are loaded
// once (GOPATH mode, like analysistest) and analyzed together.
func TestCleanFixtures(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "clean/...")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 7 {
		t.Fatalf("loaded %d clean fixtures, want at least 7", len(pkgs))
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("%s: %v", p.PkgPath, e)
		}
	}
	graph, err := checker.Analyze(analyzers.All(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			t.Errorf("%s: %s reported %q", act.Package.Fset.Position(d.Pos), act.Analyzer.Name, d.Message)
		}
	}
}

func TestSeverityCoversEveryCategory(t *testing.T) {
	tests := []struct {
		category, rule, severity string
	}{
		{"GO001", "GO001", "error"},
		{"GO001/sts", "GO001", "warning"},
		{"GO001/lazy", "GO001", "info"},
		{"GO002", "GO002", "error"},
		{"GO003", "GO003", "warning"},
		{"GO004", "GO004", "warning"},
		{"GO005", "GO005", "error"},
		{"GO005/deprecated", "GO005", "info"},
		{"GO999/x", "GO999", "warning"},
	}
	for _, tt := range tests {
		if got := analyzers.RuleID(tt.category); got != tt.rule {
			t.Errorf("RuleID(%q) = %q, want %q", tt.category, got, tt.rule)
		}
		if got := analyzers.Severity(tt.category).String(); got != tt.severity {
			t.Errorf("Severity(%q) = %q, want %q", tt.category, got, tt.severity)
		}
	}
	for i, a := range analyzers.All() {
		id := []string{"GO001", "GO002", "GO003", "GO004", "GO005"}[i]
		if analyzers.ByRule(id) != a {
			t.Errorf("ByRule(%s) = %v, want %s", id, analyzers.ByRule(id), a.Name)
		}
	}
}

// TestRuleDocs checks that every analyzer has its rule page, titled with its
// ID and name, stating the severity the drivers use, with the four sections
// `fcplan rules explain` shows.
func TestRuleDocs(t *testing.T) {
	for i, a := range analyzers.All() {
		id := fmt.Sprintf("GO%03d", i+1)
		data, err := os.ReadFile(filepath.Join("..", "rules", "docs", id+".md"))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		page := string(data)
		if want := "# " + id + " " + a.Name + ":"; !strings.HasPrefix(page, want) {
			t.Errorf("%s.md does not start with %q", id, want)
		}
		if want := "\nSeverity: " + analyzers.Severity(id).String(); !strings.Contains(page, want) {
			t.Errorf("%s.md lacks %q", id, want)
		}
		for _, section := range []string{"## What it finds", "## Why it matters", "## How to fix it", "## When to suppress it"} {
			if !strings.Contains(page, "\n"+section+"\n") {
				t.Errorf("%s.md lacks section %q", id, section)
			}
		}
		if !strings.HasSuffix(a.URL, "/rules/docs/"+id+".md") {
			t.Errorf("%s URL = %q", a.Name, a.URL)
		}
	}
}
