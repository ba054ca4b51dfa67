package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

// IsPlan reports whether data is `terraform show -json` output: a plan
// (format_version + planned_values) or a state (format_version + values).
func IsPlan(data []byte) bool {
	var head struct {
		FormatVersion string          `json:"format_version"`
		PlannedValues json.RawMessage `json:"planned_values"`
		Values        json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		// A plan that is not valid JSON (or is nested past encoding/json's
		// limit) is still a plan: LoadPlan then says what is wrong with it,
		// rather than the file being skipped as something else.
		return looksLikePlan(data)
	}
	return head.FormatVersion != "" && (len(head.PlannedValues) > 0 || len(head.Values) > 0)
}

// looksLikePlan reads the top-level keys of a JSON object as tokens, which
// has no nesting limit, and reports whether it has a format_version string
// and planned_values or values.
func looksLikePlan(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	version, values := false, false
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := k.(string)
		t, err := dec.Token()
		if err != nil {
			break
		}
		switch key {
		case "format_version":
			s, ok := t.(string)
			version = ok && s != ""
		case "planned_values", "values":
			values = true
		}
		// Skip the rest of a nested value.
		if d, ok := t.(json.Delim); ok && (d == '{' || d == '[') {
			for depth := 1; depth > 0; {
				t, err := dec.Token()
				if err != nil {
					return version && values
				}
				if d, ok := t.(json.Delim); ok {
					if d == '{' || d == '[' {
						depth++
					} else {
						depth--
					}
				}
			}
		}
		if version && values {
			return true
		}
	}
	return version && values
}

// LoadPlan reads a plan or state from `terraform show -json`. Values are the
// planned values; attributes Terraform knows only after apply are unknown and
// keep the reference from the configuration (so links between resources
// still resolve). Positions point into the JSON file: the resource object
// and, for known attributes, the attribute itself; an unknown attribute
// points at its expression in the plan's configuration section.
func LoadPlan(path string, data []byte) *model.Project {
	p := &model.Project{Files: []string{path}}
	defer func() {
		if r := recover(); r != nil {
			p.Errorf(model.Pos{File: path}, "internal error while loading Terraform plan: %v", r)
		}
	}()
	// model/load reads plans through safefile; a caller that passes data
	// directly gets the same cap.
	if limit := safefile.Limit(safefile.Plan); int64(len(data)) > limit {
		p.Errorf(model.Pos{File: path}, "not read: %v", &safefile.TooLargeError{Kind: safefile.Plan, Size: int64(len(data)), Limit: limit})
		return p
	}
	jn, err := jsonPositions(path, data)
	if err != nil {
		var je *jsonError
		if errors.As(err, &je) {
			p.Errorf(je.Pos, "invalid JSON: %s", je.Msg)
		} else {
			p.Errorf(model.Pos{File: path}, "invalid JSON: %v", err)
		}
		return p
	}
	pl := &planLoader{p: p, path: path, root: jn, a: newAssembler(p, model.FormatTerraformPlan)}
	var values *tfjson.StateValues
	valuesNode := jn.child("planned_values")
	if jn.child("planned_values") != nil {
		plan := &tfjson.Plan{}
		plan.UseJSONNumber(true)
		if err := plan.UnmarshalJSON(data); err != nil {
			p.Errorf(pl.at(jn.child("format_version")), "not a Terraform plan this version of fcplan can read: %v", err)
			return p
		}
		values = plan.PlannedValues
		pl.indexChanges(plan.ResourceChanges, jn.child("resource_changes"))
		if plan.Config != nil {
			cfg := jn.child("configuration")
			pl.indexConfig("", plan.Config.RootModule, cfg.child("root_module"))
			pl.region(plan, cfg)
		}
	} else {
		st := &tfjson.State{}
		st.UseJSONNumber(true)
		if err := st.UnmarshalJSON(data); err != nil {
			p.Errorf(pl.at(jn.child("format_version")), "not a Terraform state this version of fcplan can read: %v", err)
			return p
		}
		values = st.Values
		valuesNode = jn.child("values")
	}
	if values == nil || values.RootModule == nil {
		p.Infof(model.Pos{File: path, Line: 1, Column: 1}, "the plan has no resources")
		return p
	}
	pl.addrs = map[string]bool{}
	collectAddrs(values.RootModule, pl.addrs)
	pl.module(values.RootModule, valuesNode.child("root_module"))
	pl.a.finish()
	return p
}

