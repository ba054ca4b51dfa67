package syaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/yamldup"
)

// Options control variable resolution.
type Options struct {
	// Env supplies ${env('X')} / ${env.X} values; a variable absent from Env
	// resolves to its default if one is written, else unknown. nil = no
	// environment (the loader never reads the process environment, so
	// results are deterministic).
	Env map[string]string
	// Config supplies ${config('AccountID')} etc.; absent = unknown.
	Config map[string]string
}

// maxDocuments bounds how many `---` documents of one file are examined.
const maxDocuments = 64

// Detect reports whether data is a Serverless Devs file: a YAML mapping with
// a top-level `edition` and `resources` (3.x) or `services` (1.x/2.x).
// A file whose top-level lines say so is detected even when it is not valid
// YAML, so that Load reports the syntax error instead of the file being
// skipped.
func Detect(data []byte) (ok bool) {
	if !bytes.Contains(data, []byte("edition")) ||
		!(bytes.Contains(data, []byte("resources")) || bytes.Contains(data, []byte("services"))) {
		return false
	}
	if topLevelKeys(data) {
		return true
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	docs, _ := parseDocuments(data)
	for _, d := range docs {
		if isServerlessDevs(d) {
			return true
		}
	}
	return false
}

// topLevelKeys is Detect's fast path: block-style files (all real ones)
// write `edition:` and `resources:` or `services:` at column 1. Other
// layouts (flow style, several documents) fall back to parsing.
func topLevelKeys(data []byte) bool {
	edition, section := false, false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if bytes.HasPrefix(line, []byte("---")) {
			return false
		}
		key, _, found := bytes.Cut(line, []byte(":"))
		if !found {
			continue
		}
		switch string(bytes.TrimRight(key, " \t")) {
		case "edition":
			edition = true
		case "resources", "services":
			section = true
		}
	}
	return edition && section
}

// isServerlessDevs reports whether document doc has the top-level keys of a
// Serverless Devs file.
func isServerlessDevs(doc *yaml.Node) bool {
	top := deref(doc)
	if top == nil || top.Kind != yaml.MappingNode {
		return false
	}
	_, ed := lookup(top, "edition")
	_, res := lookup(top, "resources")
	_, svc := lookup(top, "services")
	return ed != nil && (res != nil || svc != nil)
}

// parseDocuments decodes every YAML document of data. On a syntax error it
// returns the documents before it and the error.
func parseDocuments(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for len(docs) < maxDocuments {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return docs, err
		}
		docs = append(docs, &n)
	}
	return docs, nil
}

var (
	yamlLineRe   = regexp.MustCompile(`line (\d+)`)
	yamlColumnRe = regexp.MustCompile(`column (\d+)`)
)

// loader holds the state of loading one file.
type loader struct {
	path string
	p    *model.Project
	sc   scope
	// errAt keeps one error per position: the schema check and the mapping
	// may both notice the same wrong type.
	errAt map[model.Pos]bool
}

// Load parses one file; path is used verbatim in every model.Pos. It never
// panics and never returns nil: a file that cannot be loaded gives an error
// diagnostic (file:line:col and what was expected) in the returned project.
func Load(path string, data []byte, opts Options) (p *model.Project) {
	p = &model.Project{Files: []string{path}}
	defer func() {
		if r := recover(); r != nil {
			p.Errorf(model.Pos{File: path}, "internal error while loading (please report it): %v", r)
		}
	}()
	l := &loader{path: path, p: p, errAt: map[model.Pos]bool{}}
	l.sc = scope{r: &resolver{opts: opts, resources: map[string]*yaml.Node{}}}
	docs, err := parseDocuments(data)
	if err != nil {
		l.yamlError(err, data)
		return p
	}
	var doc *yaml.Node
	for _, d := range docs {
		if isServerlessDevs(d) {
			doc = d
			break
		}
	}
	switch {
	case len(docs) == 0 || deref(docs[0]) == nil:
		p.Errorf(model.Pos{File: path, Line: 1, Column: 1}, "empty file: expected a Serverless Devs mapping with `edition` and `resources` (3.x) or `services` (1.x/2.x)")
		return p
	case doc == nil:
		top := deref(docs[0])
		p.Infof(l.pos(top), "not a Serverless Devs file (no top-level `edition` with `resources` or `services`): skipped")
		return p
	}
	if len(docs) > 1 {
		for _, d := range docs {
			if d != doc {
				p.Warnf(l.pos(d), "the file has %d YAML documents: only the first Serverless Devs document (line %d) is loaded", len(docs), deref(doc).Line)
				break
			}
		}
	}
	if l.duplicateKeys(doc) {
		return p
	}
	l.loadDocument(deref(doc))
	if l.sc.r.exhausted {
		p.Warnf(l.pos(doc), "variables expand too much (more than %d evaluations or a value longer than %d bytes): the values involved are unknown", maxResolveSteps, maxResolvedLen)
	}
	return p
}

