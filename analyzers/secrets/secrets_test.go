package secrets_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/internal/stubs"
	"github.com/fcplan/fcplan/analyzers/secrets"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t), secrets.Analyzer, "hardcoded", "placeholders", "namedsecrets", "namedtwins", "generated")
}
