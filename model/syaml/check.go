package syaml

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// legacyInFC3 names FC 2.0 (legacy fc) props that real fc3 files still
// carry, with the fc3 prop that replaces each.
var legacyInFC3 = map[string]string{
	"initializer":           "instanceLifecycleConfig.initializer.handler",
	"initializationTimeout": "instanceLifecycleConfig.initializer.timeout",
	"codeUri":               "code",
	"caPort":                "customRuntimeConfig.port",
	"asyncConfiguration":    "asyncInvokeConfig",
	"name":                  "functionName",
	"instanceType":          "cpu, memorySize and gpuConfig",
}

// checkSchema walks value n against schema s: a value of the wrong type is
// an error naming the expected type; a key the schema does not list is a
// warning with a did-you-mean. Unknown (unresolvable) values are not judged.
func (l *loader) checkSchema(n *yaml.Node, s *schema, path string, depth int) {
	if s == nil || n == nil || depth > maxDepth {
		return
	}
	d := l.val(n)
	if d.kind == kUnknown || d.kind == kNull {
		return
	}
	var match []*schema
	for _, alt := range s.alternatives() {
		if matchesType(alt, d) {
			match = append(match, alt)
		}
	}
	if len(match) == 0 {
		l.errorf(n, "expected %s for %s, got %s", s.expected(), displayPath(path), describe(d))
		return
	}
	switch d.kind {
	case kMap:
		l.checkObject(d.node, match, path, depth)
	case kSeq:
		for _, alt := range match {
			if alt.items != nil {
				for i, item := range d.node.Content {
					l.checkSchema(item, alt.items, fmt.Sprintf("%s[%d]", path, i), depth+1)
				}
				break
			}
		}
	default:
		l.checkEnum(n, d, match[0], path)
	}
}

func displayPath(path string) string {
	if path == "" {
		return "props"
	}
	return path
}

