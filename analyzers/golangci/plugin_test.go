package golangci

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestRegisteredPluginsHonourSuppressions runs every registered plugin, as
// golangci-lint would after loading it, over fcvet's suppressed fixture
// module and expects the findings that fcvet and 'fcplan vet' report there
// (cmd/fcvet's TestSameFindingsEverywhere): the .fcplan.yaml disables GO003
// and excludes legacy/ from GO004, a justified ignore silences GO001 in
// cmd/handler, and two ignores without a reason silence nothing (FCP001).
func TestRegisteredPluginsHonourSuppressions(t *testing.T) {
	dir, err := filepath.Abs("../../cmd/fcvet/testdata/suppressed")
	if err != nil {
		t.Fatal(err)
	}
	var as []*analysis.Analyzer
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range Plugins {
			if !yield(n) {
				return
			}
		}
	}) {
		newPlugin, err := register.GetPlugin(name)
		if err != nil {
			t.Fatalf("plugin %s not registered: %v", name, err)
		}
		p, err := newPlugin(nil)
		if err != nil {
			t.Fatal(err)
		}
		built, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		as = append(as, built...)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: env, Tests: true}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			p := act.Package.Fset.Position(d.Pos)
			rel, _ := filepath.Rel(dir, p.Filename)
			id, _, _ := strings.Cut(d.Category, "/")
			got = append(got, fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), p.Line, p.Column, id))
		}
	}
	slices.Sort(got)
	got = slices.Compact(got)
	want := []string{
		"cmd/handler/main.go:11:4 FCP001",
		"cmd/handler/main.go:12:21 GO002",
		"cmd/handler/main.go:22:2 GO004",
		"cmd/handler/main.go:32:2 GO005",
		"cmd/handler/main.go:32:40 FCP001",
		"legacy/legacy.go:15:13 GO001",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}
