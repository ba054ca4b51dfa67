// Package rules holds fcplan's configuration rules over model.Project: a
// registry of rules with stable IDs, one file per rule family, and the rule
// documentation under docs/.
package rules

import (
	"fmt"
	"sort"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/rules/finding"
)

// Rule is one check with a stable ID. An ID never changes meaning; a retired
// rule keeps its ID reserved.
type Rule struct {
	// ID is the stable identifier, e.g. "RAM001".
	ID string
	// Name is a short kebab-case name, e.g. "ram-admin-action".
	Name string
	// Severity is the default severity; a finding may carry another (for
	// example RAM002 is an error together with an all-resources scope).
	Severity finding.Severity
	// Summary is the one-line description shown by `fcplan rules`.
	Summary string
	// Check returns the rule's findings for the project.
	Check func(p *model.Project, c *Context) []finding.Finding
}

// Context is what a rule may consult besides the project.
type Context struct {
	// Catalog holds prices, limits and the RAM action catalog.
	Catalog *catalog.Catalog
	// NeedsInternet, when set, names functions (by Function.Key) that the Go
	// analyzers found calling public hosts, with the evidence.
	NeedsInternet map[string]finding.Location
}

var registry = map[string]*Rule{}

// Register adds a rule; rule family files call it from init. It panics on a
// duplicate ID, which is a programming error.
func Register(r *Rule) {
	if _, dup := registry[r.ID]; dup {
		panic(fmt.Sprintf("rules: duplicate rule ID %s", r.ID))
	}
	registry[r.ID] = r
}

// All returns every registered rule sorted by ID.
func All() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Rule { return registry[id] }
