package yamldup

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // key@line:col (first line)
	}{
		{"none", "a: 1\nb: {c: 2, d: 3}\n", nil},
		{"top level", "a: 1\nb: 2\na: 3\n", []string{"a@3:1(1)"}},
		{"nested block", "t:\n  authType: function\n  authType: anonymous\n", []string{"authType@3:3(2)"}},
		{"flow", "t: {x: 1, x: 2}\n", []string{"x@1:11(1)"}},
		{"in a list", "l:\n  - k: 1\n    k: 2\n", []string{"k@3:5(2)"}},
		{"document order", "a:\n  x: 1\n  x: 2\na: 3\n", []string{"x@3:3(2)", "a@4:1(1)"}},
		{"same text other tag", "1: a\n\"1\": b\n", nil},
		{"alias not followed", "base: &b {k: 1}\nuse: *b\nother: *b\n", nil},
		{"same key in sibling maps", "a: {k: 1}\nb: {k: 2}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(tt.doc), &n); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range Find(&n) {
				got = append(got, fmt.Sprintf("%s@%d:%d(%d)", d.Key, d.Again.Line, d.Again.Column, d.First.Line))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Find = %v, want %v", got, tt.want)
			}
		})
	}
}
