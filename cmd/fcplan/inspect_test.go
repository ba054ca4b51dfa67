package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// inspectFixtures are the loader fixtures: fc3, legacy fc, a plan and two
// Terraform directories that declare the same addresses.
var inspectFixtures = []string{
	"../../testdata/projects/fc3-vpc-app",
	"../../testdata/projects/legacy-fc",
	"../../testdata/projects/tf-plan/plan.json",
	"../../testdata/projects/tf-vpc-nat",
	"../../testdata/projects/tf-vpc-nat-no-eip-assoc",
}

func TestInspectGolden(t *testing.T) {
	for _, tc := range []struct{ name, format, golden string }{
		{"table", "table", "projects.txt"},
		{"json", "json", "projects.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := lintRun(t, append([]string{"inspect", "--format", tc.format}, inspectFixtures...)...)
			if code != ExitOK {
				t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
			}
			inspectGolden(t, tc.golden, out)
		})
	}
}

func TestInspectDeterministic(t *testing.T) {
	args := append([]string{"inspect", "--format", "json"}, inspectFixtures...)
	a, _, _ := lintRun(t, args...)
	b, _, _ := lintRun(t, args...)
	if a != b {
		t.Fatal("two runs of inspect --format json differ")
	}
}

func TestInspectBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(bad, []byte("edition: 3.0.0\nresources:\n  f:\n    component: fc3\n    props:\n      memorySize: lots\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := lintRun(t, "inspect", bad)
	if code != ExitInput {
		t.Errorf("exit %d, want %d", code, ExitInput)
	}
	if !strings.Contains(stderr+out, "s.yaml:6:") || !strings.Contains(stderr+out, "memorySize") {
		t.Errorf("want an error naming s.yaml:6 and memorySize; stdout:\n%s\nstderr:\n%s", out, stderr)
	}
	if _, _, code := lintRun(t, "inspect", "--format", "xml", "../../testdata/projects"); code != ExitInput {
		t.Errorf("--format xml: exit %d, want %d", code, ExitInput)
	}
}

// TestInspectCorpus: every fc3 resource of the 44 real s.yaml files is listed
// and nothing fails to load.
func TestInspectCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "fc3")
	files, _ := filepath.Glob(filepath.Join(corpus, "*.yaml"))
	if len(files) == 0 {
		t.Skipf("%s is absent (it lives beside the repository, not in it)", corpus)
	}
	want := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Resources map[string]struct {
				Component string `yaml:"component"`
			} `yaml:"resources"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range doc.Resources {
			// The corpus is the fc3 component's own examples: its
			// resources point component at a local build of fc3
			// (${path('../../..')} or a relative path), so every
			// resource with a component is an fc3 function.
			if r.Component != "" {
				want++
			}
		}
	}
	out, stderr, code := lintRun(t, "inspect", corpus, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	var model struct {
		Functions   []json.RawMessage `json:"functions"`
		Diagnostics []struct {
			Severity string `json:"severity"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &model); err != nil {
		t.Fatal(err)
	}
	if len(model.Functions) != want {
		t.Errorf("inspect lists %d functions, the corpus has %d fc3 resources", len(model.Functions), want)
	}
	for _, d := range model.Diagnostics {
		if d.Severity == "error" {
			t.Errorf("load error in the corpus: %+v", d)
		}
	}
}

func inspectGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "inspect", name)
	if lintUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s", path, got)
	}
}

// TestInspectJSONArrays: a minimal project (no triggers, layers, roles,
// network, diagnostics) writes [] for every list, never null, so a jq
// filter like '.functions[].triggers[]' or '.roles | length' works.
func TestInspectJSONArrays(t *testing.T) {
	dir := t.TempDir()
	sy := "edition: 3.0.0\nname: x\nresources:\n  a:\n    component: fc3\n    props:\n      region: cn-hangzhou\n      functionName: a\n      runtime: go1\n      handler: main\n      code: .\n"
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(sy), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := lintRun(t, "inspect", "--format", "json", dir)
	if code != ExitOK {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"functions", "roles", "policies", "attachments", "customDomains", "diagnostics"} {
		if _, ok := doc[key].([]any); !ok {
			t.Errorf("%s = %v, want an array", key, doc[key])
		}
	}
	fn := doc["functions"].([]any)[0].(map[string]any)
	for _, key := range []string{"triggers", "layers", "env"} {
		if _, ok := fn[key].([]any); !ok {
			t.Errorf("functions[0].%s = %v, want an array", key, fn[key])
		}
	}
	network := doc["network"].(map[string]any)
	for key, v := range network {
		if _, ok := v.([]any); !ok {
			t.Errorf("network.%s = %v, want an array", key, v)
		}
	}
}