// maxDuplicateReports bounds the duplicate-key errors listed for one file.
const maxDuplicateReports = 20

// duplicateKeys reports every mapping key doc repeats, at the repeat, and
// says whether there was one. The file is then not evaluated: fcplan would
// take the first value where Serverless Devs (js-yaml) takes the last.
func (l *loader) duplicateKeys(doc *yaml.Node) bool {
	dups := yamldup.Find(doc)
	for i, d := range dups {
		if i == maxDuplicateReports {
			l.p.Errorf(l.pos(d.Again), "%d more duplicate keys not listed", len(dups)-i)
			break
		}
		l.errorf(d.Again, "duplicate key %s (first at line %d): a key may appear once in a mapping; readers differ on which value wins", d.Key, d.First.Line)
	}
	return len(dups) > 0
}

// yamlError records a syntax error at the line (and column) the YAML parser
// names.
func (l *loader) yamlError(err error, data []byte) {
	msg := err.Error()
	pos := model.Pos{File: l.path}
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
	}
	if m := yamlColumnRe.FindStringSubmatch(msg); m != nil {
		pos.Column, _ = strconv.Atoi(m[1])
	}
	if pos.Line == 0 {
		// yaml.v3 leaves the line out for problems on line 1 and for
		// errors of its reader (control characters, invalid UTF-8).
		pos.Line, pos.Column = 1, 0
		if line, col, ok := firstBadByte(data); ok {
			pos.Line, pos.Column = line, col
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = yamlLineRe.ReplaceAllString(msg, "")
	msg = strings.TrimLeft(msg, ": ")
	l.p.Errorf(pos, "invalid YAML: %s", msg)
}

// firstBadByte finds the first byte YAML's reader rejects: invalid UTF-8
// or a control character other than tab, newline and carriage return.
func firstBadByte(data []byte) (line, col int, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col, true
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 0, 0, false
}

// pos is where node n was written.
func (l *loader) pos(n *yaml.Node) model.Pos {
	if n == nil {
		return model.Pos{File: l.path}
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 && n.Line == 0 {
		n = n.Content[0]
	}
	return model.Pos{File: l.path, Line: n.Line, Column: n.Column}
}

// errorf records an error at n unless one is already recorded there.
func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	pos := l.pos(n)
	if l.errAt[pos] {
		return
	}
	l.errAt[pos] = true
	l.p.Errorf(pos, format, args...)
}

func (l *loader) warnf(n *yaml.Node, format string, args ...any) {
	l.p.Warnf(l.pos(n), format, args...)
}

func (l *loader) infof(n *yaml.Node, format string, args ...any) {
	l.p.Infof(l.pos(n), format, args...)
}

// val resolves n in the current resource's scope.
func (l *loader) val(n *yaml.Node) dyn { return l.sc.value(n, 0) }

// componentKind says which mapper handles a resource.
type componentKind int

const (
	compOther componentKind = iota
	compFC3
	compLegacy
	compRAM
)

// loadDocument maps the resources (3.x) or services (1.x/2.x) of a
// Serverless Devs document.
func (l *loader) loadDocument(top *yaml.Node) {
	_, vars := lookup(top, "vars")
	l.sc.r.vars = vars
	_, tmpl := lookup(top, "template")
	type resource struct {
		key, node *yaml.Node
		section   string
	}
	var list []resource
	for _, section := range []string{"resources", "services"} {
		_, sv := lookup(top, section)
		if sv == nil {
			continue
		}
		d := l.val(sv)
		if d.kind == kNull {
			continue
		}
		if d.kind != kMap {
			l.errorf(sv, "expected object for %s (resource name -> {component, props}), got %s", section, d.kind.typeName())
			continue
		}
		for _, e := range entries(d.node) {
			name := keyText(e.key)
			rn := deref(e.val)
			if rn == nil || rn.Kind != yaml.MappingNode {
				l.errorf(e.val, "expected object for %s.%s ({component, props}), got %s", section, name, l.val(e.val).kind.typeName())
				continue
			}
			rn = l.extend(name, rn, tmpl)
			l.sc.r.resources[name] = rn
			list = append(list, resource{e.key, rn, section})
		}
	}
	if len(list) == 0 {
		l.infof(top, "the file declares no resources (`resources` / `services` is empty)")
	}
	for _, r := range list {
		name := keyText(r.key)
		l.checkLegacyKeys(r.node, resourceKeys, r.section+"."+name)
		l.sc.thisNode, l.sc.thisName = r.node, name
		ck, cv := lookup(r.node, "component")
		_, props := lookup(r.node, "props")
		kind, comp := l.classify(cv, props, r.section)
		switch kind {
		case compFC3:
			l.loadFC3(r.key, props)
		case compLegacy:
			l.loadLegacy(r.key, props)
		case compRAM:
			l.loadRAM(r.key, props)
		default:
			at := cv
			if at == nil {
				at = ck
			}
			if at == nil {
				at = r.key
			}
			l.infof(at, "resource %s uses component %q, not an FC component: skipped", name, comp)
		}
	}
	l.sc.thisNode, l.sc.thisName = nil, ""
}

// resourceKeys are the keys of a resource entry, for did-you-mean on
// misspellings such as `prop:`.
var resourceKeys = []string{"component", "props", "actions", "extend", "access", "type", "description"}

// extend applies Serverless Devs 3 `extend: {name: T}`: the top-level
// template T holds props, deep-merged under the resource's props (the
// resource's own values win; lists are replaced, not merged). A 1.x/2.x
// `extend: other.yaml` (file inheritance) is not followed.
func (l *loader) extend(name string, rn, tmpl *yaml.Node) *yaml.Node {
	_, ext := lookup(rn, "extend")
	if ext == nil {
		return rn
	}
	_, tn := lookup(ext, "name")
	tname := l.val(tn)
	if tname.kind != kString {
		l.infof(ext, "resource %s: extend does not name a template of this file: not followed", name)
		return rn
	}
	_, base := lookup(tmpl, tname.s)
	if base == nil {
		l.warnf(tn, "resource %s extends template %q, which the top-level `template` does not define", name, tname.s)
		return rn
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: rn.Line, Column: rn.Column}
	merged := false
	for _, e := range entries(rn) {
		if keyText(e.key) == "props" {
			out.Content = append(out.Content, e.key, mergeNodes(base, e.val, 0))
			merged = true
			continue
		}
		out.Content = append(out.Content, e.key, e.val)
	}
	if !merged {
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "props", Line: ext.Line, Column: ext.Column}
		out.Content = append(out.Content, key, base)
	}
	return out
}

