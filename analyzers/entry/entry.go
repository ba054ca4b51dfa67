package entry

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Analyzer computes the Result for a package. It runs despite type errors.
var Analyzer = &analysis.Analyzer{
	Name:             "entry",
	Doc:              "find handler entry points and init context for fcplan's analyzers",
	URL:              "https://github.com/fcplan/fcplan/tree/main/analyzers/entry",
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeOf((*Result)(nil)),
}

// Import paths of the frameworks whose entry points entry knows.
const (
	FCPath        = "github.com/aliyun/fc-runtime-go-sdk/fc"
	FCContextPath = "github.com/aliyun/fc-runtime-go-sdk/fccontext"
	LambdaPath    = "github.com/aws/aws-lambda-go/lambda"
	LambdaURLPath = "github.com/aws/aws-lambda-go/lambdaurl"
	GinPath       = "github.com/gin-gonic/gin"
	EchoPath      = "github.com/labstack/echo/v4"
	ChiPath       = "github.com/go-chi/chi/v5"
)

// RootKind says which framework registered a root.
type RootKind int

// Kinds of roots.
const (
	FCHandler RootKind = iota + 1
	LambdaHandler
	HTTPHandler
	InitFunc      // func init()
	MainFunc      // func main()
	PackageInit   // package-level variable initializers
	FCInitializer // fc.RegisterInitializerFunction
	FCLifecycle   // fc.RegisterPreStopFunction / RegisterPreFreezeFunction
	HTTPLifecycle // custom runtime /initialize, /pre-stop, /pre-freeze routes
	OnceBody      // sync.Once.Do, sync.OnceFunc, sync.OnceValue(s)
)

// IsRequest reports whether k is a request handler kind.
func (k RootKind) IsRequest() bool { return k == FCHandler || k == LambdaHandler || k == HTTPHandler }

// Root is an entry point: a handler (request context) or an initializer
// (init context).
type Root struct {
	Node *Node
	Kind RootKind
	Pos  token.Pos // where it was registered (or declared)
	Desc string    // e.g. "handler passed to fc.Start"
}

// EdgeKind says how one function reaches another.
type EdgeKind int

// Edge kinds. Once and Register edges are not followed by reachability.
const (
	Call     EdgeKind = iota + 1 // static call
	Ref                          // function or method value used as a value
	Closure                      // function literal defined inside
	Once                         // body run by sync.Once and friends
	Register                     // handler or initializer handed to a framework
)

// Edge is one arc of the package call graph.
type Edge struct {
	To   *Node
	Kind EdgeKind
	Pos  token.Pos
}

// Node is a function of the package: a declaration, a literal, or the
// pseudo-function that initializes package-level variables.
type Node struct {
	Decl   *ast.FuncDecl // nil for literals and the package initializer
	Lit    *ast.FuncLit
	Func   *types.Func // for declarations
	Type   *ast.FuncType
	Body   *ast.BlockStmt
	Exprs  []ast.Expr // package-level variable initializers (pseudo-node only)
	Parent *Node      // enclosing node of a literal
	Name   string
	Edges  []Edge

	callers []*Node
}

// Pos returns the position of the function.
func (n *Node) Pos() token.Pos {
	switch {
	case n.Decl != nil:
		return n.Decl.Name.Pos()
	case n.Lit != nil:
		return n.Lit.Pos()
	case len(n.Exprs) > 0:
		return n.Exprs[0].Pos()
	}
	return token.NoPos
}

// Inspect walks the node's own code: its body (or initializer expressions)
// without descending into nested function literals, which are nodes of
// their own.
func (n *Node) Inspect(f func(ast.Node) bool) {
	visit := func(root ast.Node) {
		ast.Inspect(root, func(x ast.Node) bool {
			if lit, ok := x.(*ast.FuncLit); ok && lit != n.Lit {
				return false
			}
			return f(x)
		})
	}
	if n.Body != nil {
		visit(n.Body)
	}
	for _, e := range n.Exprs {
		visit(e)
	}
}

