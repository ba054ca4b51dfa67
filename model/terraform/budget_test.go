package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
)

// loadGuarded loads dir, failing the test if the loader does not return
// within a generous hang guard (the budgets keep it far below).
func loadGuarded(t *testing.T, dir string, opts Options) *model.Project {
	t.Helper()
	done := make(chan *model.Project, 1)
	go func() { done <- LoadDir(dir, opts) }()
	select {
	case p := <-done:
		return p
	case <-time.After(20 * time.Second):
		t.Fatalf("LoadDir(%s) did not return within 20 s", dir)
		return nil
	}
}

func repeatList(item string, n int) string {
	return "[" + strings.TrimSuffix(strings.Repeat(item+", ", n), ", ") + "]"
}

// TestBudgetAttacks generates hostile modules and checks that each loads,
// that the attacked value is unknown, and that a diagnostic on the right
// line names the budget.
func TestBudgetAttacks(t *testing.T) {
	var joinChain, forChain, localsChain strings.Builder
	joinChain.WriteString("a0 = \"xxxxxxxx\"\n")
	forChain.WriteString("a0 = [\"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\"]\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&joinChain, "a%d = join(\"\", %s)\n", i, repeatList(fmt.Sprintf("local.a%d", i-1), 8))
		fmt.Fprintf(&forChain, "a%d = [for x in local.a%d : %s]\n", i, i-1, repeatList("x", 8))
	}
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&localsChain, "c%d = local.c%d\n", i, i+1)
	}
	tests := []struct {
		name   string
		locals string // the locals block's body; X is what the function uses
		line   int    // line of the diagnostic (locals start at line 2)
		diag   string // substrings, either of which may name the budget: "a|b"
	}{
		{"join repeats the previous local 8 times, 10 deep", joinChain.String() + "X = local.a10\n", 0, "join() not evaluated: its arguments hold 16.0 MiB of text|the module builds more than 32 MiB of values (the evaluation budget)"},
		{"for repeats the previous local 8 times, 10 deep", forChain.String() + "X = jsonencode(local.a10)\n", 0, "more than 100000 elements in one value|the module builds more than 32 MiB of values (the evaluation budget)"},
		{"three nested for over range(1000)", "X = jsonencode([for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]])\n", 2, "iterate more than 100000 times (the iteration budget)|the module builds more than 32 MiB of values (the evaluation budget)"},
		{"format width", "X = format(\"%1000000000d\", 1)\n", 2, "format() not evaluated: the result would be over 4.0 MiB"},
		{"huge number literal printed", "X = \"${1e600000000}\"\n", 2, "binary exponent"},
		{"number string formatted", "X = format(\"%f\", \"1e600000000\")\n", 2, "format() not evaluated: a number with a binary exponent"},
		{"huge number through arithmetic", "X = \"${1e300 * 1e300 * 1e300 * 1e300}\"\n", 2, "binary exponent"},
		{"replace inserts between every byte", "s = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\nX = replace(local.s, \"\", local.s)\n", 3, "replace() not evaluated: the result would be"},
		{"regex replace with group references", "s = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\nX = replace(local.s, \"/(x)/\", \"$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1\")\n", 3, "replace() not evaluated"},
		{"setproduct", "X = jsonencode(setproduct(range(1000), range(1000), range(1000)))\n", 2, "setproduct() not evaluated"},
		{"flatten of a for over ranges", "X = jsonencode(flatten([for i in range(1000) : range(1000)]))\n", 2, "more than 100000 elements in one value|the module builds more than 32 MiB of values (the evaluation budget)"},
		{"split into characters", "s = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\nX = jsonencode(split(\"\", local.s))\n", 3, "split() not evaluated"},
		{"regexall of the empty pattern", "s = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\nX = jsonencode(regexall(\"\", local.s))\n", 3, "regexall() not evaluated"},
		{"distinct is quadratic", "l = flatten([for i in range(10) : range(1000)])\nX = jsonencode(distinct(local.l))\n", 3, "distinct() not evaluated: comparing every pair"},
		{"indent multiplies newlines", "s = join(\"\\n\", range(1000))\nX = indent(1000, join(\"\\n\", [for i in range(100) : local.s]))\n", 3, "indent() not evaluated"},
		{"jsondecode of deep nesting", "X = jsonencode(jsondecode(\"${join(\"\", [for i in range(1000) : \"[[[[[\"])}${join(\"\", [for i in range(1000) : \"]]]]]\"])}\"))\n", 2, "jsondecode() not evaluated: the document is nested more than 256 levels deep"},
		{"parseint of a long number", "X = tostring(parseint(\"" + strings.Repeat("9", 5000) + "\", 10))\n", 2, "parseint() not evaluated"},
		{"left-deep binary chain", "X = tostring(" + strings.TrimSuffix(strings.Repeat("1 + ", 100000), " + ") + ")\n", 2, "nested more than 256 levels deep (the expression depth budget)"},
		{"locals chain", localsChain.String() + "c3000 = \"end\"\nX = local.c0\n", 0, "more than 1000 levels deep (the evaluation depth budget)"},
		{"long tuple of mixed types where a list is expected", "l = flatten([for i in range(50) : concat(range(1000), [\"x\"])])\nX = join(\",\", local.l)\n", 3, "join() not evaluated: converting 50050 elements of different types"},
		{"failing calls in a loop", "X = jsonencode([for i in range(1000) : [for j in range(200) : range(5000)]])\n", 2, "range() not evaluated: range would have 5000 elements, more than Terraform's 1024"},
		{"big value compared in a loop", "l = flatten([for i in range(90) : range(1000)])\nX = jsonencode([for i in range(1000) : local.l == local.l])\n", 0, "the module builds more than 32 MiB of values (the evaluation budget)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "locals {\n" + tt.locals + "}\n" + envFunction("local.X")
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			p := loadGuarded(t, dir, Options{})
			noInternalErrors(t, p)
			if v := envValue(t, p, "V0"); v.IsKnown() {
				t.Errorf("attacked value is known (%d bytes)", len(v.V))
			}
			if tt.diag == "" {
				return
			}
			for _, d := range p.Diagnostics {
				for _, want := range strings.Split(tt.diag, "|") {
					if strings.Contains(d.Message, want) && (tt.line == 0 || d.Pos.Line == tt.line) && d.Pos.File != "" {
						return
					}
				}
			}
			t.Errorf("no diagnostic %q at line %d; got %v", tt.diag, tt.line, p.Diagnostics)
		})
	}
}

