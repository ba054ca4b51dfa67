package entry_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/entry"
	"github.com/fcplan/fcplan/analyzers/internal/stubs"
)

// contexts reports, at every function, the contexts entry puts it in, so
// that fixtures can state them with want comments.
var contexts = &analysis.Analyzer{
	Name:     "contexts",
	Doc:      "report the request and init context of every function",
	Requires: []*analysis.Analyzer{entry.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[entry.Analyzer].(*entry.Result)
		for _, n := range res.Nodes {
			if n.Decl == nil && n.Lit == nil {
				continue // package initialization has no line of its own
			}
			var parts []string
			if r := res.Request(n); r != nil {
				parts = append(parts, "request("+r.Desc+")")
			}
			if r := res.Init(n); r != nil {
				parts = append(parts, "init("+r.Desc+")")
			}
			if len(parts) == 0 {
				parts = append(parts, "none")
			}
			pass.Reportf(n.Pos(), "node %s", strings.Join(parts, " "))
		}
		return nil, nil
	},
}

func TestContexts(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t), contexts, "contexts", "routers", "funcvars")
}

func TestSplit(t *testing.T) {
	tests := []struct{ full, pkg, recv, name, short string }{
		{"database/sql.Open", "database/sql", "", "Open", "sql.Open"},
		{"(*net/http.ServeMux).HandleFunc", "net/http", "ServeMux", "HandleFunc", "http.ServeMux.HandleFunc"},
		{"(github.com/go-chi/chi/v5.Router).Get", "github.com/go-chi/chi/v5", "Router", "Get", "chi.Router.Get"},
		{"github.com/redis/go-redis/v9.NewClient", "github.com/redis/go-redis/v9", "", "NewClient", "redis.NewClient"},
		{"github.com/nats-io/nats.go.Connect", "github.com/nats-io/nats.go", "", "Connect", "nats.Connect"},
	}
	for _, tt := range tests {
		pkg, recv, name := entry.Split(tt.full)
		if pkg != tt.pkg || recv != tt.recv || name != tt.name {
			t.Errorf("Split(%q) = %q, %q, %q; want %q, %q, %q", tt.full, pkg, recv, name, tt.pkg, tt.recv, tt.name)
		}
		if got := entry.ShortName(tt.full); got != tt.short {
			t.Errorf("ShortName(%q) = %q, want %q", tt.full, got, tt.short)
		}
	}
}

func TestAnalyzerDoc(t *testing.T) {
	src := "// Package x.\n//\n// # Analyzer x\n//\n// x: do a thing\n//\n// More.\npackage x\n"
	if got, want := entry.AnalyzerDoc(src, "x"), "do a thing\n\nMore."; got != want {
		t.Errorf("AnalyzerDoc = %q, want %q", got, want)
	}
}

// FuzzSplit checks that Split and ShortName accept any callee name
// (including ones built from broken code in degraded mode) without
// panicking, and that Split loses no characters of a function name.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"database/sql.Open", "(*net/http.ServeMux).HandleFunc", "(", ")", "a.b", "", "(x).", "github.com/nats-io/nats.go.Connect"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pkg, recv, name := entry.Split(s)
		_ = entry.ShortName(s)
		if !strings.HasPrefix(s, "(") && pkg != "" && pkg+"."+name != s {
			t.Fatalf("Split(%q) = %q, %q, %q", s, pkg, recv, name)
		}
	})
}
