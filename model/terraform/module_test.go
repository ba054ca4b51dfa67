package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocalModules(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"main.tf": `resource "alicloud_vswitch" "a" {
  cidr_block = "10.0.1.0/24"
}
resource "alicloud_nat_gateway" "n" {}
resource "alicloud_eip_address" "e" {}
resource "alicloud_eip_association" "x" {
  allocation_id = alicloud_eip_address.e.id
  instance_id   = alicloud_nat_gateway.n.id
}
resource "alicloud_snat_entry" "s" {
  snat_table_id     = alicloud_nat_gateway.n.snat_table_ids
  source_vswitch_id = alicloud_vswitch.a.id
  snat_ip           = alicloud_eip_address.e.ip_address
}
resource "alicloud_ram_role" "r" {
  role_name = "fn-role"
}

module "api" {
  source      = "./modules/fn"
  name        = "api"
  memory      = 1024
  vswitch_ids = [alicloud_vswitch.a.id]
  role        = alicloud_ram_role.r.arn
}

module "remote" {
  source  = "terraform-alicloud-modules/fc/alicloud"
  version = "1.0.0"
}

resource "alicloud_fcv3_trigger" "t" {
  function_name = module.api.function_name
  trigger_name  = "http"
  trigger_type  = "http"
}
`,
		"modules/fn/main.tf": `variable "name" {}
variable "memory" { default = 512 }
variable "vswitch_ids" { type = list(string) }
variable "role" {}

resource "alicloud_fcv3_function" "f" {
  function_name   = "${var.name}-fn"
  memory_size     = var.memory
  internet_access = false
  role            = var.role
  vpc_config {
    vswitch_ids = var.vswitch_ids
  }
}

output "function_name" {
  value = alicloud_fcv3_function.f.function_name
}
`,
	}
	for name, content := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := LoadDir(root, Options{})
	if p.HasErrors() {
		t.Fatalf("diagnostics: %v", p.Diagnostics)
	}
	p.Link()
	f := p.Function("module.api.alicloud_fcv3_function.f")
	if f == nil {
		t.Fatalf("functions: %d, first key %q", len(p.Functions), p.Functions[0].Key)
	}
	tests := []struct {
		name string
		got  at
		want at
	}{
		{"name from a module variable", textAt(f.Name), at{"api-fn", "main.tf", 7}},
		{"memory passed by the caller", textAt(f.MemoryMB), at{"1024", "main.tf", 22}},
		{"vswitch keeps the caller's reference", textAt(f.VPC.VSwitchIDs[0]), at{"alicloud_vswitch.a.id", "main.tf", 23}},
		{"role keeps the caller's reference", textAt(f.Role), at{"alicloud_ram_role.r.arn", "main.tf", 24}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
	if !strings.Contains(f.Name.Pos.File, filepath.Join("modules", "fn")) || !strings.Contains(f.VPC.VSwitchIDs[0].Pos.File, root) {
		t.Errorf("files: name in %s, vswitch in %s", f.Name.Pos.File, f.VPC.VSwitchIDs[0].Pos.File)
	}
	if len(f.Links.Egress) != 1 || !f.Links.Egress[0].Complete || f.Links.Role != "alicloud_ram_role.r" {
		t.Errorf("links across the module boundary: %+v", f.Links)
	}
	if len(f.Triggers) != 1 {
		t.Errorf("trigger by module output not attached: %d", len(f.Triggers))
	}
	found := false
	for _, d := range p.Diagnostics {
		if strings.Contains(d.Message, `module "remote"`) && d.Pos.Line == 28 {
			found = true
		}
	}
	if !found {
		t.Errorf("no note about the registry module: %v", p.Diagnostics)
	}
}

func TestInstalledRegistryModule(t *testing.T) {
	files := map[string]string{
		"main.tf": `module "fc" {
  source  = "terraform-alicloud-modules/fc/alicloud"
  version = "1.4.0"
  memory  = 2048
}
`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"fc","Source":"registry.terraform.io/terraform-alicloud-modules/fc/alicloud","Version":"1.4.0","Dir":".terraform/modules/fc"}]}`,
		".terraform/modules/fc/main.tf": `variable "memory" { default = 512 }