// TestSourceNesting checks that source the HCL parser would recurse on
// without bound is refused with an error at its line, not a fatal stack
// overflow.
func TestSourceNesting(t *testing.T) {
	tests := []struct {
		name, src, diag string
		line            int
	}{
		{"a million brackets", "locals {\n  x = " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + "\n}\n", "brackets nested more than 256 deep", 2},
		{"a million parentheses in a template", "locals {\n  x = \"${" + strings.Repeat("(", 1_000_000) + "1" + strings.Repeat(")", 1_000_000) + "}\"\n}\n", "brackets nested more than 256 deep", 2},
		{"unary chain", "locals {\n  x = " + strings.Repeat("!", 200_000) + "true\n}\n", "more than 5000 \"!\" or \"-\" in a row", 2},
		{"a million tokens", "locals {\n  x = [" + strings.Repeat("1,", 600_000) + "]\n}\n", "more than 1048576 tokens in one file", 2},
		{"conditional chain", "locals {\n  x = " + strings.Repeat("true ? 1 : ", 60_000) + "1\n}\n", "more than 50000 \"?\"", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src+envFunction(`"ok"`)), 0o644); err != nil {
				t.Fatal(err)
			}
			p := loadGuarded(t, dir, Options{})
			noInternalErrors(t, p)
			if diagAt(p, tt.line, tt.diag) == nil {
				t.Errorf("no diagnostic %q at line %d: %v", tt.diag, tt.line, p.Diagnostics)
			}
		})
	}
}

