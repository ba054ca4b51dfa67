// Package vetrun is the driver behind `fcplan vet`: it loads Go packages with
// go/packages, runs fcplan's analyzers over them with the go/analysis
// checker (facts flow from dependencies to dependents), and turns the
// diagnostics into findings. Configuration, fcplan:ignore comments and
// the baseline are applied by the caller with rules.Apply, exactly as for
// `fcplan lint`.
//
// Packages that do not type-check (an import that cannot be resolved, a
// private module that is not downloaded) are still analyzed: every fcplan
// analyzer runs despite type errors and falls back to matching callees by
// import path and selector. Such packages are listed as degraded.
package vetrun

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/fcplan/fcplan/analyzers"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules/finding"
)

// Options say what to analyze.
type Options struct {
	// Dir is the directory patterns are relative to ("" = current).
	Dir string
	// Patterns are go/packages patterns; empty means "./...".
	Patterns []string
	// Tests includes test files and test packages.
	Tests bool
	// Env is the environment for the go command (nil = the process's).
	Env []string
	// CGO lets the go command run cgo, and so the C compiler, on the
	// packages: a cgo preamble's #include then reads any file the code
	// names and the compiler quotes it in its errors. Off, the go command
	// runs with CGO_ENABLED=0 and files that import "C" are analyzed
	// without their C declarations (degraded, like an unresolved import).
	CGO bool
	// Root is the project directory: no Go file, go.mod, go.sum or go.work
	// the go command reads, and no local replace or use directory, may lead
	// outside it (checkTree). "" means the repository that holds Dir (its
	// nearest parent with a .git entry), or Dir outside a repository.
	Root string
	// Analyzers to run; nil means analyzers.All().
	Analyzers []*analysis.Analyzer
}

// LoadProblem is an error met while loading a package (not a finding).
type LoadProblem struct {
	Package  string
	Location finding.Location
	Message  string
}

// Result is what one run found.
type Result struct {
	// Findings are every diagnostic as a finding, sorted by file, line,
	// column and rule.
	Findings []finding.Finding
	// Files are the Go files of the analyzed packages (where ignore
	// comments may be), sorted.
	Files []string
	// Packages is the number of packages analyzed.
	Packages int
	// Degraded lists the packages analyzed despite errors, sorted.
	Degraded []string
	// Problems are the load and type errors of the analyzed packages.
	Problems []LoadProblem
	// Failures are analyzers that failed on a package (an internal error).
	Failures []string
	// NoCgo lists the files that import "C" and were analyzed without
	// cgo (Options.CGO off), sorted.
	NoCgo []string
	// Unavailable lists the modules ("path@version: the go command's
	// error") that kept the go command from loading the module graph; the
	// packages importing them were analyzed degraded, the others fully.
	Unavailable []string
}

// goEnv is the go command's environment: the caller's (or the process's),
// with CGO_ENABLED=0 unless cgo is wanted, and GOTOOLCHAIN=local unless the
// user set GOTOOLCHAIN: a toolchain line in a go.mod under review must not
// make fcplan download and run another Go toolchain. GOFLAGS is left as the
// user set it (never -mod=mod: fcplan does not change go.mod or go.sum, nor
// fetch modules to fill them).
func goEnv(opts Options) []string {
	env := opts.Env
	if env == nil {
		env = os.Environ()
	}
	env = env[:len(env):len(env)]
	if !opts.CGO {
		env = append(env, "CGO_ENABLED=0")
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOTOOLCHAIN=") {
			return env
		}
	}
	return append(env, "GOTOOLCHAIN=local")
}

