package terraform

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Options are the inputs Terraform takes besides the configuration.
type Options struct {
	// Vars are -var name=value pairs. Values in HCL syntax (numbers, lists,
	// objects) are parsed as such; anything else is a string.
	Vars map[string]string
	// VarFiles are -var-file paths, applied after terraform.tfvars and
	// *.auto.tfvars from the directory, in order. They come from the person
	// running fcplan, so they may be anywhere, but must be regular files
	// within the safefile.Config cap.
	VarFiles []string
	// Root is the project directory: every path the configuration itself
	// names (.tf files, terraform.tfvars and *.auto.tfvars, local module
	// sources, installed modules, file(), templatefile(), fileset() ...)
	// must stay inside it after symlinks are resolved, and outside /proc,
	// /dev and /sys. Empty, or a directory that does not contain the
	// module, means the module's own directory.
	Root string
	// WorkBudget bounds the values this configuration may build, in the
	// units of the evaluation budget (0: the per-configuration maximum,
	// 32 MiB). A run over many configurations shares RunWorkBudget between
	// them (RunShare), so a pull request of 300 small directories cannot
	// add up to gigabytes.
	WorkBudget int64
}

// RunWorkBudget is the evaluation work one fcplan run allows all its
// Terraform configurations together; MinWorkShare is the least any one of
// them gets (a real module builds a few KiB of values).
const (
	RunWorkBudget = 256 << 20
	MinWorkShare  = 1 << 20
)

// RunShare is each configuration's WorkBudget when a run loads n of them:
// an equal share of RunWorkBudget, at least MinWorkShare and at most the
// per-configuration maximum. It depends on n only, so the result does not
// depend on the order the configurations are loaded in.
func RunShare(n int) int64 {
	if n <= 0 {
		return maxWork
	}
	return min(max(RunWorkBudget/int64(n), MinWorkShare), maxWork)
}

// projectRoot returns the root that confines module dir's paths.
func projectRoot(dir string, opts Options) string {
	if opts.Root == "" {
		return dir
	}
	if _, err := safefile.Confine(opts.Root, dir, "."); err != nil {
		return dir
	}
	return opts.Root
}

// LoadDir reads every *.tf file in dir as one module and maps the alicloud
// resources fcplan knows into a Project. Positions name files as
// filepath.Join(dir, name). It never panics and never returns nil: syntax
// errors and unreadable files become error diagnostics with file:line:col.
// The caller runs Project.Link after merging projects.
func LoadDir(dir string, opts Options) *model.Project {
	p := &model.Project{}
	defer func() {
		if r := recover(); r != nil {
			p.Errorf(model.Pos{File: dir}, "internal error while loading Terraform: %v", r)
		}
	}()
	root := projectRoot(dir, opts)
	srcs, ok := readTFDir(p, root, dir, model.Pos{File: dir})
	if !ok {
		return p
	}
	loadSources(p, dir, srcs, opts)
	return p
}

// readTFDir reads the .tf files of dir, each a regular file inside root
// within the Config cap; problems are reported at `at` (the directory, or the
// module block that names it). ok is false when there is nothing to load.
func readTFDir(p *model.Project, root, dir string, at model.Pos) (srcs []source, ok bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		p.Errorf(at, "read Terraform directory: %v", err)
		return nil, false
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		switch {
		case strings.HasSuffix(n, ".tf"):
			names = append(names, n)
		case strings.HasSuffix(n, ".tf.json"):
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		p.Infof(at, "no .tf files in %s", dir)
		return nil, false
	}
	for _, n := range names {
		path := filepath.Join(dir, n)
		src, err := readIn(root, dir, n, safefile.Config)
		if err != nil {
			p.Errorf(model.Pos{File: path}, "not read: %s", accessReason(n, err))
			continue
		}
		srcs = append(srcs, sourceOf(p, path, src))
	}
	return srcs, true
}

// sourceOf prepares one file: .tf as is, .tf.json translated to native
// syntax with its line map. A .tf.json that is not valid JSON becomes an
// error and an empty source (so the file is still listed).
func sourceOf(p *model.Project, path string, data []byte) source {
	if !strings.HasSuffix(path, ".tf.json") {
		return source{path: path, data: data}
	}
	gen, lines, err := translateTFJSON(path, data)
	if err != nil {
		var je *jsonError
		if errors.As(err, &je) {
			p.Errorf(je.Pos, "invalid JSON configuration: %s", je.Msg)
		} else {
			p.Errorf(model.Pos{File: path}, "invalid JSON configuration: %v", err)
		}
		return source{path: path, lines: []model.Pos{}}
	}
	return source{path: path, data: gen, lines: lines}
}

