// Package analyzers lists fcplan's go/analysis analyzers for Function Compute
// (and AWS Lambda) Go handlers.
package analyzers

import "golang.org/x/tools/go/analysis"

// All returns every fcplan analyzer, in rule-ID order.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{}
}
