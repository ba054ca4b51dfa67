package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// boundsFiles writes the hostile traces of issue 10 into a temporary
// directory: a 2-row CSV whose rows are 30 years apart (a trace may span at
// most 1e9 s, about 31.7 years), a 14 KB Azure
// 2019 day with 99,999,999 invocations a minute, and an azure2021 trace
// (rows need not be sorted, so its span is only found while running) with
// a row 30 years in.
func boundsFiles(t *testing.T) (century, azure, far2021 string) {
	t.Helper()
	dir := t.TempDir()
	century = filepath.Join(dir, "decades.csv")
	write(t, century, "timestamp\n1700000000\n2646080000\n")
	var inv strings.Builder
	inv.WriteString("HashOwner,HashApp,HashFunction,Trigger")
	for m := 1; m <= 1440; m++ {
		fmt.Fprintf(&inv, ",%d", m)
	}
	inv.WriteString("\no,a,f,http")
	for m := 1; m <= 1440; m++ {
		inv.WriteString(",99999999")
	}
	inv.WriteString("\n")
	azure = filepath.Join(dir, "azure")
	if err := os.Mkdir(azure, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(azure, "invocations.csv"), inv.String())
	far2021 = filepath.Join(dir, "far2021.csv")
	write(t, far2021, "app,func,end_timestamp,duration\na,f,1,0.1\na,f,2,0.1\na,f,1000000000,0.1\n")
	return century, azure, far2021
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Each input of issue 10 that ran for ever or ran out of memory is refused
// with exit 2 and a message that says what the run would take and which
// flag to change; a timeline file is never left half written.
func TestSimulateBounds(t *testing.T) {
	century, azure, far2021 := boundsFiles(t)
	tl := filepath.Join(t.TempDir(), "tl.csv")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"poisson a million a second for a month", []string{"--workload", "poisson:rate=1e6/s,duration=720h"},
			[]string{"about 2.59e+12 arrivals (1e+06/s for 720h0m0s)", "about 4 days of CPU", "the limit is 5e+09 (--max-events)", "raise it with --max-events"}},
		{"cron every nanosecond", []string{"--workload", "cron:every=1ns"},
			[]string{"about 8.64e+13 arrivals", "--max-events"}},
		{"azure 2019 day of 99,999,999 a minute", []string{"--trace", azure},
			[]string{"about 1.44e+11 arrivals (the per-minute counts of", "--max-events"}},
		{"a lower --max-events", []string{"--workload", "poisson:rate=100/s,duration=1h", "--max-events", "1e5"},
			[]string{"about 360000 arrivals", "the limit is 100000 (--max-events)"}},
		{"a 30-year csv timeline", []string{"--trace", century, "--timeline", tl},
			[]string{"--timeline-step 1m0s over 262800h0m3s would write about 1.58e+07 timeline rows", "the limit is 1e+06 (--max-timeline-rows)", "at least 16m0s"}},
		{"a 1 ms timeline of an hour", []string{"--workload", "poisson:rate=1/s,duration=1h", "--timeline", tl, "--timeline-step", "1ms"},
			[]string{"would write about 3.6e+06 timeline rows", "at least 4ms"}},
		{"a 1 ns timeline step", []string{"--workload", "poisson:rate=1/s,duration=1h", "--timeline", tl, "--timeline-step", "1ns"},
			[]string{"--timeline-step 1ns: expected a duration from 1ms to 24h"}},
		{"a span found while running", []string{"--trace", far2021, "--trace-format", "azure2021", "--timeline", tl},
			[]string{"an arrival at 277777h46m40s (arrival 3) is past the span the timeline was sized for", "--max-timeline-rows"}},
		{"--max-events NaN", []string{"--workload", "poisson:rate=1/s,duration=1h", "--max-events", "NaN"},
			[]string{"--max-events NaN: expected a number from 1 to 1000000000000000"}},
		{"--max-timeline-rows 0", []string{"--workload", "poisson:rate=1/s,duration=1h", "--max-timeline-rows", "0"},
			[]string{"--max-timeline-rows 0: expected a number from 1 to"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runSimulateCLI(t, append([]string{"simulate"}, tc.args...)...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d: %s", code, ExitInput, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not mention %q", errOut, w)
				}
			}
			if _, err := os.Stat(tl); err == nil {
				t.Errorf("a timeline was left behind")
				os.Remove(tl)
			}
		})
	}
	// A wider step lets the 30-year csv through, at a step that fits.
	_, errOut, code := runSimulateCLI(t, "simulate", "--trace", century, "--timeline", tl, "--timeline-step", "24h")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// Numeric flags are checked once, with one form of message: the flag, the
