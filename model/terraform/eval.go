package terraform

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxInstances bounds count/for_each expansion: fcplan reads configuration,
// it does not need ten thousand copies of one resource.
const maxInstances = 256

// maxTextLen bounds the original text kept for an unknown value.
const maxTextLen = 200

// module is one directory of .tf files being evaluated statically.
type module struct {
	dir   string
	src   map[string][]byte // file name -> content
	funcs map[string]function.Function
	p     *model.Project

	varDecls map[string]*hclsyntax.Block
	varObj   cty.Value
	locals   map[string]*localDef
	res      []*resDef
	byType   map[string]map[string]*resDef
	provider *hclsyntax.Block
	outputs  map[string]*localDef
	data     map[string]*hclsyntax.Block // "type.name" -> data block

	// Module tree: prefix is "" for the root and "module.NAME." (nested as
	// needed) for a child, whose inputs are the arguments of its call.
	prefix   string
	key      string // module key in .terraform/modules/modules.json, with a trailing dot
	manifest map[string]string
	parent   *module
	depth    int
	inputs   map[string]*hclsyntax.Attribute
	calls    []*hclsyntax.Block
	children map[string]*module

	// scope holds dynamic block iterators while their content is built.
	scope map[string]cty.Value
	// baseCtx evaluates expressions that reference nothing.
	baseCtx *hcl.EvalContext
	// lines maps the lines of translated .tf.json files back to the JSON,
	// by file name; shared by the whole module tree.
	lines map[string][]model.Pos
	// ev holds the project root and the evaluation budget; shared by the
	// whole module tree.
	ev *evaluator
}

type evalState int

const (
	notEvaluated evalState = iota
	evaluating
	evaluated
)

type localDef struct {
	attr  *hclsyntax.Attribute
	state evalState
	val   cty.Value
	// building guards passThrough against a local that refers to itself.
	building bool
}

// resDef is one `resource` block; it expands into instances by count or
// for_each.
type resDef struct {
	typ, name, addr string
	block           *hclsyntax.Block
	file            string

	state     evalState
	instances []*instance
	// mode is "", "count" or "for_each" when the expansion is known.
	mode string
}

// instance is one instance of a resource, with its count.index or each.
type instance struct {
	res   *resDef
	key   string
	count cty.Value // count.index, or NilVal
	eachK cty.Value // each.key, or NilVal
	eachV cty.Value
	attrs map[string]*attrMemo
}

type attrMemo struct {
	state evalState
	val   cty.Value
}

// newModule starts a root module whose project root is its own directory;
// loadSources and loadChildren set the root and share the evaluator.
func newModule(dir string, p *model.Project) *module {
	m := &module{
		dir:      dir,
		src:      map[string][]byte{},
		p:        p,
		ev:       newEvaluator(dir),
		varDecls: map[string]*hclsyntax.Block{},
		locals:   map[string]*localDef{},
		byType:   map[string]map[string]*resDef{},
		outputs:  map[string]*localDef{},
		data:     map[string]*hclsyntax.Block{},
	}
	m.funcs = functions(m)
	return m
}

// pos converts an HCL position to a model position.
func pos(p hcl.Pos, file string) model.Pos {
	return model.Pos{File: file, Line: p.Line, Column: p.Column}
}

