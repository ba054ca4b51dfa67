module github.com/fcplan/fcplan/analyzers/golangci

go 1.26.8

require (
	github.com/fcplan/fcplan v0.0.0
	github.com/golangci/plugin-module-register v0.1.1
	golang.org/x/tools v0.52.0
)

require (
	github.com/agext/levenshtein v1.2.1 // indirect
	github.com/apparentlymart/go-textseg/v15 v15.0.0 // indirect
	github.com/apparentlymart/go-textseg/v17 v17.0.1 // indirect
	github.com/hashicorp/hcl/v2 v2.25.0 // indirect
	github.com/mitchellh/go-wordwrap v1.0.1 // indirect
	github.com/zclconf/go-cty v1.20.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.31.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

// The plugin is built from this repository's analyzers; golangci-lint's
// "custom" command resolves this replace when .custom-gcl.yml points at the
// local path (see README.md).
replace github.com/fcplan/fcplan => ../..
