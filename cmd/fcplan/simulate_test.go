package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The -update flag may also be declared by other tests of this package; it
// is registered here only when nobody else has.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func simulateUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func runSimulateCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	return out.String(), errb.String(), code
}

func simulateGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "simulate", name)
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

func TestSimulateGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"poisson-go.json", []string{"--workload", "poisson:rate=5/s,duration=1h", "--runtime", "go1", "--memory", "512", "--format", "json"}},
		{"poisson-go.txt", []string{"--workload", "poisson:rate=5/s,duration=1h", "--runtime", "go1", "--memory", "512"}},
		{"fc2-provisioned.json", []string{"--workload", "poisson:rate=2/s,duration=6h", "--runtime", "nodejs18", "--min-instances", "2", "--pricing", "fc2", "--free-tier=false", "--format", "json"}},
		{"project-scheduled.json", []string{"-c", "testdata/simulate/s.yaml", "--function", "api", "--workload", "poisson:rate=1/s,duration=24h", "--duration", "lognormal:p50=120ms,p99=900ms", "--format", "json"}},
		{"async-worker.json", []string{"-c", "testdata/simulate/s.yaml", "--function", "worker", "--workload", "burst:base=1/s,peak=400/s,at=10m,for=2m,duration=1h", "--duration", "fixed:2s", "--max-instances", "50", "--format", "json"}},
		{"trace-csv.json", []string{"--trace", "../../testdata/traces/simple.csv", "--runtime", "python3.10", "--cold-start", "fixed:0", "--format", "json"}},
		{"trace-csv-fleet.txt", []string{"--trace", "../../testdata/traces/simple.csv", "--runtime", "python3.10", "--cold-start", "fixed:0"}},
		{"trace-csv-one.json", []string{"--trace", "../../testdata/traces/simple.csv", "--function", "resize", "--runtime", "python3.10", "--cold-start", "fixed:0", "--format", "json"}},
		{"spread-warmup.txt", []string{"--workload", "poisson:rate=20/s,duration=2h", "--routing", "spread", "--keep-alive", "10m", "--warmup", "30m", "--concurrency", "3", "--runtime", "custom.debian10", "--duration", "cpu:io=50ms,cpu=150ms@1vcpu", "--cpu", "0.5", "--currency", "USD"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tc.args, " "), "../../testdata/traces/simple.csv") {
				if _, err := os.Stat("../../testdata/traces/simple.csv"); err != nil {
					t.Skip("testdata/traces/simple.csv is not there")
				}
			}
			out, errOut, code := runSimulateCLI(t, append([]string{"simulate"}, tc.args...)...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			simulateGolden(t, tc.name, out)
		})
	}
}