// Result is the call graph and entry points of one package.
type Result struct {
	Nodes        []*Node
	RequestRoots []*Root
	InitRoots    []*Root
	// ExternalHandlers are request handlers defined in other packages and
	// registered here (fc.Start(handlers.Handle)): their code is not in
	// this package, so checks consult their facts and report at Pos.
	ExternalHandlers []ExternalHandler
	// BlockingStarts are the calls in main that start serving and never
	// return (fc.Start, lambda.Start, http.ListenAndServe, ...).
	BlockingStarts []Site
	// generated holds the files marked "// Code generated ... DO NOT
	// EDIT." (ast.IsGenerated): rules do not report in them.
	generated []*token.File
	// Degraded is true when the package had type errors; callees were then
	// matched by import path and selector where types were missing.
	Degraded bool
	// Std is true for packages of the Go standard library, which entry does
	// not analyze: they register no handlers, and their internal
	// synchronization (runtime locks) is invisible to the rules, so facts
	// computed for them would only produce false positives.
	Std bool

	byFunc  map[*types.Func]*Node
	byLit   map[*ast.FuncLit]*Node
	request map[*Node]*Root
	initCtx map[*Node]*Root
	enclose map[ast.Node]*Node
}

// ExternalHandler is a handler from another package registered in this one.
type ExternalHandler struct {
	Func *types.Func
	Kind RootKind
	Pos  token.Pos // the registration call
	Desc string
}

// Site is a call of a known framework function.
type Site struct {
	Call *ast.CallExpr
	Name string // full callee name, e.g. "github.com/aliyun/fc-runtime-go-sdk/fc.Start"
}

// NodeOf returns the node of a declared function of this package.
func (r *Result) NodeOf(fn *types.Func) *Node { return r.byFunc[fn] }

// LitNode returns the node of a function literal.
func (r *Result) LitNode(lit *ast.FuncLit) *Node { return r.byLit[lit] }

// Request returns the handler root from which n is reachable, or nil when n
// is not in request context.
func (r *Result) Request(n *Node) *Root { return r.request[n] }

// Init returns the init root from which n is reachable, or nil.
func (r *Result) Init(n *Node) *Root { return r.initCtx[n] }

// InitHome returns where long-lived clients belong in this package: the
// function registered with fc.RegisterInitializerFunction, the /initialize
// route, init(), or main, in that order of preference; nil if none.
func (r *Result) InitHome() *Root {
	best := (*Root)(nil)
	rank := func(k RootKind) int {
		switch k {
		case FCInitializer:
			return 1
		case HTTPLifecycle:
			return 2
		case InitFunc:
			return 3
		case MainFunc:
			return 4
		}
		return 100
	}
	for _, root := range r.InitRoots {
		if rank(root.Kind) < 100 && (best == nil || rank(root.Kind) < rank(best.Kind)) {
			if root.Kind == HTTPLifecycle && !strings.Contains(root.Desc, "/initialize") {
				continue
			}
			best = root
		}
	}
	return best
}

// Witness explains why a function has some effect: Desc describes the
// effect, Pos is where it happens (in this package), Via is the callee
// through which it was reached (nil when direct).
type Witness struct {
	Desc string
	Pos  token.Pos
	Via  *Node
}

// Propagate computes, for every node, a witness of an effect that the node
// has directly (as reported by direct) or through the functions it calls,
// references or defines in this package. Once and Register edges are not
// followed: a client built inside sync.Once is not an effect of the caller.
func (r *Result) Propagate(direct func(*Node) *Witness) map[*Node]*Witness {
	out := make(map[*Node]*Witness)
	var queue []*Node
	for _, n := range r.Nodes {
		if w := direct(n); w != nil {
			out[n] = w
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, c := range n.callers {
			if out[c] != nil {
				continue
			}
			out[c] = &Witness{Desc: out[n].Desc, Pos: out[n].Pos, Via: n}
			queue = append(queue, c)
		}
	}
	return out
}

// Generated reports whether pos lies in a generated file ("// Code
// generated ... DO NOT EDIT.", see ast.IsGenerated).
func (r *Result) Generated(pos token.Pos) bool {
	for _, tf := range r.generated {
		if tf.Base() <= int(pos) && int(pos) <= tf.Base()+tf.Size() {
			return true
		}
	}
	return false
}

// SkipGenerated makes pass drop diagnostics positioned in generated files:
// nobody edits them, so a finding there cannot be fixed where it is shown
// (the generator, or the hand-written caller, is where it belongs). Rule
// analyzers call it first thing in their run.
func SkipGenerated(pass *analysis.Pass, r *Result) {
	if len(r.generated) == 0 {
		return
	}
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		if !r.Generated(d.Pos) {
			report(d)
		}
	}
}

// Enclosing returns the node whose own code contains the syntax node x (as
// recorded for calls, selectors and identifiers), or nil.
func (r *Result) Enclosing(x ast.Node) *Node { return r.enclose[x] }

func followed(k EdgeKind) bool { return k == Call || k == Ref || k == Closure }

