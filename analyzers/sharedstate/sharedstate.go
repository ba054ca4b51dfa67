package sharedstate

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/entry"
)

//go:embed doc.go
var doc string

// Analyzer reports unsynchronized writes to package state in request
// context (GO004).
var Analyzer = &analysis.Analyzer{
	Name:             "sharedstate",
	Doc:              entry.AnalyzerDoc(doc, "sharedstate"),
	URL:              "https://github.com/fcplan/fcplan/blob/main/rules/docs/GO004.md",
	Requires:         []*analysis.Analyzer{entry.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
	FactTypes:        []analysis.Fact{new(writesState)},
}

// writesState is the fact that calling a function writes package-level
// state without holding a lock.
type writesState struct {
	Var string // e.g. "cache.entries"
}

func (*writesState) AFact() {}

func (f *writesState) String() string { return "writesState(" + f.Var + ")" }

// write is one unsynchronized write in a node's own code.
type write struct {
	node ast.Node
	v    string // variable written
	via  string // imported function, when reached through a fact
}

var lockMethods = map[string]bool{
	"(*sync.Mutex).Lock": true, "(*sync.RWMutex).Lock": true,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[entry.Analyzer].(*entry.Result)
	entry.SkipGenerated(pass, res)
	locks := make(map[*entry.Node][]token.Pos)
	for _, n := range res.Nodes {
		n.Inspect(func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok && lockMethods[entry.CalleeName(pass.TypesInfo, call)] {
				locks[n] = append(locks[n], call.Pos())
			}
			return true
		})
	}
	// callSites lists the call edges into each node, to tell whether every
	// caller holds a lock when it calls.
	callSites := make(map[*entry.Node][]struct {
		from *entry.Node
		pos  token.Pos
	})
	for _, n := range res.Nodes {
		for _, e := range n.Edges {
			if e.Kind == entry.Call || e.Kind == entry.Ref || e.Kind == entry.Register {
				callSites[e.To] = append(callSites[e.To], struct {
					from *entry.Node
					pos  token.Pos
				}{n, e.Pos})
			}
		}
	}
	lockedBefore := func(n *entry.Node, pos token.Pos) bool {
		for _, l := range locks[n] {
			if l < pos {
				return true
			}
		}
		return false
	}
	guardedByCallers := func(n *entry.Node) bool {
		sites := callSites[n]
		if len(sites) == 0 {
			return false
		}
		for _, s := range sites {
			if !lockedBefore(s.from, s.pos) {
				return false
			}
		}
		return true
	}
	writes := make(map[*entry.Node][]write)
	for _, n := range res.Nodes {
		if guardedByCallers(n) {
			continue
		}
		for _, w := range findWrites(pass, n) {
			if !lockedBefore(n, w.node.Pos()) {
				writes[n] = append(writes[n], w)
			}
		}
	}

	if pass.Pkg.Name() != "main" && entry.UserCode(pass) {
		wit := res.Propagate(func(n *entry.Node) *entry.Witness {
			if len(writes[n]) > 0 {
				return &entry.Witness{Desc: writes[n][0].v, Pos: writes[n][0].node.Pos()}
			}
			return nil
		})
		for _, n := range res.Nodes {
			if w := wit[n]; w != nil && n.Func != nil && n.Func.Exported() && !guardedByCallers(n) {
				pass.ExportObjectFact(n.Func, &writesState{Var: w.Desc})
			}
		}
	}

	for _, h := range res.ExternalHandlers {
		var f writesState
		if pass.ImportObjectFact(h.Func, &f) {
			pass.Report(analysis.Diagnostic{Pos: h.Pos, Category: "GO004",
				Message: fmt.Sprintf("GO004: handler %s (%s) writes package-level variable %s without synchronization: each invocation runs in its own goroutine, "+
					"so with instance concurrency > 1 this is a data race; guard it with a sync.Mutex, use sync/atomic, sync.Map or sync.Once, or keep the state per request",
					entry.DisplayName(h.Func, ""), h.Desc, f.Var)})
		}
	}
	for _, n := range res.Nodes {
		root := res.Request(n)
		if root == nil {
			continue
		}
		for _, w := range writes[n] {
			what := "writes package-level variable " + w.v
			if w.via != "" {
				what = "calls " + w.via + ", which writes package-level variable " + w.v + ","
			}
			pass.Report(analysis.Diagnostic{
				Pos: w.node.Pos(), End: w.node.End(), Category: "GO004",
				Message: fmt.Sprintf("GO004: %s %s in request context (%s) without synchronization: each invocation runs in its own goroutine, "+
					"so with instance concurrency > 1 this is a data race; guard it with a sync.Mutex, use sync/atomic, sync.Map or sync.Once, or keep the state per request",
					n.Name, what, root.Desc),
			})
		}
	}
	return nil, nil
}

// findWrites returns the writes to package-level variables in n's own code.
func findWrites(pass *analysis.Pass, n *entry.Node) []write {
	info := pass.TypesInfo
	var out []write
	target := func(e ast.Expr) {
		if v := packageVar(info, e); v != nil {
			out = append(out, write{node: e, v: v.Pkg().Name() + "." + v.Name()})
		}
	}
	n.Inspect(func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				return true
			}
			for _, l := range x.Lhs {
				target(l)
			}
		case *ast.IncDecStmt:
			target(x.X)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && len(x.Args) > 0 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") {
					target(x.Args[0])
				}
			}
			fn, _ := entry.Callee(info, x)
			if fn != nil && fn.Pkg() != nil && fn.Pkg() != pass.Pkg {
				var f writesState
				if pass.ImportObjectFact(fn, &f) {
					out = append(out, write{node: x, v: f.Var, via: entry.DisplayName(fn, "")})
				}
			}
		}
		return true
	})
	return out
}

// packageVar returns the package-level variable at the root of an
// assignment target such as v, v[k], v.f, v.f[k], *v, or pkg.V.
func packageVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
				return nil
			}
			return v
		case *ast.IndexExpr:
			// Writing an element of an array value held in a local copy is
			// private; a map or slice element is shared.
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if _, isPkg := info.Uses[id].(*types.PkgName); isPkg {
					e = x.Sel
					continue
				}
			}
			if sel, ok := info.Selections[x]; ok && sel.Kind() == types.FieldVal {
				e = x.X
				continue
			}
			return nil
		default:
			return nil
		}
	}
}
