package terraform

import (
	"fmt"
	"math"
	"math/big"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The evaluation budget. A module read from an untrusted pull request can ask
// for values that take unbounded time or memory to build (a local that
// repeats the previous one eight times, ten deep; three nested for
// expressions over range(1000)). Terraform itself would try; fcplan stops at
// these limits, makes the value unknown and says which limit was hit where.
const (
	// maxStringLen bounds one string value, in bytes.
	maxStringLen = 4 << 20
	// maxElements bounds one value's elements, counted through every
	// nesting level.
	maxElements = 100_000
	// maxForIterations bounds the iterations of every for expression of a
	// module tree together.
	maxForIterations = 100_000
	// maxWork bounds the total size of every value built while a module tree
	// is evaluated: string bytes plus workPerElement per element.
	maxWork        = 32 << 20
	workPerElement = 64
	// maxEvalDepth bounds the nesting of evaluation: sub-expressions, and
	// locals, resources and module outputs that refer to one another.
	maxEvalDepth = 1000
	// maxExprDepth bounds the nesting of one expression's syntax tree.
	maxExprDepth = 256
	// maxNumberExp bounds a number's binary exponent (float64 reaches 1024):
	// printing 1e600000000 in full takes 600 MB.
	maxNumberExp = 1100
	// maxNotes bounds the budget and file-access diagnostics of one module
	// tree; a hostile module could otherwise produce millions.
	maxNotes = 100
)

// evaluator is the state shared by a module and its child modules while
// they are evaluated: the project root that file functions and module
// sources stay inside, and what is left of the budget.
type evaluator struct {
	// root is the directory the user pointed fcplan at (or the module's own
	// directory): paths a configuration names must stay inside it.
	root string

	work      int64
	maxWork   int64 // the work budget: maxWork, or the run's share (Options.WorkBudget)
	forIters  int64
	modules   int
	depth     int
	exhausted bool
	// frames are the expressions being evaluated, innermost last: a
	// function reports problems at the innermost one (its call).
	frames []frame
	noted  map[string]bool
	notes  int
}

type frame struct {
	m *module
	r hcl.Range
}

func newEvaluator(root string) *evaluator {
	return &evaluator{root: root, noted: map[string]bool{}, maxWork: maxWork}
}

// enter records that evaluation of r (in m) starts; false when evaluation is
// already nested too deeply or the budget is spent, and then the value is
// unknown.
func (ev *evaluator) enter(m *module, r hcl.Range) bool {
	if ev.exhausted {
		return false
	}
	if ev.depth >= maxEvalDepth {
		ev.note(m, r, "depth", "not evaluated: expressions, locals and outputs refer to one another more than %d levels deep (the evaluation depth budget); the value is unknown", maxEvalDepth)
		return false
	}
	ev.depth++
	ev.frames = append(ev.frames, frame{m, r})
	return true
}

func (ev *evaluator) leave() {
	ev.depth--
	ev.frames = ev.frames[:len(ev.frames)-1]
}

// here is the innermost expression being evaluated: where a function call
// reports a problem.
func (ev *evaluator) here() (frame, bool) {
	if len(ev.frames) == 0 {
		return frame{}, false
	}
	return ev.frames[len(ev.frames)-1], true
}

// note records a diagnostic at r once per kind and position, up to maxNotes
// for the module tree. Budget problems are warnings: the model is
// incomplete.
func (ev *evaluator) note(m *module, r hcl.Range, kind, format string, args ...any) {
	ev.record(m, m.rangePos(r), kind, model.DiagWarning, format, args...)
}

func (ev *evaluator) record(m *module, at model.Pos, kind string, sev string, format string, args ...any) {
	key := fmt.Sprintf("%s@%s:%d:%d", kind, at.File, at.Line, at.Column)
	if ev.noted[key] {
		return
	}
	ev.noted[key] = true
	ev.notes++
	switch {
	case ev.notes > maxNotes+1:
		return
	case ev.notes == maxNotes+1:
		m.p.Warnf(at, "more than %d evaluation problems in this module; the rest are not listed", maxNotes)
		return
	}
	switch sev {
	case model.DiagInfo:
		m.p.Infof(at, format, args...)
	case model.DiagError:
		m.p.Errorf(at, format, args...)
	default:
		m.p.Warnf(at, format, args...)
	}
}

// noteHere records a diagnostic at the innermost expression being evaluated.
func (ev *evaluator) noteHere(kind string, sev string, format string, args ...any) {
	f, ok := ev.here()
	if !ok {
		return
	}
	ev.record(f.m, f.m.rangePos(f.r), kind, sev, format, args...)
}

// admit checks a value just built at r against the budget and returns it, or
// an unknown value (with a diagnostic) when it is over a limit. forColl says
// the value is the collection of a for expression, whose elements count
// against the iteration budget.
func (ev *evaluator) admit(m *module, r hcl.Range, v cty.Value, forColl bool) cty.Value {
	if ev.exhausted {
		return cty.DynamicVal
	}
	s := sizeOf(v)
	if s.problem != "" {
		ev.note(m, r, "size", "not evaluated: %s; the value is unknown", s.problem)
		return cty.DynamicVal
	}
	if !ev.charge(m, r, s.bytes+workPerElement*(s.elems+1)) {
		return cty.DynamicVal
	}
	if forColl && v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
		if !ev.iterate(m, r, v.LengthInt(), "for expression not evaluated") {
			return cty.DynamicVal
		}
	}
	return v
}