// checkObject checks the keys of mapping m against the properties of the
// matching object schemas.
func (l *loader) checkObject(m *yaml.Node, alts []*schema, path string, depth int) {
	// One matching schema is the common case: use its tables as they are.
	props, names := alts[0].Properties, alts[0].names
	open := alts[0].openKeys || (len(alts[0].Properties) == 0 && alts[0].AdditionalProperties == nil)
	if len(alts) > 1 {
		props = map[string]*schema{}
		names = nil
		for _, alt := range alts {
			if alt.openKeys || (len(alt.Properties) == 0 && alt.AdditionalProperties == nil) {
				open = true
			}
			for _, k := range alt.names {
				if _, dup := props[k]; !dup {
					props[k] = alt.Properties[k]
					names = append(names, k)
				}
			}
		}
	}
	// A trigger's triggerConfig is judged by the schema of its type.
	var triggerType string
	if _, ok := props["triggerConfig"]; ok {
		if _, tv := lookup(m, "triggerType"); tv != nil {
			if t := l.val(tv); t.kind == kString {
				triggerType = normalizeTriggerType(t.s)
			}
		}
	}
	for _, e := range entries(m) {
		key := keyText(e.key)
		sub := joinPath(path, key)
		ps, ok := props[key]
		if !ok && strings.HasSuffix(strings.TrimRight(path, "0123456789[]"), "tags") {
			// Tags are written {Key, Value} as often as {key, value}.
			ps, ok = props[strings.ToLower(key)]
		}
		if !ok {
			if open || key == "" {
				continue
			}
			l.unknownProp(e.key, key, path, names)
			continue
		}
		if key == "triggerConfig" && triggerType != "" {
			if def := definition(triggerConfigSchemas[triggerType]); def != nil {
				ps = def
			}
		}
		l.checkSchema(e.val, ps, sub, depth+1)
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// unknownProp warns about a key the schema does not list.
func (l *loader) unknownProp(keyNode *yaml.Node, key, path string, names []string) {
	where := "fc3 props"
	if path != "" {
		where = path
	}
	if path == "" {
		if repl, ok := legacyInFC3[key]; ok {
			l.warnf(keyNode, "unknown prop %q in %s: it is a legacy fc (FC 2.0) prop; fc3 uses %s", key, where, repl)
			return
		}
	}
	if s := didYouMean(key, names); s != "" {
		l.warnf(keyNode, "unknown prop %q in %s; did you mean %q?", key, where, s)
		return
	}
	l.warnf(keyNode, "unknown prop %q in %s (not in the fc3 schema)", key, where)
}

// checkEnum warns when a known scalar is not one of the schema's values: a
// warning when it looks like a misspelling of one, an info note otherwise
// (the schema's lists lag behind new runtimes and regions).
func (l *loader) checkEnum(n *yaml.Node, d dyn, s *schema, path string) {
	if len(s.Enum) == 0 {
		return
	}
	text := d.scalarText()
	opts := make([]string, 0, len(s.Enum))
	for _, e := range s.Enum {
		var o string
		switch v := e.(type) {
		case string:
			o = v
		case float64:
			o = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			o = fmt.Sprint(v)
		}
		if o == text {
			return
		}
		opts = append(opts, o)
	}
	if s := didYouMean(text, opts); s != "" {
		l.warnf(n, "%s %q is not a value the fc3 schema allows; did you mean %q?", path, text, s)
		return
	}
	l.infof(n, "%s %q is not among the values the fc3 schema lists (%s)", path, text, abbreviate(opts, 6))
}

func abbreviate(opts []string, n int) string {
	if len(opts) <= n {
		return strings.Join(opts, ", ")
	}
	return strings.Join(opts[:n], ", ") + ", ..."
}

// matchesType reports whether d has a type schema s allows. Values that
// came from templates are strings in Serverless Devs, so "512" from
// ${vars.mem} counts as a number.
func matchesType(s *schema, d dyn) bool {
	types := s.types()
	if len(types) == 0 {
		return true
	}
	for _, t := range types {
		switch t {
		case "object":
			if d.kind == kMap {
				return true
			}
		case "array":
			if d.kind == kSeq {
				return true
			}
		case "string":
			if d.kind == kString || d.kind == kInt || d.kind == kFloat || d.kind == kBool {
				// const "auto" also admits "auto|option=value|...", which
				// the fc3 component parses (its own tests use it).
				if c, ok := s.Const.(string); ok && d.scalarText() != c && !(c == "auto" && isAuto(d.scalarText())) {
					continue
				}
				return true
			}
		case "integer":
			if d.kind == kInt || d.kind == kFloat && d.f == float64(int64(d.f)) {
				return true
			}
			if d.kind == kString && d.templated {
				if _, err := strconv.Atoi(strings.TrimSpace(d.s)); err == nil {
					return true
				}
			}
		case "number":
			if d.kind == kInt || d.kind == kFloat {
				return true
			}
			if d.kind == kString && d.templated {
				if _, err := strconv.ParseFloat(strings.TrimSpace(d.s), 64); err == nil {
					return true
				}
			}
		case "boolean":
			if d.kind == kBool {
				return true
			}
			if d.kind == kString && d.templated {
				if _, err := strconv.ParseBool(strings.TrimSpace(d.s)); err == nil {
					return true
				}
			}
		case "null":
			if d.kind == kNull {
				return true
			}
		}
	}
	return false
}

// didYouMean returns the candidate closest to word (case-insensitive
// Levenshtein distance) when it is close enough to be a likely misspelling:
// at most 1 edit for short words, 2 for words of 5+ letters, 3 for 9+.
func didYouMean(word string, candidates []string) string {
	w := strings.ToLower(word)
	limit := 1
	switch {
	case len(w) >= 9:
		limit = 3
	case len(w) >= 5:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == word {
			continue
		}
		d := levenshtein(w, strings.ToLower(c), bestD)
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// levenshtein is the edit distance between a and b, giving up (returning
// max) once every path exceeds max.
func levenshtein(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
