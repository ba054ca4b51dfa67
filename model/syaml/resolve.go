package syaml

import (
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// kind is the type of a resolved YAML value.
type kind int

const (
	kNull kind = iota
	kString
	kInt
	kFloat
	kBool
	kMap
	kSeq
	kUnknown
)

// typeName names a kind in error messages ("got sequence").
func (k kind) typeName() string {
	switch k {
	case kNull:
		return "null"
	case kString:
		return "string"
	case kInt:
		return "integer"
	case kFloat:
		return "number"
	case kBool:
		return "boolean"
	case kMap:
		return "object"
	case kSeq:
		return "array"
	}
	return "unknown"
}

// dyn is a YAML value after variable and template resolution.
type dyn struct {
	kind kind
	s    string // kString; the scalar text for other scalar kinds
	i    int
	f    float64
	b    bool
	node *yaml.Node // kMap, kSeq: the (possibly referenced) node
	// unknown is the original text of a value that cannot be evaluated
	// statically; ref names what it refers to ("resources.x.output.url").
	unknown string
	ref     string
	// templated is set when the value came from a ${...} or {{...}}
	// expression: such values are strings in Serverless Devs, so a numeric
	// or boolean field accepts "512" or "true" from them.
	templated bool
}

func unknownDyn(text, ref string) dyn {
	return dyn{kind: kUnknown, unknown: text, ref: ref, templated: true}
}

// resolver evaluates Serverless Devs variables: ${vars.x}, ${env('X', 'd')},
// ${env.X}, ${config('AccountID')}, ${resources.x.props.y},
// ${resources.x.output.y}, ${this.props.y}, ${this.name}, ${path('..')},
// ${file('x')} and template placeholders {{ name }} / {{ name | default }}.
//
// Anything it cannot evaluate becomes an unknown value that keeps the
// original text; it never fails. A placeholder with a default resolves to
// the default and is known (the value `s init` would fill in when the user
// accepts the default).
type resolver struct {
	opts      Options
	vars      *yaml.Node
	resources map[string]*yaml.Node
	// steps counts expression evaluations; past maxResolveSteps every
	// further expression is unknown, so variables that expand
	// exponentially (a: ${vars.b}${vars.b}, b: ${vars.c}${vars.c}, ...)
	// cannot stall the loader.
	steps     int
	exhausted bool
}

// maxResolveSteps bounds the expression evaluations of one file; real files
// need a few hundred.
const maxResolveSteps = 20000

// maxResolvedLen bounds the length of a string built from expressions.
const maxResolvedLen = 1 << 16

// scope is the resource a value belongs to, for ${this.*}.
type scope struct {
	r        *resolver
	thisNode *yaml.Node
	thisName string
}

// value resolves node n.
func (sc scope) value(n *yaml.Node, depth int) dyn {
	n = deref(n)
	if n == nil {
		return dyn{kind: kNull}
	}
	if t, ok := flowTemplate(n); ok {
		return sc.interpolate(t, depth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return dyn{kind: kMap, node: n}
	case yaml.SequenceNode:
		return dyn{kind: kSeq, node: n}
	case yaml.ScalarNode:
	default:
		return dyn{kind: kNull}
	}
	switch n.Tag {
	case "!!null":
		return dyn{kind: kNull, s: n.Value}
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return dyn{kind: kBool, b: b, s: n.Value}
		}
	case "!!int":
		var i int64
		if err := n.Decode(&i); err == nil && i >= math.MinInt32 && i <= math.MaxInt32 {
			return dyn{kind: kInt, i: int(i), f: float64(i), s: n.Value}
		}
		var f float64
		if err := n.Decode(&f); err == nil {
			return dyn{kind: kFloat, f: f, s: n.Value}
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil {
			return dyn{kind: kFloat, f: f, s: n.Value}
		}
	}
	if strings.Contains(n.Value, "${") || strings.Contains(n.Value, "{{") {
		return sc.interpolate(n.Value, depth)
	}
	return dyn{kind: kString, s: n.Value}
}

// segment is a literal run or an expression of an interpolated string.
type segment struct {
	text     string // literal text, or the whole expression as written
	expr     string // the expression inside ${...} or {{...}}
	isExpr   bool
	template bool // {{...}}
}

// splitTemplate cuts s into literal text and ${...} / {{...}} expressions.
// An unterminated expression is literal text.
func splitTemplate(s string) []segment {
	var out []segment
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, segment{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			if end := exprEnd(s, i+2); end >= 0 {
				flush()
				out = append(out, segment{text: s[i : end+1], expr: s[i+2 : end], isExpr: true})
				i = end + 1
				continue
			}
		case strings.HasPrefix(s[i:], "{{"):
			if end := strings.Index(s[i+2:], "}}"); end >= 0 {
				flush()
				out = append(out, segment{text: s[i : i+2+end+2], expr: s[i+2 : i+2+end], isExpr: true, template: true})
				i += 2 + end + 2
				continue
			}
		}
		lit.WriteByte(s[i])
		i++
	}
	flush()
	return out
}

// exprEnd returns the index of the '}' closing a ${ expression whose body
// starts at i, skipping quoted strings and nested braces; -1 if none.
func exprEnd(s string, i int) int {
	depth := 0
	var quote byte
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// interpolate resolves a string containing expressions. A string that is
// exactly one expression takes the expression's type (a number, a mapping
// from vars...); a mixed string is a string, unknown if any part is.
func (sc scope) interpolate(text string, depth int) dyn {
	sc.r.steps++
	if sc.r.steps > maxResolveSteps {
		sc.r.exhausted = true
		return unknownDyn(text, "")
	}
	if depth > maxDepth {
		return unknownDyn(text, "")
	}
	segs := splitTemplate(text)
	if len(segs) == 1 && segs[0].isExpr {
		d := sc.evalSegment(segs[0], depth)
		if d.kind == kUnknown {
			d.unknown = text
		}
		d.templated = true
		return d
	}
	var b strings.Builder
	for _, seg := range segs {
		if !seg.isExpr {
			b.WriteString(seg.text)
			continue
		}
		d := sc.evalSegment(seg, depth)
		switch d.kind {
		case kUnknown, kMap, kSeq:
			return unknownDyn(text, "")
		case kNull:
		case kString:
			b.WriteString(d.s)
		default:
			b.WriteString(d.scalarText())
		}
		if b.Len() > maxResolvedLen {
			sc.r.exhausted = true
			return unknownDyn(text, "")
		}
	}
	return dyn{kind: kString, s: b.String(), templated: true}
}

// scalarText formats a resolved scalar as Serverless Devs would when it
// builds a string.
func (d dyn) scalarText() string {
	switch d.kind {
	case kString:
		return d.s
	case kInt:
		return strconv.Itoa(d.i)
	case kFloat:
		if d.s != "" {
			return d.s
		}
		return strconv.FormatFloat(d.f, 'g', -1, 64)
	case kBool:
		return strconv.FormatBool(d.b)
	case kUnknown:
		return d.unknown
	}
	return ""
}

func (sc scope) evalSegment(seg segment, depth int) dyn {
	if seg.template {
		_, def, hasDef := strings.Cut(seg.expr, "|")
		if !hasDef {
			return unknownDyn(seg.text, "")
		}
		return dyn{kind: kString, s: unquote(strings.TrimSpace(def)), templated: true}
	}
	e, ok := parseExpr(seg.expr)
	if !ok {
		return unknownDyn(seg.text, "")
	}
	d := sc.eval(e, depth+1)
	if d.kind == kUnknown && d.unknown == "" {
		d.unknown = seg.text
	}
	return d
}

// unquote strips one pair of matching quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// expr is a parsed ${...} expression: a literal, a dotted path, or a call.
type expr struct {
	lit    *dyn     // string or number literal
	path   []string // vars.a.b, env.X, resources.x.props.y
	call   string   // env, config, path, file...
	args   []expr
	source string
}

// parseExpr parses the body of ${...}. Operators and anything else outside
// the small grammar fail, which makes the value unknown.
func parseExpr(s string) (expr, bool) {
	p := exprParser{s: s}
	e, ok := p.primary(0)
	if !ok {
		return expr{}, false
	}
	p.ws()
	if p.i != len(p.s) {
		return expr{}, false
	}
	return e, true
}

type exprParser struct {
	s string
	i int
}

func (p *exprParser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func (p *exprParser) ident() (string, bool) {
	start := p.i
	for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i], p.i > start
}

func (p *exprParser) str() (string, bool) {
	q := p.s[p.i]
	var b strings.Builder
	for p.i++; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		if c == '\\' && p.i+1 < len(p.s) {
			p.i++
			b.WriteByte(p.s[p.i])
			continue
		}
		if c == q {
			p.i++
			return b.String(), true
		}
		b.WriteByte(c)
	}
	return "", false
}

func (p *exprParser) primary(depth int) (expr, bool) {
	if depth > maxDepth {
		return expr{}, false
	}
	p.ws()
	if p.i >= len(p.s) {
		return expr{}, false
	}
	start := p.i
	c := p.s[p.i]
	if c == '\'' || c == '"' {
		s, ok := p.str()
		if !ok {
			return expr{}, false
		}
		return expr{lit: &dyn{kind: kString, s: s}, source: p.s[start:p.i]}, true
	}
	if c >= '0' && c <= '9' {
		for p.i < len(p.s) && (p.s[p.i] >= '0' && p.s[p.i] <= '9' || p.s[p.i] == '.') {
			p.i++
		}
		text := p.s[start:p.i]
		if i, err := strconv.Atoi(text); err == nil {
			return expr{lit: &dyn{kind: kInt, i: i, f: float64(i), s: text}, source: text}, true
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return expr{}, false
		}
		return expr{lit: &dyn{kind: kFloat, f: f, s: text}, source: text}, true
	}
	name, ok := p.ident()
	if !ok {
		return expr{}, false
	}
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		e := expr{call: name}
		for {
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == ')' {
				p.i++
				break
			}
			if len(e.args) > 0 {
				if p.i >= len(p.s) || p.s[p.i] != ',' {
					return expr{}, false
				}
				p.i++
			}
			a, ok := p.primary(depth + 1)
			if !ok {
				return expr{}, false
			}
			e.args = append(e.args, a)
		}
		e.source = p.s[start:p.i]
		return e, true
	}
	e := expr{path: []string{name}}
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '.':
			p.i++
			seg, ok := p.ident()
			if !ok {
				return expr{}, false
			}
			e.path = append(e.path, seg)
		case '[':
			p.i++
			p.ws()
			if p.i >= len(p.s) {
				return expr{}, false
			}
			var seg string
			if q := p.s[p.i]; q == '\'' || q == '"' {
				s, ok := p.str()
				if !ok {
					return expr{}, false
				}
				seg = s
			} else {
				s, ok := p.ident()
				if !ok {
					return expr{}, false
				}
				seg = s
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ']' {
				return expr{}, false
			}
			p.i++
			e.path = append(e.path, seg)
		default:
			e.source = p.s[start:p.i]
			return e, true
		}
	}
	e.source = p.s[start:p.i]
	return e, true
}

