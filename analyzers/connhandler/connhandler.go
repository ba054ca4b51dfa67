package connhandler

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/entry"
)

//go:embed doc.go
var doc string

// Analyzer reports long-lived clients constructed in request context (GO001).
var Analyzer = &analysis.Analyzer{
	Name:             "connhandler",
	Doc:              entry.AnalyzerDoc(doc, "connhandler"),
	URL:              "https://github.com/fcplan/fcplan/blob/main/rules/docs/GO001.md",
	Requires:         []*analysis.Analyzer{entry.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
	FactTypes:        []analysis.Fact{new(createsClient)},
}

func init() {
	Analyzer.Flags.Var(extraConstructors, "constructors",
		"comma-separated `list` of extra client constructors, each a callee full name optionally followed by =what it builds "+
			"(example.com/db.Dial=an internal database client,(example.com/db.Pool).Open)")
}

// createsClient is the fact that a function constructs a long-lived client
// (directly or through its callees) every time it is called.
type createsClient struct {
	What string // e.g. "a database/sql connection pool"
	Ctor string // e.g. "sql.Open"
	At   string // base name of the file of the constructor call
}

func (*createsClient) AFact() {}

func (f *createsClient) String() string { return "createsClient(" + f.Ctor + ")" }

// site is one client construction in a node's own code.
type site struct {
	node ast.Node
	what string
	ctor string
	// origin and at name the constructor call a fact points to ("sql.Open",
	// "store.go:8"), set when the site calls a function with a fact.
	origin string
	at     string
	sts    bool
	// guard is set when the construction sits in the body of an
	// `if v == nil { v = ... }` that assigns v: it runs once per instance
	// (lazy initialization), not once per request.
	guard string
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[entry.Analyzer].(*entry.Result)
	entry.SkipGenerated(pass, res)
	sites := make(map[*entry.Node][]site)
	lazy := lazyCallees(pass.TypesInfo, res)
	for _, n := range res.Nodes {
		sites[n] = findSites(pass, n)
		if g := lazy[n]; g != "" {
			// Every call of this helper sits behind a nil check
			// (if db == nil { db, err = initDB() }): its clients are
			// built once per instance too.
			for i := range sites[n] {
				if sites[n][i].guard == "" {
					sites[n][i].guard = g
				}
			}
		}
	}

	// Export facts for exported functions so callers in other packages
	// learn that calling them builds a client.
	if pass.Pkg.Name() != "main" {
		wit := res.Propagate(func(n *entry.Node) *entry.Witness {
			for _, s := range sites[n] {
				if !s.sts && s.guard == "" {
					ctor := s.ctor
					if s.origin != "" {
						ctor = s.origin
					}
					return &entry.Witness{Desc: ctor + "\x00" + s.what + "\x00" + s.at, Pos: s.node.Pos()}
				}
			}
			return nil
		})
		for _, n := range res.Nodes {
			w := wit[n]
			if w == nil || n.Func == nil || !n.Func.Exported() {
				continue
			}
			parts := strings.SplitN(w.Desc, "\x00", 3)
			at := parts[2]
			if at == "" {
				at = shortPos(pass.Fset, w.Pos)
			}
			pass.ExportObjectFact(n.Func, &createsClient{What: parts[1], Ctor: parts[0], At: at})
		}
	}

	home := res.InitHome()
	for _, h := range res.ExternalHandlers {
		var f createsClient
		if pass.ImportObjectFact(h.Func, &f) {
			report(pass, &entry.Root{Kind: h.Kind, Pos: h.Pos, Desc: h.Desc}, home,
				site{node: posNode(h.Pos), what: f.What, ctor: entry.DisplayName(h.Func, ""), origin: f.Ctor, at: f.At})
		}
	}
	for _, n := range res.Nodes {
		root := res.Request(n)
		if root == nil {
			continue
		}
		for _, s := range sites[n] {
			report(pass, root, home, s)
		}
	}
	return nil, nil
}

// posNode is an ast.Node for a bare position (reports need Pos and End).
type posNode token.Pos

func (p posNode) Pos() token.Pos { return token.Pos(p) }
func (p posNode) End() token.Pos { return token.Pos(p) }

// shortPos names the file of pos without its line: the name ends up in
// messages of other packages' findings, and a line number there would change
// the finding's fingerprint (and break baselines) whenever that file is
// edited.
func shortPos(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return filepath.Base(p.Filename)
}

func findSites(pass *analysis.Pass, n *entry.Node) []site {
	info := pass.TypesInfo
	var out []site
	var locals map[types.Object][]ast.Expr
	guards := lazyGuards(info, n)
	closers := deferredCloses(info, n)
	n.Inspect(func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.CallExpr:
			fn, fallback := entry.Callee(info, x)
			full := fallback
			if fn != nil {
				full = fn.FullName()
			}
			if what := constructorOf(full); what != "" {
				if locals == nil {
					locals = entry.LocalValues(info, n)
				}
				out = append(out, site{node: x, what: what, ctor: entry.DisplayName(fn, full), sts: fromSTS(info, locals, x),
					guard: guardOf(guards, x)})
				return true
			}
			if recv := openedPerCall(info, fn, x, closers); recv != "" {
				out = append(out, site{node: x, what: "a connection of " + recv + " (opened here, closed by a deferred Close when the request ends)",
					ctor: entry.DisplayName(fn, full), guard: guardOf(guards, x)})
				return true
			}
			if fn != nil && fn.Pkg() != nil && fn.Pkg() != pass.Pkg {
				var f createsClient
				if pass.ImportObjectFact(fn, &f) {
					out = append(out, site{node: x, what: f.What, ctor: entry.DisplayName(fn, ""), origin: f.Ctor, at: f.At})
				}
			}
		case *ast.CompositeLit:
			if isTransport(info, x) {
				out = append(out, site{node: x, what: "an http.Transport with its own connection pool", ctor: "http.Transport{}"})
			}
		}
		return true
	})
	return out
}

