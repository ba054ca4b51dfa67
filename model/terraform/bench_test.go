package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var (
	resourceDecl = regexp.MustCompile(`resource "(\w+)" "(\w+)"`)
	resourceRef  = regexp.MustCompile(`\b(alicloud_\w+)\.(\w+)\.`)
)

// writeBigModule writes the tf-vpc-nat fixture's main.tf once and copies
// of its other files n times with renamed resources: one module of n+1
// files and about 17n resources.
func writeBigModule(tb testing.TB, dir string, n int) {
	tb.Helper()
	src := filepath.Join(projects, "tf-vpc-nat")
	mainTF, err := os.ReadFile(filepath.Join(src, "main.tf"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), mainTF, 0o644); err != nil {
		tb.Fatal(err)
	}
	var body []byte
	for _, name := range []string{"network.tf", "ram.tf", "fc.tf"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			tb.Fatal(err)
		}
		body = append(body, b...)
	}
	for i := 0; i < n; i++ {
		suffix := fmt.Sprintf("_%d", i)
		out := resourceDecl.ReplaceAll(body, []byte(`resource "$1" "${2}`+suffix+`"`))
		out = resourceRef.ReplaceAll(out, []byte(`$1.${2}`+suffix+`.`))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy%02d.tf", i)), out, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestBigModuleLinks(t *testing.T) {
	dir := t.TempDir()
	writeBigModule(t, dir, 3)
	p := LoadDir(dir, Options{})
	if p.HasErrors() {
		t.Fatalf("diagnostics: %v", p.Diagnostics)
	}
	p.Link()
	if len(p.Functions) != 3 {
		t.Fatalf("functions = %d", len(p.Functions))
	}
	for _, f := range p.Functions {
		if len(f.Links.Egress) != 2 || !f.Links.Egress[0].Complete || !f.Links.Egress[1].Complete {
			t.Errorf("%s egress = %+v", f.Key, f.Links.Egress)
		}
	}
}

// BenchmarkLoadDir loads a module of 51 .tf files (about 850 resources)
// and links it.
func BenchmarkLoadDir(b *testing.B) {
	dir := b.TempDir()
	writeBigModule(b, dir, 50)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := LoadDir(dir, Options{})
		p.Link()
		if len(p.Functions) != 50 {
			b.Fatalf("functions = %d", len(p.Functions))
		}
	}
}

// BenchmarkLoadPlan loads the plan fixture.
func BenchmarkLoadPlan(b *testing.B) {
	path := filepath.Join(projects, "tf-plan", "plan.json")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LoadPlan(path, data).Link()
	}
}
