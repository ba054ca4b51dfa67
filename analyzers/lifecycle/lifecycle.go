package lifecycle

import (
	_ "embed"
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/entry"
)

//go:embed doc.go
var doc string

// Analyzer reports late lifecycle hook registration and deprecated
// fc.StartHttp (GO005).
var Analyzer = &analysis.Analyzer{
	Name:             "lifecycle",
	Doc:              entry.AnalyzerDoc(doc, "lifecycle"),
	URL:              "https://github.com/fcplan/fcplan/blob/main/rules/docs/GO005.md",
	Requires:         []*analysis.Analyzer{entry.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
}

var hooks = map[string]string{
	entry.FCPath + ".RegisterInitializerFunction": "initializer",
	entry.FCPath + ".RegisterPreStopFunction":     "pre-stop hook",
	entry.FCPath + ".RegisterPreFreezeFunction":   "pre-freeze hook",
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[entry.Analyzer].(*entry.Result)
	entry.SkipGenerated(pass, res)
	info := pass.TypesInfo

	// The first blocking start call (not one run with 'go') of each
	// function. Positions are compared only within one function: a
	// directory may hold several programs (files with their own main,
	// separated by build tags), and positions in different files say
	// nothing about the order in which they run.
	starts := make(map[*entry.Node]*entry.Site)
	for i, s := range res.BlockingStarts {
		n := res.Enclosing(s.Call)
		if n == nil || underGo(res, s.Call) {
			continue
		}
		if cur := starts[n]; cur == nil || s.Call.Pos() < cur.Call.Pos() {
			starts[n] = &res.BlockingStarts[i]
		}
	}

	for _, n := range res.Nodes {
		inMain := n.Decl != nil && n.Decl.Recv == nil && n.Decl.Name.Name == "main" && pass.Pkg.Name() == "main"
		start := starts[n]
		root := res.Request(n)
		n.Inspect(func(x ast.Node) bool {
			call, ok := x.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, fallback := entry.Callee(info, call)
			full := fallback
			if fn != nil {
				full = fn.FullName()
			}
			name := entry.DisplayName(fn, full)
			if full == entry.FCPath+".StartHttp" {
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "GO005/deprecated",
					Message: "GO005: fc.StartHttp is deprecated (March 2025) and only supported on FC 2.0; " +
						"the SDK's deprecation note says: use StartHandler instead",
				})
			}
			hook, ok := hooks[full]
			if !ok {
				return true
			}
			switch {
			case inMain && start != nil && call.Pos() > start.Call.Pos():
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "GO005",
					Message: fmt.Sprintf("GO005: %s is called after %s, which blocks forever: the %s is never registered and never runs; "+
						"call %s before %s", name, entry.DisplayName(nil, start.Name), hook, name, entry.DisplayName(nil, start.Name)),
					Related: []analysis.RelatedInformation{{Pos: start.Call.Pos(), Message: "the blocking start call"}},
				})
			case root != nil:
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "GO005",
					Message: fmt.Sprintf("GO005: %s is called in request context (%s), after the runtime has started: the %s never runs; "+
						"register it in main before the start call", name, root.Desc, hook),
				})
			}
			return true
		})
	}
	return nil, nil
}

// underGo reports whether call is the call of a go statement in main.
func underGo(res *entry.Result, call *ast.CallExpr) bool {
	n := res.Enclosing(call)
	if n == nil {
		return false
	}
	found := false
	n.Inspect(func(x ast.Node) bool {
		if g, ok := x.(*ast.GoStmt); ok && g.Call == call {
			found = true
		}
		return !found
	})
	return found
}
