package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

func noInternalErrors(t *testing.T, p *model.Project) {
	t.Helper()
	if p == nil {
		t.Fatal("nil project")
	}
	for _, d := range p.Diagnostics {
		if strings.Contains(d.Message, "internal error") {
			t.Fatalf("loader recovered from a panic: %v", d)
		}
		if d.Severity == model.DiagError && !d.Pos.IsValid() && d.Pos.File == "" {
			t.Fatalf("error without a position: %v", d)
		}
	}
}

func FuzzLoadHCL(f *testing.F) {
	for _, dir := range []string{"tf-vpc-nat", "tf-vpc-nat-no-eip-assoc"} {
		files, _ := filepath.Glob(filepath.Join(projects, dir, "*.tf"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("resource \"alicloud_vswitch\" \"s\" {\n count = 3\n cidr_block = cidrsubnet(\"10.0.0.0/8\", 8, count.index)\n}\n"))
	f.Add([]byte("resource \"alicloud_fcv3_function\" \"f\" {\n for_each = toset([\"a\"])\n vpc_config { vswitch_ids = alicloud_vswitch.s[*].id }\n}\n"))
	f.Add([]byte("locals { a = local.a }\nresource \"alicloud_ram_policy\" \"p\" { policy_document = jsonencode({Statement = [{Action = local.a}]}) }\n"))
	f.Add([]byte("resource \"alicloud_fcv3_trigger\" \"t\" {\n trigger_type = \"oss\"\n trigger_config = <<EOT\n{\"events\": [1, {\"x\": null}]}\nEOT\n}\n"))
	f.Add([]byte("data \"alicloud_ram_policy_document\" \"d\" {\n statement {\n principal {\n entity = 1\n identifiers = 2\n }\n condition {\n operator = \"a\"\n variable = \"b\"\n values = \"c\"\n }\n }\n}\nresource \"alicloud_ram_role\" \"r\" { document = data.alicloud_ram_policy_document.d.document }\n"))
	f.Add([]byte("module \"m\" {\n source = \"./nope\"\n x = alicloud_vpc.v.id\n}\noutput \"o\" { value = module.m.y }\n"))
	f.Add([]byte("resource \"alicloud_ram_role\" \"r\" {\n dynamic \"x\" {\n for_each = var.y\n content { a = x.value }\n }\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &model.Project{}
		loadSources(p, "fuzz", []source{{path: "fuzz/main.tf", data: data}}, Options{Vars: map[string]string{"n": "2"}})
		noInternalErrors(t, p)
		p.Link()
	})
}

// FuzzEvalExpr evaluates arbitrary expressions as an attribute of a function
// in a module that has variables, locals and resources to refer to.
func FuzzEvalExpr(f *testing.F) {
	for _, s := range []string{
		`"${var.name}-${local.suffix}"`,
		`jsonencode({Version = "1", Statement = [{Effect = "Allow", Action = ["oss:*"]}]})`,
		`jsondecode("{\"a\": [1, 2, {\"b\": true}]}")`,
		`cidrsubnet(alicloud_vpc.v.cidr_block, 8, 255)`,
		`cidrhost("10.0.0.0/30", 9)`,
		`alicloud_vswitch.s[*].id`,
		`alicloud_vswitch.s[count.index].cidr_block`,
		`[for k, v in var.tags : "${k}=${v}"]`,
		`{ for s in alicloud_vswitch.s : s.zone_id => s.id }`,
		`try(var.missing.x, lookup(var.tags, "a", "none"))`,
		`coalesce("", var.name)`,
		`length(var.tags) > 1 ? upper(var.name) : lower(var.name)`,
		`format("%d", "x")`,
		`<<EOT
{"Statement": {"Action": "x"}}
EOT`,
		`merge(var.tags, {b = 2})`,
		`element([], 0)`,
		`range(1e9)`,
	} {
		f.Add(s)
	}
	module := `variable "name" { default = "app" }
variable "tags" { default = { a = "1" } }
variable "missing" {}
locals { suffix = "x" }
resource "alicloud_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "alicloud_vswitch" "s" {
  count      = 2
  cidr_block = cidrsubnet(alicloud_vpc.v.cidr_block, 8, count.index)
  zone_id    = "z${count.index}"
}
`
	f.Fuzz(func(t *testing.T, expr string) {
		if _, problem := nestingProblem([]byte(expr)); problem != "" {
			return // the loader refuses such source before parsing it
		}
		p := &model.Project{}
		m := newModule("fuzz", p)
		file, diags := hclsyntax.ParseConfig([]byte(module), "fuzz/main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		m.src["fuzz/main.tf"] = []byte(module)
		m.collect(file.Body.(*hclsyntax.Body))
		m.setVariables(Options{})
		e, diags := hclsyntax.ParseExpression([]byte(expr), "fuzz/expr.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		m.src["fuzz/expr.tf"] = []byte(expr)
		e = m.instrumentTop(e) // evaluate within the budget, as the loader does
		insts := m.expand(m.byType["alicloud_vswitch"]["s"])
		n := m.buildNode(e, insts[len(insts)-1], model.Pos{File: "fuzz/expr.tf", Line: 1, Column: 1})
		n.str(noWarn)
		n.int(noWarn)
		n.float(noWarn)
		n.bool(noWarn)
		n.strs(noWarn)
		a := newAssembler(p, model.FormatTerraform)
		a.document("x", n)
		obj := newObj(n.pos)
		obj.set("trigger_type", &node{kind: leafNode, val: cty.StringVal("oss"), pos: n.pos})
		obj.set("trigger_config", n)
		a.trigger("t", obj, n.pos, "trigger_name", "trigger_type", "trigger_config", "invocation_role")
	})
}

func FuzzLoadPlan(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join(projects, "tf-plan", "plan.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"alicloud_vpc.a","mode":"managed","type":"alicloud_vpc","name":"a","values":{"cidr_block":7,"id":null}}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"alicloud_fcv3_function.f","mode":"managed","type":"alicloud_fcv3_function","name":"f","values":{"vpc_config":[{"vswitch_ids":[null,"x"]}]}}]}},"resource_changes":[{"address":"alicloud_fcv3_function.f","change":{"actions":["create"],"after_unknown":{"vpc_config":[{"vswitch_ids":[true,false]}]}}}]}`))
	f.Add([]byte(`[1, 2`))
	f.Fuzz(func(t *testing.T, data []byte) {
		IsPlan(data)
		p := LoadPlan("plan.json", data)
		noInternalErrors(t, p)
		p.Link()
	})
}

// FuzzLoadTFJSON feeds arbitrary .tf.json content through the translation
// to native syntax and the evaluator.
func FuzzLoadTFJSON(f *testing.F) {
	f.Add([]byte(`{"resource":{"alicloud_fcv3_function":{"f":{"function_name":"${var.x}-a","vpc_config":[{"vswitch_ids":["${alicloud_vswitch.a.id}"]}]}}},"variable":{"x":{"default":"${y}","type":"string"}}}`))
	f.Add([]byte(`{"locals":{"a":{"b":[1,{"c":"%{ if true }x%{ endif }"}]}},"module":{"m":{"source":"./x"}},"output":{"o":{"value":"${local.a}"}}}`))
	f.Add([]byte(`{"provider":{"alicloud":[{"region":"cn-hangzhou"},{"alias":"b"}]},"data":{"alicloud_ram_policy_document":{"d":{"statement":[{"action":["x"]}]}}}}`))
	f.Add([]byte(`{"resource":[{"alicloud_vpc":[{"v":[{"cidr_block":"\n\"${"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &model.Project{}
		loadSources(p, "fuzz", []source{sourceOf(p, "fuzz/main.tf.json", data)}, Options{})
		noInternalErrors(t, p)
		p.Link()
	})
}
