// Package load turns the paths a user gives fcplan into one linked
// model.Project: it walks directories, recognises Serverless Devs files,
// Terraform module directories and Terraform plan JSON, loads each with its
// loader and links the result.
package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/syaml"
	"github.com/fcplan/fcplan/model/terraform"
)

// Options are passed through to the loaders.
type Options struct {
	SYAML     syaml.Options
	Terraform terraform.Options
}

// skipDirs are never descended into: dependencies, state and VCS data.
var skipDirs = map[string]bool{
	".git": true, ".terraform": true, "node_modules": true, "vendor": true,
	".s": true, ".idea": true, ".vscode": true,
}

// Paths loads every project file under paths (files or directories) and
// returns the merged, linked project. It never returns nil: a path that cannot
// be read or parsed gives an error diagnostic, and the other files still load.
// Files that are not project files are skipped; explicitly named ones get an
// info note saying so.
func Paths(paths []string, opts Options) *model.Project {
	p := &model.Project{}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	seenTF := map[string]bool{}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			p.Errorf(model.Pos{File: root}, "cannot read: %v", unwrapPathError(err))
			continue
		}
		if !info.IsDir() {
			loadFile(p, root, true, opts, seenTF)
			continue
		}
		var files []string
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				p.Errorf(model.Pos{File: path}, "cannot read: %v", unwrapPathError(err))
				return nil
			}
			if d.IsDir() {
				if path != root && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			p.Errorf(model.Pos{File: root}, "cannot walk: %v", err)
		}
		sort.Strings(files)
		for _, f := range files {
			loadFile(p, f, false, opts, seenTF)
		}
	}
	p.Link()
	p.SortDiagnostics()
	return p
}

func loadFile(p *model.Project, path string, explicit bool, opts Options, seenTF map[string]bool) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".tf", ".tfvars":
		dir := filepath.Dir(path)
		if ext == ".tfvars" && !explicit {
			return // read by the module directory's loader
		}
		if ext == ".tfvars" {
			p.Infof(model.Pos{File: path}, "skipped: pass variable files with --var-file")
			return
		}
		if seenTF[dir] {
			return
		}
		seenTF[dir] = true
		p.Merge(unit(terraform.LoadDir(dir, opts.Terraform), dir))
	case ".yaml", ".yml", ".json":
		data, err := os.ReadFile(path)
		if err != nil {
			p.Errorf(model.Pos{File: path}, "cannot read: %v", unwrapPathError(err))
			return
		}
		switch {
		case ext == ".json" && terraform.IsPlan(data):
			p.Merge(unit(terraform.LoadPlan(path, data), path))
		case ext != ".json" && syaml.Detect(data):
			p.Merge(unit(syaml.Load(path, data, opts.SYAML), path))
		case explicit:
			what := "a Serverless Devs file (top-level `edition` and `resources` or `services`)"
			if ext == ".json" {
				what = "a Terraform plan (`terraform show -json` output)"
			}
			p.Infof(model.Pos{File: path}, "skipped: not %s", what)
		}
	default:
		if explicit {
			p.Infof(model.Pos{File: path}, "skipped: not a project file (want s.yaml/.yml, *.tf or a plan .json)")
		}
	}
}

// unit marks every file of sub as one load unit, so references by address
// resolve inside it only.
func unit(sub *model.Project, name string) *model.Project {
	if sub != nil {
		sub.SetUnit(name)
	}
	return sub
}

// unwrapPathError drops the path that fs.PathError repeats: diagnostics
// already name the file.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
