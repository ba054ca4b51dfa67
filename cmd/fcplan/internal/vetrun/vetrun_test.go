package vetrun

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/rules/finding"
)

func TestParsePos(t *testing.T) {
	tests := []struct {
		in   string
		want finding.Location
	}{
		{"a/b.go:12:3", finding.Location{File: "a/b.go", Line: 12, Column: 3}},
		{"C:\\x\\b.go:4:1", finding.Location{File: "C:\\x\\b.go", Line: 4, Column: 1}},
		{"b.go:7", finding.Location{File: "b.go", Line: 7}},
		{"-", finding.Location{}},
		{"", finding.Location{}},
		{"weird", finding.Location{File: "weird"}},
	}
	for _, tt := range tests {
		if got := parsePos(tt.in); got != tt.want {
			t.Errorf("parsePos(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// TestPanickingAnalyzer checks that an analyzer that panics is reported as
// a failure instead of crashing the run.
func TestPanickingAnalyzer(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/p\n\ngo 1.22\n")
	write("p.go", "package p\n\nfunc F() {}\n")
	boom := &analysis.Analyzer{Name: "boom", Doc: "panics", Run: func(*analysis.Pass) (any, error) { panic("boom") }}
	res, err := Run(Options{Dir: dir, Analyzers: []*analysis.Analyzer{boom}, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) != 1 || !strings.Contains(res.Failures[0], "boom on example.com/p: internal error (please report): boom") {
		t.Errorf("failures = %q", res.Failures)
	}
	if _, err := Run(Options{Dir: dir, Patterns: []string{"./none/..."}, Analyzers: []*analysis.Analyzer{boom}}); !errors.Is(err, ErrNoPackages) {
		t.Errorf("no packages: err = %v, want ErrNoPackages", err)
	}
}

func FuzzParsePos(f *testing.F) {
	for _, s := range []string{"a.go:1:2", "a.go:1", "-", "", ":::", "C:\\a.go:3:4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := parsePos(s)
		if l.Line < 0 || l.Column < 0 || (l.Line == 0 && l.Column != 0) {
			t.Fatalf("parsePos(%q) = %+v", s, l)
		}
	})
}

// BenchmarkRunVetmod measures one whole vet run (go list, parsing and
// type-checking from source, the analyzers with facts) over the vetmod
// fixture module. See analyzers/BENCHMARKS.md for the comparison with go vet
// on golang.org/x/tools.
func BenchmarkRunVetmod(b *testing.B) {
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	for b.Loop() {
		res, err := Run(Options{Dir: filepath.Join("testdata", "vetmod"), Env: env})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
