// Package golangci registers fcplan's analyzers as golangci-lint module
// plugins, one plugin per rule so that each can be enabled, configured and
// silenced on its own (//nolint:fcconn):
//
//	fcconn       GO001 connhandler  clients created per request
//	fcsecrets    GO002 secrets      hard-coded AccessKeys
//	fcwait       GO003 handlerwait  billed idle time in handlers
//	fcstate      GO004 sharedstate  unsynchronized package state
//	fclifecycle  GO005 lifecycle    hooks registered after fc.Start
//	fcignore     FCP001             malformed fcplan:ignore comments
//
// Every rule honours //fcplan:ignore comments and .fcplan.yaml, as fcvet
// and 'fcplan vet' do.
//
// It is a separate module so that fcplan itself does not depend on
// golangci-lint's plugin registry. See README.md for .custom-gcl.yml.
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/configured"
	"github.com/fcplan/fcplan/analyzers/connhandler"
	"github.com/fcplan/fcplan/analyzers/handlerwait"
	"github.com/fcplan/fcplan/analyzers/lifecycle"
	"github.com/fcplan/fcplan/analyzers/secrets"
	"github.com/fcplan/fcplan/analyzers/sharedstate"
)

// Plugins maps each golangci-lint linter name to the analyzer it runs.
var Plugins = map[string]*analysis.Analyzer{
	"fcconn":      connhandler.Analyzer,
	"fcsecrets":   secrets.Analyzer,
	"fcwait":      handlerwait.Analyzer,
	"fcstate":     sharedstate.Analyzer,
	"fclifecycle": lifecycle.Analyzer,
	"fcignore":    configured.IgnoreCheck,
}

func init() {
	for name, a := range Plugins {
		register.Plugin(name, newPlugin(name, a))
	}
}

// plugin is one rule as a golangci-lint linter. The analyzers take no
// settings; any given are rejected so that a typo does not pass silently.
type plugin struct {
	analyzer *analysis.Analyzer
}

func newPlugin(name string, a *analysis.Analyzer) register.NewPlugin {
	return func(settings any) (register.LinterPlugin, error) {
		if m, ok := settings.(map[string]any); ok && len(m) > 0 || settings != nil && !ok {
			return nil, fmt.Errorf("%s: takes no settings, got %v", name, settings)
		}
		return &plugin{analyzer: a}, nil
	}
}

// BuildAnalyzers returns the rule's analyzer, wrapped so that it honours
// //fcplan:ignore comments and the project's .fcplan.yaml exactly as fcvet
// and 'fcplan vet' do (package configured); golangci-lint runs the
// analyzers it requires (entry) too.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	if p.analyzer == configured.IgnoreCheck {
		return []*analysis.Analyzer{p.analyzer}, nil
	}
	return configured.Wrap([]*analysis.Analyzer{p.analyzer}), nil
}

// GetLoadMode asks for type information: constructors, handlers and
// credentials are matched by *types.Func.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