// iterate counts n iterations at r (of a for expression, or instances of a
// counted resource or dynamic block) against the iteration budget; false,
// with a diagnostic starting with what, when it is spent.
func (ev *evaluator) iterate(m *module, r hcl.Range, n int, what string) bool {
	ev.forIters += int64(n)
	if ev.forIters > maxForIterations {
		ev.note(m, r, "for", "%s: the module's for expressions, count, for_each and dynamic blocks iterate more than %d times (the iteration budget); the value is unknown", what, maxForIterations)
		return false
	}
	return true
}

// charge counts units of work done at r against the budget; false (with a
// diagnostic, once) when the budget is spent.
func (ev *evaluator) charge(m *module, r hcl.Range, units int64) bool {
	if ev.exhausted {
		return false
	}
	ev.work += units
	if ev.work > ev.maxWork {
		ev.exhausted = true
		ev.note(m, r, "work", "evaluation stopped here: the module builds more than %s of values (the evaluation budget%s); this and every later value is unknown", formatWork(ev.maxWork), shareNote(ev.maxWork))
		return false
	}
	return true
}

// chargeHere is charge at the innermost expression being evaluated: for
// work a function does that its value does not show (reading, parsing,
// walking a directory).
func (ev *evaluator) chargeHere(units int64) bool {
	f, ok := ev.here()
	if !ok {
		ev.work += units
		return ev.work <= ev.maxWork
	}
	return ev.charge(f.m, f.r, units)
}

func formatWork(n int64) string {
	if n%(1<<20) != 0 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// shareNote explains a budget below the per-configuration maximum.
func shareNote(budget int64) string {
	if budget >= maxWork {
		return ""
	}
	return fmt.Sprintf(": this configuration's share of the %s every configuration of the run may build together", formatWork(RunWorkBudget))
}

// valueSize is what a value costs: string bytes and elements, counted
// through every level, or the limit it breaks.
type valueSize struct {
	bytes, elems int64
	problem      string
}

// sizeOf measures v, stopping as soon as a limit is broken so that measuring
// a huge value is itself bounded.
func sizeOf(v cty.Value) valueSize {
	var s valueSize
	s.add(v)
	return s
}

func (s *valueSize) add(v cty.Value) {
	if s.problem != "" {
		return
	}
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		n := int64(len(v.AsString()))
		if n > maxStringLen {
			s.problem = fmt.Sprintf("a string of %s is over the %s limit for one value", sizeText(n), sizeText(maxStringLen))
			return
		}
		s.bytes += n
	case ty == cty.Number:
		if p := numberProblem(v.AsBigFloat()); p != "" {
			s.problem = p
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		n := int64(v.LengthInt())
		s.elems += n
		if s.elems > maxElements {
			s.problem = fmt.Sprintf("more than %d elements in one value", maxElements)
			return
		}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsMapType() || ty.IsObjectType() {
				s.add(k)
			}
			s.add(e)
			if s.problem != "" {
				return
			}
		}
	}
}