// load runs go/packages once (and, without cgo, the listing that finds the
// files importing "C"), with extra build flags.
func load(opts Options, env, flags, patterns []string) ([]*packages.Package, []string, error) {
	cfg := &packages.Config{Mode: loadMode, Dir: opts.Dir, Tests: opts.Tests, Env: env, BuildFlags: flags, ParseFile: parseFile}
	var noCgo []string
	if !opts.CGO {
		// Without cgo the go command leaves out the files that import "C"
		// (and a package of only such files altogether): find them with a
		// listing that runs no compiler, and load them as ordinary Go
		// files, so that a handler in one is still checked.
		overlay, files, err := cgoOverlay(opts.Dir, env, flags, opts.Tests, patterns)
		if err != nil {
			return nil, nil, err
		}
		cfg.Overlay, noCgo = overlay, files
	}
	all, err := packages.Load(cfg, patterns...)
	return all, noCgo, err
}

// Load mode: everything the checker needs, for dependencies too, because
// fcplan's analyzers exchange facts across packages.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax |
	packages.NeedTypesInfo | packages.NeedDeps | packages.NeedModule

// ErrNoPackages is returned when the patterns, or one of them, match no Go
// package.
var ErrNoPackages = errors.New("no Go packages matched")

// Run loads the packages and analyzes them.
func Run(opts Options) (*Result, error) {
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	dir, root := opts.Dir, opts.Root
	if dir == "" {
		dir = "."
	}
	if root == "" {
		root = projectRoot(dir)
	}
	if err := checkTree(root, dir); err != nil {
		return nil, err
	}
	env := goEnv(opts)
	var (
		all      []*packages.Package
		noCgo    []string
		fallback *modFallback
		flags    []string
	)
	defer fallback.Close()
	for {
		var err error
		all, noCgo, err = load(opts, env, flags, patterns)
		if err == nil {
			break
		}
		if fallback == nil {
			if fallback, _ = newModFallback(opts.Dir); fallback == nil {
				return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
			}
		}
		if ok, derr := fallback.drop(err); !ok || derr != nil {
			return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
		}
		flags = []string{"-modfile=" + fallback.modPath}
	}
	pkgs := usable(all)
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%w %s", ErrNoPackages, strings.Join(patterns, " "))
	}
	if msgs := unmatched(opts.Dir, patterns, all, pkgs); len(msgs) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoPackages, strings.Join(msgs, "; "))
	}
	as := opts.Analyzers
	if as == nil {
		as = analyzers.All()
	}
	graph, err := checker.Analyze(guard(as), pkgs, nil)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}

	res := &Result{Packages: len(pkgs), NoCgo: noCgo}
	if fallback != nil {
		res.Unavailable = fallback.dropped
	}
	fset := pkgs[0].Fset
	var raw []finding.Finding
	seen := make(map[string]bool)
	for _, act := range graph.Roots {
		if act.Err != nil {
			res.Failures = append(res.Failures, fmt.Sprintf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			f := toFinding(fset, act.Analyzer, d)
			f.Subject = enclosingDecl(act.Package.Syntax, d.Pos)
			// Test variants of a package report the same diagnostic twice.
			key := f.Location.String() + "\x00" + f.RuleID + "\x00" + f.Message
			if seen[key] {
				continue
			}
			seen[key] = true
			raw = append(raw, f)
		}
	}
	for _, pkg := range pkgs {
		// IllTyped also covers errors in dependencies, including those
		// that parseFile provokes in the standard library: only the
		// package's own errors make its analysis degraded.
		if len(pkg.Errors) > 0 || len(pkg.TypeErrors) > 0 {
			res.Degraded = append(res.Degraded, pkg.PkgPath)
			for _, e := range pkg.Errors {
				res.Problems = append(res.Problems, LoadProblem{Package: pkg.PkgPath, Location: parsePos(e.Pos), Message: secret.MaskGoMessage(e.Msg)})
			}
		}
	}
	sort.Strings(res.Degraded)
	res.Degraded = dedupe(res.Degraded)
	sort.Strings(res.Failures)

	files := make(map[string]bool)
	for _, pkg := range pkgs {
		for _, f := range pkg.GoFiles {
			if strings.HasSuffix(f, ".go") && !strings.HasPrefix(f, goroot) {
				files[f] = true
			}
		}
	}
	for f := range files {
		res.Files = append(res.Files, f)
	}
	sort.Strings(res.Files)
	res.Findings = raw
	SortFindings(res.Findings)
	return res, nil
}

