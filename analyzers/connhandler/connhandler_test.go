package connhandler_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/fcplan/fcplan/analyzers/connhandler"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), connhandler.Analyzer,
		"inhandler", "ininit", "initializer", "samehelper", "crosspkg/app", "closure", "methodvalue",
		"oncelazy", "sts", "catalogue", "lazyinit", "openclose", "wrapped", "wrappedlambda", "wrappedhttp", "generated", "generic", "customruntime", "lambdahandler", "clean", "degraded", "crosshandler/app")
}
