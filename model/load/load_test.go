package load

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
)

const projects = "../../testdata/projects"

// TestUnitsDoNotCrossLink loads two Terraform directories that declare the
// same addresses (as dev/ and prod/ environments do). Each function must be
// linked to the network and role of its own directory: the directory without
// an EIP association must not borrow the other one's complete egress path.
func TestUnitsDoNotCrossLink(t *testing.T) {
	complete := filepath.Join(projects, "tf-vpc-nat")
	broken := filepath.Join(projects, "tf-vpc-nat-no-eip-assoc")
	for _, order := range [][]string{{complete, broken}, {broken, complete}} {
		p := Paths(order, Options{})
		if errs := diagnostics(p, model.DiagError); len(errs) > 0 {
			t.Fatalf("load errors: %v", errs)
		}
		if len(p.Functions) != 2 {
			t.Fatalf("got %d functions, want 2", len(p.Functions))
		}
		for _, f := range p.Functions {
			dir := filepath.Dir(f.Source.File)
			if len(f.Links.Egress) == 0 {
				t.Fatalf("%s: no egress links", f.Source)
			}
			if f.Links.RoleRef == nil || filepath.Dir(f.Links.RoleRef.Source.File) != dir {
				t.Errorf("%s: role linked across directories: %+v", f.Source, f.Links.RoleRef)
			}
			for _, e := range f.Links.Egress {
				switch dir {
				case complete:
					if !e.Complete {
						t.Errorf("%s: egress from %s incomplete (%s), want complete", f.Source, e.VSwitch, e.Missing)
					}
				case broken:
					if e.Complete || !strings.Contains(e.Missing, "EIP") {
						t.Errorf("%s: egress from %s = %+v, want missing EIP", f.Source, e.VSwitch, e)
					}
				}
			}
		}
	}
}

// TestSNATOfAnotherVPC: an SNAT entry whose NAT gateway sits in a different
// VPC never completes a vSwitch's path, even when its CIDR contains the
// vSwitch's.
func TestSNATOfAnotherVPC(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", `
resource "alicloud_vpc" "app" { cidr_block = "10.0.0.0/16" }
resource "alicloud_vpc" "other" { cidr_block = "10.0.0.0/8" }
resource "alicloud_vswitch" "a" {
  vpc_id     = alicloud_vpc.app.id
  cidr_block = "10.0.1.0/24"
  zone_id    = "cn-hangzhou-h"
}
resource "alicloud_nat_gateway" "n" {
  vpc_id           = alicloud_vpc.other.id
  nat_type         = "Enhanced"
  vswitch_id       = alicloud_vswitch.a.id
}
resource "alicloud_eip_address" "e" {}
resource "alicloud_eip_association" "ea" {
  allocation_id = alicloud_eip_address.e.id
  instance_id   = alicloud_nat_gateway.n.id
}
resource "alicloud_snat_entry" "s" {
  snat_table_id = alicloud_nat_gateway.n.snat_table_ids
  source_cidr   = "10.0.0.0/8"
  snat_ip       = alicloud_eip_address.e.ip_address
}
resource "alicloud_fcv3_function" "f" {
  function_name = "f"
  runtime       = "go1"
  handler       = "main"
  internet_access = false
  vpc_config {
    vpc_id     = alicloud_vpc.app.id
    vswitch_ids = [alicloud_vswitch.a.id]
  }
}
`)
	p := Paths([]string{dir}, Options{})
	if errs := diagnostics(p, model.DiagError); len(errs) > 0 {
		t.Fatalf("load errors: %v", errs)
	}
	if len(p.Functions) != 1 || len(p.Functions[0].Links.Egress) != 1 {
		t.Fatalf("want one function with one egress link, got %+v", p.Functions)
	}
	if e := p.Functions[0].Links.Egress[0]; e.Complete {
		t.Errorf("egress through another VPC's NAT marked complete: %+v", e)
	}
}

func TestPathsReportsUnreadableAndSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "notes.yaml", "just: a config\n")
	write(t, dir, "broken.yaml", "edition: 3.0.0\nresources:\n  f: [unclosed\n")
	p := Paths([]string{filepath.Join(dir, "missing"), filepath.Join(dir, "notes.yaml"), dir}, Options{})
	got := strings.Join(diagnosticStrings(p), "\n")
	for _, want := range []string{"missing: error: no such file or directory", "notes.yaml:1:1: error: not a project file", "broken.yaml:"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "broken.yaml") || len(diagnostics(p, model.DiagError)) < 3 {
		t.Errorf("broken s.yaml must be an error, got:\n%s", got)
	}
}

// planHead is how `terraform show -json` output starts.
const planHead = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[`

// TestPathsNamedFiles: a file the user names must load as what it claims to
// be; anything else is an error naming the file (and the line where the
// parser stopped), never a silent skip and never a hang on a FIFO or a
// device.
func TestPathsNamedFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "empty.yaml", "")
	write(t, dir, "garbage.yaml", "hello: world\n")
	write(t, dir, "invalid.yaml", "a: [1,\nb: 2\n")
	write(t, dir, "other.json", `{"name": "x"}`)
	write(t, dir, "trunc.json", planHead)
	write(t, dir, "deep.json", `{"format_version":"1.2","planned_values":`+strings.Repeat("[", 20000))
	write(t, dir, "schema.json", `{"format_version":"1.0","provider_schemas":{}}`)
	write(t, dir, "vars.tfvars", "a = 1\n")
	write(t, dir, "README.md", "# x\n")
	special(t, dir)
	cases := []struct {
		name string
		want string // substring of the one error diagnostic
	}{
		{"empty.yaml", "empty.yaml:1:1: error: empty file"},
		{"garbage.yaml", "garbage.yaml:1:1: error: not a project file (expected s.yaml with edition and resources/services"},
		{"invalid.yaml", "invalid.yaml:2:1: error: not a project file"},
		{"other.json", "other.json:1:1: error: not a project file"},
		{"trunc.json", "trunc.json:1:"},
		{"deep.json", "deep.json:1:"},
		{"schema.json", "schema.json:1:1: error: not a project file"},
		{"vars.tfvars", "vars.tfvars: error: a variable file is not linted on its own"},
		{"README.md", "README.md: error: not a project file"},
		{"fifo.yaml", "fifo.yaml: error: cannot read: not a regular file (it is a named pipe); expected a Serverless Devs s.yaml"},
		{"fifo.json", "fifo.json: error: cannot read: not a regular file (it is a named pipe); expected a Terraform plan"},
		{"fifo.tf", "fifo.tf: error: cannot read: not a regular file (it is a named pipe); expected a Terraform file"},
		{"zero.yaml", "zero.yaml: error: cannot read: not a regular file (it is a device)"},
		{"stdin.json", "stdin.json: error: cannot read: not a regular file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := pathsWithin(t, []string{filepath.Join(dir, tc.name)})
			errs := diagnostics(p, model.DiagError)
			if len(errs) != 1 || !strings.Contains(errs[0].String(), tc.want) {
				t.Fatalf("want one error containing %q, got:\n%s", tc.want, strings.Join(diagnosticStrings(p), "\n"))
			}
		})
	}
}