func isTransport(info *types.Info, lit *ast.CompositeLit) bool {
	t := info.TypeOf(lit)
	if t == nil {
		return false
	}
	named, ok := t.(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "net/http" && named.Obj().Name() == "Transport"
}

// fromSTS reports whether a constructor call is built from the invocation's
// temporary STS credentials (fccontext.FromContext(ctx).Credentials).
func fromSTS(info *types.Info, locals map[types.Object][]ast.Expr, call *ast.CallExpr) bool {
	match := func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.SelectorExpr:
			if v, ok := info.Uses[x.Sel].(*types.Var); ok && v.IsField() && v.Pkg() != nil {
				return v.Pkg().Path() == entry.FCContextPath
			}
			return info.Uses[x.Sel] == nil && x.Sel.Name == "Credentials"
		case *ast.CallExpr:
			return entry.CalleeName(info, x) == entry.FCContextPath+".FromContext"
		}
		return false
	}
	for _, arg := range call.Args {
		if entry.Mentions(info, locals, arg, 4, match) {
			return true
		}
	}
	return false
}

func report(pass *analysis.Pass, root *entry.Root, home *entry.Root, s site) {
	what := s.what
	if s.origin != "" {
		what += " (" + s.origin + " in " + s.at + ")"
	}
	if s.sts {
		pass.Report(analysis.Diagnostic{
			Pos:      s.node.Pos(),
			End:      s.node.End(),
			Category: "GO001/sts",
			Message: fmt.Sprintf("GO001: %s builds %s from the invocation's temporary STS credentials on every request (%s): "+
				"cache the client per instance and rebuild it only when the credentials change, instead of per request",
				s.ctor, what, root.Desc),
		})
		return
	}
	if s.guard != "" {
		pass.Report(analysis.Diagnostic{
			Pos:      s.node.Pos(),
			End:      s.node.End(),
			Category: "GO001/lazy",
			Message: fmt.Sprintf("GO001: %s creates %s lazily in request context (%s), guarded by %s: "+
				"it runs once per instance, not once per request, but the first request pays for the connection, "+
				"and with instance concurrency > 1 the unsynchronized check races (GO004); "+
				"create it in init() or under sync.Once instead",
				s.ctor, what, root.Desc, s.guard),
		})
		return
	}
	where := "init() or a function registered with fc.RegisterInitializerFunction"
	var related []analysis.RelatedInformation
	if home != nil {
		where = home.Desc
		related = append(related, analysis.RelatedInformation{
			Pos:     home.Pos,
			Message: "create the client here once per instance (" + home.Desc + ") and reuse it in the handler",
		})
	}
	pass.Report(analysis.Diagnostic{
		Pos:      s.node.Pos(),
		End:      s.node.End(),
		Category: "GO001",
		Message: fmt.Sprintf("GO001: %s creates %s in request context (%s): a burst of N concurrent requests opens N connections "+
			"(2,000 instances opened 2,000 database connections); create it once in %s and reuse it",
			s.ctor, what, root.Desc, where),
		Related: related,
	})
}

// guard is the body of an `if v == nil { ... v = ... }` statement.
type guard struct {
	body *ast.BlockStmt
	text string // "db == nil"
}

