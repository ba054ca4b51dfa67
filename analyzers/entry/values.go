package entry

import (
	"go/ast"
	"go/token"
	"go/types"
)

// LocalValues maps each local variable assigned in n's own code (including
// its parameters' later reassignments) to the expressions assigned to it,
// so that checks can follow a value one or two steps back to its origin.
func LocalValues(info *types.Info, n *Node) map[types.Object][]ast.Expr {
	out := make(map[types.Object][]ast.Expr)
	add := func(id *ast.Ident, e ast.Expr) {
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if obj != nil && e != nil {
			out[obj] = append(out[obj], e)
		}
	}
	n.Inspect(func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						add(id, x.Rhs[i])
					}
				}
			} else if len(x.Rhs) == 1 {
				// a, ok := f(): every left side comes from the one call.
				for _, l := range x.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						add(id, x.Rhs[0])
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range x.Names {
				switch {
				case len(x.Values) == len(x.Names):
					add(id, x.Values[i])
				case len(x.Values) == 1:
					add(id, x.Values[0])
				}
			}
		case *ast.RangeStmt:
			if x.Tok == token.DEFINE {
				if id, ok := x.Value.(*ast.Ident); ok {
					add(id, x.X)
				}
			}
		}
		return true
	})
	return out
}

// Mentions reports whether e, or a local value it is built from (followed
// up to depth steps through locals), contains a node for which match
// returns true.
func Mentions(info *types.Info, locals map[types.Object][]ast.Expr, e ast.Expr, depth int, match func(ast.Node) bool) bool {
	found := false
	seen := make(map[types.Object]bool)
	var visit func(e ast.Expr, d int)
	visit = func(e ast.Expr, d int) {
		ast.Inspect(e, func(x ast.Node) bool {
			if found {
				return false
			}
			if match(x) {
				found = true
				return false
			}
			if id, ok := x.(*ast.Ident); ok && d > 0 {
				if obj := info.Uses[id]; obj != nil && !seen[obj] {
					seen[obj] = true
					for _, v := range locals[obj] {
						visit(v, d-1)
					}
				}
			}
			return true
		})
	}
	visit(e, depth)
	return found
}

// ContextParam returns the name of a context.Context parameter in scope in
// n (its own parameters, then those of enclosing literals), or "".
func ContextParam(info *types.Info, n *Node) string {
	for m := n; m != nil; m = m.Parent {
		if m.Type == nil || m.Type.Params == nil {
			continue
		}
		for _, field := range m.Type.Params.List {
			if !IsContextType(info.TypeOf(field.Type), field.Type) {
				continue
			}
			for _, name := range field.Names {
				if name.Name != "_" {
					return name.Name
				}
			}
		}
	}
	return ""
}

// RequestParam returns the name of an *http.Request parameter in scope in
// n, or "".
func RequestParam(info *types.Info, n *Node) string {
	for m := n; m != nil; m = m.Parent {
		if m.Type == nil || m.Type.Params == nil {
			continue
		}
		for _, field := range m.Type.Params.List {
			t := info.TypeOf(field.Type)
			if t == nil || t.String() != "*net/http.Request" {
				continue
			}
			for _, name := range field.Names {
				if name.Name != "_" {
					return name.Name
				}
			}
		}
	}
	return ""
}

// IsContextType reports whether t (or, without types, the syntax e) is
// context.Context.
func IsContextType(t types.Type, e ast.Expr) bool {
	if t != nil {
		return t.String() == "context.Context"
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "context" && sel.Sel.Name == "Context"
}
