package terraform

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/fcplan/fcplan/model"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// Some functions build values much larger than their arguments (range(1e9),
// replace(s, "", big), join with a long separator, split(s, "")), or take
// time out of proportion to them (distinct is quadratic, a regular
// expression's time is the product of pattern and input). bounded checks
// their arguments before the call, so that the value is refused before it is
// built; the result of every call is then checked by the evaluator as any
// other value.

const (
	// maxArgsBytes and maxArgsElements bound the arguments of one call
	// together: functions that combine their arguments (concat, merge, join,
	// jsonencode) build results of about that size.
	maxArgsBytes    = 2 * maxStringLen
	maxArgsElements = 2 * maxElements
	// maxRegexWork bounds len(input) * len(pattern) of one regex call.
	maxRegexWork = 32 << 20
	// maxRegexPattern bounds a regular expression's length.
	maxRegexPattern = 4096
	// maxQuadratic bounds n*n for functions that compare every pair.
	maxQuadratic = 10_000_000
	// maxRange is Terraform's own limit on range().
	maxRange = 1024
	// maxJSONNesting bounds jsondecode's input nesting.
	maxJSONNesting = 256
)

// argChecks are the per-function checks; each returns why the call is
// refused, or "".
var argChecks = map[string]func(args []cty.Value) string{
	"range":      checkRange,
	"replace":    checkReplace,
	"join":       checkJoin,
	"indent":     checkIndent,
	"format":     checkFormat,
	"formatlist": checkFormat,
	"split":      checkSplit,
	"regex":      checkRegex(false),
	"regexall":   checkRegex(true),
	"csvdecode":  checkCSV,
	"jsondecode": checkJSONDecode,
	"jsonencode": checkJSONEncode,
	"parseint":   checkParseInt,
	"distinct":   checkQuadratic,
	"setproduct": checkSetProduct,
}

// bounded wraps f with the budget checks for name. The wrapper takes its
// arguments untyped and converts them itself (HCL would convert them to the
// parameter types first): cty unifies the element types of a tuple in time
// quadratic in its length, so a 100,000-element tuple given where a list is
// expected would take minutes. Tuples whose elements share one type become
// lists in linear time; other long ones are refused.
func (m *module) bounded(name string, f function.Function) function.Function {
	check := argChecks[name]
	loose := func(p function.Parameter) function.Parameter {
		p.Type = cty.DynamicPseudoType
		return p
	}
	params := f.Params()
	for i := range params {
		params[i] = loose(params[i])
	}
	var varParam *function.Parameter
	if vp := f.VarParam(); vp != nil {
		l := loose(*vp)
		varParam = &l
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type: func(args []cty.Value) (cty.Type, error) {
			conv, problem, err := convertArgs(f, args)
			if err != nil {
				return cty.NilType, err
			}
			if problem != "" {
				return cty.DynamicPseudoType, nil
			}
			return f.ReturnTypeForValues(conv)
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			conv, problem, err := convertArgs(f, args)
			if err != nil {
				return cty.UnknownVal(ret), err
			}
			if problem == "" {
				problem = argsProblem(conv)
			}
			if problem == "" && check != nil {
				problem = check(conv)
			}
			if problem != "" {
				m.ev.noteHere("call:"+name, model.DiagWarning, "%s() not evaluated: %s (the evaluation budget); the value is unknown", name, problem)
				return cty.UnknownVal(ret), nil
			}
			return f.Call(conv)
		},
	})
}

// convertArgs converts args to f's parameter types as HCL would, in linear
// time where cty would take quadratic time, or says why not.
func convertArgs(f function.Function, args []cty.Value) ([]cty.Value, string, error) {
	params := f.Params()
	out := make([]cty.Value, len(args))
	for i, a := range args {
		var ty cty.Type
		switch {
		case i < len(params):
			ty = params[i].Type
		case f.VarParam() != nil:
			ty = f.VarParam().Type
		default:
			out[i] = a
			continue
		}
		v, problem := listify(a, ty)
		if problem != "" {
			return nil, problem, nil
		}
		cv, err := convert.Convert(v, ty)
		if err != nil {
			return nil, "", function.NewArgError(i, err)
		}
		out[i] = cv
	}
	return out, "", nil
}