// classify decides which mapper reads a resource from its component: fc3
// (also fc3@dev, devsapp/fc3@0.1.x), fc / devsapp/fc, ram, or a local build
// of the component (a path, or ${path(...)}), judged by the section and the
// shape of its props.
func (l *loader) classify(comp, props *yaml.Node, section string) (componentKind, string) {
	d := l.val(comp)
	text := ""
	raw := ""
	if c := deref(comp); c != nil && c.Kind == yaml.ScalarNode {
		raw = c.Value
	}
	switch d.kind {
	case kString:
		text = d.s
	case kUnknown:
		text = d.unknown
	default:
		text = raw
	}
	name := strings.ToLower(strings.TrimSpace(text))
	name = strings.TrimPrefix(name, "devsapp/")
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "fc3":
		return compFC3, text
	case "fc", "fc-deploy":
		return compLegacy, text
	case "ram":
		return compRAM, text
	}
	local := strings.Contains(raw, "path(") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "/") ||
		strings.HasPrefix(name, "~") || strings.Contains(name, "/fc3") || d.kind == kUnknown
	if !local {
		return compOther, text
	}
	// A local build of the component: judge by the props.
	_, fn := lookup(props, "function")
	_, svc := lookup(props, "service")
	if fn != nil || svc != nil {
		return compLegacy, text
	}
	_, fname := lookup(props, "functionName")
	_, rt := lookup(props, "runtime")
	_, code := lookup(props, "code")
	if fname != nil || rt != nil || code != nil || section == "resources" {
		return compFC3, text
	}
	return compOther, text
}

