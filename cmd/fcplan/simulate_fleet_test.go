package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fleetProject writes a two-function fc3 project and a three-function
// trace: "resize" matches a project function by name, "t-thumb" is mapped
// with --map, "other" takes the defaults.
func fleetProject(t *testing.T) (project, trace string) {
	t.Helper()
	dir := t.TempDir()
	project = filepath.Join(dir, "s.yaml")
	yaml := `edition: 3.0.0
name: fleet
access: default
resources:
  resize:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: resize
      runtime: go1
      handler: main
      code: ./code
      memorySize: 2048
      timeout: 60
      instanceConcurrency: 1
  thumb:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: thumb
      runtime: nodejs18
      handler: index.handler
      code: ./code
      memorySize: 1024
      timeout: 10
      instanceConcurrency: 8
`
	if err := os.WriteFile(project, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("timestamp,duration_ms,function\n")
	for i := 0; i < 600; i++ {
		for _, fn := range []string{"resize", "t-thumb", "other"} {
			b.WriteString(strings.Join([]string{itoaFleet(i), "120", fn}, ",") + "\n")
		}
	}
	trace = filepath.Join(dir, "trace.csv")
	if err := os.WriteFile(trace, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return project, trace
}

// manyFunctions writes a trace of n functions with one call each: a
// fleet of rare functions is read once per batch of them.
func manyFunctions(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("timestamp,duration_ms,function\n")
	for i := 0; i < n; i++ {
		b.WriteString(itoaFleet(i) + ",100,f" + itoaFleet(i) + "\n")
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func itoaFleet(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestSimulateFleetMapping(t *testing.T) {
	project, trace := fleetProject(t)
	out, stderr, code := runSimulateCLI(t, "simulate", "-c", project, "--trace", trace, "--map", "t-thumb=thumb", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Fleet struct {
			Functions int            `json:"functions"`
			Requests  int64          `json:"requests"`
			ByConfig  map[string]int `json:"byConfig"`
		} `json:"fleet"`
		Functions []struct {
			Function    string  `json:"function"`
			Config      string  `json:"config"`
			MemoryMB    int     `json:"memoryMB"`
			Concurrency int     `json:"concurrency"`
			Timeout     float64 `json:"timeoutSeconds"`
			Requests    int64   `json:"requests"`
		} `json:"functions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Fleet.Functions != 3 || doc.Fleet.Requests != 1800 {
		t.Fatalf("fleet %+v, want 3 functions and 1800 requests", doc.Fleet)
	}
	want := map[string]struct {
		config       string
		memory, conc int
		timeout      float64
	}{
		"resize":  {"project function resize", 2048, 1, 60},
		"t-thumb": {"project function thumb (--map)", 1024, 8, 10},
		"other":   {"defaults", 512, 1, 3},
	}
	for _, f := range doc.Functions {
		w, ok := want[f.Function]
		if !ok {
			t.Errorf("unexpected row %q", f.Function)
			continue
		}
		if f.Config != w.config || f.MemoryMB != w.memory || f.Concurrency != w.conc || f.Timeout != w.timeout || f.Requests != 600 {
			t.Errorf("%s: %+v, want %+v and 600 requests", f.Function, f, w)
		}
	}

	// Text says which model each function took.
	out, _, code = runSimulateCLI(t, "simulate", "-c", project, "--trace", trace, "--map", "t-thumb=thumb")
	if code != 0 || !strings.Contains(out, "1 from defaults, 1 from project function resize, 1 from project function thumb (--map)") {
		t.Errorf("exit %d, text without the model sources:\n%s", code, out)
	}
}

func TestSimulateFleetBadInput(t *testing.T) {
	project, trace := fleetProject(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"map to a missing project function", []string{"-c", project, "--trace", trace, "--map", "t-thumb=nope"}, `no function "nope" in the project`},
		{"map from a missing trace function", []string{"-c", project, "--trace", trace, "--map", "typo=thumb"}, `--map: no function "typo" in the trace`},
		{"map without a separator", []string{"-c", project, "--trace", trace, "--map", "thumb"}, "expected TRACE=PROJECT"},
		{"map without a project", []string{"--trace", trace, "--map", "a=b"}, "--map: needs a project"},
		{"timeline of a fleet", []string{"--trace", trace, "--timeline", filepath.Join(t.TempDir(), "tl.csv")}, "pick one with --function"},
		{"fleet past the event budget", []string{"--trace", trace, "--max-events", "1000"}, "1000"},
		{"fleet read too often", []string{"--trace", manyFunctions(t, 3000), "--max-events", "50000"}, "reads it 25 times (75000 arrivals), past the budget of 50000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runSimulateCLI(t, append([]string{"simulate"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tt.want)
			}
		})
	}
}
