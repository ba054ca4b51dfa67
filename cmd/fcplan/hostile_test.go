package main

// The hostile-input suite (issue 10): every command and output format run as
// a separate process over inputs an attacker could put in a pull request,
// each under a wall-clock and memory budget, asserting a bounded result, no
// panic, and no byte of a planted secret or of a file outside the project in
// any output. The cases are described in testdata/hostile/README.md; their
// inputs are generated here, in a temporary directory, never committed.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Budgets of one fcplan process in the suite. They are hang and exhaustion
// guards, far above what a bounded run takes, not performance assertions.
const (
	hostileWallBudget = 60 * time.Second
	hostileRSSBudget  = 1536 << 20 // bytes
)

// Planted secrets. Their secret parts are drawn from letters that never
// occur in hex, each from its own seed, so a fingerprint or a hash in a
// report cannot match one by chance and no two secrets share five letters.
var (
	hostileEnvSecret  = "hostileEnv" + hostileLetters(1, 18)  // in the process environment
	hostileFileSecret = "hostileFile" + hostileLetters(2, 18) // in a file outside the project
	hostileAKID       = "LTAI" + hostileLetters(3, 20)        // an AccessKey ID in a config
	hostileAKSecret   = hostileLetters(4, 30)                 // an AccessKey secret under a neutral key
	hostileDSNPass    = hostileLetters(5, 16)                 // a password inside a DSN
	hostileTFSecret   = hostileLetters(6, 30)                 // a Terraform SK = "..."
	hostileGoSecret   = hostileLetters(7, 30)                 // a Go map entry "sk": "..."
)

// hostileLetters returns n letters outside [a-fA-F] from a small LCG.
func hostileLetters(seed uint32, n int) string {
	const alphabet = "ghijkmnpqrstuvwxyzGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, n)
	x := seed*2654435761 + 12345
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = alphabet[(x>>16)%uint32(len(alphabet))]
	}
	return string(b)
}

// maskedSecrets are secrets that fcplan sees and may report, masked: no run
// may print five or more of their characters in a row (the masker shows at
// most four). leakedSecrets must never appear at all, not even partly
// unmasked: fcplan must not read them.
var (
	maskedSecrets = []string{hostileAKSecret, strings.TrimPrefix(hostileAKID, "LTAI"), hostileDSNPass, hostileTFSecret, hostileGoSecret}
	leakedSecrets = []string{hostileEnvSecret, hostileFileSecret}
)

// hostileRun is one fcplan invocation of a case.
type hostileRun struct {
	args []string // {proj}, {out} and {outside} are replaced
	// exits lists the accepted exit codes; nil accepts 0, 1 and 2 (a
	// bounded success or a refusal).
	exits []int
	// says must appear in the output (a refusal's reason: commands with a
	// report, like lint, put load errors in it; others write to stderr).
	says string
}

// hostileCase builds its inputs under proj (the project directory) and
// outside (a sibling directory holding what must never be read).
type hostileCase struct {
	name  string
	item  string // the issue 10 item it covers
	setup func(t *testing.T, proj, outside string)
	runs  []hostileRun
}

var hostileBinary struct {
	once sync.Once
	path string
	err  error
}

// buildHostileBinary builds fcplan once for the suite.
func buildHostileBinary(t *testing.T) string {
	t.Helper()
	hostileBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "fcplan-hostile-bin")
		if err != nil {
			hostileBinary.err = err
			return
		}
		hostileBinary.path = filepath.Join(dir, "fcplan")
		out, err := exec.Command("go", "build", "-o", hostileBinary.path, ".").CombinedOutput()
		if err != nil {
			hostileBinary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if hostileBinary.err != nil {
		t.Fatal(hostileBinary.err)
	}
	return hostileBinary.path
}

func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile-input suite builds fcplan and runs it a few hundred times; skipped with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the hostile-input suite uses /proc, FIFOs and rusage: Linux only")
	}
	bin := buildHostileBinary(t)
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			proj := filepath.Join(root, "proj")
			outside := filepath.Join(root, "outside")
			out := filepath.Join(root, "out")
			for _, d := range []string{proj, outside, out} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			writeFile(t, filepath.Join(outside, "secret.txt"), hostileFileSecret+"\n")
			c.setup(t, proj, outside)
			for i, r := range c.runs {
				args := make([]string, len(r.args))
				for j, a := range r.args {
					a = strings.ReplaceAll(a, "{proj}", proj)
					a = strings.ReplaceAll(a, "{outside}", outside)
					args[j] = strings.ReplaceAll(a, "{out}", filepath.Join(out, fmt.Sprint(i)))
				}
				runHostile(t, bin, proj, out, c.item, args, r)
			}
		})
	}
}

