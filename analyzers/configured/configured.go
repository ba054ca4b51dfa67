// Package configured makes fcplan's analyzers honour the project's
// suppressions and configuration under every driver: `go vet -vettool=fcvet`
// (unitchecker, one package per process), the golangci-lint module plugin,
// and `fcplan vet`'s own checker. Without it only `fcplan vet` applied them,
// so a justified `//fcplan:ignore GO001 -- reason` passed there and failed
// the go vet job on the same code.
//
// Wrap returns copies of the analyzers whose reported diagnostics are
// filtered as rules.Apply filters `fcplan vet`'s findings:
//
//   - a rule that .fcplan.yaml disables (disable, enable, rules.ID.off) or
//     excludes for the file (exclude, rules.ID.exclude) is not reported;
//   - a diagnostic on the line of a valid `//fcplan:ignore RULE -- reason`
//     comment, or on the line below one standing alone, is not reported.
//
// IgnoreCheck reports malformed ignore comments as FCP001, as `fcplan vet`
// does. The configuration is .fcplan.yaml, found by walking up from the
// package's directory to the module root (the directory holding go.mod).
// Baselines and severity overrides are `fcplan vet`'s: go vet has no
// severities and no baseline.
package configured

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/rules"
)

// Wrap returns copies of as that drop the diagnostics the project's
// configuration or ignore comments silence. Requires edges are kept: the
// copies share facts and results with the originals' dependencies.
func Wrap(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		c := *a
		run := a.Run
		c.Run = func(pass *analysis.Pass) (any, error) {
			f, err := newFilter(pass)
			if err != nil {
				return nil, err
			}
			p := *pass
			report := pass.Report
			p.Report = func(d analysis.Diagnostic) {
				if f.keep(d) {
					report(d)
				}
			}
			return run(&p)
		}
		out[i] = &c
	}
	return out
}

// IgnoreCheck reports `fcplan:ignore` comments that silence nothing because
// they are malformed (no rule, an unknown rule, no reason) as FCP001, the
// finding `fcplan vet` and `fcplan lint` report for them.
var IgnoreCheck = &analysis.Analyzer{
	Name: "fcignore",
	Doc:  "report malformed fcplan:ignore comments (FCP001)\n\nAn fcplan:ignore comment needs a known rule ID and a reason after \" -- \"; one without silences nothing.",
	URL:  rules.DocURL(rules.MalformedIgnoreID),
	Run: func(pass *analysis.Pass) (any, error) {
		f, err := newFilter(pass)
		if err != nil {
			return nil, err
		}
		if !f.cfg.Enabled(rules.MalformedIgnoreID) {
			return nil, nil
		}
		for _, file := range f.files {
			for _, d := range f.directives[file] {
				msg := d.Problem()
				if msg == "" || f.cfg.Excluded(rules.MalformedIgnoreID, file) {
					continue
				}
				pos := f.pos(file, d.Location.Line, d.Location.Column)
				if !pos.IsValid() {
					continue
				}
				pass.Report(analysis.Diagnostic{Pos: pos, Category: rules.MalformedIgnoreID,
					Message: rules.MalformedIgnoreID + ": fcplan:ignore comment " + msg})
			}
		}
		return nil, nil
	},
}

// filter holds one package's configuration and ignore comments.
type filter struct {
	fset       *token.FileSet
	cfg        rules.Config
	files      []string
	tokFiles   map[string]*token.File
	directives map[string][]rules.Directive
}

func newFilter(pass *analysis.Pass) (*filter, error) {
	f := &filter{fset: pass.Fset, tokFiles: map[string]*token.File{}, directives: map[string][]rules.Directive{}}
	var dir string
	for _, af := range pass.Files {
		tf := pass.Fset.File(af.FileStart)
		if tf == nil {
			continue
		}
		name := tf.Name()
		if !strings.HasSuffix(name, ".go") {
			continue // a cgo-generated file in the build cache
		}
		if dir == "" {
			dir = filepath.Dir(name)
		}
		f.files = append(f.files, name)
		f.tokFiles[name] = tf
		src, err := safefile.Read(name, safefile.Source)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s for fcplan:ignore comments: %w", name, err)
		}
		f.directives[name] = rules.ScanDirectives(name, src, rules.GoComments)
	}
	if dir != "" {
		cfg, err := configFor(dir)
		if err != nil {
			return nil, err
		}
		f.cfg = cfg
	}
	return f, nil
}

// keep reports whether d survives the configuration and ignore comments.
func (f *filter) keep(d analysis.Diagnostic) bool {
	id, _, _ := strings.Cut(d.Category, "/")
	if id == "" {
		return true
	}
	p := f.fset.Position(d.Pos)
	if !f.cfg.Enabled(id) || f.cfg.Excluded(id, p.Filename) {
		return false
	}
	for _, dir := range f.directives[p.Filename] {
		if dir.Problem() == "" && dir.Covers(id, p.Line) {
			return false
		}
	}
	return true
}

// pos turns a line and column of file into a token.Pos.
func (f *filter) pos(file string, line, col int) token.Pos {
	tf := f.tokFiles[file]
	if tf == nil || line < 1 || line > tf.LineCount() {
		return token.NoPos
	}
	p := tf.LineStart(line)
	if col > 1 && int(p)+col-1 <= tf.Base()+tf.Size() {
		p += token.Pos(col - 1)
	}
	return p
}

// configs caches the configuration per package directory: the golangci-lint
// plugin and fcplan vet analyze many packages in one process.
var configs sync.Map // dir -> configResult

type configResult struct {
	cfg rules.Config
	err error
}

// configFor loads the .fcplan.yaml that governs dir: the nearest one from
// dir up to the module root (the first directory with a go.mod), or none.
func configFor(dir string) (rules.Config, error) {
	if v, ok := configs.Load(dir); ok {
		r := v.(configResult)
		return r.cfg, r.err
	}
	cfg, err := loadConfig(dir)
	configs.Store(dir, configResult{cfg, err})
	return cfg, err
}

func loadConfig(dir string) (rules.Config, error) {
	path := FindConfig(dir)
	if path == "" {
		return rules.Config{}, nil
	}
	// A .fcplan.yaml found in the code may come from the pull request: a
	// symlink from it to a file elsewhere is not followed.
	d := filepath.Dir(path)
	if _, err := safefile.Confine(d, d, filepath.Base(path)); err != nil {
		return rules.Config{}, fmt.Errorf("config %s: %w; a %s found in the project must be a file inside its directory", path, err, rules.ConfigFileName)
	}
	cfg, err := rules.LoadConfig(path)
	if err != nil {
		return rules.Config{}, err
	}
	return cfg, nil
}

// FindConfig returns the .fcplan.yaml governing the Go package in dir: the
// nearest one in dir or a parent, stopping at the module root (the first
// directory with a go.mod) and at the file system root; "" when there is
// none.
func FindConfig(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	for {
		c := filepath.Join(dir, rules.ConfigFileName)
		if info, err := os.Lstat(c); err == nil && !info.IsDir() {
			return c
		}
		if info, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !info.IsDir() {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