// The same seed gives byte-identical JSON; another seed gives other numbers.
func TestSimulateDeterministic(t *testing.T) {
	args := []string{"simulate", "--workload", "poisson:rate=50/s,duration=2h", "--duration", "lognormal:p50=120ms,p99=900ms", "--concurrency", "2", "--format", "json"}
	a, _, code := runSimulateCLI(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	b, _, _ := runSimulateCLI(t, args...)
	if a != b {
		t.Fatal("two runs with the same seed differ")
	}
	c, _, _ := runSimulateCLI(t, append(args, "--seed", "2")...)
	if a == c {
		t.Fatal("a different seed gave the same output")
	}
}

func TestSimulateTimeline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tl.csv")
	_, errOut, code := runSimulateCLI(t, "simulate", "--workload", "poisson:rate=5/s,duration=1h", "--timeline", path, "--timeline-step", "1m", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if !strings.HasPrefix(lines[0], "t_s,arrivals,cold_starts,throttled") {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != 61 {
		t.Errorf("%d lines, want a header and 60 one-minute rows", len(lines))
	}
}

func TestSimulateInputErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no workload", nil, "exactly one of --trace FILE or --workload SPEC"},
		{"both", []string{"--workload", "poisson:rate=1/s,duration=1h", "--trace", "x.csv"}, "exactly one"},
		{"bad set key", []string{"--workload", "poisson:rate=1/s,duration=1h", "--set", "memroy=512"}, `unknown setting "memroy"`},
		{"set without =", []string{"--workload", "poisson:rate=1/s,duration=1h", "--set", "memory"}, "expected key=value"},
		{"bad duration", []string{"--workload", "poisson:rate=1/s,duration=1h", "--duration", "lognormal:p50=1s"}, "needs p99"},
		{"bad cold start", []string{"--workload", "poisson:rate=1/s,duration=1h", "--cold-start", "gamma:k=2"}, `unknown kind "gamma"`},
		{"bad routing", []string{"--workload", "poisson:rate=1/s,duration=1h", "--routing", "random"}, "expected pack or spread"},
		{"bad pricing", []string{"--workload", "poisson:rate=1/s,duration=1h", "--pricing", "fc4"}, "expected fc3 or fc2"},
		{"bad region", []string{"--workload", "poisson:rate=1/s,duration=1h", "--region", "xx-nowhere-9"}, `unknown region "xx-nowhere-9"`},
		{"bad format", []string{"--workload", "poisson:rate=1/s,duration=1h", "--format", "xml"}, "expected text or json"},
		{"min above max", []string{"--workload", "poisson:rate=1/s,duration=1h", "--min-instances", "5", "--max-instances", "2"}, "exceed max instances"},
		{"warmup past window", []string{"--workload", "poisson:rate=1/s,duration=1h", "--warmup", "2h"}, "shorter than the window"},
		{"bad workload", []string{"--workload", "poison:rate=1/s"}, "poison"},
		{"memory off the platform's steps", []string{"--workload", "poisson:rate=1/s,duration=1h", "--memory", "1000"}, "--memory 1000: expected a whole number from 128 to 32768 MB in steps of 64"},
		{"concurrency above the platform's", []string{"--workload", "poisson:rate=1/s,duration=1h", "--concurrency", "500"}, "--concurrency 500: expected a whole number from 1 to 200"},
		{"missing trace", []string{"--trace", "does-not-exist.csv"}, "does-not-exist.csv"},
		{"several functions", []string{"-c", "testdata/simulate/s.yaml", "--workload", "poisson:rate=1/s,duration=1h"}, "pick one with --function"},
		{"unknown function", []string{"-c", "testdata/simulate/s.yaml", "--function", "nope", "--workload", "poisson:rate=1/s,duration=1h"}, `--function "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runSimulateCLI(t, append([]string{"simulate"}, tc.args...)...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d", code, ExitInput)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
		})
	}
}

// The JSON keys listed in the issue are a stable contract.
func TestSimulateJSONContract(t *testing.T) {
	out, errOut, code := runSimulateCLI(t, "simulate", "--workload", "poisson:rate=2/s,duration=10m", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"requests", "coldStarts", "coldStartRate", "throttled", "asyncDropped",
		"latencyMs.p50", "latencyMs.p90", "latencyMs.p99", "latencyMs.p999", "latencyMs.max",
		"coldStartMs.p50", "coldStartMs.p99", "instances.peak", "instances.mean",
		"instanceSeconds.active", "instanceSeconds.idle", "connections.perInstancePeak", "connections.perRequestPeak",
		"bill.currency", "bill.total", "bill.items", "bill.freeTier", "bill.extrapolatedFrom",
	} {
		var v any = doc
		for _, k := range strings.Split(path, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				v = nil
				break
			}
			v = m[k]
		}
		if v == nil {
			t.Errorf("key %s missing", path)
		}
	}
	items, _ := doc["bill"].(map[string]any)["items"].([]any)
	if len(items) == 0 {
		t.Fatal("no bill items")
	}
	for _, k := range []string{"name", "quantity", "unit", "rate", "amount"} {
		if _, ok := items[0].(map[string]any)[k]; !ok {
			t.Errorf("bill item key %s missing", k)
		}
	}
}

// TestSimulateWindowIsTheGeneratorsSpan: a diurnal spec without duration=
// spans one period. The window must be that day, not the time of the last
// arrival (the quiet tail has few arrivals): a shorter window would inflate
// the monthly extrapolation.
func TestSimulateWindowIsTheGeneratorsSpan(t *testing.T) {
	out, errOut, code := runSimulateCLI(t, "simulate", "--workload", "diurnal:mean=2/s,peak=20/s,period=24h", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		WindowSeconds float64 `json:"windowSeconds"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.WindowSeconds != 86400 {
		t.Errorf("window %g s, want 86400 (one period)", rep.WindowSeconds)
	}
}