// runHostile runs fcplan once in dir and checks every rule of the suite.
func runHostile(t *testing.T, bin, dir, outDir, item string, args []string, r hostileRun) {
	t.Helper()
	name := "fcplan " + strings.Join(args, " ")
	ctx, cancel := context.WithTimeout(context.Background(), hostileWallBudget)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FCPLAN_CI_SECRET="+hostileEnvSecret, "NO_COLOR=1")
	cmd.Stdin = nil
	// fcplan may start children (go list for vet): kill the whole group, and
	// stop waiting for pipes a killed child still holds.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("[%s] %s: still running after %v (killed)", item, name, hostileWallBudget)
		return
	}
	t.Logf("%s: %v", name, time.Since(start).Round(time.Millisecond))
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		if rss := int64(ru.Maxrss) << 10; rss > hostileRSSBudget {
			t.Errorf("[%s] %s: peak RSS %d MiB, over the %d MiB budget", item, name, rss>>20, hostileRSSBudget>>20)
		}
	}
	exits := r.exits
	if exits == nil {
		exits = []int{ExitOK, ExitFindings, ExitInput}
	}
	if !slices.Contains(exits, code) {
		t.Errorf("[%s] %s: exit %d, want one of %v\nstderr: %s", item, name, code, exits, clip(stderr.String()))
	}
	if r.says != "" && !strings.Contains(stdout.String()+stderr.String(), r.says) {
		t.Errorf("[%s] %s: the output does not say %q:\n%s%s", item, name, r.says, clip(stdout.String()), clip(stderr.String()))
	}
	if s := stderr.String(); strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") {
		t.Errorf("[%s] %s: panicked:\n%s", item, name, clip(s))
	}
	outputs := map[string][]byte{"stdout": stdout.Bytes(), "stderr": stderr.Bytes()}
	files, _ := filepath.Glob(filepath.Join(outDir, "*"))
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() && st.Size() < 64<<20 {
			b, err := os.ReadFile(f)
			if err == nil {
				outputs[filepath.Base(f)] = b
			}
		}
	}
	for where, b := range outputs {
		checkNoLeak(t, item, name, where, b)
	}
	if slices.Contains(args, "markdown") {
		for _, raw := range []string{"<img", "<svg", "<!--"} {
			if bytes.Contains(stdout.Bytes(), []byte(raw)) {
				t.Errorf("[%s] %s: Markdown passes raw HTML %q from the input", item, name, raw)
			}
		}
	}
	for _, f := range files {
		os.Remove(f)
	}
}

