// Package load turns the paths a user gives fcplan into one linked
// model.Project: it walks directories, recognises Serverless Devs files,
// Terraform module directories and Terraform plan JSON, loads each with its
// loader and links the result.
package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/model/syaml"
	"github.com/fcplan/fcplan/model/terraform"
)

// Options are passed through to the loaders.
type Options struct {
	SYAML     syaml.Options
	Terraform terraform.Options
	// Secrets, when set, receives every value the loaders report as
	// sensitive (model.Project.Sensitive), for the CLI to mask in output.
	Secrets *secret.Registry
}

// skipDirs are not descended into unless the user names them: test
// fixtures and dependencies, as the go command skips them for "./...".
// Dot-directories (.git, .terraform, .s, editor state) are skipped too; see
// skipDir.
var skipDirs = map[string]bool{
	"testdata": true, "node_modules": true, "vendor": true,
}

// skipDir reports whether a directory found while walking is left out of
// discovery: a fixture, dependency or dot-directory. A directory the user
// names is always walked; only what is found below it is skipped.
func skipDir(name string) bool {
	return skipDirs[name] || strings.HasPrefix(name, ".") && name != "." && name != ".."
}

// Paths loads every project file under paths (files or directories) and
// returns the merged, linked project. It never returns nil: a path that cannot
// be read or parsed gives an error diagnostic, and the other files still load.
// Files that are not project files are skipped; explicitly named ones are
// errors. Below a named directory, testdata, vendor, node_modules and
// dot-directories are not walked (name them to load them).
func Paths(paths []string, opts Options) *model.Project {
	p := &model.Project{}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var jobs []job
	seenTF := map[string]bool{}
	for _, root := range paths {
		info, err := os.Stat(root)
		if errors.Is(err, fs.ErrNotExist) {
			p.Errorf(model.Pos{File: root}, "no such file or directory (expected a project directory, s.yaml, *.tf or a plan JSON)")
			continue
		}
		if err != nil {
			p.Errorf(model.Pos{File: root}, "cannot read: %v", unwrapPathError(err))
			continue
		}
		if !info.IsDir() {
			jobs = append(jobs, plan(p, root, root, true, seenTF)...)
			continue
		}
		var files []string
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				p.Errorf(model.Pos{File: path}, "cannot read: %v", unwrapPathError(err))
				return nil
			}
			if d.IsDir() {
				if path != root && skipDir(d.Name()) {
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
			for _, j := range plan(p, root, f, false, seenTF) {
				j.root = root // paths a module names stay inside what the user named
				jobs = append(jobs, j)
			}
		}
	}
	// Units are independent until linking: load them on every core and
	// merge in the order they were found, so the result does not depend on
	// scheduling.
	nTF := 0
	for _, j := range jobs {
		if j.kind == "tf" {
			nTF++
		}
	}
	opts.Terraform.WorkBudget = terraform.RunShare(nTF)
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
				jobs[i].data = nil // the file's bytes are not needed once loaded
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
	for _, v := range p.Sensitive {
		opts.Secrets.Add(v)
	}
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

// notProjectFile is the error for a file the user named that fcplan cannot
// load as any kind of project file.
const notProjectFile = "not a project file (expected s.yaml with edition and resources/services, *.tf or a terraform show -json plan)"

// defaultSYAMLNames are the file names Serverless Devs reads by default: in
// a directory, a file with one of these names is a project file whatever
// its contents, so an empty or garbled one is reported, not skipped.
var defaultSYAMLNames = map[string]bool{"s.yaml": true, "s.yml": true}

// plan decides what loads path: nothing (with a note or an error when the
// user named the file), its Terraform directory (once), or the file itself.
//
// A file the user named must load as what its name says, or it is an error.
// In a directory (root is the directory walked), files that are clearly not
// project files are skipped: silently when they are ordinary files (a
// package.json), with a note when they are special files or symlinks out of
// the directory; a file that looks like a project file but cannot be read
// or parsed is an error.
func plan(p *model.Project, root, path string, explicit bool, seenTF map[string]bool) []job {
	ext := strings.ToLower(filepath.Ext(path))
	base := strings.ToLower(filepath.Base(path))
	switch ext {
	case ".tf", ".tfvars":
		dir := filepath.Dir(path)
		// The module directory's loader reads the files; say here why a
		// special file among them is not read.
		if why := notRegular(path); why != nil {
			if explicit {
				p.Errorf(model.Pos{File: path}, "cannot read: %v; expected a Terraform file", why)
			} else {
				p.Infof(model.Pos{File: path}, "skipped: %v", why)
			}
			return nil
		}
		if ext == ".tfvars" {
			if explicit {
				p.Errorf(model.Pos{File: path}, "a variable file is not linted on its own: pass it with --var-file and lint its module directory")
			}
			return nil // read by the module directory's loader
		}
		if seenTF[dir] {
			return nil
		}
		seenTF[dir] = true
		return []job{{kind: "tf", path: dir}}
	case ".yaml", ".yml", ".json":
	default:
		if explicit {
			p.Errorf(model.Pos{File: path}, "%s", notProjectFile)
		}
		return nil
	}

	kind := "a Serverless Devs s.yaml"
	if ext == ".json" {
		kind = "a Terraform plan (terraform show -json)"
	}
	if !explicit {
		// Nothing a configuration in the directory names may make fcplan
		// read outside it: a symlink out (to a credentials file, /proc or
		// /dev) is not followed.
		if _, err := safefile.Confine(root, ".", path); err != nil {
			if errors.Is(err, safefile.ErrOutside) {
				p.Infof(model.Pos{File: path}, "skipped: a symlink to outside %s (not followed)", root)
				return nil
			}
		}
	}
	readAs := safefile.Config
	if ext == ".json" {
		readAs = safefile.Plan
		// Most JSON files in a project are not plans (package.json,
		// fixtures): one whose head does not mention format_version is
		// only read up to the config cap (a plan whose keys were sorted
		// may still be one), never up to the plan cap.
		if !explicit && !looksLikeProjectFile(path, ext) {
			if data, err := safefile.Read(path, safefile.Config); err == nil && terraform.IsPlan(data) {
				return []job{{kind: "plan", path: path, data: data}}
			}
			return nil
		}
	}
	data, err := safefile.Read(path, readAs)
	if err != nil {
		switch {
		case explicit:
			p.Errorf(model.Pos{File: path}, "cannot read: %v; expected %s", unwrapPathError(err), kind)
		case errors.Is(err, safefile.ErrNotRegular):
			p.Infof(model.Pos{File: path}, "skipped: %v", unwrapPathError(err))
		case errors.Is(err, safefile.ErrTooLarge) && !looksLikeProjectFile(path, ext):
			p.Infof(model.Pos{File: path}, "skipped: %v", unwrapPathError(err))
		default:
			p.Errorf(model.Pos{File: path}, "cannot read: %v", unwrapPathError(err))
		}
		return nil
	}
	switch {
	case ext == ".json" && (terraform.IsPlan(data) || startsLikePlan(data) && !json.Valid(data)):
		// A truncated or corrupt plan is loaded so that its loader
		// reports where the JSON breaks. Valid JSON that starts the same
		// way but has no planned_values or values is other Terraform
		// output (providers schema -json), not a plan.
		return []job{{kind: "plan", path: path, data: data}}
	case ext != ".json" && (syaml.Detect(data) || (explicit || defaultSYAMLNames[base]) && len(bytes.TrimSpace(data)) == 0):
		// An empty s.yaml is loaded so that its loader reports it.
		return []job{{kind: "syaml", path: path, data: data}}
	case ext == ".json" && explicit:
		p.Errorf(model.Pos{File: path, Line: 1, Column: 1}, "%s: no top-level format_version with planned_values or values", notProjectFile)
	case ext != ".json" && (explicit || defaultSYAMLNames[base]):
		line, problem := yamlProblem(data)
		p.Errorf(model.Pos{File: path, Line: line, Column: 1}, "%s: no top-level `edition` with `resources` or `services`%s", notProjectFile, problem)
	}
	return nil
}

// notRegular returns why path is not read when it is not a regular file
// (a FIFO, a device, a directory, or a symlink to one), nil otherwise.
func notRegular(path string) error {
	f, _, err := safefile.Open(path, safefile.Trace)
	if err != nil {
		if errors.Is(err, safefile.ErrNotRegular) {
			return unwrapPathError(err)
		}
		return nil
	}
	f.Close()
	return nil
}

// startsLikePlan reports whether data begins the way `terraform show -json`
// output does, {"format_version": ..., so that a truncated or corrupt plan
// is reported instead of skipped as some other JSON file.
func startsLikePlan(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	data = bytes.TrimLeft(data[1:], " \t\r\n")
	return bytes.HasPrefix(data, []byte(`"format_version"`))
}

// sniffSize is how much of a file over its size cap is read to tell whether
// it is a project file.
const sniffSize = 64 << 10

// looksLikeProjectFile reads the head of a file found in a directory: an
// s.yaml by name or by its top-level keys, or a plan by its format_version
// key. It decides which JSON files are read at all, and which YAML files
// too large to load are reported as errors instead of skipped (a padded
// s.yaml must not escape the checks).
func looksLikeProjectFile(path, ext string) bool {
	if defaultSYAMLNames[strings.ToLower(filepath.Base(path))] {
		return true
	}
	f, _, err := safefile.Open(path, safefile.Trace)
	if err != nil {
		return true // let the real read report it
	}
	defer f.Close()
	head := make([]byte, sniffSize)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if ext == ".json" {
		return startsLikePlan(head) || bytes.Contains(head, []byte(`"format_version"`))
	}
	return bytes.Contains(head, []byte("edition")) &&
		(bytes.Contains(head, []byte("resources")) || bytes.Contains(head, []byte("services")))
}

// yamlProblem says why data holds no Serverless Devs mapping when it does
// not parse as YAML: the line of the syntax error (1 when unknown) and
// " (not valid YAML: ...)".
func yamlProblem(data []byte) (line int, problem string) {
	var n yaml.Node
	err := yaml.Unmarshal(data, &n)
	if err == nil {
		return 1, ""
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line = 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if l, err := strconv.Atoi(rest[:i]); err == nil && l > 0 {
				line, msg = l, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return line, " (not valid YAML: " + msg + ")"
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
