// Package model is the normalized model of a Function Compute project:
// functions and their triggers, RAM roles and policies, and the VPC network
// they run in, loaded from s.yaml, Terraform HCL or Terraform plan JSON.
//
// Every attribute is a Value that remembers where it came from (file, line,
// column) and whether it is known. An attribute whose text cannot be evaluated
// statically (`${env('X')}`, `{{ region }}`, `var.x` without a default, a
// computed attribute) is unknown and keeps its original text, so rules can say
// "unknown" instead of guessing.
//
// The package imports nothing else of fcplan: loaders (model/syaml,
// model/terraform) build a Project, Link resolves references between its
// objects, and rules and the simulator read it.
package model

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Pos is a place in a source file. Line and Column are 1-based; zero means not
// known.
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// String formats the position as file:line:col.
func (p Pos) String() string {
	switch {
	case p.File == "" && p.Line == 0:
		return "-"
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Scalar is the set of types a Value can hold.
type Scalar interface {
	~string | ~int | ~int64 | ~float64 | ~bool
}

// Value is one attribute of the configuration. It is in one of three states:
//
//   - unset: the configuration does not mention it (the platform default
//     applies); Set is false.
//   - known: Set is true and V holds the value.
//   - unknown: Set is true and Unknown holds the original text that could not
//     be evaluated. Ref additionally names the referenced object when the text
//     is a reference such as `alicloud_vswitch.a.id`, so links still resolve.
type Value[T Scalar] struct {
	V       T
	Set     bool
	Unknown string
	// Ref is the reference an unknown value points at, in Terraform address
	// form ("alicloud_vswitch.a.id", "data.alicloud_x.y.id") or in Serverless
	// Devs form ("resources.x.props.y"). Empty for plain unknowns.
	Ref string
	Pos Pos
}

// Known returns a known value at pos.
func Known[T Scalar](v T, pos Pos) Value[T] { return Value[T]{V: v, Set: true, Pos: pos} }

// UnknownValue returns an unknown value that keeps the original text.
func UnknownValue[T Scalar](text string, pos Pos) Value[T] {
	if text == "" {
		text = "(unknown)"
	}
	return Value[T]{Set: true, Unknown: text, Pos: pos}
}

// Reference returns an unknown value that refers to another object's
// attribute, such as `alicloud_vswitch.a.id`.
func Reference[T Scalar](ref, text string, pos Pos) Value[T] {
	v := UnknownValue[T](text, pos)
	v.Ref = ref
	return v
}

// IsKnown reports whether the value is set and known.
func (v Value[T]) IsKnown() bool { return v.Set && v.Unknown == "" }

// IsUnknown reports whether the value is set but could not be evaluated.
func (v Value[T]) IsUnknown() bool { return v.Set && v.Unknown != "" }

// Get returns the value and whether it is known.
func (v Value[T]) Get() (T, bool) { return v.V, v.IsKnown() }

// Or returns the value when known, else def. Use it only where guessing the
// default is right (the platform default applies to unset values); rules that
// must distinguish unknown from unset check IsUnknown first.
func (v Value[T]) Or(def T) T {
	if v.IsKnown() {
		return v.V
	}
	return def
}

// Text returns the value for display: the value, the original text of an
// unknown, or "" when unset.
func (v Value[T]) Text() string {
	switch {
	case !v.Set:
		return ""
	case v.Unknown != "":
		return v.Unknown
	}
	return fmt.Sprint(v.V)
}

// Position returns where the value was written.
func (v Value[T]) Position() Pos { return v.Pos }

// MarshalJSON writes a known value as itself, an unknown one as
// {"unknown": "<original text>"} (plus "ref" for references) and an unset one
// as null.
func (v Value[T]) MarshalJSON() ([]byte, error) {
	switch {
	case !v.Set:
		return []byte("null"), nil
	case v.Unknown != "":
		u := struct {
			Unknown string `json:"unknown"`
			Ref     string `json:"ref,omitempty"`
		}{v.Unknown, v.Ref}
		return json.Marshal(u)
	}
	return json.Marshal(v.V)
}

// RefersTo reports whether v identifies the object with Terraform address addr
// (its "id" attribute, or the address itself) or whose known ID is id.
func (v Value[T]) RefersTo(addr string, id Value[string]) bool {
	if v.Ref != "" && addr != "" {
		if v.Ref == addr || v.Ref == addr+".id" || strings.HasPrefix(v.Ref, addr+"[") {
			return true
		}
	}
	if v.IsKnown() && id.IsKnown() {
		return fmt.Sprint(v.V) == id.V
	}
	return false
}

// RefAddress splits a reference into the referenced object's address and the
// attribute: "alicloud_nat_gateway.n.snat_table_ids" gives
// ("alicloud_nat_gateway.n", "snat_table_ids"). Data sources keep their
// "data." prefix; an index such as [0] stays with the address.
func (v Value[T]) RefAddress() (addr, attr string) {
	if v.Ref == "" {
		return "", ""
	}
	parts := strings.Split(v.Ref, ".")
	n := 2
	if parts[0] == "data" || parts[0] == "module" {
		n = 3
	}
	if len(parts) <= n {
		return v.Ref, ""
	}
	return strings.Join(parts[:n], "."), strings.Join(parts[n:], ".")
}

// Str, Int, Float and Bool name the Value types the model uses.
type (
	Str   = Value[string]
	Int   = Value[int]
	Float = Value[float64]
	Bool  = Value[bool]
)

// Texts returns the display text of each value.
func Texts(vs []Str) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Text()
	}
	return out
}