// source is one .tf file's content (for a .tf.json file, its translation
// and the JSON position of each translated line).
type source struct {
	path  string
	data  []byte
	lines []model.Pos
}

// loadSources evaluates the given files as one module into p.
func loadSources(p *model.Project, dir string, srcs []source, opts Options) {
	m := newModule(dir, p)
	m.ev.root = projectRoot(dir, opts)
	if opts.WorkBudget > 0 {
		m.ev.maxWork = min(opts.WorkBudget, maxWork)
	}
	m.parse(srcs)
	m.setVariables(opts)
	m.loadChildren()
	a := newAssembler(p, model.FormatTerraform)
	if m.provider != nil {
		if r := m.provider.Body.Attributes["region"]; r != nil {
			a.region = m.buildNode(r.Expr, nil, m.rangePos(r.SrcRange)).str(a.warn)
		}
	}
	m.mapAll(a)
	a.finish()
}

// parse parses and collects the module's files.
func (m *module) parse(srcs []source) {
	for _, s := range srcs {
		m.src[s.path] = s.data
		m.p.Files = append(m.p.Files, s.path)
		if s.lines != nil {
			if m.lines == nil {
				m.lines = map[string][]model.Pos{}
			}
			m.lines[s.path] = s.lines
			if len(s.data) == 0 {
				continue
			}
		}
		if at, problem := nestingProblem(s.data); problem != "" {
			m.p.Errorf(m.rangePos(hcl.Range{Filename: s.path, Start: at}), "not read: %s", problem)
			continue
		}
		f, diags := hclsyntax.ParseConfig(s.data, s.path, hcl.InitialPos)
		m.addHCLDiags(diags, s.path)
		if f == nil {
			continue
		}
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			m.instrumentBody(body, "")
			m.collect(body)
		}
	}
}

// mapAll maps the resources of the module and of its child modules.
func (m *module) mapAll(a *assembler) {
	for _, def := range m.res {
		for _, in := range m.expand(def) {
			m.mapInstance(a, in)
		}
	}
	names := make([]string, 0, len(m.children))
	for n := range m.children {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m.children[n].mapAll(a)
	}
}

// maxModuleDepth bounds module nesting (and cycles such as source = "./").
const maxModuleDepth = 8

// maxModules bounds the child modules one configuration loads in all.
const maxModules = 500

// loadChildren loads the local modules (source = "./..." or "../...") the
// module calls. Their resources are keyed module.NAME.type.name, their
// variables take the call's arguments, and a variable passed through keeps
// the caller's references and positions. Registry and remote modules are not
// downloaded: an info note says so.
func (m *module) loadChildren() {
	for _, call := range m.calls {
		name := call.Labels[0]
		srcAttr := call.Body.Attributes["source"]
		if srcAttr == nil {
			continue
		}
		v, diags := srcAttr.Expr.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			continue
		}
		source := v.AsString()
		at := m.rangePos(srcAttr.SrcRange)
		key := m.key + name
		var dir string
		switch {
		case strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../"):
			dir = filepath.Join(m.dir, source)
		case m.root().installed(key) != "":
			dir = m.root().installed(key)
			source = "the installed copy " + dir
		default:
			m.p.Infof(at, "module %q comes from %s, which is not installed (run terraform init) and fcplan does not download: its resources are not loaded (use a plan from terraform show -json to see them)", name, source)
			continue
		}
		if _, err := confineIn(m.ev.root, ".", dir); err != nil {
			m.p.Warnf(at, "module %q: %s is not loaded: %s; its resources are missing and its outputs are unknown", name, source, accessReason(dir, err))
			continue
		}
		if m.depth >= maxModuleDepth || m.inChain(dir) {
			m.p.Warnf(at, "module %q: %s is nested too deeply or calls itself; not loaded", name, source)
			continue
		}
		// Modules may call one module many times, each calling another
		// many times: without a count, eight levels of 100 calls would load
		// 10^16 modules.
		m.ev.modules++
		if m.ev.modules > maxModules {
			m.ev.note(m, srcAttr.SrcRange, "modules", "module %q not loaded: the configuration loads more than %d modules (the module budget); its resources are missing and its outputs are unknown", name, maxModules)
			continue
		}
		srcs, ok := readTFDir(m.p, m.ev.root, dir, at)
		if !ok {
			continue
		}
		size := int64(0)
		for _, s := range srcs {
			size += int64(len(s.data))
		}
		// Parsing a module's files is work, like building values.
		if !m.ev.charge(m, srcAttr.SrcRange, size) {
			continue
		}
		child := newModule(dir, m.p)
		child.ev = m.ev
		child.parent, child.depth, child.lines = m, m.depth+1, m.lines
		child.prefix = m.prefix + "module." + name + "."
		child.key = key + "."
		child.inputs = call.Body.Attributes
		child.parse(srcs)
		child.setVariables(Options{})
		child.loadChildren()
		if m.children == nil {
			m.children = map[string]*module{}
		}
		m.children[name] = child
	}
}