type pendingEdge struct {
	from *Node
	fn   *types.Func
	lit  *ast.FuncLit
	kind EdgeKind
	pos  token.Pos
}

type pendingRoot struct {
	fn   *types.Func
	lit  *ast.FuncLit
	kind RootKind
	pos  token.Pos
	desc string
}

type builder struct {
	pass    *analysis.Pass
	res     *Result
	edges   []pendingEdge
	roots   []*pendingRoot
	role    map[ast.Expr]*pendingRoot // argument expression -> role
	callFun map[ast.Expr]bool
	selDone map[*ast.Ident]bool
	// varLit maps variables assigned exactly one function literal (h :=
	// func(...){...}, var handler = func...) to it, so that calling or
	// registering the variable reaches the literal.
	varLit map[types.Object]*ast.FuncLit
	varSet map[types.Object]int
	// wrappers are functions of this package that wrap a registered
	// handler (fc.Start(wrap(h))): the handler-shaped closures they return
	// run per request. They are resolved after every declaration is known.
	wrappers []pendingRoot
}

func run(pass *analysis.Pass) (any, error) {
	b := &builder{
		pass: pass,
		res: &Result{
			byFunc:   make(map[*types.Func]*Node),
			byLit:    make(map[*ast.FuncLit]*Node),
			request:  make(map[*Node]*Root),
			initCtx:  make(map[*Node]*Root),
			enclose:  make(map[ast.Node]*Node),
			Degraded: len(pass.TypeErrors) > 0,
		},
		role:    make(map[ast.Expr]*pendingRoot),
		callFun: make(map[ast.Expr]bool),
		selDone: make(map[*ast.Ident]bool),
		varLit:  make(map[types.Object]*ast.FuncLit),
		varSet:  make(map[types.Object]int),
	}
	if isStd(pass) {
		b.res.Std = true
		return b.res, nil
	}
	pkgInit := &Node{Name: "package initialization"}
	for _, f := range pass.Files {
		b.collectFuncVars(f)
		if ast.IsGenerated(f) {
			if tf := pass.Fset.File(f.FileStart); tf != nil {
				b.res.generated = append(b.res.generated, tf)
			}
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				n := &Node{Decl: d, Type: d.Type, Body: d.Body, Name: funcDeclName(d)}
				if fn, ok := pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
					n.Func = fn
					b.res.byFunc[fn] = n
				}
				b.res.Nodes = append(b.res.Nodes, n)
				if d.Recv == nil && d.Name.Name == "init" {
					b.addRoot(n, InitFunc, d.Name.Pos(), "init()")
				}
				if d.Recv == nil && d.Name.Name == "main" && pass.Pkg.Name() == "main" {
					b.addRoot(n, MainFunc, d.Name.Pos(), "main()")
				}
				b.walk(n, d.Body)
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					pkgInit.Exprs = append(pkgInit.Exprs, vs.Values...)
				}
			}
		}
	}
	if len(pkgInit.Exprs) > 0 {
		b.res.Nodes = append(b.res.Nodes, pkgInit)
		for _, e := range pkgInit.Exprs {
			b.walk(pkgInit, e)
		}
		b.addRoot(pkgInit, PackageInit, pkgInit.Pos(), "package variable initialization")
	}
	b.markWrappers()
	b.resolve()
	b.reach()
	return b.res, nil
}

// isStd reports whether the package's files are in GOROOT.
func isStd(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	root := filepath.Clean(build.Default.GOROOT)
	if root == "." || root == "" {
		return false
	}
	name := filepath.Clean(pass.Fset.File(pass.Files[0].Pos()).Name())
	return strings.HasPrefix(name, root+string(filepath.Separator)+"src"+string(filepath.Separator))
}

func funcDeclName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

func (b *builder) addRoot(n *Node, kind RootKind, pos token.Pos, desc string) {
	root := &Root{Node: n, Kind: kind, Pos: pos, Desc: desc}
	if kind.IsRequest() {
		b.res.RequestRoots = append(b.res.RequestRoots, root)
	} else {
		b.res.InitRoots = append(b.res.InitRoots, root)
	}
}

