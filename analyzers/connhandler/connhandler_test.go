package connhandler_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/connhandler"
	"github.com/fcplan/fcplan/analyzers/internal/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t), connhandler.Analyzer,
		"inhandler", "ininit", "initializer", "samehelper", "crosspkg/app", "closure", "methodvalue",
		"oncelazy", "sts", "catalogue", "lazyinit", "openclose", "wrapped", "wrappedlambda", "wrappedhttp", "generated", "generic", "customruntime", "lambdahandler", "clean", "degraded", "crosshandler/app")
}

// TestUserConstructors extends the catalogue with the analyzer flag, as
// go vet -vettool=fcvet -connhandler.constructors=... does.
func TestUserConstructors(t *testing.T) {
	flag := connhandler.Analyzer.Flags.Lookup("constructors")
	if err := flag.Value.Set("example.com/inhouse/db.Dial=an in-house database connection"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Value.Set("") })
	analysistest.Run(t, stubs.TestData(t), connhandler.Analyzer, "custom")
}

func TestUserConstructorsRejected(t *testing.T) {
	flag := connhandler.Analyzer.Flags.Lookup("constructors")
	t.Cleanup(func() { _ = flag.Value.Set("") })
	tests := []struct {
		value string
		ok    bool
	}{
		{"example.com/db.Dial", true},
		{"(example.com/db.Pool).Open=a pool connection, example.com/db.Dial", true},
		{"", true},
		{"Dial", false},
		{"example.com/db.", false},
		{"example.com/db Dial", false},
		{"(Pool).Open", false},
	}
	for _, tt := range tests {
		if err := flag.Value.Set(tt.value); (err == nil) != tt.ok {
			t.Errorf("Set(%q) = %v, want ok=%v", tt.value, err, tt.ok)
		}
	}
}
