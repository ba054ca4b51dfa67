package syaml

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds every walk that can follow aliases or variable
// references: YAML anchors can form cycles (`&a [*a]`) and variables can
// refer to themselves.
const maxDepth = 32

// deref follows aliases and unwraps a document node.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < maxDepth; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	if n != nil && (n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode) {
		return nil
	}
	return n
}

// entry is one key/value pair of a mapping.
type entry struct {
	key, val *yaml.Node
}

// entries returns the pairs of mapping n in written order, with YAML merge
// keys (`<<: *base`, `<<: [*a, *b]`) expanded in place: explicit keys win
// over merged ones, and earlier merge sources win over later ones.
func entries(n *yaml.Node) []entry {
	return entriesDepth(n, 0, nil)
}

// entriesDepth expands merges; visited holds the mappings already merged
// in this expansion, so a merge cycle (`&p {<<: [*p, *p]}`) or a diamond is
// expanded once instead of exponentially often.
func entriesDepth(n *yaml.Node, depth int, visited map[*yaml.Node]bool) []entry {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > maxDepth || visited[n] {
		return nil
	}
	hasMerge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMergeKey(n.Content[i]) {
			hasMerge = true
			break
		}
	}
	if !hasMerge {
		out := make([]entry, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, entry{n.Content[i], n.Content[i+1]})
		}
		return out
	}
	if visited == nil {
		visited = map[*yaml.Node]bool{}
	}
	visited[n] = true
	explicit := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !isMergeKey(k) {
			explicit[keyText(k)] = true
		}
	}
	var out []entry
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMergeKey(k) {
			out = append(out, entry{k, v})
			continue
		}
		var sources []*yaml.Node
		if dv := deref(v); dv != nil && dv.Kind == yaml.SequenceNode {
			sources = dv.Content
		} else {
			sources = []*yaml.Node{v}
		}
		for _, src := range sources {
			for _, e := range entriesDepth(src, depth+1, visited) {
				name := keyText(e.key)
				if explicit[name] || seen[name] {
					continue
				}
				seen[name] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0
}

// keyText is the text of a mapping key (keys are scalars in every file we
// read; anything else gets an empty name and is ignored).
func keyText(k *yaml.Node) string {
	k = deref(k)
	if k == nil || k.Kind != yaml.ScalarNode {
		return ""
	}
	return k.Value
}

// lookup returns the key and value nodes of key in mapping n.
func lookup(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if isMergeKey(k) {
			merges = true
			continue
		}
		if keyText(k) == key {
			return k, n.Content[i+1]
		}
	}
	if !merges {
		return nil, nil
	}
	for _, e := range entries(n) {
		if keyText(e.key) == key {
			return e.key, e.val
		}
	}
	return nil, nil
}

// lookupFold is lookup with a case-insensitive key (RAM statements and
// legacy trigger filters are written as `Effect` or `effect`, `Key` or `key`).
func lookupFold(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if k, v := lookup(n, key); v != nil {
		return k, v
	}
	for _, e := range entries(n) {
		if strings.EqualFold(keyText(e.key), key) {
			return e.key, e.val
		}
	}
	return nil, nil
}

// isNull reports whether n is absent or an explicit null.
func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// mergeNodes deep-merges over onto base (the Serverless Devs `extend`
// semantics): mappings merge key by key, anything else is replaced by over.
// Positions stay those of the original nodes.
func mergeNodes(base, over *yaml.Node, depth int) *yaml.Node {
	b, o := deref(base), deref(over)
	if b == nil {
		return over
	}
	if o == nil {
		return base
	}
	if b.Kind != yaml.MappingNode || o.Kind != yaml.MappingNode || depth > maxDepth {
		return over
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: o.Line, Column: o.Column}
	overKeys := map[string]*yaml.Node{}
	for _, e := range entries(o) {
		overKeys[keyText(e.key)] = e.val
	}
	done := map[string]bool{}
	for _, e := range entries(b) {
		name := keyText(e.key)
		if ov, ok := overKeys[name]; ok {
			out.Content = append(out.Content, e.key, mergeNodes(e.val, ov, depth+1))
			done[name] = true
			continue
		}
		out.Content = append(out.Content, e.key, e.val)
	}
	for _, e := range entries(o) {
		if !done[keyText(e.key)] {
			out.Content = append(out.Content, e.key, e.val)
		}
	}
	return out
}

// flowTemplate recognises a template placeholder written without quotes:
// YAML reads `{{ region }}` as a flow mapping whose only key is the flow
// mapping {region: null}. It returns the placeholder text.
func flowTemplate(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle == 0 || len(n.Content) != 2 {
		return "", false
	}
	inner, v := n.Content[0], n.Content[1]
	if inner.Kind != yaml.MappingNode || len(inner.Content) != 2 || !isNull(v) || v.Value != "" {
		return "", false
	}
	k, iv := inner.Content[0], inner.Content[1]
	if k.Kind != yaml.ScalarNode || !isNull(iv) || iv.Value != "" {
		return "", false
	}
	return "{{ " + strings.TrimSpace(k.Value) + " }}", true
}