func rangePos(r hcl.Range) model.Pos {
	return model.Pos{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// rangePos converts an HCL range to the position of its start; for a
// .tf.json file, read through its native-syntax translation, the position
// is mapped back into the JSON.
func (m *module) rangePos(r hcl.Range) model.Pos {
	if lm := m.lines[r.Filename]; lm != nil && r.Start.Line >= 1 && r.Start.Line <= len(lm) {
		return lm[r.Start.Line-1]
	}
	return rangePos(r)
}

// text returns the source text of r, shortened for display.
func (m *module) text(r hcl.Range) string {
	src := m.src[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return shorten(string(src[r.Start.Byte:r.End.Byte]))
}

func shorten(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > maxTextLen {
		cut := maxTextLen
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// isReservedRoot reports whether name is a root that is not a managed
// resource type.
func isReservedRoot(name string) bool {
	switch name {
	case "var", "local", "count", "each", "path", "terraform", "data", "module", "self":
		return true
	}
	return false
}

// eval evaluates expr for inst (nil outside resources). Errors, unknown
// functions and panics inside functions all give an unknown value.
//
// Evaluation is budgeted (see budget.go): past a limit the value is unknown
// and a diagnostic says which limit.
func (m *module) eval(expr hcl.Expression, inst *instance) (v cty.Value) {
	ev := m.ev
	r := expr.Range()
	if !ev.enter(m, r) {
		return cty.DynamicVal
	}
	depth, frames := ev.depth, len(ev.frames)
	defer func() {
		if rec := recover(); rec != nil {
			v = cty.DynamicVal
		}
		// A panic unwinds guarded sub-expressions without their leave.
		ev.depth, ev.frames = depth, ev.frames[:frames]
		ev.leave()
	}()
	ctx := m.ctxFor(expr, inst)
	val, diags := expr.Value(ctx)
	if diags.HasErrors() {
		m.evalError(r, diags)
		ev.charge(m, r, workPerElement)
		return cty.DynamicVal
	}
	val, _ = val.UnmarkDeep()
	return ev.admit(m, r, val, false)
}

// ctxFor builds the evaluation context for one expression: only the roots
// it references are computed, lazily, so locals and resources may refer to
// each other in any order.
func (m *module) ctxFor(expr hcl.Expression, inst *instance) *hcl.EvalContext {
	trs := expr.Variables()
	if len(trs) == 0 {
		if m.baseCtx == nil {
			m.baseCtx = &hcl.EvalContext{Functions: m.funcs}
		}
		return m.baseCtx
	}
	vars := map[string]cty.Value{}
	var resRefs map[string]map[string]map[string]bool // type -> name -> attrs
	for _, tr := range trs {
		root := tr.RootName()
		switch root {
		case "var":
			vars["var"] = m.varObj
		case "local":
			if _, ok := vars["local"]; ok {
				continue
			}
			vars["local"] = m.localsObj(trs)
		case "count":
			idx := cty.UnknownVal(cty.Number)
			if inst != nil && inst.count != cty.NilVal {
				idx = inst.count
			}
			vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": idx})
		case "each":
			k, v := cty.UnknownVal(cty.String), cty.DynamicVal
			if inst != nil && inst.eachK != cty.NilVal {
				k, v = inst.eachK, inst.eachV
			}
			vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})
		case "path":
			d := cty.StringVal(".")
			vars["path"] = cty.ObjectVal(map[string]cty.Value{"module": d, "root": d, "cwd": d})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "module":
			if _, ok := vars["module"]; !ok {
				vars["module"] = m.modulesObj(trs)
			}
		default:
			if v, ok := m.scope[root]; ok {
				vars[root] = v
				continue
			}
			if isReservedRoot(root) || m.byType[root] == nil || len(tr) < 2 {
				vars[root] = cty.DynamicVal
				continue
			}
			name, ok := tr[1].(hcl.TraverseAttr)
			if !ok {
				vars[root] = cty.DynamicVal
				continue
			}
			if resRefs == nil {
				resRefs = map[string]map[string]map[string]bool{}
			}
			if resRefs[root] == nil {
				resRefs[root] = map[string]map[string]bool{}
			}
			if resRefs[root][name.Name] == nil {
				resRefs[root][name.Name] = map[string]bool{}
			}
			attrs := resRefs[root][name.Name]
			rest := tr[2:]
			if len(rest) > 0 {
				if _, isIdx := rest[0].(hcl.TraverseIndex); isIdx {
					rest = rest[1:]
				}
			}
			if len(rest) > 0 {
				if a, ok := rest[0].(hcl.TraverseAttr); ok {
					attrs[a.Name] = true
					continue
				}
			}
			attrs["*"] = true // whole instance referenced (splat, for, index by expression)
		}
	}
	// Sorted, so that evaluation (and where a budget runs out) does not
	// depend on map order.
	for _, typ := range sortedKeys(resRefs) {
		names := resRefs[typ]
		obj := map[string]cty.Value{}
		for _, name := range sortedKeys(names) {
			attrs := names[name]
			def := m.byType[typ][name]
			if def == nil {
				obj[name] = cty.DynamicVal
				continue
			}
			obj[name] = m.resourceValue(def, attrs)
		}
		vars[typ] = cty.ObjectVal(obj)
	}
	return &hcl.EvalContext{Variables: vars, Functions: m.funcs}
}

// modulesObj gives module.NAME.OUTPUT for the local child modules expr
// refers to; other modules are unknown.
func (m *module) modulesObj(trs []hcl.Traversal) cty.Value {
	mods := map[string]map[string]cty.Value{}
	for _, tr := range trs {
		if tr.RootName() != "module" || len(tr) < 3 {
			continue
		}
		name, ok1 := tr[1].(hcl.TraverseAttr)
		out, ok2 := tr[2].(hcl.TraverseAttr)
		if !ok1 || !ok2 || m.children[name.Name] == nil {
			continue
		}
		if mods[name.Name] == nil {
			mods[name.Name] = map[string]cty.Value{}
		}
		mods[name.Name][out.Name] = m.children[name.Name].output(out.Name)
	}
	obj := map[string]cty.Value{}
	for name := range m.children {
		obj[name] = cty.DynamicVal
		if outs, ok := mods[name]; ok {
			obj[name] = cty.ObjectVal(outs)
		}
	}
	if len(obj) == 0 {
		return cty.DynamicVal
	}
	return cty.ObjectVal(obj)
}

// output evaluates an output of a child module, once.
func (m *module) output(name string) cty.Value {
	o := m.outputs[name]
	if o == nil {
		return cty.DynamicVal
	}
	switch o.state {
	case evaluated:
		return o.val
	case evaluating:
		return cty.DynamicVal
	}
	o.state = evaluating
	saved := m.scope
	m.scope = nil
	o.val = m.eval(o.attr.Expr, nil)
	m.scope = saved
	o.state = evaluated
	return o.val
}

// localsObj evaluates the locals expr refers to.
func (m *module) localsObj(trs []hcl.Traversal) cty.Value {
	obj := map[string]cty.Value{}
	for _, tr := range trs {
		if tr.RootName() != "local" || len(tr) < 2 {
			continue
		}
		a, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		obj[a.Name] = m.local(a.Name)
	}
	return cty.ObjectVal(obj)
}

func (m *module) local(name string) cty.Value {
	l := m.locals[name]
	if l == nil {
		return cty.DynamicVal
	}
	switch l.state {
	case evaluated:
		return l.val
	case evaluating:
		return cty.DynamicVal // a cycle: Terraform rejects it, we just give up
	}
	l.state = evaluating
	saved := m.scope
	m.scope = nil
	l.val = m.eval(l.attr.Expr, nil)
	m.scope = saved
	l.state = evaluated
	return l.val
}

// resourceValue is the value of `type.name` as other expressions see it:
// the literal arguments they reference (known when statically evaluable)
// and unknown for everything else.
func (m *module) resourceValue(def *resDef, attrs map[string]bool) cty.Value {
	insts := m.expand(def)
	one := func(in *instance) cty.Value {
		obj := map[string]cty.Value{"id": cty.DynamicVal}
		names := attrs
		if attrs["*"] {
			names = map[string]bool{}
			for a := range attrs {
				names[a] = true
			}
			for a := range in.res.block.Body.Attributes {
				names[a] = true
			}
		}
		for _, a := range sortedKeys(names) {
			if a == "*" || a == "id" {
				continue
			}
			obj[a] = m.instanceAttr(in, a)
		}
		return cty.ObjectVal(obj)
	}
	switch def.mode {
	case "count":
		vals := make([]cty.Value, len(insts))
		for i, in := range insts {
			vals[i] = one(in)
		}
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case "for_each":
		vals := map[string]cty.Value{}
		for _, in := range insts {
			vals[in.eachK.AsString()] = one(in)
		}
		return cty.ObjectVal(vals)
	}
	if len(insts) == 1 && insts[0].count == cty.NilVal && insts[0].eachK == cty.NilVal {
		return one(insts[0])
	}
	return cty.DynamicVal
}

// instanceAttr evaluates argument a of an instance, once.
func (m *module) instanceAttr(in *instance, a string) cty.Value {
	attr := in.res.block.Body.Attributes[a]
	if attr == nil {
		return cty.DynamicVal
	}
	if in.attrs == nil {
		in.attrs = map[string]*attrMemo{}
	}
	memo := in.attrs[a]
	if memo == nil {
		memo = &attrMemo{}
		in.attrs[a] = memo
	}
	switch memo.state {
	case evaluated:
		return memo.val
	case evaluating:
		return cty.DynamicVal
	}
	memo.state = evaluating
	saved := m.scope
	m.scope = nil
	memo.val = m.eval(attr.Expr, in)
	m.scope = saved
	memo.state = evaluated
	return memo.val
}

// expand computes the instances of a resource from count or for_each.
func (m *module) expand(def *resDef) []*instance {
	switch def.state {
	case evaluated:
		return def.instances
	case evaluating:
		return []*instance{{res: def, key: def.addr}}
	}
	def.state = evaluating
	defer func() { def.state = evaluated }()
	body := def.block.Body
	if c := body.Attributes["count"]; c != nil {
		v := m.eval(c.Expr, nil)
		n, ok := wholeNumber(v)
		if !ok {
			def.instances = []*instance{{res: def, key: def.addr, count: cty.UnknownVal(cty.Number)}}
			return def.instances
		}
		if n > maxInstances {
			m.p.Warnf(m.rangePos(c.Expr.Range()), "count = %d: only the first %d instances of %s are loaded", n, maxInstances, def.addr)
			n = maxInstances
		}
		if !m.ev.iterate(m, c.Expr.Range(), n, "count not expanded") {
			def.instances = []*instance{{res: def, key: def.addr, count: cty.UnknownVal(cty.Number)}}
			return def.instances
		}
		def.mode = "count"
		for i := 0; i < n; i++ {
			def.instances = append(def.instances, &instance{res: def, key: fmt.Sprintf("%s[%d]", def.addr, i), count: cty.NumberIntVal(int64(i))})
		}
		return def.instances
	}
	if fe := body.Attributes["for_each"]; fe != nil {
		v := m.eval(fe.Expr, nil)
		// Keys must be known; values may be unknown, as in Terraform.
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() || (v.Type().IsSetType() && !v.IsWhollyKnown()) {
			def.instances = []*instance{{res: def, key: def.addr, eachK: cty.UnknownVal(cty.String), eachV: cty.DynamicVal}}
			return def.instances
		}
		type kv struct {
			k string
			v cty.Value
		}
		var items []kv
		ty := v.Type()
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsSetType() {
				k = e
			}
			ks, ok := scalarText(k)
			if !ok {
				continue
			}
			items = append(items, kv{ks, e})
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].k < items[j].k })
		if len(items) > maxInstances {
			m.p.Warnf(m.rangePos(fe.Expr.Range()), "for_each has %d elements: only the first %d instances of %s are loaded", len(items), maxInstances, def.addr)
			items = items[:maxInstances]
		}
		if !m.ev.iterate(m, fe.Expr.Range(), len(items), "for_each not expanded") {
			def.instances = []*instance{{res: def, key: def.addr, eachK: cty.UnknownVal(cty.String), eachV: cty.DynamicVal}}
			return def.instances
		}
		def.mode = "for_each"
		for _, it := range items {
			def.instances = append(def.instances, &instance{res: def, key: fmt.Sprintf("%s[%s]", def.addr, strconv.Quote(it.k)), eachK: cty.StringVal(it.k), eachV: it.v})
		}
		return def.instances
	}
	def.instances = []*instance{{res: def, key: def.addr}}
	return def.instances
}