func (m *module) root() *module {
	for m.parent != nil {
		m = m.parent
	}
	return m
}

// installed returns the directory `terraform init` installed the module
// with manifest key key ("fc", "fc.inner") into, from
// .terraform/modules/modules.json, or "".
func (m *module) installed(key string) string {
	if m.manifest == nil {
		m.manifest = map[string]string{}
		var mf struct {
			Modules []struct {
				Key string `json:"Key"`
				Dir string `json:"Dir"`
			} `json:"Modules"`
		}
		b, err := readIn(m.ev.root, m.dir, filepath.Join(".terraform", "modules", "modules.json"), safefile.Config)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			m.p.Warnf(model.Pos{File: filepath.Join(m.dir, ".terraform", "modules", "modules.json")}, "installed modules not read: %s", accessReason("", err))
		}
		if err == nil && json.Unmarshal(b, &mf) == nil {
			for _, e := range mf.Modules {
				if e.Key != "" && e.Dir != "" {
					m.manifest[e.Key] = e.Dir
				}
			}
		}
	}
	d := m.manifest[key]
	if d == "" || filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(m.dir, d)
}

func (m *module) inChain(dir string) bool {
	for x := m; x != nil; x = x.parent {
		if filepath.Clean(x.dir) == filepath.Clean(dir) {
			return true
		}
	}
	return false
}

func (m *module) mapInstance(a *assembler, in *instance) {
	defer func() {
		if r := recover(); r != nil {
			m.p.Errorf(m.rangePos(in.res.block.TypeRange), "internal error mapping %s: %v", m.prefix+in.key, r)
		}
	}()
	if !a.handles(in.res.typ) {
		return
	}
	src := m.rangePos(in.res.block.TypeRange)
	n := m.blockNode(in.res.block.Body, in, src)
	a.add(in.res.typ, m.prefix+in.key, n, src)
}

// addHCLDiags records HCL diagnostics with their positions.
func (m *module) addHCLDiags(diags hcl.Diagnostics, file string) {
	p := m.p
	for _, d := range diags {
		at := model.Pos{File: file}
		if d.Subject != nil {
			at = m.rangePos(*d.Subject)
			if at.File == "" {
				at.File = file
			}
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		switch d.Severity {
		case hcl.DiagError:
			p.Errorf(at, "%s", msg)
		default:
			p.Warnf(at, "%s", msg)
		}
	}
}

// collect records the declarations of one file.
func (m *module) collect(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		file := b.TypeRange.Filename
		switch b.Type {
		case "variable":
			if len(b.Labels) == 1 {
				m.varDecls[b.Labels[0]] = b
				m.scanVariableDefault(b)
			}
		case "locals":
			for name, a := range b.Body.Attributes {
				if prev := m.locals[name]; prev != nil {
					m.p.Errorf(m.rangePos(a.SrcRange), "duplicate local value %q (first defined at %s)", name, m.rangePos(prev.attr.SrcRange))
					continue
				}
				m.locals[name] = &localDef{attr: a}
			}
		case "provider":
			m.scanCredentials("provider \""+strings.Join(b.Labels, ".")+"\"", b.Body)
			if len(b.Labels) == 1 && b.Labels[0] == "alicloud" && m.provider == nil {
				if _, aliased := b.Body.Attributes["alias"]; !aliased {
					m.provider = b
				}
			}
		case "data":
			if len(b.Labels) == 2 {
				m.data[b.Labels[0]+"."+b.Labels[1]] = b
			}
		case "module":
			if len(b.Labels) == 1 {
				m.scanCredentials(m.prefix+"module."+b.Labels[0], b.Body)
				m.calls = append(m.calls, b)
			}
		case "output":
			if len(b.Labels) == 1 {
				m.scanOutput(b)
				if v := b.Body.Attributes["value"]; v != nil {
					m.outputs[b.Labels[0]] = &localDef{attr: v}
				}
			}
		case "resource":
			if len(b.Labels) != 2 {
				continue
			}
			typ, name := b.Labels[0], b.Labels[1]
			if m.byType[typ] == nil {
				m.byType[typ] = map[string]*resDef{}
			}
			addr := typ + "." + name
			if prev := m.byType[typ][name]; prev != nil {
				m.p.Errorf(m.rangePos(b.TypeRange), "duplicate resource %s (first declared at %s)", addr, m.rangePos(prev.block.TypeRange))
				continue
			}
			m.scanCredentials(m.prefix+addr, b.Body)
			def := &resDef{typ: typ, name: name, addr: addr, block: b, file: file}
			m.byType[typ][name] = def
			m.res = append(m.res, def)
		}
	}
}

