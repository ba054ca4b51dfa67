// Command fcvet runs fcplan's Go analyzers under 'go vet':
//
//	go vet -vettool=$(which fcvet) ./...
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/fcplan/fcplan/analyzers"
)

func main() {
	unitchecker.Main(analyzers.All()...)
}
