// Package analyzers lists fcplan's go/analysis analyzers for Function Compute
// (and AWS Lambda) Go handlers, and the severity of each rule they report.
package analyzers

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/connhandler"
	"github.com/fcplan/fcplan/analyzers/handlerwait"
	"github.com/fcplan/fcplan/analyzers/lifecycle"
	"github.com/fcplan/fcplan/analyzers/secrets"
	"github.com/fcplan/fcplan/analyzers/sharedstate"
	"github.com/fcplan/fcplan/rules/finding"
)

// All returns every fcplan analyzer, in rule-ID order.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		connhandler.Analyzer, // GO001
		secrets.Analyzer,     // GO002
		handlerwait.Analyzer, // GO003
		sharedstate.Analyzer, // GO004
		lifecycle.Analyzer,   // GO005
	}
}

// Severities maps a diagnostic category to its severity. A category is a
// rule ID ("GO001"), or a rule ID and a variant after a slash
// ("GO001/sts") when one rule reports cases of different weight.
// analysis.Diagnostic has no severity field, so drivers look it up here.
var Severities = map[string]finding.Severity{
	"GO001":            finding.Error,   // a client per request: a burst exhausts the database's connections
	"GO001/sts":        finding.Warning, // a client per request from STS credentials: costly, not fatal
	"GO001/lazy":       finding.Info,    // lazy init behind a nil check: once per instance; its race is GO004's
	"GO002":            finding.Error,   // a leaked key
	"GO003":            finding.Warning, // billed idle time
	"GO004":            finding.Warning, // a data race only when instance concurrency > 1
	"GO005":            finding.Error,   // a hook that never runs
	"GO005/deprecated": finding.Info,    // fc.StartHttp
}

// FixHints says, per diagnostic category, how to fix a finding in one
// line; drivers show it when a diagnostic has no suggested fix.
var FixHints = map[string]string{
	"GO001":            "create the client once per instance (init(), a package-level variable, sync.Once or the fc.RegisterInitializerFunction initializer) and reuse it in the handler",
	"GO001/sts":        "cache the client per instance and rebuild it only when the invocation's STS credentials change",
	"GO001/lazy":       "create the client in init() or the initializer, or under sync.Once, instead of behind an unsynchronized nil check",
	"GO002":            "delete the key from the code, rotate it, and read credentials from the function's role (fccontext) or the environment",
	"GO003":            "derive waits and downstream calls from the handler's ctx, give HTTP clients a Timeout, or move the wait out of the request path",
	"GO004":            "guard the write with a sync.Mutex, use sync/atomic, sync.Map or sync.Once, or keep the state per request",
	"GO005":            "register lifecycle hooks in main before the blocking fc.Start call",
	"GO005/deprecated": "follow the SDK's deprecation note: use StartHandler instead (or a custom runtime HTTP server)",
}

// RuleID returns the rule ID of a diagnostic category ("GO001/sts" -> "GO001").
func RuleID(category string) string {
	id, _, _ := strings.Cut(category, "/")
	return id
}

// Severity returns the severity of a diagnostic category; unknown categories
// are warnings.
func Severity(category string) finding.Severity {
	if s, ok := Severities[category]; ok {
		return s
	}
	if s, ok := Severities[RuleID(category)]; ok {
		return s
	}
	return finding.Warning
}

// ByRule returns the analyzer that reports rule id ("GO001"), or nil.
func ByRule(id string) *analysis.Analyzer {
	switch strings.ToUpper(id) {
	case "GO001":
		return connhandler.Analyzer
	case "GO002":
		return secrets.Analyzer
	case "GO003":
		return handlerwait.Analyzer
	case "GO004":
		return sharedstate.Analyzer
	case "GO005":
		return lifecycle.Analyzer
	}
	return nil
}
