package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
)

// at is a value's display text and where it was written.
type at struct {
	text string
	file string
	line int
}

func textAt[T model.Scalar](v model.Value[T]) at {
	return at{v.Text(), filepath.Base(v.Pos.File), v.Pos.Line}
}

func posAt(text string, p model.Pos) at { return at{text, filepath.Base(p.File), p.Line} }

func TestFixtureValuesAndLines(t *testing.T) {
	p := loadFixture(t, "tf-vpc-nat")
	f := p.Function("alicloud_fcv3_function.orders")
	if f == nil {
		t.Fatal("function not loaded")
	}
	role := p.Roles[0]
	var pol *model.Policy
	for _, x := range p.Policies {
		if x.Key == "alicloud_ram_policy.logs" {
			pol = x
		}
	}
	n := &p.Network
	tests := []struct {
		name string
		got  at
		want at
	}{
		{"function source", posAt(f.Key, f.Source), at{"alicloud_fcv3_function.orders", "fc.tf", 1}},
		{"name from local template", textAt(f.Name), at{"orders-prod-api", "fc.tf", 2}},
		{"memory", textAt(f.MemoryMB), at{"1024", "fc.tf", 6}},
		{"vcpu", textAt(f.VCPU), at{"1", "fc.tf", 7}},
		{"internet access", textAt(f.InternetAccess), at{"false", "fc.tf", 11}},
		{"role reference", textAt(f.Role), at{"alicloud_ram_role.fn.arn", "fc.tf", 12}},
		{"vswitch 0", textAt(f.VPC.VSwitchIDs[0]), at{"alicloud_vswitch.a.id", "fc.tf", 21}},
		{"vswitch 1", textAt(f.VPC.VSwitchIDs[1]), at{"alicloud_vswitch.b.id", "fc.tf", 21}},
		{"env unknown var", textAt(f.Env[2].Value), at{"var.db_password", "fc.tf", 28}},
		{"log store from format()", textAt(f.Log.Logstore), at{"orders-prod-logs", "fc.tf", 33}},
		{"initializer", textAt(f.Initializer.Handler), at{"index.init", "fc.tf", 38}},
		{"async retries", textAt(f.Async.MaxRetries), at{"2", "fc.tf", 50}},
		{"reserved concurrency", textAt(f.Scaling.MaxInstances), at{"50", "fc.tf", 92}},
		{"oss trigger suffix (jsonencode)", textAt(f.Triggers[0].OSS.Suffix), at{".csv", "fc.tf", 70}},
		{"oss bucket from source_arn", textAt(f.Triggers[0].OSS.Bucket), at{"orders-prod-uploads", "fc.tf", 63}},
		{"http methods (heredoc)", textAt(f.Triggers[1].HTTP.Methods[1]), at{"POST", "fc.tf", 84}},
		{"region from provider", textAt(f.Region), at{"cn-hangzhou", "main.tf", 5}},
		{"role name", textAt(role.Name), at{"orders-prod-fn", "ram.tf", 2}},
		{"trust statement (heredoc)", posAt("", role.Trust.Statements[0].Pos), at{"", "ram.tf", 8}},
		{"trust action (heredoc)", textAt(role.Trust.Statements[0].Actions[0]), at{"sts:AssumeRole", "ram.tf", 9}},
		{"trust principal (heredoc)", textAt(role.Trust.Statements[0].Principal.Service[0]), at{"fc.aliyuncs.com", "ram.tf", 12}},
		{"policy statement 0 (jsonencode)", posAt("", pol.Document.Statements[0].Pos), at{"", "ram.tf", 25}},
		{"policy action (jsonencode)", textAt(pol.Document.Statements[0].Actions[1]), at{"log:GetLogStore", "ram.tf", 27}},
		{"policy resource template", textAt(pol.Document.Statements[0].Resources[0]), at{"acs:log:cn-hangzhou:*:project/orders-prod/logstore/orders-prod-logs", "ram.tf", 28}},
		{"policy single action", textAt(pol.Document.Statements[1].Actions[0]), at{"oss:PutObject", "ram.tf", 32}},
		{"policy condition", posAt(pol.Document.Statements[1].Conditions[0].Key, pol.Document.Statements[1].Conditions[0].Pos), at{"acs:SourceIp", "ram.tf", 36}},
		{"attachment role name resolved", textAt(p.Attachments[0].RoleName), at{"orders-prod-fn", "ram.tf", 45}},
		{"vswitch cidr via cidrsubnet", textAt(n.VSwitches[1].CIDR), at{"10.10.2.0/24", "network.tf", 15}},
		{"vswitch zone via local list", textAt(n.VSwitches[0].Zone), at{"cn-hangzhou-h", "network.tf", 9}},
		{"snat table reference", textAt(n.SNATEntries[0].SNATTableID), at{"alicloud_nat_gateway.egress.snat_table_ids", "network.tf", 58}},
		{"snat source cidr resolved", textAt(n.SNATEntries[1].SourceCIDR), at{"10.10.0.0/16", "network.tf", 66}},
		{"eip association instance", textAt(n.EIPAssociations[0].InstanceID), at{"alicloud_nat_gateway.egress.id", "network.tf", 52}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
	if ref := p.Attachments[0].RoleName.Ref; ref != "alicloud_ram_role.fn.role_name" {
		t.Errorf("resolved reference lost its Ref: %q", ref)
	}
	if f.Positions["vpc.vswitchIds[1]"].Line != 21 {
		t.Errorf("Positions[vpc.vswitchIds[1]] = %v", f.Positions["vpc.vswitchIds[1]"])
	}
}

// loadHCL writes files into a temporary module directory and loads it.
func loadHCL(t *testing.T, files map[string]string, opts Options) (*model.Project, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return LoadDir(dir, opts), dir
}

// fn wraps HCL lines into one fcv3 function with the given arguments.
func fn(args string) string {
	return "resource \"alicloud_fcv3_function\" \"f\" {\n" + args + "\n}\n"
}

func TestEvaluation(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		get   func(*model.Function) string
		want  string
	}{
		{"literal", map[string]string{"main.tf": fn(`runtime = "python3.10"`)}, Options{}, rt, "python3.10"},
		{"variable default", map[string]string{"main.tf": "variable \"rt\" { default = \"go1\" }\n" + fn(`runtime = var.rt`)}, Options{}, rt, "go1"},
		{"variable without default", map[string]string{"main.tf": "variable \"rt\" {}\n" + fn(`runtime = var.rt`)}, Options{}, rt, "unknown:var.rt"},
		{"-var overrides default", map[string]string{"main.tf": "variable \"rt\" { default = \"go1\" }\n" + fn(`runtime = var.rt`)}, Options{Vars: map[string]string{"rt": "nodejs18"}}, rt, "nodejs18"},
		{"-var HCL number", map[string]string{"main.tf": "variable \"m\" { type = number }\n" + fn(`memory_size = var.m * 2`)}, Options{Vars: map[string]string{"m": "256"}}, mem, "512"},
		{"terraform.tfvars", map[string]string{"main.tf": "variable \"rt\" {}\n" + fn(`runtime = var.rt`), "terraform.tfvars": `rt = "java11"`}, Options{}, rt, "java11"},
		{"auto.tfvars beats terraform.tfvars", map[string]string{"main.tf": "variable \"rt\" {}\n" + fn(`runtime = var.rt`), "terraform.tfvars": `rt = "java11"`, "x.auto.tfvars": `rt = "java17"`}, Options{}, rt, "java17"},
		{"locals chain", map[string]string{"main.tf": "locals {\n a = \"${local.b}-x\"\n b = upper(\"py\")\n}\n" + fn(`runtime = local.a`)}, Options{}, rt, "PY-x"},
		{"local cycle is unknown", map[string]string{"main.tf": "locals {\n a = local.b\n b = local.a\n}\n" + fn(`runtime = local.a`)}, Options{}, rt, "unknown:local.a"},
		{"string number to int", map[string]string{"main.tf": fn(`memory_size = "512"`)}, Options{}, mem, "512"},
		{"heredoc", map[string]string{"main.tf": fn("description = <<EOT\nhello\nEOT")}, Options{}, desc, "hello\n"},
		{"indented heredoc", map[string]string{"main.tf": fn("description = <<-EOT\n    hello\n    EOT")}, Options{}, desc, "hello\n"},
		{"format join lower", map[string]string{"main.tf": fn(`description = format("%s/%s", join("-", ["a", "b"]), lower("C"))`)}, Options{}, desc, "a-b/c"},
		{"merge lookup", map[string]string{"main.tf": fn(`description = lookup(merge({a = "1"}, {b = "2"}), "b", "none")`)}, Options{}, desc, "2"},
		{"element concat length", map[string]string{"main.tf": fn(`description = "${element(concat(["x"], ["y"]), 1)}${length("abc")}"`)}, Options{}, desc, "y3"},
		{"coalesce replace tostring", map[string]string{"main.tf": fn(`description = replace(coalesce("", "a.b"), ".", tostring(1))`)}, Options{}, desc, "a1b"},
		{"tonumber", map[string]string{"main.tf": fn(`timeout = tonumber("60")`)}, Options{}, timeout, "60"},
		{"jsondecode", map[string]string{"main.tf": fn(`description = jsondecode("{\"a\": \"z\"}").a`)}, Options{}, desc, "z"},
		{"cidrsubnet", map[string]string{"main.tf": fn(`description = cidrsubnet("172.16.0.0/12", 8, 3)`)}, Options{}, desc, "172.16.48.0/20"},
		{"cidrhost", map[string]string{"main.tf": fn(`description = cidrhost("10.0.1.0/24", 5)`)}, Options{}, desc, "10.0.1.5"},
		{"sensitive startswith basename", map[string]string{"main.tf": fn(`description = startswith(sensitive("abc"), "a") ? basename("code/app.zip") : "no"`)}, Options{}, desc, "app.zip"},
		{"unbounded format width", map[string]string{"main.tf": fn(`description = format("%999999999d", 1)`)}, Options{}, desc, `unknown:format("%999999999d", 1)`},
		{"bounded setproduct", map[string]string{"main.tf": fn(`description = length(setproduct(range(1000), range(1000), range(1000)))`)}, Options{}, desc, `unknown:length(setproduct(range(1000), range(1000), range(1000)))`},
		{"format still works", map[string]string{"main.tf": fn(`description = format("%03d-%.2f", 7, 1.5)`)}, Options{}, desc, "007-1.50"},
		{"conditional", map[string]string{"main.tf": "variable \"prod\" { default = true }\n" + fn(`memory_size = var.prod ? 2048 : 512`)}, Options{}, mem, "2048"},
		{"unknown function", map[string]string{"main.tf": fn(`description = md5sum("x")`)}, Options{}, desc, `unknown:md5sum("x")`},
		{"data source", map[string]string{"main.tf": fn(`description = data.alicloud_account.cur.id`)}, Options{}, desc, "unknown:data.alicloud_account.cur.id"},
		{"reference to literal of another resource", map[string]string{"main.tf": "resource \"alicloud_ram_role\" \"r\" { role_name = \"fc-${upper(\"x\")}\" }\n" + fn(`description = alicloud_ram_role.r.role_name`)}, Options{}, desc, "fc-X"},
		{"computed attribute of another resource", map[string]string{"main.tf": "resource \"alicloud_ram_role\" \"r\" { role_name = \"x\" }\n" + fn(`role = alicloud_ram_role.r.arn`)}, Options{}, func(f *model.Function) string { return show(f.Role) + " ref=" + f.Role.Ref }, "unknown:alicloud_ram_role.r.arn ref=alicloud_ram_role.r.arn"},
		{"template with reference", map[string]string{"main.tf": "resource \"alicloud_vpc\" \"v\" {}\n" + fn(`description = "vpc-${alicloud_vpc.v.id}"`)}, Options{}, desc, `unknown:"vpc-${alicloud_vpc.v.id}"`},
		{"each value", map[string]string{"main.tf": "resource \"alicloud_fcv3_function\" \"f\" {\n for_each = {a = 128}\n memory_size = each.value\n function_name = each.key\n}\n"}, Options{}, mem, "128"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := loadHCL(t, tt.files, tt.opts)
			if p.HasErrors() {
				t.Fatalf("errors: %v", p.Diagnostics)
			}
			if len(p.Functions) != 1 {
				t.Fatalf("functions = %d", len(p.Functions))
			}
			if got := tt.get(p.Functions[0]); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func show[T model.Scalar](v model.Value[T]) string {
	if v.IsUnknown() {
		return "unknown:" + v.Unknown
	}
	return v.Text()
}

func rt(f *model.Function) string      { return show(f.Runtime) }
func mem(f *model.Function) string     { return show(f.MemoryMB) }
func desc(f *model.Function) string    { return show(f.Description) }
func timeout(f *model.Function) string { return show(f.TimeoutSeconds) }

func TestPolicyFromLocal(t *testing.T) {
	tf := `locals {
  policy = {
    Version = "1"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["oss:GetObject"]
        Resource = ["*"]
      }
    ]
  }
  self = local.self
}
resource "alicloud_ram_policy" "p" {
  policy_name     = "p"
  policy_document = jsonencode(local.policy)
}
resource "alicloud_ram_policy" "q" {
  policy_name     = "q"
  policy_document = jsonencode(local.self)
}
`
	p, _ := loadHCL(t, map[string]string{"ram.tf": tf}, Options{})
	doc := p.Policies[0].Document
	if doc == nil || len(doc.Statements) != 1 || textAt(doc.Statements[0].Actions[0]) != (at{"oss:GetObject", "ram.tf", 7}) {
		t.Errorf("policy from a local = %+v", doc)
	}
	if d := p.Policies[1].Document; d == nil || d.Unknown == "" {
		t.Errorf("self-referencing local = %+v", d)
	}
}

func TestPolicyDocumentDataSource(t *testing.T) {
	tf := `data "alicloud_ram_policy_document" "trust" {
  statement {
    action = ["sts:AssumeRole"]
    principal {
      entity      = "Service"
      identifiers = ["fc.aliyuncs.com"]
    }
  }
}
data "alicloud_ram_policy_document" "oss" {
  version = "1"
  statement {
    effect   = "Allow"
    action   = ["oss:ListObjects"]
    resource = ["acs:oss:*:*:photos"]
    condition {
      operator = "StringLike"
      variable = "oss:Prefix"
      values   = ["", "2015/*"]
    }
  }
}
resource "alicloud_ram_role" "r" {
  role_name                   = "r"
  assume_role_policy_document = data.alicloud_ram_policy_document.trust.document
}
resource "alicloud_ram_policy" "p" {
  policy_name     = "p"
  policy_document = data.alicloud_ram_policy_document.oss.document
}
`
	p, _ := loadHCL(t, map[string]string{"ram.tf": tf}, Options{})
	trust := p.Roles[0].Trust
	if trust == nil || len(trust.Statements) != 1 || !trust.Statements[0].IsAllow() ||
		trust.Statements[0].Principal == nil || textAt(trust.Statements[0].Principal.Service[0]) != (at{"fc.aliyuncs.com", "ram.tf", 6}) {
		t.Errorf("trust from a policy document data source = %+v", trust)
	}
	doc := p.Policies[0].Document
	if doc == nil || len(doc.Statements) != 1 || len(doc.Statements[0].Conditions) != 1 {
		t.Fatalf("policy from a policy document data source = %+v", doc)
	}
	c := doc.Statements[0].Conditions[0]
	if c.Operator != "StringLike" || c.Key != "oss:Prefix" || len(c.Values) != 2 || c.Pos.Line != 19 {
		t.Errorf("condition = %+v", c)
	}
	if textAt(doc.Statements[0].Resources[0]) != (at{"acs:oss:*:*:photos", "ram.tf", 15}) {
		t.Errorf("resource = %+v", textAt(doc.Statements[0].Resources[0]))
	}
}

func TestVarFileOption(t *testing.T) {
	dir := t.TempDir()
	vf := filepath.Join(dir, "prod.tfvars")
	if err := os.WriteFile(vf, []byte("memory = 3072\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, _ := loadHCL(t, map[string]string{"main.tf": "variable \"memory\" { default = 128 }\n" + fn(`memory_size = var.memory`)}, Options{VarFiles: []string{vf}})
	if got := show(p.Functions[0].MemoryMB); got != "3072" {
		t.Errorf("memory = %s, want 3072 from -var-file", got)
	}
}

func TestCountAndForEach(t *testing.T) {
	tests := []struct {
		name string
		tf   string
		keys []string
		cidr []string
	}{
		{"count", `resource "alicloud_vswitch" "s" {
  count      = 2
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}`, []string{`alicloud_vswitch.s[0]`, `alicloud_vswitch.s[1]`}, []string{"10.0.0.0/24", "10.0.1.0/24"}},
		{"count zero", `resource "alicloud_vswitch" "s" {
  count      = 0
  cidr_block = "10.0.0.0/24"
}`, nil, nil},
		{"unknown count", `variable "n" {}
resource "alicloud_vswitch" "s" {
  count      = var.n
  cidr_block = "10.0.${count.index}.0/24"
}`, []string{`alicloud_vswitch.s`}, []string{"unknown:\"10.0.${count.index}.0/24\""}},
		{"for_each map", `resource "alicloud_vswitch" "s" {
  for_each   = { b = "10.0.2.0/24", a = "10.0.1.0/24" }
  cidr_block = each.value
  zone_id    = each.key
}`, []string{`alicloud_vswitch.s["a"]`, `alicloud_vswitch.s["b"]`}, []string{"10.0.1.0/24", "10.0.2.0/24"}},
		{"for_each set", `resource "alicloud_vswitch" "s" {
  for_each   = toset(["10.0.9.0/24"])
  cidr_block = each.key
}`, []string{`alicloud_vswitch.s["10.0.9.0/24"]`}, []string{"10.0.9.0/24"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := loadHCL(t, map[string]string{"main.tf": tt.tf}, Options{})
			if p.HasErrors() {
				t.Fatalf("errors: %v", p.Diagnostics)
			}
			var keys, cidrs []string
			for _, vs := range p.Network.VSwitches {
				keys = append(keys, vs.Key)
				cidrs = append(cidrs, show(vs.CIDR))
			}
			if strings.Join(keys, ",") != strings.Join(tt.keys, ",") || strings.Join(cidrs, ",") != strings.Join(tt.cidr, ",") {
				t.Errorf("keys %v cidrs %v, want %v %v", keys, cidrs, tt.keys, tt.cidr)
			}
		})
	}
}

func TestCountedReferencesLink(t *testing.T) {
	tf := `resource "alicloud_vswitch" "s" {
  count      = 2
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}
resource "alicloud_nat_gateway" "n" {}
resource "alicloud_eip_address" "e" {}
resource "alicloud_eip_association" "a" {
  allocation_id = alicloud_eip_address.e.id
  instance_id   = alicloud_nat_gateway.n.id
}
resource "alicloud_snat_entry" "s" {
  count             = 2
  snat_table_id     = alicloud_nat_gateway.n.snat_table_ids
  source_vswitch_id = alicloud_vswitch.s[count.index].id
  snat_ip           = alicloud_eip_address.e.ip_address
}
resource "alicloud_fcv3_function" "f" {
  internet_access = false
  vpc_config {
    vswitch_ids = alicloud_vswitch.s[*].id
  }
}
`
	p, _ := loadHCL(t, map[string]string{"main.tf": tf}, Options{})
	p.Link()
	f := p.Functions[0]
	if got := show(p.Network.SNATEntries[1].SourceVSwitchID); got != "unknown:alicloud_vswitch.s[count.index].id" || p.Network.SNATEntries[1].SourceVSwitchID.Ref != "alicloud_vswitch.s[1].id" {
		t.Errorf("counted reference = %s ref %q", got, p.Network.SNATEntries[1].SourceVSwitchID.Ref)
	}
	if len(f.Links.Egress) != 2 || !f.Links.Egress[0].Complete || !f.Links.Egress[1].Complete {
		t.Errorf("egress through counted resources and a splat = %+v", f.Links.Egress)
	}
}

func TestFC2ServiceInheritance(t *testing.T) {
	tf := `resource "alicloud_fc_service" "svc" {
  name            = "orders"
  role            = "acs:ram::123:role/fc-orders"
  internet_access = false
  vpc_config {
    vswitch_ids       = ["vsw-1", "vsw-2"]
    security_group_id = "sg-1"
  }
  log_config {
    project  = "p"
    logstore = "s"
  }
}

resource "alicloud_fc_function" "f" {
  service                = alicloud_fc_service.svc.name
  name                   = "api"
  runtime                = "python3.10"
  handler                = "index.handler"
  memory_size            = 512
  initializer            = "index.init"
  initialization_timeout = 20
}

resource "alicloud_fc_trigger" "t" {
  service  = "orders"
  function = "api"
  name     = "tick"
  type     = "timer"
  config   = jsonencode({ cronExpression = "@every 5m", enable = true, payload = "x" })
}

resource "alicloud_fc_function_async_invoke_config" "a" {
  service_name           = alicloud_fc_service.svc.name
  function_name          = alicloud_fc_function.f.name
  maximum_retry_attempts = 0
}
`
	p, _ := loadHCL(t, map[string]string{"fc.tf": tf}, Options{})
	if p.HasErrors() {
		t.Fatalf("errors: %v", p.Diagnostics)
	}
	f := p.Functions[0]
	tests := []struct {
		name string
		got  at
		want at
	}{
		{"generation", at{string(f.Generation), "", 0}, at{"fc2", "", 0}},
		{"service", textAt(f.Service), at{"orders", "fc.tf", 16}},
		{"role from service", textAt(f.Role), at{"acs:ram::123:role/fc-orders", "fc.tf", 3}},
		{"internet from service", textAt(f.InternetAccess), at{"false", "fc.tf", 4}},
		{"vswitch from service", textAt(f.VPC.VSwitchIDs[1]), at{"vsw-2", "fc.tf", 6}},
		{"log from service", textAt(f.Log.Logstore), at{"s", "fc.tf", 11}},
		{"initializer", textAt(f.Initializer.Handler), at{"index.init", "fc.tf", 21}},
		{"initializer timeout", textAt(f.Initializer.TimeoutSeconds), at{"20", "fc.tf", 22}},
		{"timer trigger by name", textAt(f.Triggers[0].Timer.Cron), at{"@every 5m", "fc.tf", 30}},
		{"async by reference", textAt(f.Async.MaxRetries), at{"0", "fc.tf", 36}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestFC3Configs(t *testing.T) {
	tf := `resource "alicloud_fcv3_function" "f" {
  function_name = "api"
  gpu_config {
    gpu_type        = "fc.gpu.tesla.1"
    gpu_memory_size = 16384
  }
  custom_container_config {
    image = "registry.cn-hangzhou.aliyuncs.com/x/y:1"
    port  = 9000
  }
}
resource "alicloud_fcv3_provision_config" "p" {
  function_name       = "api"
  target              = 2
  always_allocate_cpu = false
  scheduled_actions {
    name                = "day"
    schedule_expression = "cron(0 0 8 * * *)"
    target              = 5
  }
  target_tracking_policies {
    name          = "cpu"
    metric_type   = "CPUUtilization"
    metric_target = 0.6
    min_capacity  = 1
    max_capacity  = 10
  }
}
resource "alicloud_fcv3_vpc_binding" "b" {
  function_name = alicloud_fcv3_function.f.function_name
  vpc_id        = "vpc-1"
}
resource "alicloud_fcv3_custom_domain" "d" {
  custom_domain_name = "api.example.com"
  protocol           = "HTTP,HTTPS"
  cert_config {
    cert_name = "c"
  }
  tls_config {
    min_version = "TLSv1.2"
  }
  route_config {
    routes {
      function_name = alicloud_fcv3_function.f.function_name
      path          = "/*"
    }
  }
}
`
	p, _ := loadHCL(t, map[string]string{"fc.tf": tf}, Options{})
	if p.HasErrors() {
		t.Fatalf("errors: %v", p.Diagnostics)
	}
	f := p.Functions[0]
	d := p.CustomDomains[0]
	tests := []struct {
		name string
		got  at
		want at
	}{
		{"gpu", textAt(f.GPU.Type), at{"fc.gpu.tesla.1", "fc.tf", 4}},
		{"image", textAt(f.Container.Image), at{"registry.cn-hangzhou.aliyuncs.com/x/y:1", "fc.tf", 8}},
		{"provisioned", textAt(f.Scaling.ProvisionedTarget), at{"2", "fc.tf", 14}},
		{"always allocate cpu", textAt(f.Scaling.AlwaysAllocateCPU), at{"false", "fc.tf", 15}},
		{"scheduled target", textAt(f.Scaling.ScheduledPolicies[0].Target), at{"5", "fc.tf", 19}},
		{"tracking target", textAt(f.Scaling.TargetTrackingPolicies[0].MetricTarget), at{"0.6", "fc.tf", 24}},
		{"tracking max", textAt(f.Scaling.TargetTrackingPolicies[0].MaxInstances), at{"10", "fc.tf", 26}},
		{"vpc binding", textAt(p.Network.VPCBindings[0].FunctionName), at{"api", "fc.tf", 30}},
		{"domain cert", textAt(d.HasCertificate), at{"true", "fc.tf", 36}},
		{"domain tls", textAt(d.TLSMinVersion), at{"TLSv1.2", "fc.tf", 40}},
		{"domain route", textAt(d.Functions[0]), at{"api", "fc.tf", 44}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		severity string
		file     string
		line     int
		contains string
	}{
		{"syntax error", map[string]string{"bad.tf": "resource \"alicloud_vpc\" \"v\" {\n  cidr_block = \n}\n"}, model.DiagError, "bad.tf", 2, "Invalid expression"},
		{"unclosed block", map[string]string{"bad.tf": "resource \"alicloud_vpc\" \"v\" {\n"}, model.DiagError, "bad.tf", 1, "Unclosed"},
		{"invalid policy JSON", map[string]string{"ram.tf": "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = \"{not json\"\n}\n"}, model.DiagError, "ram.tf", 2, "not valid JSON"},
		{"wrong type", map[string]string{"fc.tf": fn(`memory_size = "lots"`)}, model.DiagWarning, "fc.tf", 2, "expected a whole number"},
		{"duplicate resource", map[string]string{"a.tf": "resource \"alicloud_vpc\" \"v\" {}\n", "b.tf": "resource \"alicloud_vpc\" \"v\" {}\n"}, model.DiagError, "b.tf", 1, "duplicate resource alicloud_vpc.v"},
		{"trigger for a missing function", map[string]string{"t.tf": "resource \"alicloud_fcv3_trigger\" \"t\" {\n  function_name = \"nope\"\n}\n"}, model.DiagInfo, "t.tf", 2, "not declared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := loadHCL(t, tt.files, Options{})
			for _, d := range p.Diagnostics {
				if d.Severity == tt.severity && filepath.Base(d.Pos.File) == tt.file && d.Pos.Line == tt.line && d.Pos.Column > 0 && strings.Contains(d.Message, tt.contains) {
					return
				}
			}
			t.Errorf("no %s at %s:%d containing %q in %v", tt.severity, tt.file, tt.line, tt.contains, p.Diagnostics)
		})
	}
}

func TestLoadDirMissing(t *testing.T) {
	p := LoadDir(filepath.Join(t.TempDir(), "nope"), Options{})
	if p == nil || !p.HasErrors() || !strings.Contains(p.Diagnostics[0].Message, "read Terraform directory") {
		t.Fatalf("diagnostics = %v", p.Diagnostics)
	}
}