// value and the accepted range.
func TestSimulateNumericFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--min-instances", "2000000000"}, "--min-instances 2000000000: expected a whole number from 0 to 1000000"},
		{[]string{"--max-instances", "0"}, "--max-instances 0: expected a whole number from 1 to 1000000"},
		{[]string{"--memory", "0"}, "--memory 0: expected a whole number from 128 to 32768 MB in steps of 64 (catalog platform.memoryMB)"},
		{[]string{"--cpu", "NaN"}, "--cpu NaN: expected a number from 0.05 to 16 vCPU (catalog platform.vcpu)"},
		{[]string{"--cpu", "+Inf"}, "--cpu +Inf: expected a number from 0.05 to 16 vCPU"},
		{[]string{"--set", "cpu=NaN"}, "--set cpu=NaN: expected a number from 0.05 to 16 vCPU"},
		{[]string{"--timeout", "100000"}, "--timeout 100000: expected a duration from 1s to 24h (catalog platform.timeoutSeconds)"},
		{[]string{"--set", "timeout=48h"}, "--set timeout=48h: expected a duration from 1s to 24h"},
		{[]string{"--set", "minInstances=2000000000"}, "--set minInstances=2000000000: expected a whole number from 0 to 1000000"},
		{[]string{"--pool-size", "-1"}, "--pool-size -1: expected a whole number from 0 to 10000"},
		{[]string{"--month", "1000000h"}, "--month 1000000h: expected a duration from 1h to 8784h (366d)"},
		{[]string{"--window", "100000h"}, "--window 100000h: expected a duration from 0s to 8784h (366d)"},
		{[]string{"--duration=-100ms"}, `--duration "-100ms": expected fixed:200ms | exp:mean=200ms`},
		{[]string{"--set", "codeSizeMB=NaN"}, "--set codeSizeMB=NaN: expected a number from 0 to 10240 MB"},
		{[]string{"--set", "codeFetchMBps=Inf"}, "--set codeFetchMBps=Inf: expected a number from 0.125 to 100000 MB/s"},
		{[]string{"--workload", "poisson:rate=NaN/s,duration=1h"}, "rate: expected a non-negative number before the /"},
		{[]string{"--workload", "poisson:rate=1/s,duration=NaNd"}, `duration: expected a number of days like 30d, got "NaNd"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append([]string{"simulate"}, tc.args...)
			if tc.args[0] != "--workload" {
				args = append(args, "--workload", "poisson:rate=1/s,duration=1h")
			}
			_, errOut, code := runSimulateCLI(t, args...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d", code, ExitInput)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
			if strings.Count(errOut, "exp:mean=200ms") > 1 {
				t.Errorf("stderr lists the expected forms twice: %q", errOut)
			}
		})
	}
}

// compare counts its variants before building them, checks the arrivals
// of all its simulations against --max-events, and clamps --parallel.
func TestCompareBounds(t *testing.T) {
	list := func(n int) string {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprint(i + 1)
		}
		return strings.Join(v, ",")
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"500 x 200 x 200 variants", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "minInstances=" + list(500), "--vary", "maxInstances=" + list(200), "--vary", "poolSize=" + list(200)},
			[]string{"more than 512 variants (--vary lists of 500 x 200 x 200 values): at most 512"}},
		{"variants and files", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "poolSize=" + list(300), "--variant", "a:poolSize=0", "-c", "x.yaml", "-c", "y.yaml"},
			[]string{"more than 512 variants (--vary lists of 300 values, 1 --variant, 2 -c files)"}},
		{"all simulations over the budget", []string{"--workload", "poisson:rate=1e5/s,duration=24h", "--vary", "memory=512,1024,2048"},
			[]string{"about 8.64e+09 arrivals (1e+05/s for 24h0m0s), read by 5 simulations: 4.32e+10 in all", "--max-events"}},
		{"a NaN --vary value", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "cpu=NaN,1"},
			[]string{`variant "cpu=NaN": cpu=NaN: expected a number from 0.05 to 16 vCPU (catalog platform.vcpu)`}},
		{"min instances past the model", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "minInstances=0,5000000"},
			[]string{"minInstances=5000000: expected a whole number from 0 to 1000000"}},
		{"a NaN cost weight", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "memory=512,1024", "--objective", "balanced:NaN"},
			[]string{"--objective balanced:NaN: expected a number from 0 to 1 (the share of cost)"}},
		{"--parallel negative", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "memory=512,1024", "--parallel", "-1"},
			[]string{"--parallel -1: expected a whole number from 0 to 2147483647"}},
		{"--max-events NaN", []string{"--workload", "poisson:rate=1/s,duration=1h", "--vary", "memory=512,1024", "--max-events", "NaN"},
			[]string{"--max-events NaN: expected a number from 1 to"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runSimulateCLI(t, append([]string{"compare"}, tc.args...)...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d: %s", code, ExitInput, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not mention %q", errOut, w)
				}
			}
		})
	}
	// A billion workers: the run is the same as with the default, and
	// stderr says the pool was clamped.
	args := []string{"compare", "--workload", "poisson:rate=1/s,duration=10m", "--vary", "memory=512,1024", "--format", "json"}
	want, _, code := runSimulateCLI(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	got, errOut, code := runSimulateCLI(t, append(args, "--parallel", "1000000000")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got != want {
		t.Error("--parallel 1000000000 changed the output")
	}
	if !strings.Contains(errOut, "--parallel 1000000000: running 3 simulations at once") {
		t.Errorf("stderr %q does not say --parallel was clamped", errOut)
	}
}

// review sizes its simulations like simulate, and widens a chart step that
// would exceed the charts' point budget instead of refusing it.
func TestReviewBounds(t *testing.T) {
	_, azure, far2021 := boundsFiles(t)
	year := filepath.Join(t.TempDir(), "year.csv")
	write(t, year, "timestamp\n1700000000\n1731536000\n") // 365 days apart
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string // in stderr for exit 2, in the JSON report for exit 0
	}{
		{"a million a second for a month", []string{"--workload", "poisson:rate=1e6/s,duration=720h"}, ExitInput,
			[]string{"about 2.59e+12 arrivals (1e+06/s for 720h0m0s), read by 3 simulations", "--max-events"}},
		{"azure 2019 at 99,999,999 a minute", []string{"--trace", azure}, ExitInput,
			[]string{"about 1.44e+11 arrivals", "--max-events"}},
		{"a span found while running", []string{"--trace", far2021, "--trace-format", "azure2021"}, ExitInput,
			[]string{"is past the span the timeline was sized for", "--max-timeline-rows"}},
		{"--timeline-step 1ns", []string{"--timeline-step", "1ns"}, ExitInput,
			[]string{"--timeline-step 1ns: expected a duration from 1ms to 24h"}},
		{"--timeline-step 1ms on a day", []string{"--workload", "poisson:rate=1/s,duration=24h", "--timeline-step", "1ms", "--format", "json"}, ExitOK,
			[]string{"--timeline-step 1ms over 24h0m0s would give about 1.73e+08 chart points: the charts use 4s steps instead (at most 50000 points"}},
		{"a year-long csv", []string{"--trace", year, "--format", "json"}, ExitOK,
			[]string{"--timeline-step 1m0s over 8760h0m0s would give about 5.27e+05 chart points: the charts use 11m0s steps instead"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runSimulateCLI(t, append([]string{"review", reviewNoGo}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			text := errOut
			if code == ExitOK {
				text = out
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("output does not mention %q:\n%.2000s", w, text)
				}
			}
		})
	}
}

// cost's numeric flags: each refusal names the flag, the value and the
// range; none prints a wrapped-around count or an infinite headroom.
func TestCostNumericFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--requests", "1e30"}, "--requests 1e+30: expected a number from 0 to 1000000000000000 requests a month"},
		{[]string{"--peak-to-mean", "NaN"}, "--peak-to-mean NaN: expected a number from 1 to 1000"},
		{[]string{"--peak-to-mean", "0.5"}, "--peak-to-mean 0.5: expected a number from 1 to 1000"},
		{[]string{"--headroom", "NaN"}, "--headroom NaN: expected a number from 0 to 10"},
		{[]string{"--headroom", "1e308"}, "--headroom 1e+308: expected a number from 0 to 10"},
		{[]string{"--memory", "0"}, "--memory 0: expected a whole number from 128 to 32768 MB in steps of 64 (catalog platform.memoryMB)"},
		{[]string{"--cpu", "NaN"}, "--cpu NaN: expected a number from 0.05 to 16 vCPU"},
		{[]string{"--concurrency", "0"}, "--concurrency 0: expected a whole number from 1 to 200"},
		{[]string{"--min-instances", "2000000000"}, "--min-instances 2000000000: expected a whole number from 0 to 1000000"},
		{[]string{"--month", "0.5h"}, "--month 0.5h: expected a duration from 1h to 8784h (366d)"},
		{[]string{"--duration", "1000000h"}, "--duration 1000000h: expected a duration from 0s to 24h (catalog platform.timeoutSeconds): the mean execution time is 1000000h0m0s"},
		{[]string{"--duration=-100ms"}, `--duration "-100ms": `},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append([]string{"cost", "--requests", "1M", "--duration", "200ms"}, tc.args...)
			out, errOut, code := runSimulateCLI(t, args...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d; stdout %.300q", code, ExitInput, out)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
			if strings.Contains(errOut, "-9223372036854775808") || strings.Contains(out, "Inf") {
				t.Errorf("overflowed figures: %q %q", errOut, out)
			}
		})
	}
}

// trace gen and trace stats refuse workloads past --max-events before
// reading or writing an arrival.
func TestTraceBounds(t *testing.T) {
	_, azure, _ := boundsFiles(t)
	out := filepath.Join(t.TempDir(), "gen.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"trace", "gen", "poisson:rate=1e6/s,duration=720h", "-o", out}, "trace gen poisson:rate=1e6/s,duration=720h has about 2.59e+12 arrivals"},
		{[]string{"trace", "stats", "--workload", "cron:every=1ns"}, "about 8.64e+13 arrivals"},
		{[]string{"trace", "stats", azure}, "has about 1.44e+11 arrivals (the per-minute counts of"},
		{[]string{"trace", "stats", azure, "--top", "-1"}, "--top -1: expected a whole number from 0 to 1000000"},
		{[]string{"trace", "stats", "--workload", "poisson:rate=1/s,duration=1h", "--max-events", "+Inf"}, "--max-events +Inf: expected a number from 1 to"},
	} {
		t.Run(strings.Join(tc.args[:3], " "), func(t *testing.T) {
			_, errOut, code := runSimulateCLI(t, tc.args...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d: %s", code, ExitInput, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("trace gen created its output before refusing")
	}
}
