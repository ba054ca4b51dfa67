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
	"runtime"
	"sort"
	"strings"
	"sync"

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
	var jobs []job
	seenTF := map[string]bool{}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			p.Errorf(model.Pos{File: root}, "cannot read: %v", unwrapPathError(err))
			continue
		}
		if !info.IsDir() {
			jobs = append(jobs, plan(p, root, true, seenTF)...)
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
			for _, j := range plan(p, f, false, seenTF) {
				j.root = root // paths a module names stay inside what the user named
				jobs = append(jobs, j)
			}
		}
	}
	// Units are independent until linking: load them on every core and
	// merge in the order they were found, so the result does not depend on
	// scheduling.
	results := make([]*model.Project, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = jobs[i].load(opts)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		p.Merge(r)
	}
	p.Link()
	p.SortDiagnostics()
	return p
}

// job is one load unit: a Terraform module directory, a plan file or an
// s.yaml file.
type job struct {
	kind string // "tf", "plan" or "syaml"
	path string
	data []byte // the file's text, read for detection (plan, syaml)
	root string // the directory the user named, which confines a module's paths
}

func (j job) load(opts Options) *model.Project {
	switch j.kind {
	case "tf":
		tf := opts.Terraform
		tf.Root = j.root
		return unit(terraform.LoadDir(j.path, tf), j.path)
	case "plan":
		return unit(terraform.LoadPlan(j.path, j.data), j.path)
	case "syaml":
		return unit(syaml.Load(j.path, j.data, opts.SYAML), j.path)
	}
	return nil
}

// plan decides what loads path: nothing (with a note when the user named
// the file), its Terraform directory (once), or the file itself.
func plan(p *model.Project, path string, explicit bool, seenTF map[string]bool) []job {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".tf", ".tfvars":
		dir := filepath.Dir(path)
		if ext == ".tfvars" && !explicit {
			return nil // read by the module directory's loader
		}
		if ext == ".tfvars" {
			p.Infof(model.Pos{File: path}, "skipped: pass variable files with --var-file")
			return nil
		}
		if seenTF[dir] {
			return nil
		}
		seenTF[dir] = true
		return []job{{kind: "tf", path: dir}}
	case ".yaml", ".yml", ".json":
		data, err := os.ReadFile(path)
		if err != nil {
			p.Errorf(model.Pos{File: path}, "cannot read: %v", unwrapPathError(err))
			return nil
		}
		switch {
		case ext == ".json" && terraform.IsPlan(data):
			return []job{{kind: "plan", path: path, data: data}}
		case ext != ".json" && syaml.Detect(data):
			return []job{{kind: "syaml", path: path, data: data}}
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
	return nil
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
