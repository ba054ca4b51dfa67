package terraform

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/zclconf/go-cty/cty"
)

// node is one evaluated piece of configuration with its source position.
// HCL attributes and blocks, plan JSON values and JSON documents embedded in
// strings (trigger configs, policy documents) are all turned into nodes, so
// the resource mappers are written once for every input format.
//
// A node is an object (keys), a list (elems) or a leaf (val). A leaf whose
// val is unknown keeps the original text and, for references, the Terraform
// address it points at.
type node struct {
	kind  nodeKind
	keys  []string
	obj   map[string]*node
	elems []*node
	val   cty.Value
	// text is the source text of an unknown leaf.
	text string
	// ref is the referenced address ("alicloud_vpc.a.id") of a leaf that is
	// a reference, known or not.
	ref string
	pos model.Pos
	// json, when set, is the already structured form of a string leaf that
	// holds a JSON document (the argument of jsonencode in HCL).
	json *node
	// jsonBase maps a JSON text held by this leaf back to the file: the
	// position of the first character of the text and whether the text is
	// laid out verbatim (a heredoc) so that line offsets within it hold.
	jsonBase     model.Pos
	jsonVerbatim bool
}

type nodeKind int

const (
	leafNode nodeKind = iota
	objNode
	listNode
)

func newObj(pos model.Pos) *node { return &node{kind: objNode, obj: map[string]*node{}, pos: pos} }

func (n *node) set(key string, v *node) {
	if n.obj == nil {
		n.obj = map[string]*node{}
	}
	if _, ok := n.obj[key]; !ok {
		n.keys = append(n.keys, key)
	}
	n.obj[key] = v
}

// get returns the child named key of an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != objNode {
		return nil
	}
	return n.obj[key]
}

// getFold is get with a case-insensitive key match, for JSON documents whose
// writers are not consistent about case ("Statement" vs "statement").
func (n *node) getFold(key string) *node {
	if c := n.get(key); c != nil {
		return c
	}
	if n == nil || n.kind != objNode {
		return nil
	}
	for _, k := range n.keys {
		if strings.EqualFold(k, key) {
			return n.obj[k]
		}
	}
	return nil
}

// first returns the first of the named children that is present.
func (n *node) first(keys ...string) *node {
	for _, k := range keys {
		if c := n.get(k); c != nil && !c.isNull() {
			return c
		}
	}
	return nil
}

func (n *node) isNull() bool {
	return n == nil || (n.kind == leafNode && n.val.IsKnown() && n.val.IsNull() && n.text == "")
}

func (n *node) isUnknown() bool {
	return n != nil && n.kind == leafNode && !n.val.IsKnown()
}

// blocks returns the elements of a nested block: HCL repeats the block, plan
// JSON gives a list of objects, and some writers use a single object.
func (n *node) blocks(key string) []*node {
	c := n.get(key)
	if c == nil {
		return nil
	}
	switch c.kind {
	case objNode:
		return []*node{c}
	case listNode:
		var out []*node
		for _, e := range c.elems {
			if e.kind == objNode {
				out = append(out, e)
			}
		}
		return out
	}
	return nil
}

// block returns the first element of a nested block, or nil.
func (n *node) block(key string) *node {
	if b := n.blocks(key); len(b) > 0 {
		return b[0]
	}
	return nil
}

// unknownText is the text shown for an unknown leaf.
func (n *node) unknownText() string {
	if n.text != "" {
		return n.text
	}
	if n.ref != "" {
		return n.ref
	}
	return "(known after apply)"
}

// scalarText returns the text of a known primitive leaf.
func scalarText(v cty.Value) (string, bool) {
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		bf := v.AsBigFloat()
		if numberProblem(bf) != "" {
			// 1e600000000 from a plan: printing every digit takes minutes.
			return numberText(bf), true
		}
		if bf.IsInt() {
			i, _ := bf.Int(nil)
			return i.String(), true
		}
		f, _ := bf.Float64()
		return strconv.FormatFloat(f, 'f', -1, 64), true
	case cty.Bool:
		return strconv.FormatBool(v.True()), true
	}
	return "", false
}

// warnFunc records a type problem found while converting a node.
type warnFunc func(pos model.Pos, format string, args ...any)

func noWarn(model.Pos, string, ...any) {}