func (sc scope) eval(e expr, depth int) dyn {
	if depth > maxDepth {
		return unknownDyn("${"+e.source+"}", "")
	}
	if e.lit != nil {
		return *e.lit
	}
	if e.call != "" {
		return sc.evalCall(e, depth)
	}
	return sc.evalPath(e.path, depth)
}

func (sc scope) evalCall(e expr, depth int) dyn {
	text := "${" + e.source + "}"
	arg := func(i int) (string, bool) {
		if i >= len(e.args) {
			return "", false
		}
		// 1.x files write names unquoted: ${env(secretId)}.
		if a := e.args[i]; len(a.path) == 1 && a.call == "" && a.lit == nil {
			return a.path[0], true
		}
		d := sc.eval(e.args[i], depth+1)
		if d.kind == kString || d.kind == kInt || d.kind == kFloat || d.kind == kBool {
			return d.scalarText(), true
		}
		return "", false
	}
	switch e.call {
	case "env":
		name, ok := arg(0)
		if !ok {
			return unknownDyn(text, "")
		}
		if v, ok := sc.r.opts.Env[name]; ok {
			return dyn{kind: kString, s: v, templated: true}
		}
		if len(e.args) >= 2 {
			d := sc.eval(e.args[1], depth+1)
			d.templated = true
			if d.kind == kUnknown {
				d.unknown = text
			}
			return d
		}
		return unknownDyn(text, "")
	case "config":
		name, ok := arg(0)
		if !ok {
			return unknownDyn(text, "")
		}
		if v, ok := sc.r.opts.Config[name]; ok {
			return dyn{kind: kString, s: v, templated: true}
		}
		return unknownDyn(text, "")
	case "path":
		if p, ok := arg(0); ok {
			return dyn{kind: kString, s: p, templated: true}
		}
	}
	return unknownDyn(text, "")
}

