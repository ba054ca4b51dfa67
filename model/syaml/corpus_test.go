package syaml

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/fcplan/fcplan/model"
)

// sharedDir finds ../shared beside the repository root, or "".
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(dir, "..", "shared")
			if _, err := os.Stat(shared); err == nil {
				return shared
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// corpusFiles returns the fc3 corpus files, skipping the test when the
// shared directory is absent.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	shared := sharedDir(t)
	if shared == "" {
		t.Skip("../shared (the fc3 corpus) is not present beside the repository: skipping")
	}
	files, _ := filepath.Glob(filepath.Join(shared, "corpus", "fc3", "*.y*ml"))
	if len(files) == 0 {
		t.Skip("no files in ../shared/corpus/fc3: skipping")
	}
	sort.Strings(files)
	return files
}

// TestCorpus loads every real fc3 file: no errors, at least one function
// each, every function with a source line.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	warnings := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		if !Detect(data) {
			t.Errorf("%s: Detect = false", name)
		}
		p := Load(name, data, Options{})
		p.Link()
		for _, d := range p.Diagnostics {
			switch d.Severity {
			case model.DiagError:
				t.Errorf("%s", d)
			case model.DiagWarning:
				warnings++
				t.Logf("%s", d)
			}
		}
		if len(p.Functions) == 0 {
			t.Errorf("%s: no functions loaded", name)
		}
		for _, f := range p.Functions {
			if !f.Source.IsValid() || !f.Name.Set {
				t.Errorf("%s: function %s has no source line or name", name, f.Key)
			}
		}
	}
	t.Logf("%d files, %d warnings", len(files), warnings)
}
