module github.com/fcplan/fcplan/analyzers/golangci

go 1.24

require (
	github.com/fcplan/fcplan v0.0.0
	github.com/golangci/plugin-module-register v0.1.1
	golang.org/x/tools v0.52.0
)

// The plugin is built from this repository's analyzers; golangci-lint's
// "custom" command resolves this replace when .custom-gcl.yml points at the
// local path (see README.md).
replace github.com/fcplan/fcplan => ../..