func wholeNumber(v cty.Value) (int, bool) {
	if !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	if v.Type() == cty.String {
		f, _, err := big.ParseFloat(v.AsString(), 10, 64, big.ToNearestEven)
		if err != nil {
			return 0, false
		}
		v = cty.NumberVal(f)
	}
	if v.Type() != cty.Number {
		return 0, false
	}
	f := v.AsBigFloat()
	if !f.IsInt() || f.Sign() < 0 {
		return 0, false
	}
	i, acc := f.Int64()
	if acc != big.Exact || i > 1<<30 {
		return 0, false
	}
	return int(i), true
}

// traversalRef renders a traversal that starts at a resource type (or
// data/module) as a Terraform address string; "" otherwise.
func (m *module) traversalRef(tr hcl.Traversal) string {
	root := tr.RootName()
	if root == "" || (isReservedRoot(root) && root != "data" && root != "module") {
		return ""
	}
	rest, _ := traversalSteps(tr[1:])
	return m.prefix + root + rest
}

// traversalSteps renders attribute and index steps (".a[0]"), stopping at
// the first step it cannot render; complete says whether it got to the end.
func traversalSteps(steps hcl.Traversal) (string, bool) {
	var b strings.Builder
	for _, step := range steps {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			b.WriteString(".")
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			k, ok := scalarText(s.Key)
			if !ok {
				return b.String(), false
			}
			if s.Key.Type() == cty.String {
				b.WriteString("[" + strconv.Quote(k) + "]")
			} else {
				b.WriteString("[" + k + "]")
			}
		default:
			return b.String(), false
		}
	}
	return b.String(), true
}