// str converts n to a string value. Scalars of other types keep their
// text (`version: 1.6` is the string "1.6").
func (l *loader) str(n *yaml.Node, name string) model.Str {
	d := l.val(n)
	pos := l.pos(n)
	switch d.kind {
	case kNull:
		return model.Str{}
	case kString:
		return model.Known(d.s, pos)
	case kInt, kFloat, kBool:
		return model.Known(d.scalarText(), pos)
	case kUnknown:
		return unknownOf[string](d, pos)
	}
	l.errorf(n, "expected string for %s, got %s", name, d.kind.typeName())
	return model.Str{}
}

func unknownOf[T model.Scalar](d dyn, pos model.Pos) model.Value[T] {
	if d.ref != "" {
		return model.Reference[T](d.ref, d.unknown, pos)
	}
	return model.UnknownValue[T](d.unknown, pos)
}

// integer converts n to an integer value.
func (l *loader) integer(n *yaml.Node, name string) model.Int {
	d := l.val(n)
	pos := l.pos(n)
	switch d.kind {
	case kNull:
		return model.Int{}
	case kInt:
		return model.Known(d.i, pos)
	case kFloat:
		if d.f == float64(int(d.f)) && d.f < 1<<31 && d.f > -(1<<31) {
			return model.Known(int(d.f), pos)
		}
	case kString:
		if d.templated {
			s := strings.TrimSpace(d.s)
			if i, err := strconv.Atoi(s); err == nil {
				return model.Known(i, pos)
			}
			if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) && f < 1<<31 && f > -(1<<31) {
				return model.Known(int(f), pos)
			}
		}
	case kUnknown:
		return unknownOf[int](d, pos)
	}
	if d.kind == kFloat && d.f == math.Trunc(d.f) && !math.IsInf(d.f, 0) {
		// An integer too large to be any setting: say so, rather than
		// "got number", which reads as if it were not an integer.
		l.errorf(n, "%s %s: integer out of range (expected %d..%d)", name, d.s, math.MinInt32, math.MaxInt32)
		return model.Int{}
	}
	l.errorf(n, "expected integer for %s, got %s", name, describe(d))
	return model.Int{}
}

// platformLimits are the embedded catalog's platform limits, loaded once.
var platformLimits = sync.OnceValue(func() catalog.Platform { return catalog.Default().Platform })

