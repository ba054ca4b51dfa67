package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/comparereport"
)

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "compare", name)
	if simulateUpdating() {
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

func runCompareOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := runSimulateCLI(t, append([]string{"compare"}, args...)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	return out
}

func compareJSON(t *testing.T, args ...string) comparereport.Comparison {
	t.Helper()
	var c comparereport.Comparison
	if err := json.Unmarshal([]byte(runCompareOK(t, append(args, "--format", "json")...)), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// A small memory x concurrency grid: 4 variants, 30 minutes at 2/s.
var compareGrid = []string{"--workload", "poisson:rate=2/s,duration=30m", "--runtime", "go1",
	"--duration", "lognormal:p50=80ms,p99=400ms",
	"--vary", "memorySize=512,1024", "--vary", "instanceConcurrency=1,10"}

// sweepCase is built so the optimum is known by hand: execution takes
// 100 ms + 1.4 s x (1 vCPU / vCPU), vCPU = 0.7 x memory / 1024 (catalog
// vcpuPerGB 0.7), i.e. 100 ms + 2048/M s, and the default timeout is 3 s. A size runs within the timeout when
// 0.1 + 2048/M < 3, i.e. M > 706.2 MB: 704 MB (3.009 s) times out, 768 MB
// (2.767 s) does not. Billed cost grows with memory (M x (0.1 s + 2048/M s)
// = 0.1 M + 2048), so the cheapest size that does not time out is 768 MB.
var sweepCase = []string{"--workload", "poisson:rate=1/s,duration=20m", "--duration", "cpu:io=100ms,cpu=1.4s@1vcpu",
	"--cold-start", "fixed:0", "--sweep", "memory", "--objective", "cost"}

func TestCompareGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"grid.txt", compareGrid},
		{"grid.json", append(append([]string(nil), compareGrid...), "--format", "json")},
		{"grid.md", append(append([]string(nil), compareGrid...), "--format", "markdown", "--objective", "cost")},
		{"grid.csv", append(append([]string(nil), compareGrid...), "--format", "csv", "--objective", "latency")},
		{"named.txt", []string{"--workload", "burst:base=2/s,peak=60/s,at=10m,for=2m,duration=30m", "--runtime", "nodejs18",
			"--variant", "lean:memorySize=512,maxInstances=5", "--variant", "warm:memorySize=1024,minInstances=2",
			"--variant", "slow:duration=fixed:300ms;instanceConcurrency=5", "--ecs-mode", "autoscale"}},
		{"files.md", []string{"-c", "testdata/compare/before/s.yaml", "-c", "testdata/compare/after/s.yaml",
			"--workload", "poisson:rate=2/s,duration=30m", "--format", "markdown"}},
		{"sweep.txt", sweepCase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			compareGolden(t, tc.name, runCompareOK(t, tc.args...))
		})
	}
}

// Every variant sees the same arrivals, and the ECS column is filled.
func TestCompareSameArrivals(t *testing.T) {
	c := compareJSON(t, compareGrid...)
	if len(c.Variants) != 4 {
		t.Fatalf("%d variants, want 4", len(c.Variants))
	}
	want := []string{"memorySize=512 instanceConcurrency=1", "memorySize=512 instanceConcurrency=10",
		"memorySize=1024 instanceConcurrency=1", "memorySize=1024 instanceConcurrency=10"}
	for i, v := range c.Variants {
		if v.Name != want[i] {
			t.Errorf("variant %d is %q, want %q (order of the cartesian product)", i, v.Name, want[i])
		}
		if v.Requests != c.Variants[0].Requests {
			t.Errorf("%s: %d requests, %s: %d: the arrivals differ", v.Name, v.Requests, c.Variants[0].Name, v.Requests)
		}
		if v.ECS == nil || v.ECS.Error != "" || v.ECS.Monthly <= 0 {
			t.Errorf("%s: no ECS figure: %+v", v.Name, v.ECS)
		}
	}
	// More memory costs more at the same concurrency; more concurrency
	// needs fewer instances.
	if !(c.Variants[2].FCMonthly > c.Variants[0].FCMonthly) || !(c.Variants[1].PeakInstances < c.Variants[0].PeakInstances) {
		t.Errorf("implausible figures: %+v", c.Variants)
	}
}