// TestPathsDiscovery: in a directory, special files and symlinks out of it
// are skipped with a note, a truncated plan is an error, other JSON is
// skipped silently, and the real project files still load.
func TestPathsDiscovery(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(projects, "fc3-vpc-app", "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "app.yaml", string(data))
	write(t, dir, "package.json", `{"name": "x", "version": "1.0.0"}`)
	write(t, dir, "schema.json", `{"format_version":"1.0","provider_schemas":{}}`)
	write(t, dir, "trunc.json", planHead)
	// jq -S puts configuration before format_version, past the head that
	// is sniffed: such a plan is still found.
	write(t, dir, "sorted.json", `{"configuration":{"pad":"`+strings.Repeat("x", 80<<10)+`"},"format_version":"1.2","planned_values":{"root_module":{}}}`)
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	if err := os.WriteFile(outside, []byte("edition: 3.0.0\nresources: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linked.yaml")); err != nil {
		t.Fatal(err)
	}
	special(t, dir)
	p := pathsWithin(t, []string{dir})
	got := strings.Join(diagnosticStrings(p), "\n")
	for _, want := range []string{
		"fifo.yaml: info: skipped: not a regular file (it is a named pipe)",
		"fifo.tf: info: skipped: not a regular file (it is a named pipe)",
		"zero.yaml: info: skipped: a symlink to outside",
		"linked.yaml: info: skipped: a symlink to outside",
		"trunc.json:1:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "package.json") || strings.Contains(got, "schema.json") {
		t.Errorf("package.json and a providers schema must be skipped silently:\n%s", got)
	}
	if errs := diagnostics(p, model.DiagError); len(errs) != 1 {
		t.Errorf("want exactly the truncated plan as an error, got:\n%s", got)
	}
	if len(p.Functions) == 0 {
		t.Errorf("app.yaml did not load")
	}
	if !slices.Contains(p.Files, filepath.Join(dir, "sorted.json")) {
		t.Errorf("plan with sorted keys not loaded: files %v", p.Files)
	}
	for _, f := range p.Files {
		if strings.Contains(f, "linked") {
			t.Errorf("read %s through a symlink out of the directory", f)
		}
	}
}

// TestPathsDefaultNameAndSize: a file named s.yaml is a project file
// whatever it holds, and one over the cap is an error, not a skip (padding
// an s.yaml must not make it escape the checks); other YAML over the cap is
// skipped with a note.
func TestPathsDefaultNameAndSize(t *testing.T) {
	if err := safefile.SetLimit(safefile.Config, 1<<10); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { safefile.SetLimit(safefile.Config, safefile.DefaultLimit(safefile.Config)) })
	pad := "# " + strings.Repeat("x", 2<<10) + "\n"
	cases := []struct {
		name, text, want string
	}{
		{"s.yaml", "hello: world\n", "s.yaml:1:1: error: not a project file"},
		{"s.yml", "", "s.yml:1:1: error: empty file"},
		{"s.yaml", "edition: 3.0.0\nresources: {}\n" + pad, "s.yaml: error: cannot read: file is 2.0 KiB, over the 1.0 KiB limit for config files (raise it with --max-input config=SIZE)"},
		{"app.yaml", "edition: 3.0.0\nresources: {}\n" + pad, "app.yaml: error: cannot read: file is"},
		{"big.yaml", "openapi: 3.0.0\n" + pad, "big.yaml: info: skipped: file is"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.name, tc.text)
			p := Paths([]string{dir}, Options{})
			got := strings.Join(diagnosticStrings(p), "\n")
			if !strings.Contains(got, tc.want) {
				t.Errorf("want %q, got:\n%s", tc.want, got)
			}
		})
	}
}

