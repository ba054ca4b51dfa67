package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/syaml"
	"github.com/fcplan/fcplan/rules/finding"
)

var printCorpus = flag.Bool("print-corpus", false, "print every finding on the fc3 corpus")

// corpusDir finds <repo>/../shared/corpus/fc3.
func corpusDir(t testing.TB) string {
	dir := filepath.Join("..", "..", "shared", "corpus", "fc3")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// runAll runs every registered rule over p.
func runAll(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, r := range All() {
		out = append(out, r.Check(p, c)...)
	}
	return out
}

func loadCorpus(t testing.TB) map[string]*model.Project {
	dir := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Skipf("no corpus files in %s", dir)
	}
	out := map[string]*model.Project{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := syaml.Load(f, data, syaml.Options{})
		p.Link()
		out[f] = p
	}
	return out
}

// TestCorpusFindings runs every rule over the fc3 corpus (44 real files).
// Every finding printed there (-print-corpus) was read and judged right when
// the rules were written; the test keeps the properties that made them
// right: each finding sits on a line of its own file, says what, how to fix
// and where the documentation is, and none is an error (the corpus has no
// admin grants, egress gaps, trigger loops or keys).
func TestCorpusFindings(t *testing.T) {
	projects := loadCorpus(t)
	c := &Context{Catalog: catalog.Default()}
	counts := map[string]int{}
	var names []string
	for n := range projects {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, f := range runAll(projects[n], c) {
			counts[f.RuleID+"/"+f.Severity.String()]++
			if f.Location.File != n || f.Location.Line == 0 {
				t.Errorf("%s: finding without a position in the file: %+v", n, f)
			}
			if f.Message == "" || f.Fix == "" || f.DocURL == "" || f.Subject == "" {
				t.Errorf("%s: incomplete finding: %+v", n, f)
			}
			if f.Severity == finding.Error {
				t.Errorf("%s: unexpected error on the corpus: %s %s", f.Location, f.RuleID, f.Message)
			}
			if *printCorpus {
				fmt.Printf("%s: %s %s: %s\n", f.Location, f.RuleID, f.Severity, f.Message)
			}
		}
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%s=%d ", k, counts[k])
	}
	t.Logf("corpus findings: %s", sb.String())
}