// setVariables computes every declared variable's value: default, then
// terraform.tfvars, *.auto.tfvars, -var-file and -var, later ones winning.
// A variable with no value is unknown.
func (m *module) setVariables(opts Options) {
	given := map[string]cty.Value{}
	givenAt := map[string]model.Pos{}
	if m.parent != nil {
		for _, name := range sortedKeys(m.varDecls) {
			if in := m.inputs[name]; in != nil {
				given[name] = m.parent.eval(in.Expr, nil)
				givenAt[name] = m.rangePos(in.SrcRange)
			}
		}
		m.finishVariables(given, givenAt)
		return
	}
	// Variable files found in the module come with the configuration and
	// are confined to the project; a symlink to /dev/zero or out of the
	// project is refused. -var-file paths come from the user.
	var found []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if _, err := os.Lstat(filepath.Join(m.dir, n)); err == nil {
			found = append(found, filepath.Join(m.dir, n))
		}
	}
	auto, _ := filepath.Glob(filepath.Join(m.dir, "*.auto.tfvars"))
	autoJSON, _ := filepath.Glob(filepath.Join(m.dir, "*.auto.tfvars.json"))
	auto = append(auto, autoJSON...)
	sort.Strings(auto)
	found = append(found, auto...)
	for _, f := range found {
		for k, v := range m.readVarFile(f, true, givenAt) {
			given[k] = v
		}
	}
	for _, f := range opts.VarFiles {
		for k, v := range m.readVarFile(f, false, givenAt) {
			given[k] = v
		}
	}
	names := make([]string, 0, len(opts.Vars))
	for k := range opts.Vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		given[k] = parseVarValue(k, opts.Vars[k])
		givenAt[k] = model.Pos{File: "-var " + k}
		if m.varDecls[k] == nil {
			m.p.Warnf(model.Pos{File: "-var " + k}, "variable %q is given with -var but not declared in %s", k, m.dir)
		}
	}
	m.finishVariables(given, givenAt)
}

// finishVariables applies defaults and type constraints.
func (m *module) finishVariables(given map[string]cty.Value, givenAt map[string]model.Pos) {
	obj := map[string]cty.Value{}
	for _, name := range sortedKeys(m.varDecls) {
		b := m.varDecls[name]
		v, ok := given[name]
		if !ok {
			v = cty.DynamicVal
			if d := b.Body.Attributes["default"]; d != nil {
				v = m.eval(d.Expr, nil)
			}
		}
		if t := b.Body.Attributes["type"]; t != nil && v.IsKnown() && !v.IsNull() {
			if ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(t.Expr); !diags.HasErrors() {
				if defaults != nil {
					v = defaults.Apply(v)
				}
				cv, err := lenientConvert(v, ty, 0)
				if err != nil {
					at := givenAt[name]
					if !at.IsValid() && at.File == "" {
						at = m.rangePos(t.SrcRange)
					}
					m.p.Warnf(at, "variable %q: value does not match its type %s: %v", name, m.text(t.Expr.Range()), err)
				} else {
					v = cv
				}
			}
		}
		obj[name] = v
		if m.sensitiveVar(b) || (ok && secret.IsName(name)) {
			m.p.Sensitive = appendStrings(m.p.Sensitive, v, 0)
		}
	}
	m.varObj = cty.ObjectVal(obj)
}