func (sc scope) evalPath(path []string, depth int) dyn {
	text := "${" + strings.Join(path, ".") + "}"
	switch path[0] {
	case "vars":
		return sc.walk(sc.r.vars, path[1:], depth, text, "")
	case "env", "config":
		if len(path) != 2 {
			return unknownDyn(text, "")
		}
		m := sc.r.opts.Env
		if path[0] == "config" {
			m = sc.r.opts.Config
		}
		if v, ok := m[path[1]]; ok {
			return dyn{kind: kString, s: v, templated: true}
		}
		return unknownDyn(text, "")
	case "this":
		if len(path) == 2 && path[1] == "name" {
			if sc.thisName == "" {
				return unknownDyn(text, "")
			}
			return dyn{kind: kString, s: sc.thisName, templated: true}
		}
		return sc.walk(sc.thisNode, path[1:], depth, text, "")
	case "resources", "services":
		if len(path) < 3 {
			return unknownDyn(text, strings.Join(path, "."))
		}
		ref := strings.Join(path, ".")
		res := sc.r.resources[path[1]]
		if res == nil || path[2] == "output" || path[2] == "outputs" {
			return unknownDyn(text, ref)
		}
		other := scope{r: sc.r, thisNode: res, thisName: path[1]}
		d := other.walk(res, path[2:], depth, text, ref)
		if d.kind == kUnknown && d.ref == "" {
			d.ref = ref
		}
		return d
	}
	return unknownDyn(text, "")
}

// walk follows path from node n and resolves what it finds. Intermediate
// values may themselves be expressions (vars.a: ${vars.b}).
func (sc scope) walk(n *yaml.Node, path []string, depth int, text, ref string) dyn {
	cur := n
	for _, seg := range path {
		d := sc.value(cur, depth+1)
		switch d.kind {
		case kMap:
			_, cur = lookup(d.node, seg)
		case kSeq:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(d.node.Content) {
				return unknownDyn(text, ref)
			}
			cur = d.node.Content[i]
		case kUnknown:
			return unknownDyn(text, ref)
		default:
			return unknownDyn(text, ref)
		}
		if cur == nil {
			return unknownDyn(text, ref)
		}
	}
	if cur == nil {
		return unknownDyn(text, ref)
	}
	d := sc.value(cur, depth+1)
	if d.kind == kUnknown {
		d.unknown = text
		if d.ref == "" {
			d.ref = ref
		}
	}
	d.templated = true
	return d
}
