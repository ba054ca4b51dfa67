package secrets

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/analyzers/entry"
	"github.com/fcplan/fcplan/model/secret"
)

//go:embed doc.go
var doc string

// Analyzer reports hard-coded access keys (GO002).
var Analyzer = &analysis.Analyzer{
	Name:             "secrets",
	Doc:              entry.AnalyzerDoc(doc, "secrets"),
	URL:              "https://github.com/fcplan/fcplan/blob/main/rules/docs/GO002.md",
	Requires:         []*analysis.Analyzer{entry.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
}

// keyID matches an Alibaba Cloud AccessKey ID not embedded in a longer word.
var keyID = regexp.MustCompile(`(?:^|[^A-Za-z0-9])(LTAI[A-Za-z0-9]{20})(?:$|[^A-Za-z0-9])`)

// credentialName matches field and parameter names that hold credentials.
var credentialName = regexp.MustCompile(`(?i)^(access_?key(_?id|_?secret)?|access_?secret|secret(_?access)?_?key|security_?token|ak_?(id|secret)|sk)$`)

// credentialArgs lists, for constructors whose parameter names may be
// unavailable (degraded analysis), the indexes of credential arguments.
var credentialArgs = map[string][]int{
	"github.com/aliyun/aliyun-oss-go-sdk/oss.New":                                               {1, 2},
	"github.com/aliyun/aliyun-oss-go-sdk/oss.SecurityToken":                                     {0},
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials.NewStaticCredentialsProvider": {0, 1, 2},
	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore.NewClient":                           {2, 3},
	"github.com/aliyun/aliyun-log-go-sdk.CreateNormalInterface":                                 {1, 2, 3},
	"github.com/aliyun/aliyun-mns-go-sdk.NewAliMNSClient":                                       {1, 2},
	"github.com/aliyunmq/mq-http-go-sdk.NewAliyunMQClient":                                      {1, 2, 3},
	"github.com/aws/aws-sdk-go-v2/credentials.NewStaticCredentialsProvider":                     {0, 1, 2},
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[entry.Analyzer].(*entry.Result)
	entry.SkipGenerated(pass, res)
	info := pass.TypesInfo
	reported := make(map[token.Pos]bool)
	emit := func(lit ast.Expr, value, where string) {
		if reported[lit.Pos()] {
			return
		}
		if _, isLit := lit.(*ast.BasicLit); !isLit && keyID.MatchString(value) {
			return // the literal scan below reports it where it is written
		}
		reported[lit.Pos()] = true
		kind := "AccessKey secret"
		if keyID.MatchString(value) {
			kind = "AccessKey ID"
		}
		msg := fmt.Sprintf("GO002: hard-coded %s %s", kind, secret.Mask(value))
		if where != "" {
			msg += " passed to " + where
		}
		// "; " rather than ": " after a credential field name, which the
		// output masker would read as a name: value pair and mask.
		msg += "; anyone with the source or the binary can use it: read credentials from the function's role " +
			"(fccontext.FromContext(ctx).Credentials) or the environment, and rotate this key"
		pass.Report(analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Category: "GO002", Message: msg})
	}

	for _, n := range res.Nodes {
		var locals map[types.Object][]ast.Expr
		valueOf := func(e ast.Expr) (ast.Expr, string, bool) {
			if locals == nil {
				locals = entry.LocalValues(info, n)
			}
			return literal(info, locals, e, 2)
		}
		n.Inspect(func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.CompositeLit:
				for _, elt := range x.Elts {
					kv, ok := elt.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					key, ok := kv.Key.(*ast.Ident)
					if !ok || !credentialName.MatchString(key.Name) {
						continue
					}
					if lit, v, ok := valueOf(kv.Value); ok && isSecret(v) {
						emit(lit, v, typeName(info, x)+"."+key.Name)
					}
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					sel, ok := l.(*ast.SelectorExpr)
					if !ok || i >= len(x.Rhs) || !credentialName.MatchString(sel.Sel.Name) {
						continue
					}
					if lit, v, ok := valueOf(x.Rhs[i]); ok && isSecret(v) {
						emit(lit, v, "field "+sel.Sel.Name)
					}
				}
			case *ast.CallExpr:
				fn, fallback := entry.Callee(info, x)
				full := fallback
				if fn != nil {
					full = fn.FullName()
				}
				for i, arg := range x.Args {
					param := credentialParam(fn, full, i)
					if param == "" {
						continue
					}
					if lit, v, ok := valueOf(arg); ok && isSecret(v) {
						emit(lit, v, entry.DisplayName(fn, full)+" ("+param+")")
					}
				}
			}
			return true
		})
	}

	// Constants and variables whose name says they hold a credential
	// (const AccessKeySecret = "...", dbPassword := "..."), and
	// os.Setenv("SECRET", "...").
	for _, f := range pass.Files {
		ast.Inspect(f, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.ValueSpec:
				word := "variable"
				if obj := info.Defs[x.Names[0]]; obj != nil {
					if _, isConst := obj.(*types.Const); isConst {
						word = "const"
					}
				}
				for i, id := range x.Names {
					if i < len(x.Values) {
						named(pass, info, reported, id.Name, x.Values[i], word+" "+id.Name)
					}
				}
			case *ast.AssignStmt:
				if len(x.Lhs) != len(x.Rhs) {
					return true
				}
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						named(pass, info, reported, id.Name, x.Rhs[i], "variable "+id.Name)
					}
				}
			case *ast.CallExpr:
				if len(x.Args) == 2 && entry.CalleeName(info, x) == "os.Setenv" {
					if _, name, ok := literal(info, nil, x.Args[0], 0); ok {
						named(pass, info, reported, name, x.Args[1], "os.Setenv("+strconv.Quote(name)+")")
					}
				}
			}
			return true
		})
	}

	// Any literal with an AccessKey ID or a shaped secret (an AWS key ID,
	// an STS token, a JWT, the password of a URL or of a DSN such as
	// user:pass@tcp(host)/db), wherever it is.
	for _, f := range pass.Files {
		ast.Inspect(f, func(x ast.Node) bool {
			lit, ok := x.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			v := unquote(lit)
			if m := keyID.FindStringSubmatch(v); m != nil && !isPlaceholder(m[1]) {
				emit(lit, m[1], "")
				return true
			}
			if k := secret.Classify("", v); k != secret.None && !reported[lit.Pos()] {
				reported[lit.Pos()] = true
				reportShaped(pass, lit, k, v, "")
			}
			return true
		})
	}
	return nil, nil
}

