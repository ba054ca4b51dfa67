package handlerwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/handlerwait"
	"github.com/fcplan/fcplan/analyzers/internal/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, stubs.TestData(t), handlerwait.Analyzer, "sleepy", "sleeplib/app", "calm")
}