// The output does not depend on how many workers run the variants, nor on
// GOMAXPROCS.
func TestCompareDeterministic(t *testing.T) {
	args := append(append([]string(nil), compareGrid...), "--format", "json")
	ref := runCompareOK(t, args...)
	if again := runCompareOK(t, args...); again != ref {
		t.Fatal("two runs differ")
	}
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		got := runCompareOK(t, args...)
		one := runCompareOK(t, append(args, "--parallel", "1")...)
		many := runCompareOK(t, append(args, "--parallel", "3")...)
		runtime.GOMAXPROCS(old)
		if got != ref || one != ref || many != ref {
			t.Errorf("GOMAXPROCS %d: output depends on scheduling", procs)
		}
	}
	if other := runCompareOK(t, append(args, "--seed", "7")...); other == ref {
		t.Error("another seed gave the same output")
	}
}

func TestCompareSweepFindsOptimum(t *testing.T) {
	c := compareJSON(t, sweepCase...)
	if c.Sweep == nil {
		t.Fatal("no sweep in the output")
	}
	if c.Sweep.OptimumMB != 768 {
		t.Errorf("optimum %d MB, want 768 (see sweepCase)", c.Sweep.OptimumMB)
	}
	byMB := map[int]comparereport.SweepPoint{}
	prev := 0
	for _, p := range c.Sweep.Points {
		if p.MemoryMB <= prev {
			t.Errorf("points not in memory order: %d after %d", p.MemoryMB, prev)
		}
		prev = p.MemoryMB
		byMB[p.MemoryMB] = p
	}
	for _, mb := range []int{128, 512, 704, 768, 832, 1024, 2048, 4096, 16384} {
		if _, ok := byMB[mb]; !ok {
			t.Errorf("the sweep did not try %d MB", mb)
		}
	}
	if byMB[704].TimedOut == 0 || byMB[768].TimedOut != 0 {
		t.Errorf("704 MB should time out and 768 MB not: %+v %+v", byMB[704], byMB[768])
	}
	// Execution time follows 100 ms + 2048 ms x 1024 / M.
	if got := byMB[2048].ExecutionP50; got != 1100 {
		t.Errorf("2048 MB execution p50 %v ms, want 1100", got)
	}
	if !(byMB[832].FCMonthly > byMB[768].FCMonthly && byMB[768].FCMonthly > byMB[704].FCMonthly) {
		t.Errorf("cost should grow with memory: 704 %v, 768 %v, 832 %v", byMB[704].FCMonthly, byMB[768].FCMonthly, byMB[832].FCMonthly)
	}
	if c.Recommended == nil || c.Recommended.Variant != "memorySize=768" {
		t.Errorf("recommended %+v, want memorySize=768", c.Recommended)
	}
	// --vary memorySize=auto is the same sweep.
	auto := compareJSON(t, append([]string{"--vary", "memorySize=auto"}, sweepCase[:len(sweepCase)-4]...)...)
	if auto.Sweep == nil || auto.Sweep.OptimumMB != 768 {
		t.Errorf("--vary memorySize=auto: %+v", auto.Sweep)
	}
}

func TestCompareObjectives(t *testing.T) {
	args := []string{"--workload", "poisson:rate=2/s,duration=20m", "--runtime", "go1", "--duration", "cpu:io=20ms,cpu=400ms@1vcpu",
		"--vary", "memorySize=512,1024,4096"}
	for _, tc := range []struct{ objective, want string }{
		{"cost", "memorySize=512"},
		{"latency", "memorySize=4096"},
		{"balanced:1", "memorySize=512"},
		{"balanced:0", "memorySize=4096"},
	} {
		c := compareJSON(t, append(args, "--objective", tc.objective)...)
		if c.Recommended == nil || c.Recommended.Variant != tc.want {
			t.Errorf("--objective %s: recommended %+v, want %s", tc.objective, c.Recommended, tc.want)
		}
	}
}

