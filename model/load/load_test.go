package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
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
	for _, want := range []string{"missing: error: cannot read", "notes.yaml: info: skipped: not a Serverless Devs file", "broken.yaml:"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "broken.yaml") || len(diagnostics(p, model.DiagError)) < 2 {
		t.Errorf("broken s.yaml must be an error, got:\n%s", got)
	}
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
