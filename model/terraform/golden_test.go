package terraform

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

// projects is the repository's shared fixture directory.
const projects = "../../testdata/projects"

func loadFixture(t testing.TB, name string) *model.Project {
	t.Helper()
	var p *model.Project
	if name == "tf-plan" {
		path := filepath.Join(projects, name, "plan.json")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p = LoadPlan(path, data)
	} else {
		p = LoadDir(filepath.Join(projects, name), Options{})
	}
	p.Link()
	return p
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"tf-vpc-nat", "tf-vpc-nat-no-eip-assoc", "tf-plan"} {
		t.Run(name, func(t *testing.T) {
			p := loadFixture(t, name)
			got, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("model differs from %s; run go test ./model/terraform -update and review the diff", golden)
			}
		})
	}
}

func TestEgressPaths(t *testing.T) {
	tests := []struct {
		fixture  string
		complete bool
		missing  string // substring of EgressPath.Missing when incomplete
	}{
		{"tf-vpc-nat", true, ""},
		{"tf-plan", true, ""},
		{"tf-vpc-nat-no-eip-assoc", false, "no EIP is associated with NAT gateway alicloud_nat_gateway.egress"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			p := loadFixture(t, tt.fixture)
			if p.HasErrors() {
				t.Fatalf("diagnostics: %v", p.Diagnostics)
			}
			f := p.Function("alicloud_fcv3_function.orders")
			if f == nil {
				t.Fatal("function alicloud_fcv3_function.orders not loaded")
			}
			if got := f.Links.VSwitches; len(got) != 2 || got[0] != "alicloud_vswitch.a" || got[1] != "alicloud_vswitch.b" {
				t.Fatalf("linked vSwitches = %v", got)
			}
			if len(f.Links.Egress) != 2 {
				t.Fatalf("egress paths = %+v", f.Links.Egress)
			}
			wantEntry := []string{"alicloud_snat_entry.a", "alicloud_snat_entry.vpc_wide"}
			for i, e := range f.Links.Egress {
				if e.Complete != tt.complete {
					t.Errorf("path %d (%s) complete = %v, want %v: %+v", i, e.VSwitch, e.Complete, tt.complete, e)
				}
				if e.SNATEntry != wantEntry[i] || e.NATGateway != "alicloud_nat_gateway.egress" {
					t.Errorf("path %d = %+v, want SNAT entry %s via alicloud_nat_gateway.egress", i, e, wantEntry[i])
				}
				if tt.complete && e.EIP != "alicloud_eip_address.egress" {
					t.Errorf("path %d EIP = %q", i, e.EIP)
				}
				if !tt.complete && !strings.Contains(e.Missing, tt.missing) {
					t.Errorf("path %d missing = %q, want it to name %q", i, e.Missing, tt.missing)
				}
			}
			if f.Links.Role != "alicloud_ram_role.fn" || len(f.Links.Policies) != 2 {
				t.Errorf("role links = %q %v", f.Links.Role, f.Links.Policies)
			}
		})
	}
}