// maxUnify bounds the elements of a tuple or object of mixed element types
// converted to a collection: cty compares every pair of element types.
const maxUnify = 3000

// listify turns a tuple (object) whose elements have one type into a list or
// set (map) when ty asks for one, so converting it is linear. A long tuple
// of mixed types is refused.
func listify(v cty.Value, ty cty.Type) (cty.Value, string) {
	if !ty.IsListType() && !ty.IsSetType() && !ty.IsMapType() {
		return v, ""
	}
	if !v.IsKnown() || v.IsNull() || v.IsMarked() {
		return v, ""
	}
	vt := v.Type()
	if !vt.IsTupleType() && !vt.IsObjectType() {
		return v, ""
	}
	n := v.LengthInt()
	if n == 0 {
		return v, ""
	}
	elems := make([]cty.Value, 0, n)
	keys := make([]string, 0, n)
	same := true
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		e, problem := listify(e, ty.ElementType())
		if problem != "" {
			return v, problem
		}
		if len(elems) > 0 && !e.Type().Equals(elems[0].Type()) {
			same = false
		}
		elems = append(elems, e)
		if vt.IsObjectType() {
			keys = append(keys, k.AsString())
		}
	}
	if !same {
		if n > maxUnify {
			return v, fmt.Sprintf("converting %d elements of different types to one type takes too long (over %d)", n, maxUnify)
		}
		return v, ""
	}
	switch {
	case vt.IsTupleType() && (ty.IsListType() || ty.IsSetType()):
		return cty.ListVal(elems), ""
	case vt.IsObjectType() && ty.IsMapType():
		m := make(map[string]cty.Value, n)
		for i, k := range keys {
			m[k] = elems[i]
		}
		return cty.MapVal(m), ""
	}
	return v, ""
}

// argsProblem bounds the arguments of one call together.
func argsProblem(args []cty.Value) string {
	var bytes, elems int64
	for _, a := range args {
		s := sizeOf(a)
		if s.problem != "" {
			return s.problem
		}
		bytes += s.bytes
		elems += s.elems
	}
	switch {
	case bytes > maxArgsBytes:
		return fmt.Sprintf("its arguments hold %s of text, over %s", sizeText(bytes), sizeText(maxArgsBytes))
	case elems > maxArgsElements:
		return fmt.Sprintf("its arguments hold more than %d elements", maxArgsElements)
	}
	return ""
}

// known reports whether every argument is known and not null, which the
// checks need to measure anything; an unknown argument makes the call cheap.
func known(args []cty.Value) bool {
	for _, a := range args {
		if !a.IsWhollyKnown() || a.IsNull() {
			return false
		}
	}
	return true
}

func str(v cty.Value) (string, bool) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

func num(v cty.Value) (float64, bool) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

func checkRange(args []cty.Value) string {
	var start, limit, step float64 = 0, 0, 1
	var ok bool
	switch len(args) {
	case 1:
		limit, ok = num(args[0])
	case 2, 3:
		var ok2 bool
		start, ok = num(args[0])
		limit, ok2 = num(args[1])
		ok = ok && ok2
		if len(args) == 3 {
			var ok3 bool
			step, ok3 = num(args[2])
			ok = ok && ok3
		}
	}
	if !ok || step == 0 {
		return ""
	}
	// cty (as Terraform) fails past 1024 elements, after building them:
	// refuse before.
	n := (limit - start) / step
	if n > maxRange || n != n {
		return fmt.Sprintf("range would have %.0f elements, more than Terraform's %d", n, maxRange)
	}
	return ""
}

