package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
)

func TestIsPlan(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"plan", `{"format_version":"1.2","planned_values":{"root_module":{}}}`, true},
		{"state", `{"format_version":"1.0","values":{"root_module":{}}}`, true},
		{"no version", `{"planned_values":{}}`, false},
		{"other JSON", `{"edition":"3.0.0","resources":{}}`, false},
		{"not JSON", `resource "x" "y" {}`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		if got := IsPlan([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: IsPlan = %v, want %v", tt.name, got, tt.want)
		}
	}
	data, err := os.ReadFile(filepath.Join(projects, "tf-plan", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !IsPlan(data) {
		t.Error("fixture plan.json is not recognised")
	}
}

func TestPlanValuesAndLines(t *testing.T) {
	p := loadFixture(t, "tf-plan")
	if p.HasErrors() {
		t.Fatalf("diagnostics: %v", p.Diagnostics)
	}
	f := p.Function("alicloud_fcv3_function.orders")
	if f == nil {
		t.Fatal("function not loaded")
	}
	var vsb *model.VSwitch
	for _, vs := range p.Network.VSwitches {
		if vs.Key == "alicloud_vswitch.b" {
			vsb = vs
		}
	}
	tests := []struct {
		name string
		got  at
		want at
	}{
		{"function object", posAt(string(f.Format), f.Source), at{"terraform-plan", "plan.json", 208}},
		{"memory", textAt(f.MemoryMB), at{"1024", "plan.json", 220}},
		{"internet access", textAt(f.InternetAccess), at{"false", "plan.json", 225}},
		{"unknown role points at its expression", textAt(f.Role), at{"alicloud_ram_role.fn.arn", "plan.json", 1074}},
		{"unknown vswitch list split by reference", textAt(f.VPC.VSwitchIDs[1]), at{"alicloud_vswitch.b.id", "plan.json", 1089}},
		{"vswitch cidr", textAt(vsb.CIDR), at{"10.10.2.0/24", "plan.json", 56}},
		{"trigger type", textAt(f.Triggers[0].Type), at{"http", "plan.json", 264}},
		{"region from variables", textAt(f.Region), at{"cn-hangzhou", "plan.json", 728}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
	if f.Role.Ref != "alicloud_ram_role.fn.arn" || f.Links.Role != "alicloud_ram_role.fn" {
		t.Errorf("role ref %q linked to %q", f.Role.Ref, f.Links.Role)
	}
}

func TestPlanErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		line     int
		contains string
	}{
		{"syntax", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {,\n}", 3, "invalid JSON"},
		{"truncated", "{\n  \"format_version\": \"1.2\",\n", 3, "unexpected end"},
		{"unsupported version", "{\n  \"format_version\": \"9.0\",\n  \"planned_values\": {}\n}", 2, "not a Terraform plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := LoadPlan("x.json", []byte(tt.data))
			if !p.HasErrors() {
				t.Fatal("no error")
			}
			d := p.Diagnostics[0]
			if d.Pos.File != "x.json" || d.Pos.Line != tt.line || !strings.Contains(d.Message, tt.contains) {
				t.Errorf("diagnostic = %v, want x.json:%d containing %q", d, tt.line, tt.contains)
			}
		})
	}
}

func TestLoadState(t *testing.T) {
	state := `{
  "format_version": "1.0",
  "terraform_version": "1.9.8",
  "values": {
    "root_module": {
      "child_modules": [
        {
          "address": "module.net",
          "resources": [
            {
              "address": "module.net.alicloud_vswitch.a",
              "mode": "managed",
              "type": "alicloud_vswitch",
              "name": "a",
              "provider_name": "registry.terraform.io/aliyun/alicloud",
              "schema_version": 0,
              "values": {
                "id": "vsw-123",
                "cidr_block": "10.0.1.0/24",
                "vpc_id": "vpc-9",
                "zone_id": "cn-hangzhou-h"
              }
            }
          ]
        }
      ]
    }
  }
}`
	p := LoadPlan("state.json", []byte(state))
	if p.HasErrors() || len(p.Network.VSwitches) != 1 {
		t.Fatalf("project = %+v", p)
	}
	vs := p.Network.VSwitches[0]
	if vs.Key != "module.net.alicloud_vswitch.a" || textAt(vs.ID) != (at{"vsw-123", "state.json", 18}) || vs.Source.Line != 10 {
		t.Errorf("vswitch = %s %+v source %v", vs.Key, textAt(vs.ID), vs.Source)
	}
}

func TestPlanChildModuleReferences(t *testing.T) {
	plan := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{
    "address": "module.net[0]",
    "resources": [{
      "address": "module.net[0].alicloud_vswitch.a",
      "mode": "managed", "type": "alicloud_vswitch", "name": "a",
      "values": {"cidr_block": "10.0.1.0/24"}
    }]
  }]}},
  "resource_changes": [{
    "address": "module.net[0].alicloud_vswitch.a",
    "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}
  }],
  "configuration": {"root_module": {"module_calls": {"net": {"module": {"resources": [{
    "address": "alicloud_vswitch.a", "mode": "managed", "type": "alicloud_vswitch", "name": "a",
    "expressions": {"vpc_id": {"references": ["alicloud_vpc.v.id", "alicloud_vpc.v"]}}
  }]}}}}}
}`
	p := LoadPlan("plan.json", []byte(plan))
	if p.HasErrors() || len(p.Network.VSwitches) != 1 {
		t.Fatalf("project: %v", p.Diagnostics)
	}
	vs := p.Network.VSwitches[0]
	if vs.Key != "module.net[0].alicloud_vswitch.a" || vs.VPCID.Ref != "module.net[0].alicloud_vpc.v.id" || vs.VPCID.Pos.Line != 17 {
		t.Errorf("vswitch %s vpc %+v", vs.Key, vs.VPCID)
	}
}

func TestPlanCountIndexReferences(t *testing.T) {
	plan := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "alicloud_vswitch.s[0]", "mode": "managed", "type": "alicloud_vswitch", "name": "s", "index": 0, "values": {"cidr_block": "10.0.0.0/24"}},
    {"address": "alicloud_vswitch.s[1]", "mode": "managed", "type": "alicloud_vswitch", "name": "s", "index": 1, "values": {"cidr_block": "10.0.1.0/24"}},
    {"address": "alicloud_snat_entry.e[1]", "mode": "managed", "type": "alicloud_snat_entry", "name": "e", "index": 1, "values": {}}
  ]}},
  "resource_changes": [
    {"address": "alicloud_snat_entry.e[1]", "change": {"actions": ["create"], "after_unknown": {"source_vswitch_id": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "alicloud_snat_entry.e", "mode": "managed", "type": "alicloud_snat_entry", "name": "e",
     "expressions": {"source_vswitch_id": {"references": ["alicloud_vswitch.s", "count.index"]}}}
  ]}}
}`
	p := LoadPlan("plan.json", []byte(plan))
	if p.HasErrors() || len(p.Network.SNATEntries) != 1 {
		t.Fatalf("project: %v", p.Diagnostics)
	}
	if got := p.Network.SNATEntries[0].SourceVSwitchID.Ref; got != "alicloud_vswitch.s[1]" {
		t.Errorf("ref = %q, want alicloud_vswitch.s[1]", got)
	}
}