// walk records nodes for literals, call-graph edges and roots found in
// root, which belongs to node n.
func (b *builder) walk(n *Node, root ast.Node) {
	info := b.pass.TypesInfo
	ast.Inspect(root, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			child := &Node{Lit: x, Type: x.Type, Body: x.Body, Parent: n,
				Name: n.Name + ".func" + strconv.Itoa(len(b.res.byLit)+1)}
			b.res.byLit[x] = child
			b.res.Nodes = append(b.res.Nodes, child)
			kind := Closure
			if r := b.role[x]; r != nil {
				r.lit = x
				kind = roleEdge(r.kind)
			}
			b.edges = append(b.edges, pendingEdge{from: n, lit: x, kind: kind, pos: x.Pos()})
			b.walk(child, x.Body)
			return false
		case *ast.CallExpr:
			b.res.enclose[x] = n
			b.callFun[ast.Unparen(x.Fun)] = true
			b.classifyCall(n, x)
			if lit := b.litOf(ast.Unparen(x.Fun)); lit != nil {
				b.edges = append(b.edges, pendingEdge{from: n, lit: lit, kind: Call, pos: x.Pos()})
			}
		case *ast.SelectorExpr:
			b.res.enclose[x] = n
			if fn := methodOf(info, x); fn != nil {
				b.selDone[x.Sel] = true
				if fn.Pkg() == b.pass.Pkg {
					b.edgeTo(n, x, fn)
				}
			}
		case *ast.Ident:
			if fn, ok := info.Uses[x].(*types.Func); ok && fn.Pkg() == b.pass.Pkg && !b.selDone[x] {
				b.edgeTo(n, x, fn)
			}
		}
		return true
	})
}

// collectFuncVars records the variables that are assigned exactly once, a
// function literal.
func (b *builder) collectFuncVars(f *ast.File) {
	info := b.pass.TypesInfo
	record := func(id *ast.Ident, rhs ast.Expr) {
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if _, ok := obj.(*types.Var); !ok {
			return
		}
		b.varSet[obj]++
		if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
			b.varLit[obj] = lit
		}
	}
	ast.Inspect(f, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						record(id, x.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i, id := range x.Names {
					record(id, x.Values[i])
				}
			}
		}
		return true
	})
	for obj := range b.varLit {
		if b.varSet[obj] != 1 {
			delete(b.varLit, obj)
		}
	}
}

// litOf returns the function literal a variable identifier stands for.
func (b *builder) litOf(e ast.Expr) *ast.FuncLit {
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	if v, ok := b.pass.TypesInfo.Uses[id].(*types.Var); ok {
		return b.varLit[v]
	}
	return nil
}

func roleEdge(k RootKind) EdgeKind {
	if k == OnceBody {
		return Once
	}
	return Register
}

func (b *builder) edgeTo(n *Node, x ast.Expr, fn *types.Func) {
	kind := Ref
	if b.callFun[x] {
		kind = Call
	}
	if r := b.role[x]; r != nil {
		r.fn = fn
		kind = roleEdge(r.kind)
	}
	b.edges = append(b.edges, pendingEdge{from: n, fn: fn, kind: kind, pos: x.Pos()})
}

func methodOf(info *types.Info, sel *ast.SelectorExpr) *types.Func {
	if s, ok := info.Selections[sel]; ok {
		fn, _ := s.Obj().(*types.Func)
		return fn
	}
	return nil
}

func (b *builder) resolve() {
	for _, e := range b.edges {
		var to *Node
		if e.lit != nil {
			to = b.res.byLit[e.lit]
		} else {
			to = b.res.byFunc[e.fn.Origin()]
			if to == nil {
				to = b.res.byFunc[e.fn]
			}
		}
		if to == nil {
			continue
		}
		e.from.Edges = append(e.from.Edges, Edge{To: to, Kind: e.kind, Pos: e.pos})
		if followed(e.kind) {
			to.callers = append(to.callers, e.from)
		}
	}
	for _, r := range b.roots {
		var n *Node
		switch {
		case r.lit != nil:
			n = b.res.byLit[r.lit]
		case r.fn != nil:
			n = b.res.byFunc[r.fn.Origin()]
		}
		if n != nil {
			b.addRoot(n, r.kind, r.pos, r.desc)
		}
	}
	for _, roots := range [][]*Root{b.res.RequestRoots, b.res.InitRoots} {
		sort.SliceStable(roots, func(i, j int) bool { return roots[i].Pos < roots[j].Pos })
	}
}

func (b *builder) reach() {
	bfs := func(roots []*Root, seen map[*Node]*Root) {
		for _, root := range roots {
			queue := []*Node{root.Node}
			if seen[root.Node] == nil {
				seen[root.Node] = root
			}
			for len(queue) > 0 {
				n := queue[0]
				queue = queue[1:]
				for _, e := range n.Edges {
					if followed(e.Kind) && seen[e.To] == nil {
						seen[e.To] = root
						queue = append(queue, e.To)
					}
				}
			}
		}
	}
	bfs(b.res.RequestRoots, b.res.request)
	bfs(b.res.InitRoots, b.res.initCtx)
}