// special makes a FIFO and symlinks to devices in dir.
func special(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"fifo.yaml", "fifo.json", "fifo.tf"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	for name, target := range map[string]string{"zero.yaml": "/dev/zero", "stdin.json": "/dev/stdin"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
}

// pathsWithin runs Paths and fails the test if it does not return within a
// few seconds (a FIFO opened for reading blocks until a writer comes).
func pathsWithin(t *testing.T, paths []string) *model.Project {
	t.Helper()
	done := make(chan *model.Project, 1)
	go func() { done <- Paths(paths, Options{}) }()
	select {
	case p := <-done:
		return p
	case <-time.After(10 * time.Second):
		t.Fatalf("Paths(%v) hung", paths)
	}
	return nil
}

func diagnostics(p *model.Project, sev string) []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range p.Diagnostics {
		if d.Severity == sev {
			out = append(out, d)
		}
	}
	return out
}

func diagnosticStrings(p *model.Project) []string {
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiscoverySkipsFixtureDirs: like the go command's "./...", walking a
// directory leaves out testdata, vendor, node_modules and dot-directories
// (their broken fixtures and dependencies are not the user's project), but a
// directory named explicitly is loaded whatever its name.
func TestDiscoverySkipsFixtureDirs(t *testing.T) {
	root := t.TempDir()
	good := "edition: 3.0.0\nname: app\nresources:\n  api:\n    component: fc3\n    props:\n      region: cn-hangzhou\n      functionName: api\n      runtime: go1\n      handler: main\n      code: ./code\n"
	broken := "edition: 3.0.0\nresources: [\n"
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("s.yaml", good)
	skipped := []string{"testdata", "vendor", "node_modules", ".git", ".s", ".hidden", "sub/testdata"}
	for _, d := range skipped {
		write(filepath.Join(d, "s.yaml"), broken)
	}
	p := Paths([]string{root}, Options{})
	if errs := diagnostics(p, model.DiagError); len(errs) > 0 {
		t.Errorf("walking %s loaded a skipped directory: %v", root, errs)
	}
	if len(p.Functions) != 1 {
		t.Errorf("got %d functions, want the 1 of s.yaml", len(p.Functions))
	}
	for _, d := range skipped {
		p := Paths([]string{filepath.Join(root, d)}, Options{})
		if errs := diagnostics(p, model.DiagError); len(errs) == 0 {
			t.Errorf("%s named explicitly: its broken s.yaml was not loaded", d)
		}
	}
	// "." and ".." are directories the user names, not dot-directories.
	t.Chdir(filepath.Join(root, "sub"))
	if p := Paths([]string{".."}, Options{}); len(p.Functions) != 1 {
		t.Errorf("lint ..: got %d functions, want 1", len(p.Functions))
	}
}

// TestNamedPathErrors: a path the user names that does not exist, or is a
// file of no project kind, is an error that says so, never a silent skip.
func TestNamedPathErrors(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"no-such-dir/", "no-such-dir/: error: no such file or directory (expected a project directory, s.yaml, *.tf or a plan JSON)"},
		{"load.go", "load.go: error: not a project file (expected s.yaml"},
	} {
		p := Paths([]string{tc.path}, Options{})
		errs := diagnostics(p, model.DiagError)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].String(), tc.want) {
			t.Errorf("%s: got %v, want one error starting %q", tc.path, errs, tc.want)
		}
	}
}