// goroot is the standard library's source directory, with a trailing
// separator.
var goroot = filepath.Join(filepath.Clean(build.Default.GOROOT), "src") + string(filepath.Separator)

// parseFile parses a Go file for go/packages. Standard library files lose
// their function bodies: fcplan's analyzers skip the standard library
// (entry.Result.Std) and only need its declarations to type-check the
// user's code, and not type-checking some 200 bodies-heavy packages is most
// of the difference between loading from source and from export data. The
// type errors this causes in the standard library ("imported and not
// used") are ignored; they never concern the packages being analyzed.
func parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	const mode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
	if !strings.HasPrefix(filename, goroot) {
		// A huge file (a generated table, or an attack) takes gigabytes to
		// parse and type-check: its package is analysed without it.
		if limit := safefile.Limit(safefile.Source); int64(len(src)) > limit {
			return nil, fmt.Errorf("%s: not analysed: %w", filename,
				&safefile.TooLargeError{Kind: safefile.Source, Size: int64(len(src)), Limit: limit})
		}
		return parser.ParseFile(fset, filename, src, mode)
	}
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if f != nil {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				fd.Body = nil
			}
		}
	}
	return f, err
}

// usable drops the packages go/packages could not even name (a pattern
// that matched nothing is reported as such a package).
func usable(pkgs []*packages.Package) []*packages.Package {
	var out []*packages.Package
	for _, p := range pkgs {
		if p.Name == "" || len(p.Syntax) == 0 {
			continue
		}
		out = append(out, p)
	}
	return out
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// parsePos reads go/packages' "file:line:col" error positions.
func parsePos(pos string) finding.Location {
	if pos == "" || pos == "-" {
		return finding.Location{}
	}
	parts := strings.Split(pos, ":")
	loc := finding.Location{File: pos}
	if len(parts) >= 3 {
		var line, col int
		if _, err := fmt.Sscanf(parts[len(parts)-2]+" "+parts[len(parts)-1], "%d %d", &line, &col); err == nil && line > 0 && col >= 0 {
			loc = finding.Location{File: strings.Join(parts[:len(parts)-2], ":"), Line: line, Column: col}
		}
	} else if len(parts) == 2 {
		var line int
		if _, err := fmt.Sscanf(parts[1], "%d", &line); err == nil && line > 0 {
			loc = finding.Location{File: parts[0], Line: line}
		}
	}
	return loc
}

// toFinding converts an analyzer diagnostic: the rule ID and severity come
// from its category, the "GO001: " prefix is dropped from the message (the
// finding carries the rule ID), and the fix is the suggested fix, if any.
func toFinding(fset *token.FileSet, a *analysis.Analyzer, d analysis.Diagnostic) finding.Finding {
	id := analyzers.RuleID(d.Category)
	msg := strings.TrimPrefix(d.Message, id+": ")
	f := finding.Finding{
		RuleID:   id,
		Severity: analyzers.Severity(d.Category),
		Location: location(fset, d.Pos),
		Message:  msg,
		DocURL:   a.URL,
		// A GO002 diagnostic points at the literal that holds the secret:
		// a snippet masks it there, whatever the line around it looks
		// like (var dbPassword int = "...").
		SecretValue: id == "GO002",
	}
	if len(d.SuggestedFixes) > 0 {
		f.Fix = d.SuggestedFixes[0].Message
	} else if hint, ok := analyzers.FixHints[d.Category]; ok {
		f.Fix = hint
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, finding.Related{Location: location(fset, r.Pos), Message: r.Message})
	}
	return f
}

