package sharedstate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/internal/stubs"
	"github.com/fcplan/fcplan/analyzers/sharedstate"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t), sharedstate.Analyzer, "racy", "statelib/app", "synced")
}