// moduleIndex matches the instance key of a module address: [0], ["a"].
var moduleIndex = regexp.MustCompile(`\[[^\]]*\]`)

type planLoader struct {
	p    *model.Project
	path string
	root *jsonNode
	a    *assembler

	changes map[string]changeInfo // by instance address
	addrs   map[string]bool       // every resource instance address
	config  map[string]configInfo // by resource address without index
}

type changeInfo struct {
	unknown   any
	node      *jsonNode
	sensitive any // after_sensitive: true where the value is sensitive
}

type configInfo struct {
	exprs map[string]*tfjson.Expression
	node  *jsonNode // the expressions object
}

func (pl *planLoader) at(j *jsonNode) model.Pos {
	if j == nil {
		return model.Pos{File: pl.path, Line: 1, Column: 1}
	}
	return j.pos
}

func (pl *planLoader) indexChanges(changes []*tfjson.ResourceChange, jn *jsonNode) {
	pl.changes = map[string]changeInfo{}
	for i, rc := range changes {
		if rc == nil || rc.Change == nil {
			continue
		}
		pl.changes[rc.Address] = changeInfo{unknown: rc.Change.AfterUnknown, node: jn.elem(i).child("change").child("after_unknown"), sensitive: rc.Change.AfterSensitive}
	}
}

func (pl *planLoader) indexConfig(prefix string, m *tfjson.ConfigModule, jn *jsonNode) {
	if m == nil {
		return
	}
	if pl.config == nil {
		pl.config = map[string]configInfo{}
	}
	for i, r := range m.Resources {
		if r == nil {
			continue
		}
		pl.config[prefix+r.Address] = configInfo{exprs: r.Expressions, node: jn.child("resources").elem(i).child("expressions")}
	}
	names := make([]string, 0, len(m.ModuleCalls))
	for n := range m.ModuleCalls {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		mc := m.ModuleCalls[n]
		if mc == nil {
			continue
		}
		pl.indexConfig(prefix+"module."+n+".", mc.Module, jn.child("module_calls").child(n).child("module"))
	}
}

func (pl *planLoader) region(plan *tfjson.Plan, jn *jsonNode) {
	pc := plan.Config.ProviderConfigs["alicloud"]
	if pc == nil {
		return
	}
	e := pc.Expressions["region"]
	if e == nil || e.ExpressionData == nil {
		return
	}
	at := pl.at(jn.child("provider_config").child("alicloud").child("expressions").child("region"))
	if s, ok := e.ConstantValue.(string); ok {
		pl.a.region = model.Known(s, at)
		return
	}
	if len(e.References) == 1 && strings.HasPrefix(e.References[0], "var.") {
		if v := plan.Variables[strings.TrimPrefix(e.References[0], "var.")]; v != nil {
			if s, ok := v.Value.(string); ok {
				pl.a.region = model.Known(s, at)
				return
			}
		}
	}
	pl.a.region = model.UnknownValue[string](strings.Join(e.References, ", "), at)
}

func (pl *planLoader) module(m *tfjson.StateModule, jn *jsonNode) {
	if m == nil {
		return
	}
	prefix := ""
	if m.Address != "" {
		prefix = m.Address + "."
	}
	for i, r := range m.Resources {
		if r == nil || r.Mode != tfjson.ManagedResourceMode || !pl.a.handles(r.Type) {
			continue
		}
		rjn := jn.child("resources").elem(i)
		pl.resource(prefix, r, rjn)
	}
	for i, c := range m.ChildModules {
		pl.module(c, jn.child("child_modules").elem(i))
	}
}