// enclosingDecl names the top-level declaration containing pos, from the
// syntax alone ("HandleRequest", "server.handle" for a method, "cfg" for a
// package variable), or "". It is the finding's subject, part of its
// fingerprint: unlike anything derived from types it is the same whether
// or not the package's imports resolve.
func enclosingDecl(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if pos < d.Pos() || pos > d.End() {
				continue
			}
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 {
					if t := recvTypeName(d.Recv.List[0].Type); t != "" {
						return t + "." + d.Name.Name
					}
				}
				return d.Name.Name
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if pos < spec.Pos() || pos > spec.End() {
						continue
					}
					switch sp := spec.(type) {
					case *ast.ValueSpec:
						if len(sp.Names) > 0 {
							return sp.Names[0].Name
						}
					case *ast.TypeSpec:
						return sp.Name.Name
					}
				}
			}
			return ""
		}
	}
	return ""
}

// recvTypeName is a receiver's type name without "*" and type parameters.
func recvTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func location(fset *token.FileSet, pos token.Pos) finding.Location {
	if !pos.IsValid() {
		return finding.Location{}
	}
	p := fset.Position(pos)
	return finding.Location{File: p.Filename, Line: p.Line, Column: p.Column}
}

// SortFindings orders findings by file, line, column, rule and message.
func SortFindings(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return less(fs[i], fs[j]) })
}

func less(a, b finding.Finding) bool {
	if a.Location.File != b.Location.File {
		return a.Location.File < b.Location.File
	}
	if a.Location.Line != b.Location.Line {
		return a.Location.Line < b.Location.Line
	}
	if a.Location.Column != b.Location.Column {
		return a.Location.Column < b.Location.Column
	}
	if a.RuleID != b.RuleID {
		return a.RuleID < b.RuleID
	}
	return a.Message < b.Message
}

// Relative rewrites the findings' file names relative to base (when they
// are below it), for stable, readable output.
func (r *Result) Relative(base string) { r.RelativeTo(base, false) }

// RelativeTo rewrites the findings' file names relative to base; with
// climb, also those outside it ("../x.go"), as lint keeps the paths the user
// gave.
func (r *Result) RelativeTo(base string, climb bool) {
	rel := func(l *finding.Location) {
		if l.File == "" || !filepath.IsAbs(l.File) {
			return
		}
		if p, err := filepath.Rel(base, l.File); err == nil && (climb || !strings.HasPrefix(p, "..")) {
			l.File = p
		}
	}
	for i := range r.Findings {
		rel(&r.Findings[i].Location)
		for j := range r.Findings[i].Related {
			rel(&r.Findings[i].Related[j].Location)
		}
	}
	for i, f := range r.Files {
		l := finding.Location{File: f}
		rel(&l)
		r.Files[i] = l.File
	}
	for i := range r.Problems {
		rel(&r.Problems[i].Location)
	}
	for i, f := range r.NoCgo {
		l := finding.Location{File: f}
		rel(&l)
		r.NoCgo[i] = l.File
	}
}

// guard returns copies of the analyzers whose Run turns a panic into an
// error, so that one analyzer failing on one unusual package is reported
// instead of crashing the whole run. Requires edges point at the copies.
func guard(as []*analysis.Analyzer) []*analysis.Analyzer {
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	var wrap func(a *analysis.Analyzer) *analysis.Analyzer
	wrap = func(a *analysis.Analyzer) *analysis.Analyzer {
		if c, ok := copies[a]; ok {
			return c
		}
		c := *a
		copies[a] = &c
		c.Requires = make([]*analysis.Analyzer, len(a.Requires))
		for i, r := range a.Requires {
			c.Requires[i] = wrap(r)
		}
		run := a.Run
		c.Run = func(pass *analysis.Pass) (result any, err error) {
			// ResultOf is keyed by the copies; the original Run looks up
			// the originals.
			orig := make(map[*analysis.Analyzer]any, len(pass.ResultOf))
			for _, r := range a.Requires {
				orig[r] = pass.ResultOf[copies[r]]
			}
			p := *pass
			p.ResultOf = orig
			p.Analyzer = a
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("internal error (please report): %v", r)
				}
			}()
			return run(&p)
		}
		return &c
	}
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		out[i] = wrap(a)
	}
	return out
}