func checkReplace(args []cty.Value) string {
	if len(args) != 3 || !known(args) {
		return ""
	}
	s, _ := str(args[0])
	sub, _ := str(args[1])
	repl, _ := str(args[2])
	if len(sub) > 2 && sub[0] == '/' && sub[len(sub)-1] == '/' {
		pattern := sub[1 : len(sub)-1]
		if p := regexCost(pattern, s); p != "" {
			return p
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return "" // the function reports the error
		}
		// Each match is replaced by repl with $n expanded; no expansion is
		// longer than repl with every reference the longest group.
		refs := int64(strings.Count(repl, "$"))
		out := int64(len(s))
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			longest := int64(0)
			for i := 0; i+1 < len(loc); i += 2 {
				if loc[i] >= 0 {
					longest = max(longest, int64(loc[i+1]-loc[i]))
				}
			}
			out += int64(len(repl)) + refs*longest
			if out > maxStringLen {
				return fmt.Sprintf("the result would be over %s", sizeText(maxStringLen))
			}
		}
		return ""
	}
	n := int64(utf8.RuneCountInString(s) + 1)
	if sub != "" {
		n = int64(strings.Count(s, sub))
	}
	if out := int64(len(s)) + n*(int64(len(repl))-int64(len(sub))); out > maxStringLen {
		return fmt.Sprintf("the result would be %s, over %s", sizeText(out), sizeText(maxStringLen))
	}
	return ""
}

func checkJoin(args []cty.Value) string {
	if len(args) < 2 || !known(args) {
		return ""
	}
	sep, _ := str(args[0])
	var total, n int64
	for _, l := range args[1:] {
		if !l.CanIterateElements() {
			continue
		}
		for it := l.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n++
			if s, ok := str(e); ok {
				total += int64(len(s))
			} else {
				total += 32
			}
		}
	}
	if n > 0 {
		total += int64(len(sep)) * (n - 1)
	}
	if total > maxStringLen {
		return fmt.Sprintf("the result would be %s, over %s", sizeText(total), sizeText(maxStringLen))
	}
	return ""
}

func checkIndent(args []cty.Value) string {
	if len(args) != 2 || !known(args) {
		return ""
	}
	n, _ := num(args[0])
	s, _ := str(args[1])
	if out := float64(len(s)) + n*float64(strings.Count(s, "\n")); out > maxStringLen {
		return fmt.Sprintf("the result would be over %s", sizeText(maxStringLen))
	}
	return ""
}

// checkFormat bounds format and formatlist: the format's widths (at most
// four digits, see boundedFormat) times its verbs, for every element of a
// formatlist, and no argument a string that converts to a number too large
// to print.
func checkFormat(args []cty.Value) string {
	if len(args) == 0 || !known(args) {
		return ""
	}
	f, _ := str(args[0])
	verbs := int64(strings.Count(f, "%"))
	width, digits := int64(0), int64(0)
	for _, c := range f {
		if c >= '0' && c <= '9' {
			digits = digits*10 + int64(c-'0')
			width = max(width, digits)
		} else {
			digits = 0
		}
	}
	rows := int64(1)
	for _, a := range args[1:] {
		if a.Type().IsListType() || a.Type().IsTupleType() || a.Type().IsSetType() {
			rows = max(rows, int64(a.LengthInt()))
		}
		if p := numericStringProblem(a); p != "" {
			return p
		}
	}
	if out := rows * (int64(len(f)) + verbs*width); out > maxStringLen {
		return fmt.Sprintf("the result would be over %s", sizeText(maxStringLen))
	}
	return ""
}