// str converts the node to a string Value. Unset (nil or null) gives the zero
// Value; objects and lists give an unknown with their source text.
func (n *node) str(warn warnFunc) model.Str {
	if n.isNull() {
		return model.Str{}
	}
	if n.kind != leafNode {
		return model.UnknownValue[string](n.unknownTextOr("(structured value)"), n.pos)
	}
	if !n.val.IsKnown() {
		return model.Reference[string](n.ref, n.unknownText(), n.pos)
	}
	s, ok := scalarText(n.val)
	if !ok {
		warn(n.pos, "expected a string, got %s", n.val.Type().FriendlyName())
		return model.UnknownValue[string](n.unknownTextOr(n.val.Type().FriendlyName()), n.pos)
	}
	v := model.Known(s, n.pos)
	v.Ref = n.ref
	return v
}

func (n *node) unknownTextOr(def string) string {
	if n.text != "" {
		return n.text
	}
	return def
}

// number returns the node's known numeric value, parsing strings such as
// "512" the way Terraform's type conversion does.
func (n *node) number() (*big.Float, bool) {
	if n.kind != leafNode || !n.val.IsKnown() || n.val.IsNull() {
		return nil, false
	}
	switch n.val.Type() {
	case cty.Number:
		return n.val.AsBigFloat(), true
	case cty.String:
		f, _, err := big.ParseFloat(strings.TrimSpace(n.val.AsString()), 10, 512, big.ToNearestEven)
		if err != nil {
			return nil, false
		}
		return f, true
	}
	return nil, false
}

// int converts the node to an int Value; a value that is not a whole number
// is an unknown with a warning.
func (n *node) int(warn warnFunc) model.Int {
	if n.isNull() {
		return model.Int{}
	}
	if n.isUnknown() {
		return model.Reference[int](n.ref, n.unknownText(), n.pos)
	}
	f, ok := n.number()
	if !ok || !f.IsInt() {
		txt := n.describe()
		warn(n.pos, "expected a whole number, got %s", txt)
		return model.UnknownValue[int](txt, n.pos)
	}
	i, acc := f.Int64()
	if acc != big.Exact || i > 1<<31-1 || i < -(1<<31) {
		warn(n.pos, "number %s is out of range", numberText(f))
		return model.UnknownValue[int](numberText(f), n.pos)
	}
	v := model.Known(int(i), n.pos)
	v.Ref = n.ref
	return v
}

// float converts the node to a float Value.
func (n *node) float(warn warnFunc) model.Float {
	if n.isNull() {
		return model.Float{}
	}
	if n.isUnknown() {
		return model.Reference[float64](n.ref, n.unknownText(), n.pos)
	}
	f, ok := n.number()
	if !ok {
		txt := n.describe()
		warn(n.pos, "expected a number, got %s", txt)
		return model.UnknownValue[float64](txt, n.pos)
	}
	x, _ := f.Float64()
	v := model.Known(x, n.pos)
	v.Ref = n.ref
	return v
}

// bool converts the node to a bool Value; "true"/"false" strings are
// accepted as Terraform does.
func (n *node) bool(warn warnFunc) model.Bool {
	if n.isNull() {
		return model.Bool{}
	}
	if n.isUnknown() {
		return model.Reference[bool](n.ref, n.unknownText(), n.pos)
	}
	if n.kind == leafNode {
		switch n.val.Type() {
		case cty.Bool:
			return model.Known(n.val.True(), n.pos)
		case cty.String:
			if b, err := strconv.ParseBool(strings.TrimSpace(n.val.AsString())); err == nil {
				return model.Known(b, n.pos)
			}
		}
	}
	txt := n.describe()
	warn(n.pos, "expected true or false, got %s", txt)
	return model.UnknownValue[bool](txt, n.pos)
}

// describe returns a short text for messages and unknowns.
func (n *node) describe() string {
	if n.text != "" {
		return n.text
	}
	if n.kind == leafNode {
		if s, ok := scalarText(n.val); ok {
			return strconv.Quote(s)
		}
		if n.val.IsKnown() {
			return n.val.Type().FriendlyName()
		}
	}
	if n.kind == objNode {
		return "object"
	}
	return "list"
}

// strs converts a list node to string Values, one per element. A scalar is
// a one-element list (RAM documents allow "Action": "x"); an unknown list is
// one unknown element so rules see that something is there.
func (n *node) strs(warn warnFunc) []model.Str {
	if n.isNull() {
		return nil
	}
	if n.kind == listNode {
		out := make([]model.Str, 0, len(n.elems))
		for _, e := range n.elems {
			if e.isNull() {
				continue
			}
			out = append(out, e.str(warn))
		}
		return out
	}
	return []model.Str{n.str(warn)}
}

