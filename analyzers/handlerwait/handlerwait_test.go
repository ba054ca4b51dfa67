package handlerwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/handlerwait"
)

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), handlerwait.Analyzer, "sleepy", "sleeplib/app", "calm")
}