// An ordinary module stays well inside the budget and evaluates as before.
func TestBudgetLeavesOrdinaryModulesAlone(t *testing.T) {
	dir := t.TempDir()
	src := `locals {
  many = flatten([for i in range(10) : [for j in range(1000) : "x"]])
  zones = ["a", "b", "c"]
  subnets = { for i, z in local.zones : z => cidrsubnet("10.0.0.0/16", 8, i) }
  names = [for i in range(100) : format("fn-%03d", i)]
  doc = jsonencode({ Statement = [for n in local.names : { Resource = "acs:fc:*:*:functions/${n}" }] })
}
` + envFunction(`local.subnets["c"]`, `local.names[99]`, `tostring(length(local.doc) > 1000)`, `replace("a-b-c", "-", "_")`, `tostring(length(join(",", local.many)))`)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadGuarded(t, dir, Options{})
	for _, d := range p.Diagnostics {
		t.Errorf("unexpected diagnostic %v", d)
	}
	for i, want := range []string{"10.0.2.0/24", "fn-099", "true", "a_b_c", "19999"} {
		if got, _ := envValue(t, p, fmt.Sprintf("V%d", i)).Get(); got != want {
			t.Errorf("V%d = %q, want %q", i, got, want)
		}
	}
}

// An expression HCL cannot evaluate is unknown with an info diagnostic at
// its line, not silently.
func TestEvalErrorsAreReported(t *testing.T) {
	dir := t.TempDir()
	src := "locals {\n  a = range(100000)\n  b = timestamp()\n  c = format(\"%d\", \"abc\")\n}\n" +
		envFunction("jsonencode(local.a)", "local.b", "local.c")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadGuarded(t, dir, Options{})
	for i, want := range []string{
		`range() not evaluated: range would have 100000 elements, more than Terraform's 1024`,
		`There is no function named "timestamp"`,
		`Call to function "format" failed: unsupported value for "%d"`,
	} {
		if envValue(t, p, fmt.Sprintf("V%d", i)).IsKnown() {
			t.Errorf("V%d is known", i)
		}
		d := diagAt(p, 2+i, want)
		if d == nil || !strings.HasSuffix(d.Message, "; the value is unknown") {
			t.Errorf("no info %q at line %d: %v", want, 2+i, p.Diagnostics)
		}
	}
}

// Work a file function does counts against the budget: reading or parsing
// an in-project file a thousand times ends.
func TestFileWorkIsBudgeted(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	for _, tt := range []struct{ name, expr string }{
		{"file in a loop", `jsonencode([for i in range(1000) : length(file("big.txt"))])`},
		{"templatefile in a loop", `jsonencode([for i in range(1000) : length(templatefile("big.txt", {}))])`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "big.txt"), []byte(big), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(envFunction(tt.expr)), 0o644); err != nil {
				t.Fatal(err)
			}
			p := loadGuarded(t, dir, Options{})
			if envValue(t, p, "V0").IsKnown() {
				t.Error("value is known")
			}
			// At the call (line 4), or inside the template it evaluates.
			if diagAt(p, 4, "the module builds more than 32 MiB of values (the evaluation budget)") == nil &&
				diagAt(p, 1, "the module builds more than 32 MiB of values (the evaluation budget)") == nil {
				t.Errorf("no budget diagnostic: %v", p.Diagnostics)
			}
		})
	}
}

