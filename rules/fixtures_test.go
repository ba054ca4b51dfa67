package rules

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/rules/finding"
)

// The end-to-end fixtures live in testdata/<RULE>/{bad,good}/. Every entry
// of those directories (an s.yaml file, a Terraform module directory, a plan
// .json) is loaded on its own through the real loaders. In bad/, every line
// that must be reported carries a marker comment `want: RULE severity`
// (`# want: ...` in YAML and HCL; a "//want" key is not possible in JSON, so
// plan fixtures list `RULE severity line` in a want.txt beside them); the
// rule must report exactly those lines. In good/, the rule must stay silent.
// A testdata/<RULE>/catalog.yaml is applied as a catalog override.

var wantRe = regexp.MustCompile(`want: ([A-Z]+[0-9]+) (error|warning|info)`)

type fixtureWant struct {
	file string
	line int
	sev  string
}

func (w fixtureWant) String() string { return fmt.Sprintf("%s:%d %s", w.file, w.line, w.sev) }

// fixtureWants collects the markers of rule id in every file under path,
// and the want.txt lines (RULE severity file line) beside a file entry.
func fixtureWants(t *testing.T, path, id string) map[string]fixtureWant {
	out := map[string]fixtureWant{}
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		if data, err := os.ReadFile(filepath.Join(filepath.Dir(path), "want.txt")); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				var rule, sev, file string
				var n int
				if k, _ := fmt.Sscanf(line, "%s %s %s %d", &rule, &sev, &file, &n); k == 4 && rule == id && file == filepath.Base(path) {
					w := fixtureWant{path, n, sev}
					out[w.String()] = w
				}
			}
		}
	}
	_ = filepath.Walk(path, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			for _, m := range wantRe.FindAllStringSubmatch(sc.Text(), -1) {
				if m[1] == id {
					w := fixtureWant{p, n, m[2]}
					out[w.String()] = w
				}
			}
		}
		return nil
	})
	return out
}

func TestFixtures(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "bad"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	c := &Context{Catalog: catalog.Default()}
	seen := map[string]bool{}
	for _, bad := range dirs {
		id := filepath.Base(filepath.Dir(bad))
		r := Lookup(id)
		if r == nil {
			t.Errorf("fixtures for unknown rule %s", id)
			continue
		}
		seen[id] = true
		rc := c
		if override := filepath.Join("testdata", id, "catalog.yaml"); fileExists(override) {
			cg, err := catalog.Load(override)
			if err != nil {
				t.Fatalf("%s: %v", override, err)
			}
			rc = &Context{Catalog: cg}
		}
		for _, kind := range []string{"bad", "good"} {
			dir := filepath.Join("testdata", id, kind)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Errorf("%s: %v", dir, err)
				continue
			}
			for _, e := range entries {
				if e.Name() == "want.txt" {
					continue
				}
				path := filepath.Join(dir, e.Name())
				t.Run(id+"/"+kind+"/"+e.Name(), func(t *testing.T) {
					p := load.Paths([]string{path}, load.Options{})
					for _, d := range p.Diagnostics {
						if d.Severity == "error" {
							t.Errorf("load error: %s", d)
						}
					}
					if len(p.Files) == 0 {
						t.Fatalf("nothing loaded from %s", path)
					}
					got := map[string]finding.Finding{}
					for _, f := range r.Check(p, rc) {
						w := fixtureWant{f.Location.File, f.Location.Line, f.Severity.String()}
						got[w.String()] = f
					}
					wants := map[string]fixtureWant{}
					if kind == "bad" {
						wants = fixtureWants(t, path, id)
						if len(wants) == 0 {
							t.Fatalf("bad fixture %s has no want markers", path)
						}
					}
					var keys []string
					for k := range got {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					for _, k := range keys {
						if _, ok := wants[k]; !ok {
							t.Errorf("unexpected %s finding at %s: %s", id, k, got[k].Message)
						}
					}
					for k := range wants {
						if _, ok := got[k]; !ok {
							t.Errorf("missing %s finding at %s", id, k)
						}
					}
				})
			}
		}
	}
	for _, r := range All() {
		if !strings.HasPrefix(r.ID, "FCP") && !seen[r.ID] && ownRule(r.ID) {
			t.Errorf("rule %s has no fixtures under testdata/%s", r.ID, r.ID)
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// ownRule reports whether the rule is one of the configuration rule
// families that carry fixtures here.
func ownRule(id string) bool {
	for _, p := range []string{"RAM", "NET", "REL", "COST", "SEC"} {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}