// refOf returns the address an expression refers to when it is a plain
// reference: `alicloud_vpc.a.id`, `"${alicloud_vpc.a.id}"`,
// `alicloud_vswitch.a[count.index].id` with a known index.
func (m *module) refOf(expr hcl.Expression, inst *instance) string {
	if !m.ev.enter(m, expr.Range()) {
		return ""
	}
	defer m.ev.leave()
	switch e := unwrap(expr).(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if r, ok := m.throughModules(e.Traversal); ok {
			return r
		}
		if r, ok := m.throughLocal(e.Traversal); ok {
			return r
		}
		return m.traversalRef(e.Traversal)
	case *hclsyntax.TemplateWrapExpr:
		return m.refOf(e.Wrapped, inst)
	case *hclsyntax.ConditionalExpr:
		// `var.arn != null ? var.arn : alicloud_ram_role.r[0].arn`: with
		// the condition known, the reference is the chosen branch's.
		c := m.eval(e.Condition, inst)
		if !c.IsKnown() || c.IsNull() || c.Type() != cty.Bool {
			return ""
		}
		if c.True() {
			return m.refOf(e.TrueResult, inst)
		}
		return m.refOf(e.FalseResult, inst)
	case *hclsyntax.RelativeTraversalExpr:
		ix, ok := unwrap(e.Source).(*hclsyntax.IndexExpr)
		if !ok {
			return ""
		}
		base := m.refOf(ix.Collection, inst)
		if base == "" {
			return ""
		}
		k := m.eval(ix.Key, inst)
		ks, ok := scalarText(k)
		if !ok {
			return ""
		}
		if k.Type() == cty.String {
			base += "[" + strconv.Quote(ks) + "]"
		} else {
			base += "[" + ks + "]"
		}
		rest, complete := traversalSteps(e.Traversal)
		if !complete {
			return ""
		}
		return base + rest
	}
	return ""
}

