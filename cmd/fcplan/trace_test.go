package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func runTraceCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(append([]string{"trace"}, args...), &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	return out.String(), errb.String(), code
}

func traceGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "trace", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

var traceFixtures = filepath.Join("..", "..", "testdata", "traces")

func TestTraceGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"gen-poisson.csv", []string{"gen", "poisson:rate=4/s,duration=5s,function=api", "--seed", "3"}},
		{"gen-cron.csv", []string{"gen", "cron:every=10m,count=2,duration=1h,async=true"}},
		{"stats-simple.txt", []string{"stats", filepath.Join(traceFixtures, "simple.csv")}},
		{"stats-simple.json", []string{"stats", filepath.Join(traceFixtures, "simple.csv"), "--format", "json"}},
		{"stats-azure2019.txt", []string{"stats", filepath.Join(traceFixtures, "azure2019-mini"), "--seed", "5"}},
		{"stats-requestlog.txt", []string{"stats", filepath.Join(traceFixtures, "requestlog.jsonl")}},
		{"stats-azure2021-top1.json", []string{"stats", filepath.Join(traceFixtures, "azure2021-mini.csv"), "--top", "1", "--format", "json"}},
		{"stats-workload.txt", []string{"stats", "--workload", "diurnal:mean=2/s,peak=20/s,period=1h", "--seed", "9"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, errOut, code := runTraceCLI(t, tc.args...)
			if code != ExitOK {
				t.Fatalf("exit %d, stderr: %s", code, errOut)
			}
			traceGolden(t, tc.golden, out)
		})
	}
}

// The same seed gives byte-identical output; another seed does not.
func TestTraceGenDeterministic(t *testing.T) {
	a, _, _ := runTraceCLI(t, "gen", "burst:base=5/s,peak=50/s,at=10s,for=5s", "--seed", "11")
	b, _, _ := runTraceCLI(t, "gen", "burst:base=5/s,peak=50/s,at=10s,for=5s", "--seed", "11")
	c, _, _ := runTraceCLI(t, "gen", "burst:base=5/s,peak=50/s,at=10s,for=5s", "--seed", "12")
	if a != b || a == c || len(a) < 100 {
		t.Errorf("determinism: same seed equal=%v, different seed equal=%v", a == b, a == c)
	}
}

func TestTraceGenToFileAndBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "day.csv")
	_, errOut, code := runTraceCLI(t, "gen", "poisson:rate=10/s,duration=1m", "-o", path)
	if code != ExitOK || !strings.HasPrefix(errOut, "wrote ") || !strings.Contains(errOut, path) {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	out, _, code := runTraceCLI(t, "stats", path, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"format": "csv"`) {
		t.Fatalf("stats of generated file: exit %d, %s", code, out)
	}
}

// hostileTraceFile writes a trace into a temporary directory and returns its path.
func hostileTraceFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTraceErrors(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"gen", "poisson:rate=5"}, `rate: expected a rate with a unit, like 5/s, 300/m or 2/h; got "5"`},
		{[]string{"gen", "poisson:rate=5/s,duration=1s", "-o", filepath.Join("no", "such", "dir", "x.csv")}, "trace gen: open"},
		{[]string{"stats"}, "give exactly one of FILE or --workload SPEC"},
		{[]string{"stats", filepath.Join(traceFixtures, "simple.csv"), "--format", "xml"}, `--format "xml": expected text or json`},
		{[]string{"stats", filepath.Join(traceFixtures, "malformed.csv")}, `malformed.csv:3: column duration_ms: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "ten"`},
		{[]string{"stats", filepath.Join(traceFixtures, "backwards.csv")}, "backwards.csv:4: column timestamp: expected a time at or after 1s, got 500ms"},
		{[]string{"stats", filepath.Join(traceFixtures, "no-timestamp.csv")}, "no-timestamp.csv:1: cannot tell the trace format"},
		{[]string{"stats", filepath.Join(traceFixtures, "simple.csv"), "--trace-format", "parquet"}, `unknown trace format "parquet"`},
		{[]string{"stats", filepath.Join(traceFixtures, "missing.csv")}, "open trace"},
		// Hostile traces (issue 10): each refused with what was expected.
		{[]string{"stats", filepath.Join(traceFixtures, "simple.csv"), "--function", "nope"}, `simple.csv: no function "nope" in the trace (the filter keeps keys that start with it; the trace has: "resize", "thumb")`},
		{[]string{"stats", "/dev/zero", "--trace-format", "csv"}, "open trace: /dev/zero: outside the project directory (system directory /dev)"},
		{[]string{"stats", hostileTraceFile(t, "neg.csv", "timestamp\n-5\n")}, `neg.csv:2: column timestamp: expected the first row's timestamp to be seconds from the start of the trace (a number from 0 to below 1e9)`},
		{[]string{"stats", hostileTraceFile(t, "far.csv", "timestamp\n2026-01-01T00:00:00Z\n2200-01-01T00:00:00Z\n")}, "far.csv:3: column timestamp: expected a time within 31.7 years (1e9 seconds) of the first row's 2026-01-01T00:00:00Z, got 2200-01-01T00:00:00Z, 174.0 years after it"},
		{[]string{"stats", hostileTraceFile(t, "nan.jsonl", `{"invocationStartTimestamp":1705476027407,"durationMs":"NaN"}`+"\n")}, `nan.jsonl:1: column durationMs: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "NaN" (not a finite number)`},
	} {
		_, errOut, code := runTraceCLI(t, tc.args...)
		if code != ExitInput || !strings.Contains(errOut, tc.stderr) {
			t.Errorf("trace %v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errOut, tc.stderr)
		}
	}
	out, errOut, code := runTraceCLI(t, "stats", filepath.Join(traceFixtures, "malformed.csv"), "--skip-bad-rows")
	if code != ExitOK || !strings.Contains(out, "bad rows       3") || !strings.Contains(errOut, "skipped 3 malformed rows") {
		t.Errorf("--skip-bad-rows: exit %d\n%s\n%s", code, out, errOut)
	}
}
