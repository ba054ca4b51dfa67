package vetrun

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fcplan/fcplan/model/safefile"
)

// ErrOutsideProject is returned when a module tree would make the go
// command or the parser read something outside the project: a Go file, a
// go.mod, go.sum or go.work that is a symlink leading out of it (or to
// /proc/self/environ, or to /dev/zero), or a replace or use directive naming
// a directory outside it. The go command and the parser quote what they
// read in their errors, and those errors reach the report.
var ErrOutsideProject = errors.New("reads outside the project")

// projectRoot is the directory a run's Go files must stay in: the
// repository that holds dir (the nearest parent with a .git entry), so a
// module of a monorepo may replace a sibling, or dir itself outside a
// repository. A pull request controls what is in the repository and nothing
// beside it.
func projectRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}

// goToolFiles are the files the go command or the parser reads by name.
func goToolFile(name string) bool {
	switch name {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	return strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".s")
}

// checkTree refuses, before the go command runs, a tree under dir that
// could make it read outside root. It walks dir (not following symlinked
// directories, like the go command's ./... patterns), checks that every Go
// tool file is a regular file whose real path is inside root, and that the
// local directories named by replace (go.mod, go.work) and use (go.work)
// directives are inside root. An error names the file, its line where there
// is one, and the way out.
func checkTree(root, dir string) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("project directory %s: %w", root, err)
	}
	if realRoot, err = filepath.Abs(realRoot); err != nil {
		return err
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (d.Name() == ".git" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !goToolFile(d.Name()) {
			return nil
		}
		real, err := safefile.Confine(realRoot, filepath.Dir(path), path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s: a symlink to a missing file: %w", path, ErrOutsideProject)
			}
			return fmt.Errorf("%s: %w: %w", path, ErrOutsideProject, err)
		}
		st, err := os.Stat(real)
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file: %w", path, ErrOutsideProject)
		}
		switch d.Name() {
		case "go.mod", "go.work":
			return checkDirectives(realRoot, path)
		}
		return nil
	})
}

// checkDirectives checks the local directories a go.mod or go.work names.
func checkDirectives(root, path string) error {
	data, err := safefile.Read(path, safefile.Source)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	base := filepath.Dir(path)
	local := func(dir string, line int) error {
		if !modfile.IsDirectoryPath(dir) {
			return nil // a module path: the go command fetches it, from the module cache or proxy
		}
		target := dir
		if !filepath.IsAbs(target) {
			target = filepath.Join(base, target)
		}
		if _, err := safefile.Confine(root, base, target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s:%d: %q is outside the project directory %s (run fcplan from a directory that contains it): %w",
				path, line, dir, root, ErrOutsideProject)
		}
		return nil
	}
	if filepath.Base(path) == "go.work" {
		wf, err := modfile.ParseWork(path, data, nil)
		if err != nil {
			return nil // the go command reports a malformed go.work itself
		}
		for _, u := range wf.Use {
			if err := local(u.Path, u.Syntax.Start.Line); err != nil {
				return err
			}
		}
		for _, r := range wf.Replace {
			if err := local(r.New.Path, r.Syntax.Start.Line); err != nil {
				return err
			}
		}
		return nil
	}
	mf, err := modfile.Parse(path, data, nil)
	if err != nil {
		return nil // the go command reports a malformed go.mod itself
	}
	for _, r := range mf.Replace {
		if err := local(r.New.Path, r.Syntax.Start.Line); err != nil {
			return err
		}
	}
	return nil
}
