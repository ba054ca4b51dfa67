package vetrun

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/fcplan/fcplan/model/safefile"
)

// cgoOverlay returns, for every Go file of the packages that imports "C",
// a copy in which the import of "C" is blanked out with spaces, so that
// every other line and column stays where it was. Loaded through
// packages.Config.Overlay with CGO_ENABLED=0, such a file is type-checked
// like one with an unresolved import: each use of C is a type error, the
// package is degraded, and the analyzers still run over its handlers. The
// C toolchain never runs, so a preamble's #include reads nothing.
//
// The files are found with a plain listing under CGO_ENABLED=1 (without
// -compiled the go command runs neither cgo nor the C compiler), because
// under CGO_ENABLED=0 a package made only of cgo files is not listed at
// all. files lists them, sorted.
func cgoOverlay(dir string, env, flags []string, tests bool, patterns []string) (overlay map[string][]byte, files []string, err error) {
	list := &packages.Config{Mode: packages.NeedName | packages.NeedFiles, Dir: dir, Tests: tests,
		Env: append(env[:len(env):len(env)], "CGO_ENABLED=1"), BuildFlags: flags}
	pkgs, err := packages.Load(list, patterns...)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.GoFiles {
			if seen[f] || !strings.HasSuffix(f, ".go") || strings.HasPrefix(f, goroot) {
				continue
			}
			seen[f] = true
			src, err := safefile.Read(f, safefile.Source)
			if err != nil {
				continue
			}
			if out, ok := withoutImportC(f, src); ok {
				if overlay == nil {
					overlay = map[string][]byte{}
				}
				overlay[f] = out
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	return overlay, files, nil
}

// withoutImportC blanks the import of "C" in src; ok is false when src
// does not import "C" or does not parse.
func withoutImportC(name string, src []byte) (out []byte, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Base(name), src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, false
	}
	out = append([]byte(nil), src...)
	blank := func(from, to token.Pos) {
		start, end := fset.Position(from).Offset, fset.Position(to).Offset
		for i := start; i < end && i < len(out); i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	for _, d := range f.Decls {
		gd, isGen := d.(*ast.GenDecl)
		if !isGen || gd.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			if path, err := strconv.Unquote(is.Path.Value); err != nil || path != "C" {
				continue
			}
			ok = true
			if !gd.Lparen.IsValid() {
				blank(gd.Pos(), gd.End()) // import "C"
			} else {
				blank(is.Pos(), is.End()) // import ( "C"; ... )
			}
		}
	}
	return out, ok
}

// unmatched describes each pattern that matched no package: a pattern that
// names a directory or an import path, or ends in /..., must find at least
// one of the loaded packages (all) that could be analyzed (pkgs). Queries
// the go command expands itself (std, all, file=...) are not checked.
func unmatched(dir string, patterns []string, all, pkgs []*packages.Package) []string {
	base := dir
	if abs, err := filepath.Abs(base); err == nil {
		base = abs
	}
	var out []string
	for _, pat := range patterns {
		if pat == "std" || pat == "all" || pat == "cmd" || strings.Contains(pat, "=") {
			continue
		}
		local := strings.HasPrefix(pat, ".") || filepath.IsAbs(pat)
		wild := strings.Index(pat, "...")
		match := func(p *packages.Package) bool {
			switch {
			case local && wild >= 0:
				prefix := filepath.Join(base, pat[:wild])
				return p.Dir == prefix || strings.HasPrefix(p.Dir, prefix)
			case local:
				return p.Dir == filepath.Join(base, pat)
			case wild >= 0:
				return strings.HasPrefix(p.PkgPath, pat[:wild])
			}
			return p.PkgPath == pat || p.PkgPath == pat+"_test"
		}
		found := false
		for _, p := range pkgs {
			if match(p) {
				found = true
				break
			}
		}
		if found {
			continue
		}
		msg := "pattern " + pat + " matched no packages"
		for _, p := range all {
			if (p.ID == pat || match(p)) && len(p.Errors) > 0 {
				msg += " (" + p.Errors[0].Msg + ")"
				break
			}
		}
		out = append(out, msg)
	}
	return out
}