// throughLocal follows `local.x` to the reference its expression makes.
func (m *module) throughLocal(tr hcl.Traversal) (string, bool) {
	if len(tr) != 2 || tr.RootName() != "local" {
		return "", false
	}
	a, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return "", false
	}
	l := m.locals[a.Name]
	if l == nil || l.building {
		return "", false
	}
	l.building = true
	defer func() { l.building = false }()
	r := m.refOf(l.attr.Expr, nil)
	return r, r != ""
}

// throughModules follows a reference across a module boundary: an output of
// a child module that is itself a reference (`module.fc.role_arn` where the
// output's value is `alicloud_ram_role.r.arn`), or a variable of this module
// passed by the caller as a reference.
func (m *module) throughModules(tr hcl.Traversal) (string, bool) {
	if len(tr) < 2 {
		return "", false
	}
	first, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return "", false
	}
	switch tr.RootName() {
	case "module":
		if len(tr) != 3 {
			return "", false
		}
		out, ok := tr[2].(hcl.TraverseAttr)
		child := m.children[first.Name]
		if !ok || child == nil || child.outputs[out.Name] == nil {
			return "", false
		}
		r := child.refOf(child.outputs[out.Name].attr.Expr, nil)
		return r, r != ""
	case "var":
		if len(tr) != 2 || m.parent == nil || m.inputs[first.Name] == nil {
			return "", false
		}
		r := m.parent.refOf(m.inputs[first.Name].Expr, nil)
		return r, r != ""
	}
	return "", false
}