// CalleeName returns the full name of the function or method called by
// call, as (*types.Func).FullName spells it: "database/sql.Open",
// "(*net/http.ServeMux).HandleFunc". When type information is missing (an
// import that could not be resolved) it falls back to the import path of
// the package qualifier and the selector: "github.com/x/y.Name". It returns
// "" for calls it cannot name (conversions, calls of function values).
func CalleeName(info *types.Info, call *ast.CallExpr) string {
	fn, name := Callee(info, call)
	if fn != nil {
		return fn.FullName()
	}
	return name
}

// Callee returns the *types.Func called by call, or, when types are missing,
// nil and the fallback "importpath.Selector" name.
func Callee(info *types.Info, call *ast.CallExpr) (*types.Func, string) {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		if fn, ok := info.Uses[f].(*types.Func); ok {
			return fn, ""
		}
	case *ast.SelectorExpr:
		if fn, ok := info.Uses[f.Sel].(*types.Func); ok {
			return fn, ""
		}
		if s, ok := info.Selections[f]; ok {
			if fn, ok := s.Obj().(*types.Func); ok {
				return fn, ""
			}
			return nil, ""
		}
		if id, ok := f.X.(*ast.Ident); ok {
			if pn, ok := info.Uses[id].(*types.PkgName); ok {
				return nil, pn.Imported().Path() + "." + f.Sel.Name
			}
			if _, known := info.Uses[id]; !known {
				if path := unresolvedImport(info, id.Name); path != "" {
					return nil, path + "." + f.Sel.Name
				}
			}
		}
	}
	return nil, ""
}

// unresolvedImport returns the path of the import that name most likely
// refers to when the import failed, or "". go/types declares a failed
// import under the last element of its path ("v9" for
// github.com/redis/go-redis/v9), so the package's real name ("redis") is
// left undefined and a call through it would not be matched at all: a
// handler whose dependency is not downloaded lost its findings, and
// baselines recorded without the modules did not match CI's.
func unresolvedImport(info *types.Info, name string) string {
	found := ""
	for _, obj := range info.Implicits {
		pn, ok := obj.(*types.PkgName)
		if !ok || pn.Imported() == nil {
			continue
		}
		path := pn.Imported().Path()
		if importName(path) == name && (found == "" || path < found) {
			found = path // deterministic when two imports guess alike
		}
	}
	return found
}

// importName guesses the package name of an import path by the common
// conventions: the last element, without a major-version element ("/v9"),
// a ".vN" suffix (gopkg.in/yaml.v3) or a "go-" prefix or "-go" suffix
// (go-redis, aliyun-oss-go-sdk's oss).
func importName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && isMajorVersion(last) {
		last = elems[len(elems)-2]
	}
	if i := strings.LastIndex(last, ".v"); i > 0 && isMajorVersion(last[i+1:]) {
		last = last[:i]
	}
	last = strings.TrimPrefix(last, "go-")
	last = strings.TrimSuffix(last, "-go")
	return strings.ReplaceAll(last, "-", "")
}