resource "alicloud_fcv3_function" "this" {
  function_name = "from-registry"
  memory_size   = var.memory
}
`,
	}
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := LoadDir(root, Options{})
	if p.HasErrors() || len(p.Functions) != 1 {
		t.Fatalf("functions %d, diagnostics %v", len(p.Functions), p.Diagnostics)
	}
	f := p.Functions[0]
	if f.Key != "module.fc.alicloud_fcv3_function.this" || textAt(f.MemoryMB) != (at{"2048", "main.tf", 4}) {
		t.Errorf("function %s memory %+v", f.Key, textAt(f.MemoryMB))
	}
}

func TestDynamicBlocks(t *testing.T) {
	tf := `variable "mounts" {
  default = [{ server = "nas-1:/", dir = "/mnt/a" }, { server = "nas-2:/", dir = "/mnt/b" }]
}
variable "vswitches" {}

resource "alicloud_fcv3_function" "f" {
  nas_config {
    dynamic "mount_points" {
      for_each = var.mounts
      content {
        server_addr = mount_points.value.server
        mount_dir   = mount_points.value.dir
      }
    }
  }
  dynamic "vpc_config" {
    for_each = var.vswitches
    iterator = vc
    content {
      vswitch_ids = vc.value
    }
  }
}
`
	p, _ := loadHCL(t, map[string]string{"main.tf": tf}, Options{})
	if p.HasErrors() {
		t.Fatalf("diagnostics: %v", p.Diagnostics)
	}
	f := p.Functions[0]
	if f.NAS == nil || len(f.NAS.Targets) != 2 || textAt(f.NAS.Targets[1]) != (at{"nas-2:/", "main.tf", 11}) {
		t.Errorf("NAS from a known dynamic block = %+v", f.NAS)
	}
	if f.VPC == nil || len(f.VPC.VSwitchIDs) != 1 || show(f.VPC.VSwitchIDs[0]) != "unknown:vc.value" {
		t.Errorf("VPC from an unknown dynamic block = %+v", f.VPC)
	}
}

// TestWrapperModulePatterns covers the idioms of published FC wrapper
// modules: a role created only when none is given (count + conditional
// local), triggers from a map(object) variable with optional attributes and
// configs of different shapes, expanded by for_each over a local whose
// values are partly unknown.
func TestWrapperModulePatterns(t *testing.T) {
	tf := `variable "existing_role_arn" {
  type    = string
  default = null
}
variable "hooks" {
  type = map(object({
    kind   = string
    label  = optional(string)
    config = any
  }))
  default = {
    web  = { kind = "http", config = { authType = "function", methods = ["POST"] } }
    cron = { kind = "timer", label = "nightly", config = { cronExpression = "0 0 2 * * *", enable = true } }
  }
}
locals {
  role = var.existing_role_arn != null ? var.existing_role_arn : alicloud_ram_role.made[0].arn
  hooks = {
    for k, h in var.hooks : k => {
      fn     = alicloud_fcv3_function.fn.function_name
      name   = coalesce(h.label, "hook-${k}")
      kind   = h.kind
      config = jsonencode(h.config)
      role   = local.role
    }
  }
}
resource "alicloud_ram_role" "made" {
  count     = var.existing_role_arn == null ? 1 : 0
  role_name = "made"
}
resource "alicloud_fcv3_function" "fn" {
  function_name = "wrapped"
  role          = local.role
}
resource "alicloud_fcv3_trigger" "hook" {
  for_each        = local.hooks
  function_name   = each.value.fn
  trigger_name    = each.value.name
  trigger_type    = each.value.kind
  trigger_config  = each.value.config
  invocation_role = each.value.role
}
`
	p, _ := loadHCL(t, map[string]string{"main.tf": tf}, Options{})
	if len(p.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", p.Diagnostics)
	}
	p.Link()
	f := p.Functions[0]
	if f.Role.Ref != "alicloud_ram_role.made[0].arn" || f.Links.Role != "alicloud_ram_role.made[0]" {
		t.Errorf("role %+v linked to %q", f.Role, f.Links.Role)
	}
	if len(f.Triggers) != 2 {
		t.Fatalf("triggers = %d", len(f.Triggers))
	}
	cron, web := f.Triggers[0], f.Triggers[1]
	if show(cron.Name) != "nightly" || cron.Timer == nil || show(cron.Timer.Cron) != "0 0 2 * * *" {
		t.Errorf("timer trigger = %+v %+v", cron, cron.Timer)
	}
	if show(web.Name) != "hook-web" || web.HTTP == nil || show(web.HTTP.AuthType) != "function" {
		t.Errorf("http trigger = %+v %+v", web, web.HTTP)
	}
}
