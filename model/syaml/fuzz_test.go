package syaml

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
)

// fuzzSeeds are inputs that exercise the loader's corners: templates,
// anchors and merge cycles, wrong types, legacy files, broken YAML.
var fuzzSeeds = []string{
	"edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    props:\n      memorySize: ${vars.m}\nvars:\n  m: \"512\"\n",
	"edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    props: &p\n      <<: *p\n",
	"edition: 3.0.0\nresources: &r\n  f:\n    component: fc3\n    props: {vpcConfig: *r, triggers: [*r]}\n",
	"edition: 3.0.0\nvars: {a: '${vars.b}', b: '${vars.a}'}\nresources:\n  f: {component: fc3, props: {region: '${vars.a}'}}\n",
	"edition: 1.0.0\nservices:\n  s:\n    component: fc\n    props:\n      service: {role: {name: r, policies: [a, {name: p, statement: [{Effect: Allow}]}]}}\n      function: {initializer: i, initializationTimeout: x}\n      triggers: [{type: oss, config: {filter: {Key: {Prefix: a}}}}]\n",
	"edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    props:\n      memorySize: [1]\n      vpcConfig: 42\n      triggers: 7\n      customDomain: {certConfig: {}}\n",
	"edition: 3.0.0\nresources:\n  f: [unclosed\n",
	"edition: 3.0.0\nresources:\n  f:\n    component: {{ comp }}\n    props: {region: {{ region | cn-hangzhou }}}\n",
	"---\n---\nedition: 3\nresources: {}\n---\nedition: 3\nservices: {}\n",
	"edition: 3.0.0\nresources:\n  r: {component: ram, props: {name: x, statement: {Effect: Allow, Principal: '*'}}}\n",
}

// FuzzLoad checks that no input makes Load panic or return nil, that every
// error names file:line, and that the model can be linked and encoded.
func FuzzLoad(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, dir := range []string{filepath.Join("..", "..", "testdata", "projects", "fc3-vpc-app"), filepath.Join("..", "..", "testdata", "projects", "legacy-fc")} {
		if data, err := os.ReadFile(filepath.Join(dir, "s.yaml")); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Load("fuzz.yaml", data, Options{Env: map[string]string{"X": "1"}})
		if p == nil {
			t.Fatal("Load returned nil")
		}
		_ = Detect(data)
		p.Link()
		if _, err := json.Marshal(p); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		for _, d := range p.Diagnostics {
			if d.Severity == model.DiagError && (d.Pos.File != "fuzz.yaml" || d.Pos.Line < 1) {
				t.Fatalf("error without file:line: %v", d)
			}
		}
	})
}

// FuzzResolve checks the variable and template resolver on arbitrary
// strings: no panic, no hang, and an unknown result keeps a non-empty
// original text.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"${vars.a}", "${vars.list[1]}", "x-${env('A', 'd')}-y", "${env('A', path('../'))}",
		"${env.X}", "${config(\"AccountID\")}", "${resources.r.props.region}", "${resources.r.output.arn}",
		"${this.props.region}", "${this.name}", "${file('a')}", "{{ name }}", "{{ name | 'd' }}",
		"${", "${}", "${'unterminated}", "${a(b(c(d(e))))}", "${vars.a.b.c.d}", "{{", "}}${}}{{",
		"${vars.self}", "${ vars . a }", "${1.5}", "${env('X',)}",
	} {
		f.Add(s)
	}
	const varsYAML = `
a: 512
self: ${vars.self}
list: [x, y]
nested: {b: {c: {d: deep}}}
`
	var vars yaml.Node
	if err := yaml.Unmarshal([]byte(varsYAML), &vars); err != nil {
		f.Fatal(err)
	}
	var res yaml.Node
	if err := yaml.Unmarshal([]byte("component: fc3\nprops: {region: cn-hangzhou, loop: '${this.props.loop}'}\n"), &res); err != nil {
		f.Fatal(err)
	}
	r := &resolver{
		opts:      Options{Env: map[string]string{"X": "1"}, Config: map[string]string{"AccountID": "42"}},
		vars:      &vars,
		resources: map[string]*yaml.Node{"r": &res},
	}
	sc := scope{r: r, thisNode: &res, thisName: "r"}
	f.Fuzz(func(t *testing.T, s string) {
		r.steps, r.exhausted = 0, false
		d := sc.interpolate(s, 0)
		if d.kind == kUnknown && d.unknown == "" && s != "" {
			t.Fatalf("interpolate(%q): unknown without original text", s)
		}
		if _, ok := parseExpr(s); ok {
			_ = sc.evalSegment(segment{text: "${" + s + "}", expr: s, isExpr: true}, 0)
		}
	})
}
