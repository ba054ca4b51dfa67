// Package yamldup finds mapping keys written twice in a YAML document.
//
// yaml.v3 decodes a document into nodes without complaint when a mapping
// repeats a key, and code that looks keys up takes the first one, while
// other readers (js-yaml, which Serverless Devs uses) take the last: what a
// reviewer reads and what fcplan evaluates could differ. Loaders report
// every repeat as an input error instead.
package yamldup

import (
	"sort"

	"gopkg.in/yaml.v3"
)

// Duplicate is a key written again in the same mapping.
type Duplicate struct {
	Key   string
	First *yaml.Node // the key's first occurrence
	Again *yaml.Node // the repeat
}

// Find returns the repeated scalar keys of every mapping under n, in
// document order. It does not follow aliases (the anchored node is checked
// where it is written) and treats "<<" merge keys like any other key.
func Find(n *yaml.Node) []Duplicate {
	var out []Duplicate
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil || n.Kind == yaml.AliasNode {
			continue
		}
		if n.Kind == yaml.MappingNode {
			first := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind != yaml.ScalarNode {
					continue
				}
				id := k.ShortTag() + "\x00" + k.Value
				if f, ok := first[id]; ok {
					out = append(out, Duplicate{Key: k.Value, First: f, Again: k})
				} else {
					first[id] = k
				}
			}
		}
		// Push children in reverse so they pop in document order.
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Again, out[j].Again
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return out
}
