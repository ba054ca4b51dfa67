package handlerwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/entry"
)

//go:embed doc.go
var doc string

// Analyzer reports billed idle time in request context (GO003).
var Analyzer = &analysis.Analyzer{
	Name:             "handlerwait",
	Doc:              entry.AnalyzerDoc(doc, "handlerwait"),
	URL:              "https://github.com/fcplan/fcplan/blob/main/rules/docs/GO003.md",
	Requires:         []*analysis.Analyzer{entry.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
	FactTypes:        []analysis.Fact{new(sleeps)},
}

// sleeps is the fact that calling a function sleeps (time.Sleep), directly
// or through its callees.
type sleeps struct {
	At string // base name of the file of the time.Sleep call
}

func (*sleeps) AFact() {}

func (f *sleeps) String() string { return "sleeps" }

var noTimeoutCalls = map[string]bool{
	"net/http.Get": true, "net/http.Post": true, "net/http.Head": true, "net/http.PostForm": true,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[entry.Analyzer].(*entry.Result)
	entry.SkipGenerated(pass, res)
	info := pass.TypesInfo

	if pass.Pkg.Name() != "main" && entry.UserCode(pass) {
		wit := res.Propagate(func(n *entry.Node) *entry.Witness {
			var w *entry.Witness
			n.Inspect(func(x ast.Node) bool {
				if call, ok := x.(*ast.CallExpr); ok && w == nil {
					if entry.CalleeName(info, call) == "time.Sleep" {
						w = &entry.Witness{Desc: "time.Sleep", Pos: call.Pos()}
					} else if fn, _ := entry.Callee(info, call); fn != nil && fn.Pkg() != pass.Pkg {
						var f sleeps
						if pass.ImportObjectFact(fn, &f) {
							w = &entry.Witness{Desc: f.At, Pos: call.Pos()}
						}
					}
				}
				return w == nil
			})
			return w
		})
		for _, n := range res.Nodes {
			if w := wit[n]; w != nil && n.Func != nil && n.Func.Exported() {
				at := w.Desc
				if at == "time.Sleep" {
					p := pass.Fset.Position(w.Pos)
					at = baseName(p.Filename) // no line: see connhandler.shortPos
				}
				pass.ExportObjectFact(n.Func, &sleeps{At: at})
			}
		}
	}

	for _, h := range res.ExternalHandlers {
		var f sleeps
		if pass.ImportObjectFact(h.Func, &f) {
			pass.Report(analysis.Diagnostic{Pos: h.Pos, Category: "GO003",
				Message: fmt.Sprintf("GO003: handler %s (%s) sleeps (time.Sleep in %s): the instance is billed while it sleeps",
					entry.DisplayName(h.Func, ""), h.Desc, f.At)})
		}
	}
	for _, n := range res.Nodes {
		root := res.Request(n)
		if root == nil {
			continue
		}
		checkNode(pass, n, root)
	}
	return nil, nil
}

func baseName(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' || path[i] == '\\' {
			return path[i+1:]
		}
	}
	return path
}

func checkNode(pass *analysis.Pass, n *entry.Node, root *entry.Root) {
	info := pass.TypesInfo
	report := func(node ast.Node, format string, args ...any) {
		pass.Report(analysis.Diagnostic{Pos: node.Pos(), End: node.End(), Category: "GO003",
			Message: "GO003: " + fmt.Sprintf(format, args...)})
	}
	loops := 0
	var stack []ast.Node
	callArgs := make(map[ast.Expr]bool)
	handledSel := make(map[*ast.SelectorExpr]bool)
	n.Inspect(func(x ast.Node) bool {
		if x == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				loops--
			}
			return true
		}
		stack = append(stack, x)
		switch x := x.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops++
		case *ast.CallExpr:
			for _, a := range x.Args {
				callArgs[ast.Unparen(a)] = true
			}
			fn, fallback := entry.Callee(info, x)
			full := fallback
			if fn != nil {
				full = fn.FullName()
			}
			switch {
			case full == "time.Sleep" && loops > 0:
				report(x, "polling loop sleeps in request context (%s): every iteration is billed idle time and can run into the function timeout; "+
					"use an event (async invocation, MNS/EventBridge trigger) or a bounded wait derived from ctx instead", root.Desc)
			case full == "time.Sleep":
				report(x, "time.Sleep in request context (%s): the instance is billed while it sleeps; remove the wait or move it out of the request path", root.Desc)
			case noTimeoutCalls[full]:
				if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
					handledSel[sel] = true
				}
				report(x, "%s uses http.DefaultClient, which has no timeout, in request context (%s): a slow server keeps the instance billed until the function times out; "+
					"use an http.Client with Timeout or a request built with the handler's ctx", entry.DisplayName(fn, full), root.Desc)
			case (full == "context.Background" || full == "context.TODO") && callArgs[x]:
				detached(pass, n, x, full, root)
			case fn != nil && fn.Pkg() != nil && fn.Pkg() != pass.Pkg:
				var f sleeps
				if pass.ImportObjectFact(fn, &f) {
					report(x, "%s sleeps (time.Sleep in %s) in request context (%s): the instance is billed while it sleeps",
						entry.DisplayName(fn, full), f.At, root.Desc)
				}
			}
		case *ast.SelectorExpr:
			if v, ok := info.Uses[x.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Name() == "DefaultClient" && !handledSel[x] {
				report(x, "http.DefaultClient has no timeout, in request context (%s): a slow server keeps the instance billed until the function times out; "+
					"use an http.Client with Timeout", root.Desc)
			}
		case *ast.CompositeLit:
			if isHTTPClient(info, x) && !hasField(x, "Timeout") {
				report(x, "http.Client without Timeout in request context (%s): a slow server keeps the instance billed until the function times out; set Timeout below the function timeout", root.Desc)
			}
		}
		return true
	})
}

func isHTTPClient(info *types.Info, lit *ast.CompositeLit) bool {
	named, ok := types.Unalias(info.TypeOf(lit)).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "net/http" && named.Obj().Name() == "Client"
}

func hasField(lit *ast.CompositeLit, name string) bool {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return true
			}
		}
	}
	return false
}

// detached reports context.Background()/TODO() passed downstream while the
// handler's context is in scope, with a fix that uses it.
func detached(pass *analysis.Pass, n *entry.Node, call *ast.CallExpr, full string, root *entry.Root) {
	info := pass.TypesInfo
	repl := entry.ContextParam(info, n)
	if repl == "" {
		if r := entry.RequestParam(info, n); r != "" {
			repl = r + ".Context()"
		}
	}
	if repl == "" {
		return
	}
	name := "context.Background()"
	if full == "context.TODO" {
		name = "context.TODO()"
	}
	pass.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: "GO003",
		Message: fmt.Sprintf("GO003: %s passed downstream in request context (%s) while %s is in scope: the call ignores the function's deadline "+
			"and cancellation and can keep the instance billed after the invocation times out; pass %s", name, root.Desc, repl, repl),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   "Use " + repl,
			TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.End(), NewText: []byte(repl)}},
		}},
	})
}