func (pl *planLoader) resource(prefix string, r *tfjson.StateResource, rjn *jsonNode) {
	defer func() {
		if x := recover(); x != nil {
			pl.p.Errorf(pl.at(rjn), "internal error mapping %s: %v", r.Address, x)
		}
	}()
	at := pl.at(rjn)
	ch := pl.changes[r.Address]
	// The configuration has one entry per resource, without module instance
	// keys; references are relative to the module instance.
	cfg := pl.config[moduleIndex.ReplaceAllString(prefix, "")+r.Type+"."+r.Name]
	b := &planBuilder{module: prefix, at: at, index: instanceKey(r.Index), addrs: pl.addrs}
	n := b.object(r.AttributeValues, rjn.child("values"), ch.unknown, ch.node, cfg.exprs, cfg.node, at)
	pl.a.add(r.Type, r.Address, n, at)
	// Values Terraform marks sensitive are reported for masking in output.
	var marks any
	if len(r.SensitiveValues) > 0 && json.Unmarshal(r.SensitiveValues, &marks) == nil {
		pl.p.Sensitive = sensitiveStrings(pl.p.Sensitive, r.AttributeValues, marks, 0)
	}
	pl.p.Sensitive = sensitiveStrings(pl.p.Sensitive, r.AttributeValues, ch.sensitive, 0)
}

// sensitiveStrings appends to out the strings of v that marks (a plan's
// sensitive_values or after_sensitive, mirroring v's shape with true where
// a value is sensitive) covers.
func sensitiveStrings(out []string, v, marks any, depth int) []string {
	if depth > 64 || marks == nil {
		return out
	}
	if b, ok := marks.(bool); ok {
		if b {
			out = allStrings(out, v, depth)
		}
		return out
	}
	switch m := marks.(type) {
	case map[string]any:
		if obj, ok := v.(map[string]any); ok {
			for _, k := range sortedKeys(m) {
				out = sensitiveStrings(out, obj[k], m[k], depth+1)
			}
		}
	case []any:
		if arr, ok := v.([]any); ok {
			for i := range min(len(m), len(arr)) {
				out = sensitiveStrings(out, arr[i], m[i], depth+1)
			}
		}
	}
	return out
}

// allStrings appends every string and number inside v to out.
func allStrings(out []string, v any, depth int) []string {
	if depth > 64 {
		return out
	}
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case json.Number:
		out = append(out, x.String())
	case map[string]any:
		for _, k := range sortedKeys(x) {
			out = allStrings(out, x[k], depth+1)
		}
	case []any:
		for _, e := range x {
			out = allStrings(out, e, depth+1)
		}
	}
	return out
}

// planBuilder converts one resource's planned values into a node.
type planBuilder struct {
	module string
	at     model.Pos
	// index is the instance key of the resource ("[0]", "[\"a\"]") and
	// addrs every instance address in the plan, for sameIndex.
	index string
	addrs map[string]bool
}

func (b *planBuilder) pos(js ...*jsonNode) model.Pos {
	for _, j := range js {
		if j != nil {
			return j.pos
		}
	}
	return b.at
}