// numericStringProblem finds a string (in v or its elements) that parses as
// a number too large to print.
func numericStringProblem(v cty.Value) string {
	if s, ok := str(v); ok {
		if len(s) < 5 || !strings.ContainsAny(s, "eE") {
			return ""
		}
		if f, _, err := big.ParseFloat(strings.TrimSpace(s), 10, 64, big.ToNearestEven); err == nil {
			return numberProblem(f)
		}
		return ""
	}
	if v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if p := numericStringProblem(e); p != "" {
				return p
			}
		}
	}
	return ""
}

func checkSplit(args []cty.Value) string {
	if len(args) != 2 || !known(args) {
		return ""
	}
	sep, _ := str(args[0])
	s, _ := str(args[1])
	n := utf8.RuneCountInString(s)
	if sep != "" {
		n = strings.Count(s, sep) + 1
	}
	if n > maxElements {
		return fmt.Sprintf("the result would have %d elements, more than %d", n, maxElements)
	}
	return ""
}

func regexCost(pattern, s string) string {
	if len(pattern) > maxRegexPattern {
		return fmt.Sprintf("the pattern is %d bytes, over %d", len(pattern), maxRegexPattern)
	}
	if int64(len(pattern)+1)*int64(len(s)+1) > maxRegexWork {
		return fmt.Sprintf("matching a %d-byte pattern against %s is over the regex budget", len(pattern), sizeText(int64(len(s))))
	}
	return ""
}

func checkRegex(all bool) func(args []cty.Value) string {
	return func(args []cty.Value) string {
		if len(args) != 2 || !known(args) {
			return ""
		}
		pattern, _ := str(args[0])
		s, _ := str(args[1])
		if p := regexCost(pattern, s); p != "" {
			return p
		}
		if !all {
			return ""
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return ""
		}
		per := re.NumSubexp() + 1
		if n := len(re.FindAllStringIndex(s, maxElements/per+1)); n*per > maxElements {
			return fmt.Sprintf("the result would have more than %d elements", maxElements)
		}
		return ""
	}
}

func checkCSV(args []cty.Value) string {
	if len(args) != 1 || !known(args) {
		return ""
	}
	s, _ := str(args[0])
	if n := strings.Count(s, ",") + strings.Count(s, "\n") + 1; n > maxElements {
		return fmt.Sprintf("the result would have more than %d elements", maxElements)
	}
	return ""
}

func checkJSONDecode(args []cty.Value) string {
	if len(args) != 1 || !known(args) {
		return ""
	}
	s, _ := str(args[0])
	if d := jsonNesting(s, maxJSONNesting); d > maxJSONNesting {
		return fmt.Sprintf("the document is nested more than %d levels deep", maxJSONNesting)
	}
	return ""
}

// jsonNesting returns the bracket nesting of a JSON text outside its
// strings, stopping once it passes limit.
func jsonNesting(s string, limit int) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > limit {
					return deepest
				}
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

func checkJSONEncode(args []cty.Value) string {
	if len(args) != 1 {
		return ""
	}
	s := sizeOf(args[0])
	if out := s.bytes + 4*s.elems; out > maxStringLen {
		return fmt.Sprintf("the document would be about %s, over %s", sizeText(out), sizeText(maxStringLen))
	}
	return ""
}

func checkParseInt(args []cty.Value) string {
	if len(args) == 0 {
		return ""
	}
	if s, ok := str(args[0]); ok && len(s) > 1024 {
		return fmt.Sprintf("a %d-digit number is too long", len(s))
	}
	return ""
}

func checkQuadratic(args []cty.Value) string {
	for _, a := range args {
		if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
			if n := int64(a.LengthInt()); n*n > maxQuadratic {
				return fmt.Sprintf("comparing every pair of %d elements takes too long", n)
			}
		}
	}
	return ""
}

func checkSetProduct(args []cty.Value) string {
	total := int64(1)
	for _, a := range args {
		if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
			total *= int64(a.LengthInt())
			if total*int64(len(args)+1) > maxElements {
				return fmt.Sprintf("the product would have more than %d elements", maxElements)
			}
		}
	}
	return ""
}