// fromCty converts an evaluated value into a node at pos. Unknown parts stay
// unknown with text.
func fromCty(v cty.Value, pos model.Pos, text string) *node {
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return &node{kind: leafNode, val: cty.DynamicVal, text: text, pos: pos}
	}
	if v.IsNull() {
		return &node{kind: leafNode, val: cty.NullVal(cty.DynamicPseudoType), pos: pos}
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType() || ty.IsMapType():
		n := newObj(pos)
		keys := make([]string, 0, v.LengthInt())
		m := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ks := k.AsString()
			keys = append(keys, ks)
			m[ks] = e
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.set(k, fromCty(m[k], pos, text))
		}
		return n
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		n := &node{kind: listNode, pos: pos}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n.elems = append(n.elems, fromCty(e, pos, text))
		}
		return n
	case ty == cty.String || ty == cty.Number || ty == cty.Bool:
		return &node{kind: leafNode, val: v, pos: pos}
	}
	return &node{kind: leafNode, val: cty.DynamicVal, text: text, pos: pos}
}

// fromJSONValue converts a decoded JSON value (with json.Number numbers)
// into a node; positions come from jn when it matches, else pos.
func fromJSONValue(v any, jn *jsonNode, pos model.Pos) *node {
	p := pos
	if jn != nil {
		p = jn.pos
	}
	switch x := v.(type) {
	case map[string]any:
		n := newObj(p)
		keys := make([]string, 0, len(x))
		if jn != nil && len(jn.keys) > 0 {
			keys = append(keys, jn.keys...)
		}
		seen := map[string]bool{}
		for _, k := range keys {
			seen[k] = true
		}
		var rest []string
		for k := range x {
			if !seen[k] {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		keys = append(keys, rest...)
		for _, k := range keys {
			e, ok := x[k]
			if !ok {
				continue
			}
			n.set(k, fromJSONValue(e, jn.child(k), p))
		}
		return n
	case []any:
		n := &node{kind: listNode, pos: p}
		for i, e := range x {
			n.elems = append(n.elems, fromJSONValue(e, jn.elem(i), p))
		}
		return n
	case string:
		return &node{kind: leafNode, val: cty.StringVal(x), pos: p}
	case json.Number:
		f, _, err := big.ParseFloat(string(x), 10, 512, big.ToNearestEven)
		if err != nil {
			return &node{kind: leafNode, val: cty.StringVal(string(x)), pos: p}
		}
		return &node{kind: leafNode, val: cty.NumberVal(f), pos: p}
	case float64:
		return &node{kind: leafNode, val: cty.NumberFloatVal(x), pos: p}
	case bool:
		return &node{kind: leafNode, val: cty.BoolVal(x), pos: p}
	case nil:
		return &node{kind: leafNode, val: cty.NullVal(cty.DynamicPseudoType), pos: p}
	}
	return &node{kind: leafNode, val: cty.DynamicVal, text: fmt.Sprint(v), pos: p}
}

// maxEmbeddedJSON bounds a JSON document held in a string.
const maxEmbeddedJSON = 1 << 20

// jsonDoc returns the structured form of a node that holds a JSON document:
// the jsonencode argument when the document was written as HCL, else the
// string parsed with positions mapped back into the file. ok is false when
// the document is unknown or not valid JSON; then errMsg says why (empty for
// an unknown).
func (n *node) jsonDoc() (doc *node, errMsg string) {
	if n == nil {
		return nil, ""
	}
	if n.json != nil {
		if n.json.kind == leafNode {
			// jsonencode of something unknown or of a scalar: no document.
			return nil, ""
		}
		return n.json, ""
	}
	if n.kind == objNode {
		return n, ""
	}
	if n.kind != leafNode || !n.val.IsKnown() || n.val.IsNull() || n.val.Type() != cty.String {
		return nil, ""
	}
	text := n.val.AsString()
	if len(text) > maxEmbeddedJSON {
		// A RAM policy is at most 6,144 characters; a position index of a
		// multi-megabyte document of small values takes hundreds of MB.
		return nil, fmt.Sprintf("not read: the document is %s, over the %s fcplan reads in one policy or trigger configuration", sizeText(int64(len(text))), sizeText(maxEmbeddedJSON))
	}
	v, jn, err := parseJSONWithPositions([]byte(text))
	if err != nil {
		return nil, "not valid JSON: " + err.Error()
	}
	base := n.jsonBase
	if !base.IsValid() {
		base = n.pos
	}
	jn.relocate(base, n.jsonVerbatim)
	return fromJSONValue(v, jn, n.pos), ""
}