func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Split returns the package path, the receiver type name (without "*",
// empty for functions) and the name of a full callee name.
func Split(full string) (pkg, recv, name string) {
	if strings.HasPrefix(full, "(") {
		end := strings.Index(full, ")")
		if end < 0 {
			return "", "", full
		}
		r := strings.TrimPrefix(full[1:end], "*")
		name = strings.TrimPrefix(full[end+1:], ".")
		dot := strings.LastIndex(r, ".")
		if dot < 0 {
			return "", r, name
		}
		return r[:dot], r[dot+1:], name
	}
	slash := strings.LastIndex(full, "/")
	dot := strings.LastIndex(full[slash+1:], ".")
	if dot < 0 {
		return "", "", full
	}
	return full[:slash+1+dot], "", full[slash+1+dot+1:]
}

var fcStarts = map[string]bool{
	"Start": true, "StartHttp": true, "StartHandler": true,
	"StartWithContext": true, "StartHandlerWithContext": true,
}

var lambdaStarts = map[string]bool{
	"Start": true, "StartWithOptions": true, "StartHandlerFunc": true, "StartHandler": true,
	"StartWithContext": true, "StartHandlerWithContext": true,
}

var routeMethods = map[string]bool{
	// net/http
	"Handle": true, "HandleFunc": true,
	// gin
	"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true,
	"HEAD": true, "OPTIONS": true, "Any": true, "Match": true,
	// echo adds CONNECT, TRACE, Add; chi uses Get, Post, ...
	"CONNECT": true, "TRACE": true, "Add": true,
	"Get": true, "Post": true, "Put": true, "Delete": true, "Patch": true,
	"Head": true, "Options": true, "Connect": true, "Trace": true,
	"Method": true, "MethodFunc": true,
}

var routerPkgs = map[string]bool{
	"net/http": true, GinPath: true, EchoPath: true, ChiPath: true,
	"github.com/labstack/echo": true, "github.com/go-chi/chi": true,
}

// lifecyclePaths are the custom runtime's lifecycle routes (init context).
var lifecyclePaths = map[string]bool{"/initialize": true, "/pre-stop": true, "/pre-freeze": true}

// IsBlockingStart reports whether full names a call that serves requests
// and never returns.
func IsBlockingStart(full string) bool {
	pkg, recv, name := Split(full)
	switch {
	case pkg == FCPath && recv == "":
		return fcStarts[name]
	case pkg == LambdaPath && recv == "":
		return lambdaStarts[name]
	case pkg == LambdaURLPath && recv == "":
		return name == "Start"
	case pkg == "net/http" && recv == "":
		return name == "ListenAndServe" || name == "ListenAndServeTLS" || name == "Serve" || name == "ServeTLS"
	case pkg == "net/http" && recv == "Server":
		return name == "ListenAndServe" || name == "ListenAndServeTLS" || name == "Serve" || name == "ServeTLS"
	case pkg == GinPath && recv == "Engine":
		return strings.HasPrefix(name, "Run")
	case pkg == EchoPath && recv == "Echo":
		return name == "Start" || name == "StartTLS" || name == "StartServer"
	}
	return false
}

func (b *builder) classifyCall(n *Node, call *ast.CallExpr) {
	full := CalleeName(b.pass.TypesInfo, call)
	if full == "" {
		return
	}
	pkg, recv, name := Split(full)
	if n.Decl != nil && n.Decl.Name.Name == "main" && n.Decl.Recv == nil && IsBlockingStart(full) {
		b.res.BlockingStarts = append(b.res.BlockingStarts, Site{Call: call, Name: full})
	}
	fn, _ := Callee(b.pass.TypesInfo, call)
	short := DisplayName(fn, full)
	switch {
	case pkg == FCPath && recv == "" && fcStarts[name]:
		b.markArgs(call, FCHandler, "handler passed to "+short)
	case pkg == LambdaPath && recv == "" && lambdaStarts[name]:
		b.markArgs(call, LambdaHandler, "handler passed to "+short)
	case pkg == LambdaURLPath && recv == "" && name == "Start":
		b.markArgs(call, LambdaHandler, "handler passed to "+short)
	case pkg == FCPath && recv == "" && name == "RegisterInitializerFunction":
		b.markArgs(call, FCInitializer, "initializer registered with "+short)
	case pkg == FCPath && recv == "" && (name == "RegisterPreStopFunction" || name == "RegisterPreFreezeFunction"):
		b.markArgs(call, FCLifecycle, "lifecycle hook registered with "+short)
	case pkg == "sync" && recv == "Once" && name == "Do",
		pkg == "sync" && recv == "" && (name == "OnceFunc" || name == "OnceValue" || name == "OnceValues"):
		b.markArgs(call, OnceBody, "body run once by "+short)
	case routerPkgs[pkg] && routeMethods[name] && (recv != "" || pkg == "net/http"):
		route := routePath(call)
		if lifecyclePaths[route] {
			b.markArgs(call, HTTPLifecycle, "custom runtime "+route+" route")
		} else {
			desc := "HTTP handler registered with " + short
			if route != "" {
				desc += " for " + strconv.Quote(route)
			}
			b.markArgs(call, HTTPHandler, desc)
		}
	}
}

// shortName turns "github.com/aliyun/fc-runtime-go-sdk/fc.Start" into
// "fc.Start" and "(*net/http.ServeMux).HandleFunc" into "http.ServeMux.HandleFunc".
func shortName(full string) string {
	pkg, recv, name := Split(full)
	base := pkg[strings.LastIndex(pkg, "/")+1:]
	if strings.HasPrefix(base, "v") && len(base) <= 3 && strings.Contains(pkg, "/") {
		rest := strings.TrimSuffix(pkg, "/"+base)
		base = rest[strings.LastIndex(rest, "/")+1:]
	}
	// Guess the package name the way most modules spell it:
	// go-redis -> redis, nats.go -> nats, aliyun-log-go-sdk -> aliyun-log-go-sdk.
	base = strings.TrimPrefix(base, "go-")
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".go"), "-go")
	if recv != "" {
		return base + "." + recv + "." + name
	}
	return base + "." + name
}