// object merges known values, after_unknown markers and configuration
// references of an object (the resource, or one nested block).
func (b *planBuilder) object(values map[string]any, vjn *jsonNode, unknown any, ujn *jsonNode, exprs map[string]*tfjson.Expression, ejn *jsonNode, at model.Pos) *node {
	n := newObj(at)
	um, _ := unknown.(map[string]any)
	keys := make([]string, 0, len(values)+len(um))
	for k := range values {
		keys = append(keys, k)
	}
	for k, u := range um {
		if _, ok := values[k]; !ok && u != false {
			keys = append(keys, k)
		}
	}
	// Keep the file's order where the values object gives one.
	order := map[string]int{}
	if vjn != nil {
		for i, k := range vjn.keys {
			order[k] = i
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		e := exprs[k]
		n.set(k, b.value(values[k], vjn.child(k), um[k], ujn.child(k), e, ejn.child(k)))
	}
	return n
}

func (b *planBuilder) value(v any, vjn *jsonNode, unknown any, ujn *jsonNode, e *tfjson.Expression, ejn *jsonNode) *node {
	refs := b.refs(e)
	at := b.pos(vjn, ejn, ujn)
	if unknown == true {
		uat := b.pos(ejn, ujn, vjn)
		switch {
		case len(refs) > 1:
			l := &node{kind: listNode, pos: uat}
			for _, r := range refs {
				l.elems = append(l.elems, &node{kind: leafNode, val: cty.DynamicVal, ref: r, text: r, pos: uat})
			}
			return l
		case len(refs) == 1:
			return &node{kind: leafNode, val: cty.DynamicVal, ref: refs[0], text: refs[0], pos: uat}
		}
		return &node{kind: leafNode, val: cty.DynamicVal, text: "(known after apply)", pos: uat}
	}
	switch x := v.(type) {
	case map[string]any:
		var nested map[string]*tfjson.Expression
		var njn *jsonNode
		if e != nil && e.ExpressionData != nil && len(e.NestedBlocks) > 0 {
			nested, njn = e.NestedBlocks[0], ejn.elem(0)
		}
		return b.object(x, vjn, unknown, ujn, nested, njn, at)
	case []any:
		l := &node{kind: listNode, pos: at}
		ul, _ := unknown.([]any)
		for i, el := range x {
			var eu any
			if i < len(ul) {
				eu = ul[i]
			}
			ejl := vjn.elem(i)
			if m, ok := el.(map[string]any); ok {
				var nested map[string]*tfjson.Expression
				var njn *jsonNode
				if e != nil && e.ExpressionData != nil && i < len(e.NestedBlocks) {
					nested, njn = e.NestedBlocks[i], ejn.elem(i)
				}
				l.elems = append(l.elems, b.object(m, ejl, eu, ujn.elem(i), nested, njn, b.pos(ejl, vjn)))
				continue
			}
			if eu == true {
				r := ""
				if len(refs) == len(x) {
					r = refs[i]
				}
				l.elems = append(l.elems, &node{kind: leafNode, val: cty.DynamicVal, ref: r, text: orText(r), pos: b.pos(ejl, vjn)})
				continue
			}
			el := fromJSONValue(el, ejl, at)
			if len(refs) == len(x) {
				el.ref = refs[i]
			}
			l.elems = append(l.elems, el)
		}
		return l
	}
	n := fromJSONValue(v, vjn, at)
	if n.kind == leafNode && len(refs) == 1 {
		n.ref = refs[0]
	}
	return n
}

func orText(r string) string {
	if r == "" {
		return "(known after apply)"
	}
	return r
}

// refs returns the most specific resource references of an expression,
// prefixed with the module address: Terraform lists both
// "alicloud_vpc.a.id" and "alicloud_vpc.a"; only the first is kept.
func (b *planBuilder) refs(e *tfjson.Expression) []string {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	var out []string
	byIndex := false
	for _, r := range e.References {
		if r == "count.index" || r == "each.key" || r == "each.value" {
			byIndex = true
		}
	}
	for i, r := range e.References {
		root, _, _ := strings.Cut(r, ".")
		if isReservedRoot(root) && root != "data" && root != "module" {
			continue
		}
		covered := false
		for j, o := range e.References {
			if i != j && len(o) > len(r) && strings.HasPrefix(o, r) && (o[len(r)] == '.' || o[len(r)] == '[') {
				covered = true
				break
			}
		}
		if !covered {
			if byIndex {
				r = b.sameIndex(r)
			}
			out = append(out, b.module+r)
		}
	}
	return out
}

// sameIndex turns a reference to a counted or for_each resource made with
// count.index or each.key (Terraform reports it without the key) into a
// reference to the instance with this resource's own key, the usual
// pattern of resources expanded side by side.
func (b *planBuilder) sameIndex(r string) string {
	if b.index == "" || b.addrs == nil {
		return r
	}
	parts := strings.SplitN(r, ".", 3)
	if len(parts) < 2 || strings.Contains(parts[1], "[") || parts[0] == "data" || parts[0] == "module" {
		return r
	}
	base := parts[0] + "." + parts[1]
	if !b.addrs[b.module+base+b.index] {
		return r
	}
	out := base + b.index
	if len(parts) == 3 {
		out += "." + parts[2]
	}
	return out
}

func collectAddrs(m *tfjson.StateModule, out map[string]bool) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r != nil {
			out[r.Address] = true
		}
	}
	for _, c := range m.ChildModules {
		collectAddrs(c, out)
	}
}

// instanceKey renders a resource's count or for_each key as in its address.
func instanceKey(idx any) string {
	switch x := idx.(type) {
	case json.Number:
		return "[" + x.String() + "]"
	case float64:
		return "[" + strconv.FormatFloat(x, 'f', -1, 64) + "]"
	case string:
		return "[" + strconv.Quote(x) + "]"
	}
	return ""
}