func TestCompareInputErrors(t *testing.T) {
	w := []string{"--workload", "poisson:rate=1/s,duration=10m"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"nothing to compare", w, "nothing to compare"},
		{"unknown vary key", append([]string{"--vary", "memroy=512,1024"}, w...), `unknown setting "memroy" (valid keys: `},
		{"vary without =", append([]string{"--vary", "memorySize"}, w...), "expected KEY=V1,V2"},
		{"vary twice", append([]string{"--vary", "memorySize=512", "--vary", "memory_size=1024"}, w...), "already varied"},
		{"variant fails validation", append([]string{"--vary", "memorySize=512,100"}, w...), `variant "memorySize=100": memorySize=100: expected a whole number from 128 to 32768 MB in steps of 64`},
		{"variant bad value", append([]string{"--variant", "big:instanceConcurrency=lots"}, w...), `variant "big"`},
		{"variant concurrency range", append([]string{"--variant", "big:instanceConcurrency=1000"}, w...), `variant "big": instanceConcurrency=1000: expected a whole number from 1 to 200`},
		{"variant without name", append([]string{"--variant", "memorySize=512"}, w...), "expected NAME:KEY=VALUE"},
		{"variant unknown key", append([]string{"--variant", "a:memroy=512"}, w...), `unknown setting "memroy"`},
		{"duplicate names", append([]string{"--variant", "a:memorySize=512", "--variant", "a:memorySize=1024"}, w...), `two variants are named "a"`},
		{"bad objective", append([]string{"--vary", "memorySize=512,1024", "--objective", "cheap"}, w...), "expected cost, latency or balanced"},
		{"bad weight", append([]string{"--vary", "memorySize=512,1024", "--objective", "balanced:2"}, w...), "from 0 to 1"},
		{"bad format", append([]string{"--vary", "memorySize=512,1024", "--format", "xml"}, w...), "expected one of text, json, markdown, csv"},
		{"bad sweep", append([]string{"--sweep", "cpu"}, w...), `--sweep "cpu": expected memory`},
		{"auto on another key", append([]string{"--vary", "timeout=auto"}, w...), "only memorySize"},
		{"sweep and vary", append([]string{"--sweep", "memory", "--vary", "timeout=3,10"}, w...), "varies memory alone"},
		{"bad ecs type", append([]string{"--vary", "memorySize=512,1024", "--ecs-type", "ecs.z9.huge"}, w...), "catalog types: "},
		{"bad ecs mode", append([]string{"--vary", "memorySize=512,1024", "--ecs-mode", "spot"}, w...), "expected fixed or autoscale"},
		{"no workload", []string{"--vary", "memorySize=512,1024"}, "exactly one of --trace FILE or --workload SPEC"},
		{"bad file", append([]string{"-c", "testdata/compare/before/s.yaml", "-c", "testdata/compare/missing.yaml"}, w...), "-c testdata/compare/missing.yaml"},
		{"bad parallel", append([]string{"--vary", "memorySize=512,1024", "--parallel", "-1"}, w...), "--parallel -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runSimulateCLI(t, append([]string{"compare"}, tc.args...)...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d (%s)", code, ExitInput, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
		})
	}
}

// An ECS fleet that cannot be priced (no catalog price in the region) shows
// n/a with the reason; the FC columns are unaffected.
func TestCompareECSUnavailable(t *testing.T) {
	args := []string{"--workload", "poisson:rate=2/s,duration=10m", "--vary", "memorySize=512,1024", "--region", "ap-southeast-1"}
	out := runCompareOK(t, args...)
	if !strings.Contains(out, "n/a") || !strings.Contains(out, `ECS: n/a: no price for ECS ecs.c7.large in region "ap-southeast-1"`) {
		t.Errorf("no n/a ECS column:\n%s", out)
	}
	c := compareJSON(t, args...)
	for _, v := range c.Variants {
		if v.ECS == nil || v.ECS.Error == "" || v.FCMonthly <= 0 {
			t.Errorf("%s: %+v", v.Name, v.ECS)
		}
	}
}
