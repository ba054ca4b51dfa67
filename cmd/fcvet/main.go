// Command fcvet runs fcplan's Go analyzers under 'go vet':
//
//	go vet -vettool=$(which fcvet) ./...
//
// It honours the project's suppressions as 'fcplan vet' does:
// //fcplan:ignore comments in the package's files and the .fcplan.yaml
// found by walking up from each package's directory to the module root
// (see package configured). Malformed ignore comments are reported as
// FCP001.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/fcplan/fcplan/analyzers"
	"github.com/fcplan/fcplan/analyzers/configured"
)

func main() {
	unitchecker.Main(append(configured.Wrap(analyzers.All()), configured.IgnoreCheck)...)
}