// instanceCount converts n to an instance count within the catalog's
// platform.instanceCount range: an out-of-range count is an error at the
// value, so no command evaluates a configuration FC would reject.
func (l *loader) instanceCount(n *yaml.Node, name string) model.Int {
	d := l.val(n)
	r := platformLimits().InstanceCount
	if (d.kind == kInt || d.kind == kFloat) && d.f == math.Trunc(d.f) && (d.f < float64(r.Min) || d.f > float64(r.Max)) {
		l.errorf(n, "%s %s: expected %d..%d (catalog platform.instanceCount)", name, d.s, r.Min, r.Max)
		return model.Int{}
	}
	v := l.integer(n, name)
	if k, ok := v.Get(); ok && (k < r.Min || k > r.Max) {
		l.errorf(n, "%s %d: expected %d..%d (catalog platform.instanceCount)", name, k, r.Min, r.Max)
		return model.Int{}
	}
	return v
}

// float converts n to a number.
func (l *loader) float(n *yaml.Node, name string) model.Float {
	d := l.val(n)
	pos := l.pos(n)
	switch d.kind {
	case kNull:
		return model.Float{}
	case kInt, kFloat:
		return model.Known(d.f, pos)
	case kString:
		if d.templated {
			if f, err := strconv.ParseFloat(strings.TrimSpace(d.s), 64); err == nil {
				return model.Known(f, pos)
			}
		}
	case kUnknown:
		return unknownOf[float64](d, pos)
	}
	l.errorf(n, "expected number for %s, got %s", name, describe(d))
	return model.Float{}
}

// boolean converts n to a boolean.
func (l *loader) boolean(n *yaml.Node, name string) model.Bool {
	d := l.val(n)
	pos := l.pos(n)
	switch d.kind {
	case kNull:
		return model.Bool{}
	case kBool:
		return model.Known(d.b, pos)
	case kString:
		if d.templated {
			if b, err := strconv.ParseBool(strings.TrimSpace(d.s)); err == nil {
				return model.Known(b, pos)
			}
		}
	case kUnknown:
		return unknownOf[bool](d, pos)
	}
	l.errorf(n, "expected boolean for %s, got %s", name, describe(d))
	return model.Bool{}
}

// describe names a wrong value in an error: `string "512"`, `array`.
func describe(d dyn) string {
	switch d.kind {
	case kString:
		s := d.s
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		return fmt.Sprintf("string %q", s)
	case kInt, kFloat, kBool:
		return d.kind.typeName() + " " + d.scalarText()
	}
	return d.kind.typeName()
}

// strList converts a list of strings; a single string is a one-element list
// (legacy files write `events: oss:ObjectCreated:*`).
func (l *loader) strList(n *yaml.Node, name string) []model.Str {
	d := l.val(n)
	switch d.kind {
	case kNull:
		return nil
	case kSeq:
		out := make([]model.Str, 0, len(d.node.Content))
		for i, item := range d.node.Content {
			if s := l.str(item, fmt.Sprintf("%s[%d]", name, i)); s.Set {
				out = append(out, s)
			}
		}
		return out
	case kString, kUnknown, kInt, kFloat, kBool:
		return []model.Str{l.str(n, name)}
	}
	l.errorf(n, "expected array of strings for %s, got %s", name, d.kind.typeName())
	return nil
}

// object resolves n to a mapping; an unknown value gives ok=false without
// an error, anything else that is not a mapping is an error.
func (l *loader) object(n *yaml.Node, name string) (*yaml.Node, bool) {
	d := l.val(n)
	switch d.kind {
	case kMap:
		return d.node, true
	case kNull, kUnknown:
		return nil, false
	}
	l.errorf(n, "expected object for %s, got %s", name, describe(d))
	return nil, false
}

// list resolves n to the items of a sequence, with the same rules as object.
func (l *loader) list(n *yaml.Node, name string) []*yaml.Node {
	d := l.val(n)
	switch d.kind {
	case kSeq:
		return d.node.Content
	case kNull, kUnknown:
		return nil
	}
	l.errorf(n, "expected array for %s, got %s", name, describe(d))
	return nil
}

// knownAt returns a known string that has no node of its own (a source type
// implied by the trigger type) at the position of what implies it.
func knownAt(s string, pos model.Pos) model.Str { return model.Known(s, pos) }