// passThrough builds a node from the expression a plain `var.x` or
// `local.x` stands for, so structure, references and element positions
// survive: a variable of a child module is built from its caller's argument,
// and a local holding an object or list (a policy document, a list of
// vSwitches) from the locals block.
func (m *module) passThrough(e *hclsyntax.ScopeTraversalExpr, at model.Pos) *node {
	if len(e.Traversal) != 2 {
		return nil
	}
	a, ok := e.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	switch e.Traversal.RootName() {
	case "var":
		if m.parent != nil && m.inputs[a.Name] != nil && m.varDecls[a.Name] != nil {
			in := m.inputs[a.Name]
			return m.parent.buildNode(in.Expr, nil, m.rangePos(in.SrcRange))
		}
	case "local":
		l := m.locals[a.Name]
		if l == nil || l.building {
			return nil
		}
		switch l.attr.Expr.(type) {
		case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr:
			l.building = true
			defer func() { l.building = false }()
			saved := m.scope
			m.scope = nil
			defer func() { m.scope = saved }()
			return m.buildNode(l.attr.Expr, nil, m.rangePos(l.attr.SrcRange))
		}
	}
	return nil
}

// buildNode evaluates an attribute expression into a node, keeping the
// structure of object and tuple constructors so each element has its own
// position and its own reference.
func (m *module) buildNode(expr hcl.Expression, inst *instance, at model.Pos) *node {
	if !m.ev.enter(m, expr.Range()) {
		return &node{kind: leafNode, val: cty.DynamicVal, text: m.text(expr.Range()), pos: at}
	}
	defer m.ev.leave()
	expr = unwrap(expr)
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if n := m.passThrough(e, at); n != nil {
			return n
		}
		if n := m.policyDocumentNode(e, at); n != nil {
			return n
		}
	case *hclsyntax.ObjectConsExpr:
		n := newObj(at)
		for _, item := range e.Items {
			k, ok := scalarText(m.eval(item.KeyExpr, inst))
			if !ok {
				continue
			}
			n.set(k, m.buildNode(item.ValueExpr, inst, m.rangePos(item.KeyExpr.Range())))
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := &node{kind: listNode, pos: at}
		for _, el := range e.Exprs {
			n.elems = append(n.elems, m.buildNode(el, inst, m.rangePos(el.Range())))
		}
		return n
	case *hclsyntax.FunctionCallExpr:
		if e.Name == "jsonencode" && len(e.Args) == 1 && !e.ExpandFinal {
			v := m.eval(e, inst)
			n := fromCty(v, at, m.text(e.Range()))
			if n.kind != leafNode {
				n = &node{kind: leafNode, val: cty.DynamicVal, text: m.text(e.Range()), pos: at}
			}
			n.json = m.buildNode(e.Args[0], inst, at)
			return n
		}
	case *hclsyntax.SplatExpr:
		if n := m.splatNode(e, inst, at); n != nil {
			return n
		}
	case *hclsyntax.TemplateWrapExpr:
		n := m.buildNode(e.Wrapped, inst, at)
		if n.kind == leafNode && n.text == "" && !n.val.IsKnown() {
			n.text = m.text(e.Range())
		}
		return n
	}
	v := m.eval(expr, inst)
	n := fromCty(v, at, m.text(expr.Range()))
	if n.kind == leafNode {
		n.ref = m.refOf(expr, inst)
		if t, ok := expr.(*hclsyntax.TemplateExpr); ok && len(t.Parts) > 0 {
			n.jsonBase = m.rangePos(t.Parts[0].Range())
			src := m.text(t.SrcRange)
			// In a heredoc the document's lines are the file's lines; an
			// indented heredoc (<<-) shifts columns by the stripped indent.
			n.jsonVerbatim = strings.HasPrefix(src, "<<")
			if !n.jsonVerbatim {
				n.jsonBase = at
			}
		}
	}
	return n
}

// blockNode evaluates a block body into an object node: attributes by name
// and nested blocks as lists under their type. A dynamic block contributes
// its content once, with the iterator unknown.
func (m *module) blockNode(body *hclsyntax.Body, inst *instance, at model.Pos) *node {
	n := newObj(at)
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	for _, a := range attrs {
		n.set(a.Name, m.buildNode(a.Expr, inst, m.rangePos(a.SrcRange)))
	}
	for _, b := range body.Blocks {
		typ := b.Type
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			typ = b.Labels[0]
		}
		if typ == "lifecycle" || typ == "provisioner" || typ == "connection" || typ == "timeouts" {
			continue
		}
		var children []*node
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			children = m.dynamicBlocks(b, inst)
		} else {
			children = []*node{m.blockNode(b.Body, inst, m.rangePos(b.TypeRange))}
		}
		if len(children) == 0 {
			continue
		}
		list := n.get(typ)
		if list == nil || list.kind != listNode {
			list = &node{kind: listNode, pos: m.rangePos(b.TypeRange)}
			n.set(typ, list)
		}
		list.elems = append(list.elems, children...)
	}
	return n
}