// sensitiveVar reports whether a variable block says sensitive = true.
func (m *module) sensitiveVar(b *hclsyntax.Block) bool {
	a := b.Body.Attributes["sensitive"]
	if a == nil {
		return false
	}
	v := m.eval(a.Expr, nil)
	return v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool && v.True()
}

// appendStrings appends every known string inside v,
// a variable's value, to out. depth bounds the walk of nested collections.
func appendStrings(out []string, v cty.Value, depth int) []string {
	if depth > 32 || !v.IsWhollyKnown() || v.IsNull() {
		return out
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return append(out, v.AsString())
	case ty.IsListType(), ty.IsSetType(), ty.IsTupleType(), ty.IsMapType(), ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = appendStrings(out, e, depth+1)
		}
	}
	return out
}

// readVarFile reads a .tfvars (HCL) or .tfvars.json file; a file found in
// the module (confined) must be inside the project.
func (m *module) readVarFile(path string, confined bool, at map[string]model.Pos) map[string]cty.Value {
	out := map[string]cty.Value{}
	var src []byte
	var err error
	if confined {
		src, err = readIn(m.ev.root, m.dir, filepath.Base(path), safefile.Config)
	} else {
		src, err = safefile.Read(path, safefile.Config)
	}
	if err != nil {
		m.p.Errorf(model.Pos{File: path}, "variables file not read: %s", accessReason(filepath.Base(path), err))
		return out
	}
	if pos, problem := nestingProblem(src); problem != "" {
		m.p.Errorf(model.Pos{File: path, Line: pos.Line, Column: pos.Column}, "variables file not read: %s", problem)
		return out
	}
	parser := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = parser.ParseJSON(src, path)
	} else {
		f, diags = parser.ParseHCL(src, path)
	}
	m.addHCLDiags(diags, path)
	if f == nil || diags.HasErrors() {
		return out
	}
	attrs, diags := f.Body.JustAttributes()
	m.addHCLDiags(diags, path)
	for _, name := range sortedKeys(attrs) {
		a := attrs[name]
		v, d := a.Expr.Value(nil)
		if d.HasErrors() {
			m.addHCLDiags(d, path)
			continue
		}
		out[name] = v
		at[name] = m.rangePos(a.Range)
	}
	return out
}

// parseVarValue reads a -var value: HCL syntax when it parses as a constant
// (numbers, bools, lists, objects, quoted strings), a plain string otherwise.
func parseVarValue(name, s string) cty.Value {
	expr, diags := hclsyntax.ParseExpression([]byte(s), "-var "+name, hcl.InitialPos)
	if diags.HasErrors() || len(expr.Variables()) > 0 {
		return cty.StringVal(s)
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.StringVal(s)
	}
	return v
}

// lenientConvert converts v to the variable type ty. When the elements of a
// map or list cannot share one type (map(object({config = any})) given
// configs of different shapes), each element is converted on its own and
// the result is an object or tuple, which reads the same in for_each and
// for expressions.
func lenientConvert(v cty.Value, ty cty.Type, depth int) (cty.Value, error) {
	lv, problem := listify(v, ty)
	if problem != "" {
		return v, errors.New(problem)
	}
	v = lv
	cv, err := convert.Convert(v, ty)
	if err == nil || depth > 16 || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return cv, err
	}
	vt := v.Type()
	switch {
	case ty.IsMapType() && (vt.IsObjectType() || vt.IsMapType()):
		out := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ce, err2 := lenientConvert(e, ty.ElementType(), depth+1)
			if err2 != nil {
				return v, err2
			}
			out[k.AsString()] = ce
		}
		return cty.ObjectVal(out), nil
	case (ty.IsListType() || ty.IsSetType()) && (vt.IsTupleType() || vt.IsListType()):
		var out []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			ce, err2 := lenientConvert(e, ty.ElementType(), depth+1)
			if err2 != nil {
				return v, err2
			}
			out = append(out, ce)
		}
		if len(out) == 0 {
			return cty.EmptyTupleVal, nil
		}
		return cty.TupleVal(out), nil
	}
	return v, err
}
