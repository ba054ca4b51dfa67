package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fcplan/fcplan/model"
)

// secretText is planted outside the project; it must never reach a value or
// a diagnostic.
const secretText = "AKIAFCPLANSECRET0123"

// hostileProject lays out tmp/secret.txt (outside), tmp/proj (the project
// root) with the given files, and returns the project directory.
func hostileProject(t *testing.T, files map[string]string) (proj, outside string) {
	t.Helper()
	tmp := t.TempDir()
	outside = filepath.Join(tmp, "secret.txt")
	if err := os.WriteFile(outside, []byte("KEY="+secretText+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	proj = filepath.Join(tmp, "proj")
	for name, content := range files {
		path := filepath.Join(proj, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return proj, outside
}

// envFunction wraps expressions as the environment of one function, one
// variable per expression, in the order given (lines 3, 4, ...).
func envFunction(exprs ...string) string {
	var b strings.Builder
	b.WriteString("resource \"alicloud_fcv3_function\" \"f\" {\n  function_name = \"f\"\n  environment_variables = {\n")
	for i, e := range exprs {
		fmt.Fprintf(&b, "    V%d = %s\n", i, e)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

func envValue(t *testing.T, p *model.Project, name string) model.Str {
	t.Helper()
	f := p.Function("alicloud_fcv3_function.f")
	if f == nil {
		t.Fatalf("function not loaded; diagnostics: %v", p.Diagnostics)
	}
	for _, e := range f.Env {
		if e.Name == name {
			return e.Value
		}
	}
	t.Fatalf("no env %s (%d variables)", name, len(f.Env))
	return model.Str{}
}

// assertNoSecret fails if the secret appears anywhere in the project's JSON
// form (values, unknown texts, diagnostics).
func assertNoSecret(t *testing.T, p *model.Project) {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), secretText) {
		t.Fatalf("the secret outside the project reached the model: %s", b)
	}
	for _, d := range p.Diagnostics {
		if strings.Contains(d.Message, secretText) {
			t.Fatalf("secret in diagnostic %v", d)
		}
	}
}

func diagAt(p *model.Project, line int, substr string) *model.Diagnostic {
	for i, d := range p.Diagnostics {
		if d.Pos.Line == line && strings.Contains(d.Message, substr) {
			return &p.Diagnostics[i]
		}
	}
	return nil
}

func TestFileFunctionsConfined(t *testing.T) {
	proj, outside := hostileProject(t, map[string]string{
		"conf/app.txt":   "hello",
		"conf/bin.dat":   "\xff\xfe",
		"tpl/env.tftpl":  "name=${name}\n%{ for s in items ~}\n- ${s}\n%{ endfor ~}\n",
		"tpl/evil.tftpl": "${file(\"" + "../../secret.txt" + "\")}",
		"files/a.json":   "{}",
		"files/b/c.json": "{}",
		"files/b/d.txt":  "x",
	})
	if err := os.Symlink(outside, filepath.Join(proj, "conf", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/environ", filepath.Join(proj, "conf", "env.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(proj, "conf", "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Symlinks out of the project to a file that does not exist, directly
	// and through a directory: the answer must not differ from an existing
	// target's, or the output would say what exists outside.
	if err := os.Symlink(outside+".missing", filepath.Join(proj, "conf", "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(proj, "up")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		expr  string
		want  string // known value, or "" for unknown
		known bool
		diag  string // substring of the diagnostic on the expression's line
	}{
		{`file("conf/app.txt")`, "hello", true, ""},
		{`file("/proc/self/environ")`, "", false, `file("/proc/self/environ"): not read: outside the project directory`},
		{`regex("KEY=.*", file("../secret.txt"))`, "", false, `file("../secret.txt"): not read: outside the project directory`},
		{`file("` + outside + `")`, "", false, "not read: outside the project directory"},
		{`file("conf/link.txt")`, "", false, "outside the project directory (through a symlink)"},
		{`file("conf/env.txt")`, "", false, "outside the project directory"},
		{`file("conf/fifo")`, "", false, "not a regular file (it is a named pipe)"},
		{`file("conf/missing")`, "", false, "no such file in the project"},
		{`file("conf/bin.dat")`, "", false, "not valid UTF-8"},
		{`filebase64("conf/bin.dat")`, "//4=", true, ""},
		{`filemd5("conf/app.txt")`, "5d41402abc4b2a76b9719d911017c592", true, ""},
		{`filesha1("conf/app.txt")`, "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", true, ""},
		{`filesha256("conf/app.txt")`, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", true, ""},
		{`substr(filesha512("conf/app.txt"), 0, 16)`, "9b71d224bd62f378", true, ""},
		{`filebase64sha256("conf/app.txt")`, "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", true, ""},
		{`filesha256("../secret.txt")`, "", false, "not read: outside the project directory"},
		{`tostring(fileexists("conf/app.txt"))`, "true", true, ""},
		{`tostring(fileexists("conf/missing"))`, "false", true, ""},
		{`tostring(fileexists("../secret.txt"))`, "", false, `fileexists("../secret.txt"): not read: outside the project directory`},
		{`tostring(fileexists("/etc/passwd"))`, "", false, "outside the project directory"},
		{`tostring(fileexists("conf/link.txt"))`, "", false, `fileexists("conf/link.txt"): not read: outside the project directory (through a symlink)`},
		{`tostring(fileexists("conf/dangling.txt"))`, "", false, `fileexists("conf/dangling.txt"): not read: outside the project directory (through a symlink)`},
		{`tostring(fileexists("up/secret.txt"))`, "", false, `fileexists("up/secret.txt"): not read: outside the project directory (through a symlink)`},
		{`tostring(fileexists("up/missing.txt"))`, "", false, `fileexists("up/missing.txt"): not read: outside the project directory (through a symlink)`},
		{`file("conf/dangling.txt")`, "", false, `file("conf/dangling.txt"): not read: outside the project directory (through a symlink)`},
		{`join(",", fileset("files", "**/*.json"))`, "a.json,b/c.json", true, ""},
		{`join(",", fileset("files", "{a,b/d}.*"))`, "a.json,b/d.txt", true, ""},
		{`join(",", fileset("..", "*"))`, "", false, `fileset(".."): not read: outside the project directory`},
		{`templatefile("tpl/env.tftpl", {name = "api", items = ["a", "b"]})`, "name=api\n- a\n- b\n", true, ""},
		{`templatefile("tpl/evil.tftpl", {})`, "", false, `file("../../secret.txt"): not read: outside the project directory`},
		{`templatefile("../secret.txt", {})`, "", false, `templatefile("../secret.txt"): not read: outside the project directory`},
		{`abspath("conf")`, "", false, "the absolute path depends on where Terraform runs"},
		{`pathexpand("~/.aliyun/config.json")`, "", false, "~ is the home directory of whoever runs Terraform"},
		{`pathexpand("conf/app.txt")`, "conf/app.txt", true, ""},
	}
	var exprs []string
	for _, tt := range tests {
		exprs = append(exprs, tt.expr)
	}
	if err := os.WriteFile(filepath.Join(proj, "main.tf"), []byte(envFunction(exprs...)), 0o644); err != nil {
		t.Fatal(err)
	}
	p := LoadDir(proj, Options{})
	assertNoSecret(t, p)
	for i, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			v := envValue(t, p, fmt.Sprintf("V%d", i))
			got, ok := v.Get()
			if ok != tt.known || got != tt.want {
				t.Errorf("value = %q (known %v), want %q (known %v)", got, ok, tt.want, tt.known)
			}
			if tt.diag == "" {
				return
			}
			line := 4 + i
			if strings.HasPrefix(tt.expr, "templatefile(\"tpl/evil") {
				line = 1 // reported inside the template
			}
			if diagAt(p, line, tt.diag) == nil {
				t.Errorf("no diagnostic %q at line %d; got %v", tt.diag, line, p.Diagnostics)
			}
		})
	}
}

// The root is the directory the user named: a module below it may read
// files elsewhere in it, never above it.
func TestFileFunctionsRootFromOptions(t *testing.T) {
	proj, _ := hostileProject(t, map[string]string{
		"shared/policy.json": `{"Version":"1"}`,
		"infra/main.tf":      envFunction(`file("../shared/policy.json")`, `file("../../secret.txt")`),
	})
	p := LoadDir(filepath.Join(proj, "infra"), Options{Root: proj})
	assertNoSecret(t, p)
	if v, ok := envValue(t, p, "V0").Get(); !ok || v != `{"Version":"1"}` {
		t.Errorf("in-project file above the module: %q %v", v, ok)
	}
	if _, ok := envValue(t, p, "V1").Get(); ok {
		t.Error("file above the root was read")
	}
	// Without a root the module's own directory confines it.
	p = LoadDir(filepath.Join(proj, "infra"), Options{})
	if _, ok := envValue(t, p, "V0").Get(); ok {
		t.Error("module named directly read a file outside its directory")
	}
	if diagAt(p, 4, "outside the project directory") == nil {
		t.Errorf("no diagnostic: %v", p.Diagnostics)
	}
}

// Variable files and .tf files found in the module come with the
// configuration: a symlink to a device or out of the project is refused with
// an error naming the file, never read.
func TestDiscoveredFilesConfined(t *testing.T) {
	module := `variable "name" { default = "default" }
` + envFunction("var.name")
	tests := []struct {
		name   string
		link   string // file name in the module that becomes a symlink
		target func(outside string) string
		diag   string
	}{
		{"terraform.tfvars to /dev/zero", "terraform.tfvars", func(string) string { return "/dev/zero" }, "outside the project directory"},
		{"auto.tfvars out of the project", "x.auto.tfvars", func(o string) string { return o }, "outside the project directory (through a symlink)"},
		{"tfvars.json to /proc", "terraform.tfvars.json", func(string) string { return "/proc/self/environ" }, "outside the project directory"},
		{".tf out of the project", "evil.tf", func(o string) string { return o }, "outside the project directory (through a symlink)"},
		{"tfvars to a missing file out of the project", "terraform.tfvars", func(o string) string { return o + ".missing" }, "outside the project directory (through a symlink)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proj, outside := hostileProject(t, map[string]string{"main.tf": module})
			if err := os.WriteFile(outside, []byte(`name = "`+secretText+`"`), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(tt.target(outside), filepath.Join(proj, tt.link)); err != nil {
				t.Fatal(err)
			}
			p := loadGuarded(t, proj, Options{})
			assertNoSecret(t, p)
			if got, _ := envValue(t, p, "V0").Get(); got != "default" {
				t.Errorf("var.name = %q, want the default", got)
			}
			found := false
			for _, d := range p.Diagnostics {
				if d.Severity == model.DiagError && strings.HasSuffix(d.Pos.File, tt.link) && strings.Contains(d.Message, tt.diag) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error naming %s with %q: %v", tt.link, tt.diag, p.Diagnostics)
			}
		})
	}
}

// --var-file comes from the person running fcplan: it may be anywhere, but
// must be a regular file.
func TestVarFileFromCommandLine(t *testing.T) {
	proj, outside := hostileProject(t, map[string]string{"main.tf": `variable "name" {}
` + envFunction("var.name")})
	if err := os.WriteFile(outside, []byte(`name = "from-var-file"`), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadGuarded(t, proj, Options{VarFiles: []string{outside}})
	if got, _ := envValue(t, p, "V0").Get(); got != "from-var-file" {
		t.Errorf("var.name = %q from a -var-file outside the project", got)
	}
	fifo := filepath.Join(t.TempDir(), "vars.tfvars")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	p = loadGuarded(t, proj, Options{VarFiles: []string{fifo}})
	if d := diagAt(p, 0, "not a regular file (it is a named pipe)"); d == nil || d.Pos.File != fifo || d.Severity != model.DiagError {
		t.Errorf("FIFO -var-file: %v", p.Diagnostics)
	}
}

// Local modules outside the project are not loaded; inside they are, also
// above the module when the root is the directory the user named.
func TestModuleSourceConfined(t *testing.T) {
	child := envFunction(`"from-child"`)
	proj, _ := hostileProject(t, map[string]string{
		"infra/main.tf":     "module \"in\" {\n  source = \"../modules/fn\"\n}\nmodule \"out\" {\n  source = \"../../evil\"\n}\n",
		"modules/fn/fn.tf":  child,
		"../evil/main.tf":   strings.ReplaceAll(child, "from-child", secretText),
		"infra/.keep":       "",
		"modules/fn/.keep2": "",
	})
	p := loadGuarded(t, filepath.Join(proj, "infra"), Options{Root: proj})
	assertNoSecret(t, p)
	if p.Function("module.in.alicloud_fcv3_function.f") == nil {
		t.Errorf("in-project module not loaded: %v", p.Diagnostics)
	}
	if p.Function("module.out.alicloud_fcv3_function.f") != nil {
		t.Error("module outside the project loaded")
	}
	if d := diagAt(p, 5, `module "out": ../../evil is not loaded: outside the project directory`); d == nil {
		t.Errorf("no diagnostic for the module outside: %v", p.Diagnostics)
	}
	// Named directly, the module's directory is the root: ../modules is out.
	p = loadGuarded(t, filepath.Join(proj, "infra"), Options{})
	if p.Function("module.in.alicloud_fcv3_function.f") != nil {
		t.Error("module above a directly named module loaded")
	}
	if d := diagAt(p, 2, `module "in": ../modules/fn is not loaded: outside the project directory`); d == nil {
		t.Errorf("no diagnostic: %v", p.Diagnostics)
	}
}

// A module installed by terraform init is read from the directory the
// manifest names, which must be inside the project too.
func TestInstalledModuleConfined(t *testing.T) {
	proj, _ := hostileProject(t, map[string]string{
		"main.tf":                         "module \"ext\" {\n  source = \"acme/fc/alicloud\"\n}\nmodule \"abs\" {\n  source = \"acme/other/alicloud\"\n}\nmodule \"ok\" {\n  source = \"acme/ok/alicloud\"\n}\n",
		".terraform/modules/modules.json": `{"Modules":[{"Key":"ext","Dir":"../evil"},{"Key":"abs","Dir":"/etc"},{"Key":"ok","Dir":".terraform/modules/ok"}]}`,
		".terraform/modules/ok/main.tf":   envFunction(`"installed"`),
		"../evil/main.tf":                 envFunction(`"` + secretText + `"`),
	})
	p := loadGuarded(t, proj, Options{})
	assertNoSecret(t, p)
	if p.Function("module.ok.alicloud_fcv3_function.f") == nil {
		t.Errorf("installed module inside the project not loaded: %v", p.Diagnostics)
	}
	for _, line := range []int{2, 5} {
		if diagAt(p, line, "is not loaded: outside the project directory") == nil {
			t.Errorf("no diagnostic at line %d: %v", line, p.Diagnostics)
		}
	}
}