// lazyGuards returns the lazy-initialization guards of n's own code: if
// statements whose condition is `v == nil` (v a package-level variable or a
// field, which outlive the request) and whose body assigns v.
func lazyGuards(info *types.Info, n *entry.Node) []guard {
	var out []guard
	n.Inspect(func(x ast.Node) bool {
		ifs, ok := x.(*ast.IfStmt)
		if !ok {
			return true
		}
		obj, text := nilCheck(info, ifs.Cond)
		if obj == nil {
			return true
		}
		assigns := false
		ast.Inspect(ifs.Body, func(y ast.Node) bool {
			if as, ok := y.(*ast.AssignStmt); ok {
				for _, l := range as.Lhs {
					if longLived(info, l) == obj {
						assigns = true
					}
				}
			}
			return !assigns
		})
		if assigns {
			out = append(out, guard{body: ifs.Body, text: text})
		}
		return true
	})
	return out
}

// lazyCallees returns the functions of the package whose every caller calls
// them inside a lazy-initialization guard, with the guard's text.
func lazyCallees(info *types.Info, res *entry.Result) map[*entry.Node]string {
	guards := make(map[*entry.Node][]guard)
	for _, n := range res.Nodes {
		if g := lazyGuards(info, n); len(g) > 0 {
			guards[n] = g
		}
	}
	if len(guards) == 0 {
		return nil
	}
	text := make(map[*entry.Node]string)
	unguarded := make(map[*entry.Node]bool)
	for _, p := range res.Nodes {
		for _, e := range p.Edges {
			if e.Kind != entry.Call && e.Kind != entry.Ref && e.Kind != entry.Closure {
				continue
			}
			g := guardOf(guards[p], posNode(e.Pos))
			if g == "" {
				unguarded[e.To] = true
			} else if text[e.To] == "" {
				text[e.To] = g
			}
		}
	}
	for n := range text {
		if unguarded[n] {
			delete(text, n)
		}
	}
	return text
}

// nilCheck returns the long-lived variable v of a `v == nil` condition,
// also as one operand of || (db == nil || db.Ping() != nil).
func nilCheck(info *types.Info, cond ast.Expr) (types.Object, string) {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if ok && be.Op == token.LOR {
		if obj, text := nilCheck(info, be.X); obj != nil {
			return obj, text
		}
		return nilCheck(info, be.Y)
	}
	if !ok || be.Op != token.EQL {
		return nil, ""
	}
	x, y := ast.Unparen(be.X), ast.Unparen(be.Y)
	if isNil(info, x) {
		x, y = y, x
	}
	if !isNil(info, y) {
		return nil, ""
	}
	if obj := longLived(info, x); obj != nil {
		return obj, types.ExprString(x) + " == nil"
	}
	return nil, ""
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok || id.Name != "nil" {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil || info.Uses[id] == nil
}

// longLived returns the variable e denotes when it outlives a request: a
// package-level variable or a struct field.
func longLived(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && v.IsField() {
			return v
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return v // pkg.Var
		}
	}
	return nil
}

func guardOf(guards []guard, x ast.Node) string {
	for _, g := range guards {
		if g.body.Pos() <= x.Pos() && x.End() <= g.body.End() {
			return g.text
		}
	}
	return ""
}

// deferredCloses returns the objects v of n's own `defer v.Close()`
// statements, where Close is a method.
func deferredCloses(info *types.Info, n *entry.Node) map[types.Object]bool {
	var out map[types.Object]bool
	n.Inspect(func(x ast.Node) bool {
		d, ok := x.(*ast.DeferStmt)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Name() != "Close" || fn.Type().(*types.Signature).Recv() == nil {
			return true
		}
		if obj := receiverObj(info, sel.X); obj != nil {
			if out == nil {
				out = make(map[types.Object]bool)
			}
			out[obj] = true
		}
		return true
	})
	return out
}

// openedPerCall reports the receiver of a call v.Open(...) whose v is closed
// by a deferred v.Close() in the same function: the client value may be
// built once, but each call opens (and the deferred Close tears down) a
// connection, e.g. a Thrift transport of an HBase client. Methods of the
// standard library are left out. It returns "" when the call is not one.
func openedPerCall(info *types.Info, fn *types.Func, call *ast.CallExpr, closers map[types.Object]bool) string {
	if fn == nil || fn.Name() != "Open" || len(closers) == 0 || fn.Pkg() == nil || !strings.Contains(strings.Split(fn.Pkg().Path(), "/")[0], ".") {
		return ""
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	obj := receiverObj(info, sel.X)
	if obj == nil || !closers[obj] {
		return ""
	}
	return types.ExprString(sel.X)
}

// receiverObj returns the variable (or field) a method receiver denotes.
func receiverObj(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.Uses[e]
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	}
	return nil
}