// named reports the string constant e assigned to (or set under) the name
// when model/secret classifies it as a secret: a shaped key anywhere, or
// any non-placeholder value when the name says it is a credential
// (AccessKeySecret, dbPassword, SECRET). Names about a credential rather
// than the credential (tokenURL, SECRET_NAME) are left alone.
func named(pass *analysis.Pass, info *types.Info, reported map[token.Pos]bool, name string, e ast.Expr, where string) {
	lit, v, ok := literal(info, nil, e, 0)
	if !ok || reported[lit.Pos()] {
		return
	}
	// Shaped secrets (an AccessKey ID, a DSN password) are reported by the
	// literal scan wherever they are written; this is for the rest.
	if secret.Classify(name, v) != secret.Named || !namedValue(v) {
		return
	}
	reported[lit.Pos()] = true
	reportShaped(pass, lit, secret.Named, v, where)
}

// namedValue reports whether v, held under a credential name, can be the
// credential itself: six characters or more, no whitespace (a message or a
// header value), not an environment variable name, not a placeholder.
func namedValue(v string) bool {
	return len(v) >= 6 && !strings.ContainsAny(v, " \t\n") && !envName.MatchString(v) && !isPlaceholder(v) && !namesCredential(v)
}

// reportShaped reports a secret of kind k found in v, masked by
// model/secret (at most four characters of it shown).
func reportShaped(pass *analysis.Pass, lit ast.Expr, k secret.Kind, v, where string) {
	shown := secret.Mask(v)
	if k != secret.Named {
		shown = strconv.Quote(secret.MaskValue("", v))
	}
	// The place comes first: a credential name followed by ": " would read
	// as a name: value pair to the output masker.
	msg := fmt.Sprintf("GO002: hard-coded %s %s", k, shown)
	if where != "" {
		msg = fmt.Sprintf("GO002: %s holds a hard-coded %s %s", where, k, shown)
	}
	msg += ": anyone with the source or the binary can use it; read it from the environment, a secret store " +
		"or the function's role (fccontext.FromContext(ctx).Credentials), and rotate it"
	pass.Report(analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Category: "GO002", Message: msg})
}