// numberProblem says why a number is too large or too precise to print, or "".
func numberProblem(f *big.Float) string {
	if f.IsInf() || f.Sign() == 0 {
		return ""
	}
	if e := f.MantExp(nil); e > maxNumberExp || e < -maxNumberExp {
		return fmt.Sprintf("a number with a binary exponent of %d is outside the range fcplan evaluates (±%d)", e, maxNumberExp)
	}
	return ""
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// guarded wraps a sub-expression so that its evaluation is counted against
// the budget. The wrapped expression sits inside a ParenthesesExpr so that
// HCL's walks (Variables) still see it.
type guarded struct {
	hclsyntax.Expression
	inner   hclsyntax.Expression
	m       *module
	forColl bool
}

// Value evaluates the wrapped expression within the budget.
func (g *guarded) Value(ctx *hcl.EvalContext) (v cty.Value, diags hcl.Diagnostics) {
	ev := g.m.ev
	r := g.inner.Range()
	if g.forColl && ev.forIters > maxForIterations {
		// Spent: do not build the collection only to refuse it.
		ev.iterate(g.m, r, 0, "for expression not evaluated")
		return cty.DynamicVal, nil
	}
	if !ev.enter(g.m, r) {
		return cty.DynamicVal, nil
	}
	defer ev.leave()
	v, diags = g.inner.Value(ctx)
	if diags.HasErrors() {
		// An error costs its evaluation too: a loop of failing calls ends.
		ev.charge(g.m, r, workPerElement)
		return v, diags
	}
	return ev.admit(g.m, r, v, g.forColl), diags
}

// UnwrapExpression lets hcl.ExprAsKeyword, hcl.ExprCall and friends see the
// wrapped expression.
func (g *guarded) UnwrapExpression() hcl.Expression { return g.inner }

// unwrap returns the expression a guard wraps, or e.
func unwrap(e hcl.Expression) hcl.Expression {
	for {
		g, ok := e.(*guarded)
		if !ok {
			return e
		}
		e = g.inner
	}
}

func (m *module) guard(e hclsyntax.Expression, forColl bool) hclsyntax.Expression {
	return &guarded{
		Expression: &hclsyntax.ParenthesesExpr{Expression: e, SrcRange: e.Range()},
		inner:      e,
		m:          m,
		forColl:    forColl,
	}
}

// instrumentBody guards the expressions of every attribute of body and its
// nested blocks. The type constraints of variables are left alone: they are
// read as syntax, not evaluated.
func (m *module) instrumentBody(body *hclsyntax.Body, blockType string) {
	for name, a := range body.Attributes {
		if blockType == "variable" && name == "type" {
			continue
		}
		a.Expr = m.instrumentTop(a.Expr)
	}
	for _, b := range body.Blocks {
		m.instrumentBody(b.Body, b.Type)
	}
}

// instrumentTop instruments an attribute's expression. The expression itself
// is not wrapped (module.eval budgets it, and buildNode looks at its syntax);
// its sub-expressions are. An expression nested deeper than maxExprDepth is
// replaced by an unknown value with a diagnostic.
func (m *module) instrumentTop(e hclsyntax.Expression) hclsyntax.Expression {
	return m.instrument(e, 0, false)
}

// instrument rewrites the children of e in place to guarded expressions and
// returns e (wrapped when wrap is set).
func (m *module) instrument(e hclsyntax.Expression, depth int, wrap bool) hclsyntax.Expression {
	if e == nil {
		return nil
	}
	if depth > maxExprDepth {
		m.ev.note(m, e.Range(), "exprdepth", "not evaluated: the expression is nested more than %d levels deep (the expression depth budget); the value is unknown", maxExprDepth)
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: e.Range()}
	}
	d := depth + 1
	sub := func(x hclsyntax.Expression) hclsyntax.Expression { return m.instrument(x, d, true) }
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		if x.Val.IsKnown() && !x.Val.IsNull() && x.Val.Type() == cty.Number {
			if p := numberProblem(x.Val.AsBigFloat()); p != "" {
				m.ev.note(m, x.SrcRange, "size", "not evaluated: %s; the value is unknown", p)
				return &hclsyntax.LiteralValueExpr{Val: cty.UnknownVal(cty.Number), SrcRange: x.SrcRange}
			}
		}
		return e
	case *hclsyntax.ScopeTraversalExpr:
		// A reference costs what it refers to each time it is evaluated:
		// comparing or indexing a large local in a loop is work too.
		if wrap {
			return m.guard(e, false)
		}
		return e
	case *hclsyntax.AnonSymbolExpr:
		return e
	case *hclsyntax.ObjectConsKeyExpr:
		if _, isTrav := x.Wrapped.(*hclsyntax.ScopeTraversalExpr); !isTrav {
			x.Wrapped = sub(x.Wrapped)
		}
		return e
	case *hclsyntax.ParenthesesExpr:
		x.Expression = sub(x.Expression)
	case *hclsyntax.RelativeTraversalExpr:
		x.Source = sub(x.Source)
	case *hclsyntax.FunctionCallExpr:
		for i := range x.Args {
			x.Args[i] = sub(x.Args[i])
		}
	case *hclsyntax.ConditionalExpr:
		x.Condition, x.TrueResult, x.FalseResult = sub(x.Condition), sub(x.TrueResult), sub(x.FalseResult)
	case *hclsyntax.IndexExpr:
		x.Collection, x.Key = sub(x.Collection), sub(x.Key)
	case *hclsyntax.TupleConsExpr:
		for i := range x.Exprs {
			x.Exprs[i] = sub(x.Exprs[i])
		}
	case *hclsyntax.ObjectConsExpr:
		for i := range x.Items {
			x.Items[i].KeyExpr = m.instrument(x.Items[i].KeyExpr, d, false)
			x.Items[i].ValueExpr = sub(x.Items[i].ValueExpr)
		}
	case *hclsyntax.ForExpr:
		coll := m.instrument(x.CollExpr, d, false)
		x.CollExpr = m.guard(coll, true)
		x.KeyExpr, x.ValExpr, x.CondExpr = sub(x.KeyExpr), sub(x.ValExpr), sub(x.CondExpr)
	case *hclsyntax.SplatExpr:
		// Each is a traversal of the splat's anonymous symbol: nothing to
		// budget there, and splatNode reads its syntax.
		x.Source = sub(x.Source)
	case *hclsyntax.BinaryOpExpr:
		x.LHS, x.RHS = sub(x.LHS), sub(x.RHS)
	case *hclsyntax.UnaryOpExpr:
		x.Val = sub(x.Val)
	case *hclsyntax.TemplateExpr:
		for i := range x.Parts {
			x.Parts[i] = sub(x.Parts[i])
		}
	case *hclsyntax.TemplateJoinExpr:
		x.Tuple = sub(x.Tuple)
	case *hclsyntax.TemplateWrapExpr:
		x.Wrapped = sub(x.Wrapped)
	default:
		return e
	}
	if wrap {
		return m.guard(e, false)
	}
	return e
}

