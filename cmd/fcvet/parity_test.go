package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/fcplan/fcplan/analyzers"
	"github.com/fcplan/fcplan/analyzers/configured"
)

// TestSameFindingsEverywhere runs the three drivers of fcplan's analyzers on
// testdata/suppressed, whose .fcplan.yaml disables GO003 and excludes
// legacy/ from GO004, and whose code carries a justified ignore (GO001,
// silenced), two ignores without a reason (GO002 and GO005 stay, each
// with an FCP001): 'go vet -vettool=fcvet', 'fcplan vet' and a
// multichecker-style harness over configured.Wrap, which is what the
// golangci-lint plugin's BuildAnalyzers returns. All three must report the
// same findings.
func TestSameFindingsEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("builds fcvet and fcplan and runs go vet: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "suppressed"))
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	bin := t.TempDir()
	for _, pkg := range []string{".", "../fcplan"} {
		out := filepath.Join(bin, filepath.Base(filepath.Clean(pkg)))
		if pkg == "." {
			out = filepath.Join(bin, "fcvet")
		}
		if b, err := exec.Command(goTool, "build", "-o", out, pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}

	want := []string{
		"cmd/handler/main.go:11:4 FCP001",
		"cmd/handler/main.go:12:21 GO002",
		"cmd/handler/main.go:22:2 GO004",
		"cmd/handler/main.go:32:2 GO005",
		"cmd/handler/main.go:32:40 FCP001",
		"legacy/legacy.go:15:13 GO001",
	}

	t.Run("go vet -vettool", func(t *testing.T) {
		vet := exec.Command(goTool, "vet", "-vettool="+filepath.Join(bin, "fcvet"), "./...")
		vet.Dir, vet.Env = dir, env
		var stderr bytes.Buffer
		vet.Stderr = &stderr
		if err := vet.Run(); err == nil {
			t.Fatalf("go vet: want exit status 1 with findings, got 0\n%s", stderr.String())
		}
		line := regexp.MustCompile(`^(\S+\.go:\d+:\d+): ([A-Z]+\d{3}): `)
		var got []string
		for _, l := range strings.Split(stderr.String(), "\n") {
			if m := line.FindStringSubmatch(l); m != nil {
				got = append(got, m[1]+" "+m[2])
			}
		}
		check(t, got, want, stderr.String())
	})

	t.Run("fcplan vet", func(t *testing.T) {
		cmd := exec.Command(filepath.Join(bin, "fcplan"), "vet", "--tests", "--format", "json")
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("fcplan vet: want exit status 1, got %v\n%s", err, out)
		}
		var rep struct {
			Findings []struct {
				RuleID   string `json:"ruleId"`
				Location struct {
					File         string
					Line, Column int
				} `json:"location"`
			} `json:"findings"`
		}
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatalf("fcplan vet JSON: %v\n%s", err, out)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, fmt.Sprintf("%s:%d:%d %s", f.Location.File, f.Location.Line, f.Location.Column, f.RuleID))
		}
		check(t, got, want, string(out))
	})

	t.Run("plugin harness", func(t *testing.T) {
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: env, Tests: true}
		pkgs, err := packages.Load(cfg, "./...")
		if err != nil {
			t.Fatal(err)
		}
		as := append(configured.Wrap(analyzers.All()), configured.IgnoreCheck)
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var got []string
		for _, act := range graph.Roots {
			if act.Err != nil {
				t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			}
			for _, d := range act.Diagnostics {
				got = appendOnce(got, seen, diagKey(act, d, dir))
			}
		}
		check(t, got, want, "")
	})
}

func diagKey(act *checker.Action, d analysis.Diagnostic, dir string) string {
	p := act.Package.Fset.Position(d.Pos)
	rel, _ := filepath.Rel(dir, p.Filename)
	id, _, _ := strings.Cut(d.Category, "/")
	return fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), p.Line, p.Column, id)
}

func appendOnce(s []string, seen map[string]bool, k string) []string {
	if seen[k] {
		return s
	}
	seen[k] = true
	return append(s, k)
}

func check(t *testing.T, got, want []string, out string) {
	t.Helper()
	got = slices.Clone(got)
	slices.Sort(got)
	got = slices.Compact(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q\noutput:\n%s", got, want, out)
	}
}