// checkNoLeak fails when an output carries a secret or raw control bytes.
func checkNoLeak(t *testing.T, item, name, where string, b []byte) {
	t.Helper()
	s := string(b)
	for _, sec := range leakedSecrets {
		// Any 8 characters of a secret fcplan must never read.
		for i := 0; i+8 <= len(sec); i++ {
			if strings.Contains(s, sec[i:i+8]) {
				t.Errorf("[%s] %s: %s contains %q, part of a secret it must never read", item, name, where, sec[i:i+8])
				break
			}
		}
	}
	for _, sec := range maskedSecrets {
		for i := 0; i+5 <= len(sec); i++ {
			if strings.Contains(s, sec[i:i+5]) {
				t.Errorf("[%s] %s: %s shows %q, more than 4 characters of a secret", item, name, where, sec[i:i+5])
				break
			}
		}
	}
	if where == "stdout" || where == "stderr" || !strings.HasSuffix(where, ".html") {
		for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
			if strings.Contains(s, bad) {
				t.Errorf("[%s] %s: %s carries a raw control character %q", item, name, where, bad)
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}

// projectRuns are every reading command in every output format over {proj}.
func projectRuns() []hostileRun {
	var runs []hostileRun
	for _, f := range []string{"table", "json"} {
		runs = append(runs, hostileRun{args: []string{"inspect", "{proj}", "--format", f}})
	}
	for _, f := range []string{"text", "json", "sarif", "markdown"} {
		runs = append(runs, hostileRun{args: []string{"lint", "{proj}", "--format", f}})
	}
	for _, f := range []string{"text", "markdown", "json"} {
		args := []string{"review", "{proj}", "--format", f, "--workload", "poisson:rate=2/s,duration=10m"}
		if f == "text" {
			args = append(args, "--html", "{out}.html")
		}
		runs = append(runs, hostileRun{args: args})
	}
	return runs
}

// vetRuns are vet in every output format over the Go module in {proj}.
func vetRuns() []hostileRun {
	var runs []hostileRun
	for _, f := range []string{"text", "json", "sarif", "markdown"} {
		runs = append(runs, hostileRun{args: []string{"vet", "-C", "{proj}", "--format", f, "./..."}})
	}
	return runs
}

// refused is a run that must exit 2 saying why.
func refused(says string, args ...string) hostileRun {
	return hostileRun{args: args, exits: []int{ExitInput}, says: says}
}

const hostileSYAML = `edition: 3.0.0
name: hostile
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: api
      runtime: python3.10
      handler: index.handler
      memorySize: 512
      timeout: 10
      code: ./code
      environmentVariables:
        AK: %s
        SK: %s
        DSN: "mysql://app:%s@tcp(db.internal:3306)/orders"
        CREDS: %s
`

const hostileGoMod = "module example.com/hostile\n\ngo 1.22\n"

func hostileCases() []hostileCase {
	ctrl := "evil\x1b]0;pwned\x07\x1b[2J\r\u202e<img src=x onerror=alert(1)><!--|`"
	return []hostileCase{
		{
			name: "tf-file-reads-process-environment",
			item: "1 file()",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "main.tf"), `
locals {
  env  = file("/proc/self/environ")
  leak = regex("FCPLAN_CI_SECRET=[A-Za-z]+", local.env)
}
resource "alicloud_fcv3_function" "api" {
  function_name = "api"
  runtime       = "python3.10"
  handler       = "index.handler"
  memory_size   = 512
  environment_variables = {
    LEAK = local.env
    URL  = "https://${local.leak}.example.com/hook"
  }
}
`)
			},
			runs: projectRuns(),
		},
		{
			name: "tf-file-functions-outside-the-project",
			item: "1 file functions",
			setup: func(t *testing.T, proj, outside string) {
				symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(proj, "link.txt"))
				writeFile(t, filepath.Join(proj, "tpl.tftpl"), "${x}")
				writeFile(t, filepath.Join(proj, "main.tf"), fmt.Sprintf(`
resource "alicloud_fcv3_function" "api" {
  function_name = "api"
  runtime       = "python3.10"
  handler       = "index.handler"
  environment_variables = {
    A = file("../outside/secret.txt")
    B = file(%q)
    C = file("link.txt")
    D = filebase64(%q)
    E = templatefile(%q, {})
    F = join(",", fileset("/", "**"))
    G = filemd5("/proc/self/environ")
    H = pathexpand("~/.ssh/id_rsa")
    I = templatefile("tpl.tftpl", { x = file("../outside/secret.txt") })
  }
}
`, filepath.Join(outside, "secret.txt"), filepath.Join(outside, "secret.txt"), filepath.Join(outside, "secret.txt")))
			},
			runs: projectRuns(),
		},
		{
			name: "tf-tfvars-and-modules-outside-the-project",
			item: "1 config paths",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(outside, "evil.tfvars"), fmt.Sprintf("secret = %q\n", hostileFileSecret))
				symlink(t, filepath.Join(outside, "evil.tfvars"), filepath.Join(proj, "evil.auto.tfvars"))
				writeFile(t, filepath.Join(outside, "mod", "main.tf"), fmt.Sprintf(`
variable "x" { default = %q }
resource "alicloud_fcv3_function" "m" {
  function_name = var.x
  runtime       = "python3.10"
  handler       = "index.handler"
}
`, hostileFileSecret))
				writeFile(t, filepath.Join(proj, "main.tf"), `
variable "secret" { default = "none" }
module "m" { source = "../outside/mod" }
resource "alicloud_fcv3_function" "api" {
  function_name = "api"
  runtime       = "python3.10"
  handler       = "index.handler"
  environment_variables = { S = var.secret }
}
`)
			},
			runs: projectRuns(),
		},
		{
			name: "baseline-path-outside-the-project",
			item: "1 .fcplan.yaml baseline",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "none", "none", "none", "none"))
				writeFile(t, filepath.Join(proj, ".fcplan.yaml"), "baseline: ../outside/secret.txt\n")
			},
			runs: []hostileRun{
				{args: []string{"lint", "{proj}", "--config", "{proj}/.fcplan.yaml"}, exits: []int{ExitInput}},
				{args: []string{"lint", "{proj}", "--format", "json"}, exits: []int{ExitInput}},
			},
		},
		{
			name: "cgo-include-of-a-file-outside",
			item: "1 cgo",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "go.mod"), hostileGoMod)
				writeFile(t, filepath.Join(proj, "main.go"), fmt.Sprintf(`package main

// #include %q
import "C"

import "net/http"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})
}
`, filepath.Join(outside, "secret.txt")))
			},
			runs: vetRuns(),
		},
		{
			name: "go-files-and-modules-leading-outside",
			item: "1 vet reads",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "none", "none", "none", "none"))
				for sub, link := range map[string]string{"env": "/proc/self/environ", "file": filepath.Join(outside, "secret.txt")} {
					mod := filepath.Join(proj, sub)
					writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/"+sub+"\n\ngo 1.22\n")
					writeFile(t, filepath.Join(mod, "a", "a.go"), "package a\n")
					symlink(t, link, filepath.Join(mod, "a", "e.go"))
				}
				zero := filepath.Join(proj, "zero")
				writeFile(t, filepath.Join(zero, "a.go"), "package zero\n")
				symlink(t, "/dev/zero", filepath.Join(zero, "go.mod"))
				rep := filepath.Join(proj, "rep")
				writeFile(t, filepath.Join(outside, "dep", "go.mod"), "module example.com/dep\n\ngo 1.22\n")
				writeFile(t, filepath.Join(outside, "dep", "dep.go"), "package dep\n\n// "+hostileFileSecret+"\nvar X = 1 +\n")
				writeFile(t, filepath.Join(rep, "go.mod"), "module example.com/rep\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../../outside/dep\n")
				writeFile(t, filepath.Join(rep, "main.go"), "package main\n\nimport \"example.com/dep\"\n\nfunc main() { _ = dep.X }\n")
			},
			runs: []hostileRun{
				refused("outside the project", "vet", "-C", "{proj}/env", "./..."),
				refused("outside the project", "vet", "-C", "{proj}/file", "./..."),
				refused("outside the project", "vet", "-C", "{proj}/zero", "./..."),
				refused("outside the project", "vet", "-C", "{proj}/rep", "./..."),
				refused("outside the project", "review", "{proj}", "--format", "markdown", "--workload", "poisson:rate=1/s,duration=1m"),
			},
		},
		{
			name: "huge-go-file",
			item: "3 size caps",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "go.mod"), hostileGoMod)
				writeFile(t, filepath.Join(proj, "main.go"), "package main\n\nfunc main() { _ = table }\n")
				var b strings.Builder
				b.WriteString("package main\n\nvar table = []int{\n")
				for b.Len() < 5<<20 {
					b.WriteString("1234567,\n")
				}
				b.WriteString("}\n")
				writeFile(t, filepath.Join(proj, "table.go"), b.String())
			},
			runs: []hostileRun{{args: []string{"vet", "-C", "{proj}", "./..."}, says: "over the 4 MiB limit for source files"}},
		},
		{
			name: "secrets-in-configs-and-code",
			item: "2 masking",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, hostileAKID, hostileAKSecret, hostileDSNPass, hostileAKSecret))
				writeFile(t, filepath.Join(proj, "infra", "main.tf"), fmt.Sprintf(`
resource "alicloud_fcv3_function" "tf" {
  function_name = "tf"
  runtime       = "go1"
  handler       = "main"
  environment_variables = {
    SK = %q
  }
}
`, hostileTFSecret))
				writeFile(t, filepath.Join(proj, "go.mod"), hostileGoMod)
				writeFile(t, filepath.Join(proj, "main.go"), fmt.Sprintf(`package main

import "net/http"

var creds = map[string]string{
	"ak": %q,
	"sk": %q,
}

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _ = creds })
}
`, hostileAKID, hostileGoSecret))
			},
			runs: append(projectRuns(), vetRuns()...),
		},
		{
			name: "special-files-in-a-project",
			item: "3 not regular files",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "none", "none", "none", "none"))
				mkfifo(t, filepath.Join(proj, "x.yaml"))
				symlink(t, "/dev/zero", filepath.Join(proj, "main.tf"))
				symlink(t, "/dev/stdin", filepath.Join(proj, "plan.json"))
				symlink(t, "/dev/zero", filepath.Join(proj, "zero.yaml"))
			},
			runs: projectRuns(),
		},
		{
			name: "special-files-named-on-the-command-line",
			item: "3 not regular files",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "none", "none", "none", "none"))
				mkfifo(t, filepath.Join(proj, "fifo.yaml"))
				symlink(t, "/dev/zero", filepath.Join(proj, "zero.yaml"))
				symlink(t, "/dev/stdin", filepath.Join(proj, "plan.json"))
				symlink(t, "/dev/zero", filepath.Join(proj, "zero.catalog.yaml"))
				symlink(t, "/dev/zero", filepath.Join(proj, "baseline.json"))
				mkfifo(t, filepath.Join(proj, "trace.csv"))
			},
			runs: []hostileRun{
				refused("fifo.yaml", "lint", "{proj}/fifo.yaml"),
				refused("zero.yaml", "lint", "{proj}/zero.yaml"),
				refused("plan.json", "inspect", "{proj}/plan.json"),
				refused("zero.catalog.yaml", "lint", "{proj}/s.yaml", "--catalog", "{proj}/zero.catalog.yaml"),
				refused("baseline.json", "lint", "{proj}/s.yaml", "--baseline", "{proj}/baseline.json"),
				refused("trace.csv", "simulate", "--trace", "{proj}/trace.csv"),
				refused("trace.csv", "trace", "stats", "{proj}/trace.csv"),
			},
		},
		{
			name: "huge-configs",
			item: "3 size caps",
			setup: func(t *testing.T, proj, outside string) {
				var b strings.Builder
				b.WriteString("edition: 3.0.0\nname: big\naccess: default\nresources:\n")
				for i := 0; b.Len() < 17<<20; i++ {
					fmt.Fprintf(&b, "  f%d:\n    component: fc3\n    props:\n      region: cn-hangzhou\n      functionName: f%d\n      runtime: python3.10\n      handler: index.handler\n      code: ./code\n", i, i)
				}
				writeFile(t, filepath.Join(proj, "s.yaml"), b.String())
			},
			runs: []hostileRun{
				refused("s.yaml", "lint", "{proj}/s.yaml"),
				refused("s.yaml", "inspect", "{proj}/s.yaml", "--format", "json"),
			},
		},
		{
			name: "hcl-evaluation-blow-up",
			item: "3 HCL budget",
			setup: func(t *testing.T, proj, outside string) {
				var b strings.Builder
				b.WriteString("locals {\n  a0 = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n")
				for i := 1; i <= 12; i++ {
					p := fmt.Sprintf("local.a%d", i-1)
					fmt.Fprintf(&b, "  a%d = join(\"\", [%s])\n", i, strings.Repeat(p+",", 8))
				}
				b.WriteString("  l0 = [\"x\"]\n")
				for i := 1; i <= 12; i++ {
					fmt.Fprintf(&b, "  l%d = flatten([for x in local.l%d : [x, x, x, x, x, x, x, x]])\n", i, i-1)
				}
				b.WriteString("  cube = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]]\n}\n")
				b.WriteString(`
resource "alicloud_fcv3_function" "api" {
  function_name = "api"
  runtime       = "python3.10"
  handler       = "index.handler"
  environment_variables = { A = local.a12, B = length(local.l12), C = length(local.cube) }
}
`)
				writeFile(t, filepath.Join(proj, "main.tf"), b.String())
			},
			runs: []hostileRun{
				{args: []string{"lint", "{proj}"}},
				{args: []string{"inspect", "{proj}", "--format", "json"}},
			},
		},
		{
			// Each directory is small and within its own budget; together
			// they would build gigabytes: the run shares one budget.
			name: "many-small-terraform-directories",
			item: "3 HCL budget across a run",
			setup: func(t *testing.T, proj, outside string) {
				for i := 0; i < 300; i++ {
					writeFile(t, filepath.Join(proj, fmt.Sprintf("d%03d", i), "main.tf"), `locals {
  s = format("%4000s", "x")
  a = join("", [for i in range(1000) : local.s])
  b = "${local.a}${local.a}"
}
resource "alicloud_fcv3_function" "f" {
  function_name = "f"
  description   = local.b
  environment_variables = { A = local.a }
}
`)
				}
			},
			runs: []hostileRun{{args: []string{"lint", "{proj}", "--format", "json"}}},
		},
		{
			name: "traces-and-workloads-that-never-end",
			item: "3 event and row budgets",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "century.csv"), "timestamp,function\n2026-01-01T00:00:00Z,a\n2126-01-01T00:00:00Z,a\n")
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "none", "none", "none", "none"))
				writeFile(t, filepath.Join(proj, "decades.csv"), "timestamp,function\n2026-01-01T00:00:00Z,a\n2056-01-01T00:00:00Z,a\n")
				var az strings.Builder
				az.WriteString("HashOwner,HashApp,HashFunction,Trigger")
				for m := 1; m <= 1440; m++ {
					fmt.Fprintf(&az, ",%d", m)
				}
				az.WriteString("\no,a,f,http")
				for m := 1; m <= 1440; m++ {
					az.WriteString(",99999999")
				}
				az.WriteString("\n")
				writeFile(t, filepath.Join(proj, "az", "invocations_per_function_md.anon.d01.csv"), az.String())
			},
			runs: []hostileRun{
				{args: []string{"simulate", "--trace", "{proj}/century.csv", "--timeline", "{out}.csv"}},
				{args: []string{"review", "{proj}", "--trace", "{proj}/century.csv"}},
				refused("--max-timeline-rows", "simulate", "--trace", "{proj}/decades.csv", "--timeline", "{out}.csv"),
				{args: []string{"review", "{proj}", "--trace", "{proj}/decades.csv"}},
				refused("", "review", "{proj}", "--timeline-step", "1ns"),
				refused("", "simulate", "--workload", "poisson:rate=5/s,duration=1h", "--timeline", "{out}.csv", "--timeline-step", "1ns"),
				refused("", "simulate", "--workload", "poisson:rate=1e6/s,duration=720h"),
				refused("", "simulate", "--workload", "cron:every=1ns"),
				{args: []string{"simulate", "--trace", "{proj}/az/invocations_per_function_md.anon.d01.csv", "--trace-format", "azure2019"}, exits: []int{ExitInput}},
				refused("", "compare", "--workload", "poisson:rate=1/s,duration=1m",
					"--vary", "memorySize="+intList(128, 500), "--vary", "timeout="+intList(1, 200), "--vary", "instanceConcurrency="+intList(1, 200)),
				{args: []string{"compare", "--workload", "poisson:rate=1/s,duration=1m", "--vary", "memorySize=512,1024", "--parallel", "1000000000"}},
			},
		},
		{
			name: "named-files-that-are-not-what-they-claim",
			item: "4 nothing passes silently",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "plan.json"), `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"resources":[{"address":"alicloud_fcv3_function.a",`)
				writeFile(t, filepath.Join(proj, "deep.json"), `{"format_version":"1.2","planned_values":`+strings.Repeat("[", 100000))
				writeFile(t, filepath.Join(proj, "empty.yaml"), "")
				writeFile(t, filepath.Join(proj, "garbage.yaml"), "\x00\x01{{{ not: [yaml\n")
				writeFile(t, filepath.Join(proj, "go.mod"), hostileGoMod)
				writeFile(t, filepath.Join(proj, "main.go"), "package main\n\nfunc main() {}\n")
			},
			runs: []hostileRun{
				refused("plan.json", "lint", "{proj}/plan.json"),
				refused("deep.json", "lint", "{proj}/deep.json"),
				refused("empty.yaml", "lint", "{proj}/empty.yaml"),
				refused("garbage.yaml", "lint", "{proj}/garbage.yaml"),
				refused("plan.json", "inspect", "{proj}/plan.json"),
				refused("internal/handler", "vet", "-C", "{proj}", "./internal/handler"),
			},
		},
		{
			name: "numbers-out-of-range",
			item: "4 numeric flags",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "future.csv"), "timestamp,function\n2026-01-01T00:00:00Z,a\n2400-01-01T00:00:00Z,a\n")
				writeFile(t, filepath.Join(proj, "neg.csv"), "-5,a\n1,a\n")
				writeFile(t, filepath.Join(proj, "nan.jsonl"), `{"invocationStartTimestamp":1767225600000,"durationMs":"NaN","functionName":"a","invocationType":"Sync"}`+"\n")
			},
			runs: []hostileRun{
				refused("--requests", "cost", "--requests", "1e30", "--duration", "100ms"),
				refused("--peak-to-mean", "cost", "--requests", "1M", "--duration", "100ms", "--peak-to-mean", "NaN"),
				refused("--headroom", "cost", "--requests", "1M", "--duration", "100ms", "--headroom", "NaN"),
				refused("--headroom", "cost", "--requests", "1M", "--duration", "100ms", "--headroom", "1e308"),
				refused("--memory", "cost", "--requests", "1M", "--duration", "100ms", "--memory", "0"),
				refused("--duration", "cost", "--requests", "1M", "--duration", "1000000h"),
				refused("min", "simulate", "--workload", "poisson:rate=1/s,duration=1m", "--min-instances", "2000000000"),
				{args: []string{"simulate", "--trace", "{proj}/future.csv"}},
				refused("neg.csv", "simulate", "--trace", "{proj}/neg.csv"),
				refused("nan.jsonl", "simulate", "--trace", "{proj}/nan.jsonl", "--trace-format", "fc-requestlog"),
			},
		},
		{
			name: "control-characters-and-html-in-names",
			item: "5 output sanitising",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(`edition: 3.0.0
name: hostile
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: %q
      description: %q
      runtime: python3.10
      handler: index.handler
      code: ./code
      environmentVariables:
        NOTE: %q
`, "api"+ctrl, ctrl, ctrl))
				writeFile(t, filepath.Join(proj, "trace.csv"), fmt.Sprintf("timestamp,function\n0,%q\n1,%q\n", ctrl, ctrl))
			},
			runs: append(projectRuns(),
				hostileRun{args: []string{"simulate", "--trace", "{proj}/trace.csv"}},
				hostileRun{args: []string{"trace", "stats", "{proj}/trace.csv"}},
				hostileRun{args: []string{"review", "{proj}", "--format", "markdown", "--trace", "{proj}/trace.csv"}},
				hostileRun{args: []string{"compare", "-c", "{proj}/s.yaml", "--workload", "poisson:rate=1/s,duration=1m", "--vary", "memorySize=512,1024", "--format", "markdown"}},
			),
		},
		{
			name: "ci-env-secret-in-names",
			item: "secrets 1 --env",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), `edition: 3.0.0
name: hostile
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: ${env('DB_PASSWORD')}
      runtime: python3.10
      handler: index.handler
      code: ./code
      triggers:
        - triggerName: "${env('DB_PASSWORD')}"
          triggerType: http
          triggerConfig:
            authType: anonymous
            methods: [GET]
`)
			},
			runs: append(withArgs(projectRuns(), "--env", "DB_PASSWORD="+hostileEnvFlagSecret),
				hostileRun{args: []string{"lint", "{proj}", "--format", "sarif", "-o", "{out}.sarif", "--env", "DB_PASSWORD=" + hostileEnvFlagSecret}},
				hostileRun{args: []string{"lint", "{proj}", "--write-baseline", "{out}.json", "--env", "DB_PASSWORD=" + hostileEnvFlagSecret}},
				hostileRun{args: []string{"simulate", "-c", "{proj}/s.yaml", "--workload", "poisson:rate=1/s,duration=1m", "--env", "DB_PASSWORD=" + hostileEnvFlagSecret}},
			),
		},
		{
			name: "tf-sensitive-variables-in-names",
			item: "secrets 1-2 --var-file, sensitive",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(outside, "prod.tfvars"), fmt.Sprintf("db_password = %q\nlabel = %q\n", hostileTfvarsSecret, hostileTfvarsSecret+"x"))
				writeFile(t, filepath.Join(proj, "main.tf"), fmt.Sprintf(`
variable "db_password" { sensitive = true }
variable "label" {
  type      = string
  sensitive = true
}
variable "db" {
  default   = %q
  sensitive = true
}
resource "alicloud_fcv3_function" "api" {
  function_name = "fn-${var.db_password}"
  description   = var.label
  runtime       = "python3.10"
  handler       = "index.handler"
  environment_variables = { DBV = var.db }
}
`, hostileVarDefault))
			},
			runs: append(withArgs(projectRuns(), "--var-file", "{outside}/prod.tfvars"),
				hostileRun{args: []string{"inspect", "{proj}", "--format", "json", "--var", "db_password=" + hostileTfvarsSecret}},
			),
		},
		{
			name: "tf-plan-sensitive-values",
			item: "secrets 2 plan",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "plan.json"), sensitivePlan(t))
			},
			runs: projectRuns(),
		},
		{
			name: "access-key-id-as-env-name",
			item: "secrets 3 map key",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(`edition: 3.0.0
name: hostile
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: api
      runtime: python3.10
      handler: index.handler
      code: ./code
      environmentVariables: {%s: value}
`, hostileAKID))
			},
			runs: projectRuns(),
		},
		{
			name: "go-type-errors-quote-constants",
			item: "secrets 4 vet problems",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "go.mod"), hostileGoMod)
				writeFile(t, filepath.Join(proj, "main.go"), fmt.Sprintf(`package main

const accessKeySecret = %q

var _ int = accessKeySecret

var dbPassword int = %q

func main() {}
`, hostileConstSecret, hostileTypeErrSecret))
				writeFile(t, filepath.Join(proj, "s.yaml"), `edition: 3.0.0
name: hostile
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: api
      runtime: go1
      handler: main
      code: ./
`)
			},
			runs: append(vetRuns(), projectRuns()...),
		},
		{
			name: "exclude-and-fileset-globs-that-backtrack",
			item: "rt-config 1 linear glob matching",
			setup: func(t *testing.T, proj, outside string) {
				deep := filepath.Join(proj, strings.Repeat("d/", 40))
				writeFile(t, filepath.Join(deep, "s.yaml"), fmt.Sprintf(hostileSYAML, "x", "y", "z", "w"))
				stars := strings.Repeat("**/", 12)
				writeFile(t, filepath.Join(proj, ".fcplan.yaml"), "exclude: [\""+stars+"zz\"]\n")
				writeFile(t, filepath.Join(proj, "main.tf"), "locals {\n  files = fileset(path.module, \""+stars+"zz\")\n}\n")
			},
			runs: []hostileRun{
				{args: []string{"lint", "{proj}", "--format", "json"}, exits: []int{ExitOK, ExitFindings}},
			},
		},
		{
			name: "duplicate-yaml-keys",
			item: "rt-config 2 duplicate keys",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "x", "y", "z", "w")+`      triggers:
        - triggerName: http
          triggerType: http
          triggerConfig:
            authType: function
            authType: anonymous
`)
				writeFile(t, filepath.Join(proj, "legacy", "s.yaml"), "edition: 1.0.0\nservices:\n  s:\n    component: fc\n    props:\n      region: cn-hangzhou\n      function:\n        name: f\n        timeout: 10\n        timeout: 600\n")
				writeFile(t, filepath.Join(outside, ".fcplan.yaml"), "rules:\n  SEC001: off\n  SEC001: error\n")
			},
			runs: []hostileRun{
				refused("s.yaml:25:13: error: duplicate key authType (first at line 24)", "lint", "{proj}/s.yaml"),
				refused("duplicate key authType", "review", "{proj}", "--format", "json"),
				refused("s.yaml:10:9: error: duplicate key timeout (first at line 9)", "lint", "{proj}/legacy/s.yaml"),
				refused(".fcplan.yaml:3:3: duplicate key SEC001 (first at line 2)", "lint", "{proj}/legacy", "--config", "{outside}/.fcplan.yaml"),
			},
		},
		{
			name: "ignore-marker-inside-yaml-strings",
			item: "rt-config 3 only comments suppress",
			setup: func(t *testing.T, proj, outside string) {
				q := fmt.Sprintf("%q", hostileAKID+" # fcplan:ignore SEC001 -- test key")
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, q, q, "z", "w"))
			},
			runs: []hostileRun{
				{args: []string{"lint", "{proj}", "--format", "json"}, exits: []int{ExitFindings}, says: `"ruleId": "SEC001"`},
				{args: []string{"lint", "{proj}", "--format", "json"}, exits: []int{ExitFindings}, says: `"suppressed": []`},
			},
		},
		{
			name: "instance-counts-out-of-range-in-s-yaml",
			item: "rt-config 4 out-of-range values",
			setup: func(t *testing.T, proj, outside string) {
				writeFile(t, filepath.Join(proj, "s.yaml"), fmt.Sprintf(hostileSYAML, "x", "y", "z", "w")+
					"      scalingConfig: {minInstances: 2000000000}\n      provisionConfig:\n        target: 999999999999\n")
			},
			runs: []hostileRun{
				refused("s.yaml:20:37: error: scalingConfig.minInstances 2000000000: expected 0..1000000", "lint", "{proj}"),
				refused("provisionConfig.target 999999999999: expected 0..1000000", "lint", "{proj}", "--format", "json"),
				refused("scalingConfig.minInstances 2000000000: expected 0..1000000", "review", "{proj}", "--format", "json"),
				refused("scalingConfig.minInstances 2000000000: expected 0..1000000", "simulate", "-c", "{proj}/s.yaml", "--workload", "poisson:rate=1/s,duration=1m"),
				refused("scalingConfig.minInstances 2000000000: expected 0..1000000", "compare", "-c", "{proj}/s.yaml", "--workload", "poisson:rate=1/s,duration=1m", "--vary", "memorySize=512,1024"),
			},
		},
		{
			// A new function name on every row: the readers and trace
			// stats stop at workload.MaxFunctions distinct functions
			// instead of growing with the trace.
			name: "trace-with-too-many-functions",
			item: "distinct-function cap",
			setup: func(t *testing.T, proj, outside string) {
				var b bytes.Buffer
				b.WriteString("timestamp,duration_ms,function\n")
				for i := range 1<<20 + 1 {
					fmt.Fprintf(&b, "%d,10,%x\n", i/100, i)
				}
				writeFile(t, filepath.Join(proj, "many.csv"), b.String())
			},
			runs: []hostileRun{
				refused("more than 1048576 distinct functions", "trace", "stats", "{proj}/many.csv"),
				refused("select fewer with --function PREFIX", "simulate", "--runtime", "go1", "--trace", "{proj}/many.csv"),
				{args: []string{"simulate", "--runtime", "go1", "--trace", "{proj}/many.csv", "--function", "fffff"}, exits: []int{0}},
			},
		},
		{
			// Every --set value is range-checked when parsed: none may
			// overflow a duration or a bill and still exit 0.
			name:  "set-values-out-of-range",
			item:  "set ranges",
			setup: func(t *testing.T, proj, outside string) {},
			runs: []hostileRun{
				refused("--set codeSizeMB=1e12: expected a number from 0 to 10240 MB", "simulate", "--runtime", "go1", "--memory", "512", "--workload", "poisson:rate=1/s,duration=1h", "--set", "codeSizeMB=1e12", "--format", "json"),
				refused("--set codeFetchMBps=1e-9: expected a number from 0.125", "simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "codeFetchMBps=1e-9", "--set", "codeSizeMB=10"),
				refused("--set egressKB=1e300: expected a number from 0 to 1048576 KB", "simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "egressKB=1e300"),
				refused("--set keepAlive=2562047h: expected a duration from 0s to 24h", "simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "keepAlive=2562047h"),
				refused("--set delayedRelease=2562047h: expected a duration from 0s to 24h", "simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "delayedRelease=2562047h"),
				refused("--set sandbox=fixed:1000h", "simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "sandbox=fixed:1000h"),
				refused("--set asyncMaxEventAge=2562047h", "simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "asyncMaxEventAge=2562047h"),
				// The edges are accepted and give finite figures.
				{args: []string{"simulate", "--runtime", "go1", "--workload", "poisson:rate=1/s,duration=1h", "--set", "codeSizeMB=10240", "--set", "codeFetchMBps=0.125", "--set", "keepAlive=24h", "--set", "delayedRelease=24h", "--set", "egressKB=1048576", "--format", "json"}, exits: []int{0}},
			},
		},
	}
}

// intList is "lo,lo+1,...,lo+n-1".
func intList(lo, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprint(lo + i)
	}
	return strings.Join(parts, ",")
}

// Secrets of the secret-leak review: values the CI passes with --env and
// --var-file, a sensitive variable's default, a value a plan marks
// sensitive. fcplan reports them masked.
var (
	hostileEnvFlagSecret = "zz" + hostileLetters(8, 22)
	hostileTfvarsSecret  = "zz" + hostileLetters(9, 22)
	hostileVarDefault    = "zz" + hostileLetters(10, 22)
	hostilePlanSecret    = "zz" + hostileLetters(11, 22)
	hostileConstSecret   = "zz" + hostileLetters(12, 22)
	hostileTypeErrSecret = "zz" + hostileLetters(13, 22)
)

func init() {
	maskedSecrets = append(maskedSecrets, hostileEnvFlagSecret, hostileTfvarsSecret, hostileVarDefault, hostilePlanSecret, hostileConstSecret, hostileTypeErrSecret)
}

// withArgs returns runs with extra appended to each one's arguments.
func withArgs(runs []hostileRun, extra ...string) []hostileRun {
	out := make([]hostileRun, len(runs))
	for i, r := range runs {
		r.args = append(slices.Clone(r.args), extra...)
		out[i] = r
	}
	return out
}

// sensitivePlan is testdata/projects/tf-plan/plan.json with the function's
// environment variable CONFIG and its description set to a planted secret
// and marked sensitive, the way terraform show -json prints them.
func sensitivePlan(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "projects", "tf-plan", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	marks := map[string]any{"description": true, "environment_variables": map[string]any{"CONFIG": true}}
	plant := func(values map[string]any) {
		values["description"] = hostilePlanSecret + "d"
		env, _ := values["environment_variables"].(map[string]any)
		if env == nil {
			t.Fatal("plan.json: the function has no environment_variables")
		}
		env["CONFIG"] = hostilePlanSecret
	}
	found := false
	for _, r := range plan["planned_values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
		r := r.(map[string]any)
		if r["type"] == "alicloud_fcv3_function" {
			plant(r["values"].(map[string]any))
			r["sensitive_values"] = marks
			found = true
		}
	}
	for _, rc := range plan["resource_changes"].([]any) {
		rc := rc.(map[string]any)
		if rc["type"] == "alicloud_fcv3_function" {
			ch := rc["change"].(map[string]any)
			plant(ch["after"].(map[string]any))
			ch["after_sensitive"] = marks
		}
	}
	if !found {
		t.Fatal("plan.json: no alicloud_fcv3_function")
	}
	out, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