// dynamicBlocks expands a dynamic block: one block per element of a known
// for_each with the iterator bound, or the content once with the iterator
// unknown.
func (m *module) dynamicBlocks(b *hclsyntax.Block, inst *instance) []*node {
	var content *hclsyntax.Body
	for _, c := range b.Body.Blocks {
		if c.Type == "content" {
			content = c.Body
		}
	}
	if content == nil {
		return nil
	}
	at := m.rangePos(b.TypeRange)
	iter := b.Labels[0]
	if it := b.Body.Attributes["iterator"]; it != nil {
		if kw := hcl.ExprAsKeyword(it.Expr); kw != "" {
			iter = kw
		}
	}
	fe := b.Body.Attributes["for_each"]
	var v cty.Value
	if fe != nil {
		v = m.eval(fe.Expr, inst)
	}
	if fe == nil || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() || (v.Type().IsSetType() && !v.IsWhollyKnown()) || v.LengthInt() > maxInstances ||
		!m.ev.iterate(m, fe.Expr.Range(), v.LengthInt(), "dynamic block not expanded") {
		return []*node{m.withScope(iter, cty.DynamicVal, func() *node { return m.blockNode(content, inst, at) })}
	}
	var out []*node
	isSet := v.Type().IsSetType()
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if isSet {
			k = e
		}
		obj := cty.ObjectVal(map[string]cty.Value{"key": k, "value": e})
		out = append(out, m.withScope(iter, obj, func() *node { return m.blockNode(content, inst, at) }))
	}
	return out
}

// withScope runs f with an extra root variable (a dynamic block iterator)
// visible to the expressions it evaluates directly.
func (m *module) withScope(name string, v cty.Value, f func() *node) *node {
	if m.scope == nil {
		m.scope = map[string]cty.Value{}
	}
	prev, had := m.scope[name]
	m.scope[name] = v
	defer func() {
		if had {
			m.scope[name] = prev
		} else {
			delete(m.scope, name)
		}
	}()
	return f()
}

// splatNode expands `type.name[*].attr` over the instances of a counted or
// for_each resource, so each element keeps a reference to its instance.
func (m *module) splatNode(e *hclsyntax.SplatExpr, inst *instance, at model.Pos) *node {
	src, ok := unwrap(e.Source).(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(src.Traversal) != 2 {
		return nil
	}
	name, ok := src.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	def := m.byType[src.Traversal.RootName()][name.Name]
	if def == nil {
		return nil
	}
	each, ok := e.Each.(*hclsyntax.RelativeTraversalExpr)
	if !ok || len(each.Traversal) != 1 {
		return nil
	}
	attr, ok := each.Traversal[0].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	insts := m.expand(def)
	if def.mode == "" {
		return nil
	}
	n := &node{kind: listNode, pos: at}
	for _, in := range insts {
		ref := m.prefix + in.key + "." + attr.Name
		v := cty.DynamicVal
		if attr.Name != "id" {
			v = m.instanceAttr(in, attr.Name)
		}
		leaf := fromCty(v, at, ref)
		if leaf.kind != leafNode {
			leaf = &node{kind: leafNode, val: cty.DynamicVal, text: ref, pos: at}
		}
		leaf.ref = ref
		n.elems = append(n.elems, leaf)
	}
	return n
}

// evalError records, as an info diagnostic, why an expression has no
// value: an unsupported function, a type error, a function's own error.
// Terraform would stop there; fcplan goes on with an unknown value, but says
// so rather than pass it silently.
func (m *module) evalError(r hcl.Range, diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		at := r
		if d.Subject != nil {
			at = *d.Subject
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		m.ev.record(m, m.rangePos(at), "eval", model.DiagInfo, "not evaluated: %s; the value is unknown", strings.TrimSuffix(shorten(msg), "."))
		return
	}
}

// sortedKeys returns m's keys in order, for evaluation that must not depend
// on map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