// ShortName turns a full callee name into the form used in messages:
// "sql.Open", "http.ServeMux.HandleFunc". The package name is guessed from
// the import path; use DisplayName when the *types.Func is known.
func ShortName(full string) string { return shortName(full) }

// DisplayName is ShortName using the real package name of fn when fn is
// not nil ("redis.NewClient" for github.com/redis/go-redis/v9).
func DisplayName(fn *types.Func, full string) string {
	if fn == nil || fn.Pkg() == nil {
		return shortName(full)
	}
	_, recv, name := Split(fn.FullName())
	if recv != "" {
		return fn.Pkg().Name() + "." + recv + "." + name
	}
	return fn.Pkg().Name() + "." + name
}

// routePath returns the route of an HTTP registration ("/initialize" for
// both "/initialize" and "POST /initialize"), or "".
func routePath(call *ast.CallExpr) string {
	for _, arg := range call.Args {
		lit, ok := ast.Unparen(arg).(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			continue
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			continue
		}
		if i := strings.LastIndex(s, " "); i >= 0 {
			s = s[i+1:]
		}
		if strings.HasPrefix(s, "/") {
			return s
		}
	}
	return ""
}

// markArgs records every function-valued argument of call as a root.
func (b *builder) markArgs(call *ast.CallExpr, kind RootKind, desc string) {
	info := b.pass.TypesInfo
	for _, arg := range call.Args {
		e := unwrapHandler(info, arg)
		b.markArg(e, kind, call.Pos(), desc)
		if c, ok := e.(*ast.CallExpr); ok && kind.IsRequest() {
			b.markWrapped(c, kind, call.Pos(), desc, 0)
		}
		if kind.IsRequest() {
			if fn := funcRef(info, e); fn != nil && fn.Pkg() != nil && fn.Pkg() != b.pass.Pkg {
				b.res.ExternalHandlers = append(b.res.ExternalHandlers, ExternalHandler{Func: fn, Kind: kind, Pos: call.Pos(), Desc: desc})
			}
		}
		// Handler types: a value whose type has ServeHTTP or Invoke.
		if tv, ok := info.Types[e]; ok && tv.Type != nil {
			if _, isSig := tv.Type.Underlying().(*types.Signature); !isSig {
				for _, m := range []string{"ServeHTTP", "Invoke"} {
					obj, _, _ := types.LookupFieldOrMethod(tv.Type, true, b.pass.Pkg, m)
					fn, ok := obj.(*types.Func)
					switch {
					case !ok:
					case fn.Pkg() == b.pass.Pkg:
						b.roots = append(b.roots, &pendingRoot{fn: fn, kind: kind, pos: call.Pos(), desc: desc})
					case kind.IsRequest() && fn.Pkg() != nil && !isFrameworkPkg(fn.Pkg().Path()):
						b.res.ExternalHandlers = append(b.res.ExternalHandlers, ExternalHandler{Func: fn, Kind: kind, Pos: call.Pos(), Desc: desc})
					}
				}
			}
		}
	}
}

// markArg gives a function value handed to a framework its role.
func (b *builder) markArg(e ast.Expr, kind RootKind, pos token.Pos, desc string) {
	switch e := e.(type) {
	case *ast.FuncLit:
		r := b.newRoot(kind, pos, desc)
		b.role[e] = r
		r.lit = e
	case *ast.Ident:
		r := b.newRoot(kind, pos, desc)
		b.role[e] = r
		if lit := b.litOf(e); lit != nil {
			r.lit = lit
		}
	case *ast.SelectorExpr:
		b.role[e] = b.newRoot(kind, pos, desc)
	}
}

// maxWrapDepth bounds how many wrapper calls deep a registered handler is
// looked for (fc.Start(a(b(c(h))))).
const maxWrapDepth = 4

