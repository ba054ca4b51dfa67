package lifecycle_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/internal/stubs"
	"github.com/fcplan/fcplan/analyzers/lifecycle"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t), lifecycle.Analyzer, "late", "deprecated", "ordered", "multiprog")
}