// Limits on the shape of source text, checked before HCL parses it: the
// parser recurses once per bracket, unary operator and conditional, and a
// file of a million "[" overflows the stack, which no recover() catches.
const (
	maxSourceNesting = 256
	maxUnaryRun      = 5000
	maxConditionals  = 50000
)

// bytesPerToken is what HCL's parser holds per token while it parses
// (measured: 2.6 MB of "aN = local.aM" lines, 1.2 M tokens, 450 MB).
const bytesPerToken = 375

// maxTokens bounds the tokens of one file: the Config cap divided by 16, one
// million by default, about 375 MB while parsing. Real .tf files have about
// six bytes per token; --max-input config=SIZE raises both.
func maxTokens() int64 { return safefile.Limit(safefile.Config) / 16 }

// nestingProblem scans HCL source for what the parser could not survive and
// returns where and why, or "". It counts brackets anywhere (also inside
// strings and comments, which only makes it stricter on text with hundreds of
// unbalanced brackets), runs of "!" and "-", "?", and tokens (roughly: words
// and punctuation).
func nestingProblem(src []byte) (hcl.Pos, string) {
	depth, run, questions := 0, 0, 0
	tokens, limit := int64(0), maxTokens()
	inWord := false
	line, col := 1, 0
	at := func() hcl.Pos { return hcl.Pos{Line: line, Column: col} }
	for _, c := range src {
		col++
		word := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
		switch {
		case word && !inWord, !word && c != ' ' && c != '\t' && c != '\r':
			tokens++
			if tokens > limit {
				return at(), fmt.Sprintf("more than %d tokens in one file; parsing needs about %d bytes per token (raise the limit, one token per 16 bytes, with --max-input config=SIZE)", limit, bytesPerToken)
			}
		}
		inWord = word
		switch c {
		case '(', '[', '{':
			depth++
			run = 0
			if depth > maxSourceNesting {
				return at(), fmt.Sprintf("brackets nested more than %d deep", maxSourceNesting)
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
			run = 0
		case '!', '-':
			run++
			if run > maxUnaryRun {
				return at(), fmt.Sprintf("more than %d \"!\" or \"-\" in a row", maxUnaryRun)
			}
		case '?':
			questions++
			run = 0
			if questions > maxConditionals {
				return at(), fmt.Sprintf("more than %d \"?\" in one file", maxConditionals)
			}
		case '\n':
			line, col = line+1, 0
		case ' ', '\t', '\r':
		default:
			run = 0
		}
	}
	return hcl.Pos{}, ""
}

// numberText prints a number. One outside the range fcplan evaluates is
// printed approximately from its binary exponent: big.Float's own
// formatting expands every digit of 1e600000000 first, which takes minutes.
func numberText(f *big.Float) string {
	if numberProblem(f) == "" {
		return f.String()
	}
	mant := new(big.Float)
	exp := f.MantExp(mant)
	m, _ := mant.Float64() // in [0.5, 1)
	l := math.Log10(math.Abs(m)) + float64(exp)*math.Log10(2)
	d := math.Floor(l)
	return fmt.Sprintf("about %.6ge%+d", math.Copysign(math.Pow(10, l-d), m), int64(d))
}