func typeName(info *types.Info, lit *ast.CompositeLit) string {
	if t := info.TypeOf(lit); t != nil {
		if named, ok := types.Unalias(t).(*types.Named); ok {
			if named.Obj().Pkg() != nil {
				return named.Obj().Pkg().Name() + "." + named.Obj().Name()
			}
			return named.Obj().Name()
		}
	}
	return types.ExprString(lit.Type)
}

// credentialParam returns the name of the i-th parameter of the callee when
// it holds a credential, or "".
func credentialParam(fn *types.Func, full string, i int) string {
	if idx, ok := credentialArgs[full]; ok {
		for _, j := range idx {
			if j == i {
				if name := paramName(fn, i); name != "" {
					return name
				}
				return fmt.Sprintf("argument %d", i+1)
			}
		}
		return ""
	}
	if name := paramName(fn, i); name != "" && credentialName.MatchString(name) {
		return name
	}
	return ""
}

func paramName(fn *types.Func, i int) string {
	if fn == nil {
		return ""
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() {
		return ""
	}
	return sig.Params().At(i).Name()
}

// literal finds the string constant that e evaluates to: a literal, a
// constant, a wrapper call such as tea.String("..."), or a local variable
// assigned one of those. It returns the expression to report.
func literal(info *types.Info, locals map[types.Object][]ast.Expr, e ast.Expr, depth int) (ast.Expr, string, bool) {
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return e, constant.StringVal(tv.Value), true
	}
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return x, unquote(x), true
		}
	case *ast.CallExpr:
		if len(x.Args) == 1 {
			return literal(info, locals, x.Args[0], depth)
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return literal(info, locals, x.X, depth)
		}
	case *ast.Ident:
		if depth > 0 {
			if obj := info.Uses[x]; obj != nil && len(locals[obj]) == 1 {
				return literal(info, locals, locals[obj][0], depth-1)
			}
		}
	}
	return nil, "", false
}

func unquote(lit *ast.BasicLit) string {
	v := lit.Value
	if len(v) >= 2 {
		return v[1 : len(v)-1]
	}
	return v
}

// isSecret reports whether v looks like a real credential rather than an
// empty string, a placeholder or an environment variable name.
func isSecret(v string) bool {
	return len(v) >= 8 && !isPlaceholder(v) && !envName.MatchString(v) && !namesCredential(v)
}

// namesCredential reports whether v is itself the name of a credential (an
// HTTP header such as "x-fc-access-key-id", a map key such as
// "db_password") rather than its value: the FC Go SDK's own runtime client
// holds such header names in constants called headerAccessKeyId. A value
// with a digit in it is never taken for a name.
func namesCredential(v string) bool {
	return !strings.ContainsAny(v, "0123456789") && secret.IsName(v)
}

var envName = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

var placeholderWords = []string{"xxx", "your", "example", "placeholder", "changeme", "change_me", "dummy", "fake", "redacted", "****", "todo", "replace", "sample"}

func isPlaceholder(v string) bool {
	if secret.IsPlaceholder(v) {
		return true
	}
	l := strings.ToLower(v)
	if strings.ContainsAny(l, "<>{}$ ") || strings.HasPrefix(l, "%") {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	// One character repeated ("aaaaaaaa", "00000000").
	return l == "" || strings.Count(l, l[:1]) == len(l)
}