// markWrapped finds the handler inside a wrapper call registered with a
// framework: fc.Start(wrap(h)), lambda.Start(otellambda.InstrumentHandler(h,
// opts...)), chain(mw1, mw2)(h). Arguments that are handler-shaped function
// values (first parameter a context.Context, or an http.ResponseWriter and
// an *http.Request) become handlers; wrappers and middleware declared in
// this package contribute the handler-shaped closures they return.
func (b *builder) markWrapped(call *ast.CallExpr, kind RootKind, pos token.Pos, desc string, depth int) {
	if depth >= maxWrapDepth {
		return
	}
	info := b.pass.TypesInfo
	fun := ast.Unparen(call.Fun)
	if tv, ok := info.Types[fun]; ok && tv.IsType() {
		return // a conversion, unwrapped by unwrapHandler
	}
	through := desc + " through a wrapper"
	if fn := funcRef(info, fun); fn != nil {
		through = desc + " through " + DisplayName(fn, "")
		if fn.Pkg() == b.pass.Pkg {
			b.wrappers = append(b.wrappers, pendingRoot{fn: fn, kind: kind, pos: pos, desc: through})
		}
	}
	if inner, ok := fun.(*ast.CallExpr); ok {
		b.markWrapped(inner, kind, pos, desc, depth+1)
	}
	for _, arg := range call.Args {
		e := unwrapHandler(info, arg)
		if c, ok := e.(*ast.CallExpr); ok {
			b.markWrapped(c, kind, pos, desc, depth+1)
			continue
		}
		if handlerShaped(info.TypeOf(e)) {
			b.markArg(e, kind, pos, through)
			continue
		}
		// A middleware value (func(Handler) Handler) declared here.
		if fn := funcRef(info, e); fn != nil && fn.Pkg() == b.pass.Pkg {
			b.wrappers = append(b.wrappers, pendingRoot{fn: fn, kind: kind, pos: pos, desc: through})
		}
	}
}

// markWrappers makes the handler-shaped function literals returned by the
// recorded wrappers request roots.
func (b *builder) markWrappers() {
	info := b.pass.TypesInfo
	for _, w := range b.wrappers {
		n := b.res.byFunc[w.fn.Origin()]
		if n == nil || n.Body == nil {
			continue
		}
		ast.Inspect(n.Body, func(x ast.Node) bool {
			if _, ok := x.(*ast.FuncLit); ok {
				return false // returns of nested literals are not the wrapper's
			}
			ret, ok := x.(*ast.ReturnStmt)
			if !ok {
				return true
			}
			for _, r := range ret.Results {
				if lit, ok := unwrapHandler(info, r).(*ast.FuncLit); ok && handlerShaped(info.TypeOf(lit)) {
					root := b.newRoot(w.kind, w.pos, w.desc)
					root.lit = lit
				}
			}
			return true
		})
	}
}

// handlerShaped reports whether t is the type of a request handler: a
// function whose first parameter is a context.Context, or whose parameters
// are an http.ResponseWriter and an *http.Request.
func handlerShaped(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return false
	}
	first := sig.Params().At(0).Type()
	if isNamed(first, "context", "Context") {
		return true
	}
	return sig.Params().Len() == 2 && isNamed(first, "net/http", "ResponseWriter") &&
		isNamed(sig.Params().At(1).Type(), "net/http", "Request")
}

// isNamed reports whether t (or what it points to) is the named type
// path.name.
func isNamed(t types.Type, path, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == path && named.Obj().Name() == name
}

func (b *builder) newRoot(kind RootKind, pos token.Pos, desc string) *pendingRoot {
	r := &pendingRoot{kind: kind, pos: pos, desc: desc}
	b.roots = append(b.roots, r)
	return r
}

// funcRef returns the function or method that e names (f, pkg.F, v.Method),
// or nil.
func funcRef(info *types.Info, e ast.Expr) *types.Func {
	switch x := e.(type) {
	case *ast.Ident:
		fn, _ := info.Uses[x].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok {
			fn, _ := s.Obj().(*types.Func)
			return fn
		}
		fn, _ := info.Uses[x.Sel].(*types.Func)
		return fn
	}
	return nil
}

// isFrameworkPkg reports whether path is a framework whose own handler
// types (http.HandlerFunc, gin.HandlerFunc...) are not user code.
func isFrameworkPkg(path string) bool {
	return routerPkgs[path] || path == FCPath || path == LambdaPath || path == LambdaURLPath
}

// unwrapHandler strips parentheses, &, and conversions such as
// http.HandlerFunc(f) from a handler argument.
func unwrapHandler(info *types.Info, e ast.Expr) ast.Expr {
	for {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				e = x.X
				continue
			}
		case *ast.IndexExpr:
			// An instantiated generic handler: fc.Start(Handle[Event]).
			if _, isFunc := info.TypeOf(x.X).(*types.Signature); isFunc {
				e = x.X
				continue
			}
		case *ast.IndexListExpr:
			if _, isFunc := info.TypeOf(x.X).(*types.Signature); isFunc {
				e = x.X
				continue
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
			// Degraded: http.HandlerFunc(f) without types.
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "HandlerFunc" && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
		}
		return e
	}
}