// The token limit follows the Config cap, so --max-input config= moves it.
func TestTokenLimitFollowsConfigCap(t *testing.T) {
	old := safefile.Limit(safefile.Config)
	t.Cleanup(func() { _ = safefile.SetLimit(safefile.Config, old) })
	src := []byte("x = [" + strings.Repeat("1,", 50_000) + "]\n")
	if _, problem := nestingProblem(src); problem != "" {
		t.Fatalf("100k tokens refused under the default cap: %s", problem)
	}
	if err := safefile.SetLimit(safefile.Config, 1<<20); err != nil {
		t.Fatal(err)
	}
	if at, problem := nestingProblem(src); !strings.Contains(problem, "more than 65536 tokens in one file") || at.Line != 1 {
		t.Errorf("1 MiB cap: %v %q", at, problem)
	}
}

// A module that calls a module 100 times, which calls another 100 times,
// eight deep, would be 10^16 loads: the loader stops at the module budget.
func TestModuleFanOut(t *testing.T) {
	dir := t.TempDir()
	var calls strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&calls, "module \"m%d\" {\n  source = \"./m\"\n}\n", i)
	}
	for _, sub := range []string{"", "m", "m/m", "m/m/m", "m/m/m/m"} {
		d := filepath.Join(dir, sub)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		src := calls.String() + envFunction(`"x"`)
		if sub == "m/m/m/m" {
			src = envFunction(`"leaf"`)
		}
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := loadGuarded(t, dir, Options{})
	noInternalErrors(t, p)
	if len(p.Functions) > maxModules+1 {
		t.Errorf("%d functions loaded, more than the module budget allows", len(p.Functions))
	}
	found := false
	for _, d := range p.Diagnostics {
		found = found || strings.Contains(d.Message, "loads more than 500 modules (the module budget)")
	}
	if !found {
		t.Errorf("no module budget diagnostic among %d", len(p.Diagnostics))
	}
}

// count, for_each and dynamic blocks iterate too: nested dynamic blocks of
// 256 elements each would build 256^3 blocks.
func TestExpansionIsBudgeted(t *testing.T) {
	nested := `resource "alicloud_ram_role" "r" {
  dynamic "a" {
    for_each = range(256)
    content {
      dynamic "b" {
        for_each = range(256)
        content {
          dynamic "c" {
            for_each = range(256)
            content { x = c.value }
          }
        }
      }
    }
  }
}
`
	var counted strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&counted, "resource \"alicloud_vswitch\" \"s%d\" {\n  count = 256\n  cidr_block = \"10.0.0.0/24\"\n}\n", i)
	}
	for _, tt := range []struct{ name, src, diag string }{
		{"nested dynamic blocks", nested, "dynamic block not expanded: the module's for expressions, count, for_each and dynamic blocks iterate more than 100000 times"},
		{"many counted resources", counted.String(), "count not expanded: the module's for expressions, count, for_each and dynamic blocks iterate more than 100000 times"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			p := loadGuarded(t, dir, Options{})
			noInternalErrors(t, p)
			found := false
			for _, d := range p.Diagnostics {
				found = found || (strings.Contains(d.Message, tt.diag) && d.Pos.Line > 0)
			}
			if !found {
				t.Errorf("no diagnostic %q: %v", tt.diag, p.Diagnostics[:min(5, len(p.Diagnostics))])
			}
		})
	}
}

// A policy held in a string is indexed with positions only up to 1 MiB.
func TestEmbeddedDocumentCap(t *testing.T) {
	dir := t.TempDir()
	doc := `{"Statement":[` + strings.Repeat(`{"Effect":"Allow"},`, 1<<16) + `{"Effect":"Allow"}]}`
	files := map[string]string{
		"big.json": doc,
		"main.tf":  "resource \"alicloud_ram_policy\" \"p\" {\n  policy_name = \"p\"\n  policy_document = file(\"big.json\")\n}\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := loadGuarded(t, dir, Options{})
	if d := diagAt(p, 3, "policy document of alicloud_ram_policy.p is not read: the document is 1.2 MiB, over the 1.0 MiB"); d == nil {
		t.Errorf("no diagnostic: %v", p.Diagnostics)
	}
}
