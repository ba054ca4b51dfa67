package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Terraform module's paths are confined to the directory the user named:
// a module below it may use ../modules and ../shared, a module named directly
// may not.
func TestTerraformRootIsTheNamedDirectory(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"infra/main.tf": `module "fn" {
  source = "../modules/fn"
}
`,
		"modules/fn/main.tf": `resource "alicloud_fcv3_function" "f" {
  function_name = file("${path.module}/../../shared/name.txt")
}
`,
		"shared/name.txt": "api",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := Paths([]string{dir}, Options{})
	f := p.Function("module.fn.alicloud_fcv3_function.f")
	if f == nil {
		t.Fatalf("module inside the named directory not loaded: %v", p.Diagnostics)
	}
	if name, _ := f.Name.Get(); name != "api" {
		t.Errorf("function name = %q, want the in-project file's content", name)
	}
	p = Paths([]string{filepath.Join(dir, "infra")}, Options{})
	if p.Function("module.fn.alicloud_fcv3_function.f") != nil {
		t.Error("module above the named directory loaded")
	}
	found := false
	for _, d := range p.Diagnostics {
		found = found || strings.Contains(d.Message, "outside the project directory")
	}
	if !found {
		t.Errorf("no diagnostic: %v", p.Diagnostics)
	}
}
