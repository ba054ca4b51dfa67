package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func runCostCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(append([]string{"cost"}, args...), &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	return out.String(), errb.String(), code
}

// costGolden compares got with testdata/cost/name; go test -update rewrites
// it (the -update flag is declared by whichever test file registers it).
func costGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "cost", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
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

func TestCostGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"fc3-200ms.txt", []string{"--requests", "100M", "--duration", "200ms", "--memory", "1024"}},
		{"fc3-200ms.json", []string{"--requests", "100M", "--duration", "200ms", "--memory", "1024", "--format", "json"}},
		{"io-heavy.md", []string{"--requests", "50M", "--duration", "cpu:io=180ms,cpu=20ms@1vcpu", "--memory", "1024", "--peak-to-mean", "3", "--format", "markdown"}},
		{"io-heavy.txt", []string{"--requests", "50M", "--duration", "cpu:io=180ms,cpu=20ms@1vcpu", "--memory", "1024", "--peak-to-mean", "3"}},
		{"fc2-free-usd.json", []string{"--requests", "5M", "--duration", "200ms", "--memory", "2048", "--pricing", "fc2", "--free-tier", "--currency", "USD", "--peak-to-mean", "1", "--ecs-type", "ecs.c7.xlarge", "--format", "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCostCLI(t, tc.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			costGolden(t, tc.name, out)
		})
	}
}

// The FACTS.md worked example, to the cent: 512 MiB, 200 ms, 5 M calls, FC
// 2.0 with the free tier is 16.38 CNY.
func TestCostFactsExample(t *testing.T) {
	out, errOut, code := runCostCLI(t, "--requests", "5M", "--duration", "200ms", "--memory", "512", "--pricing", "fc2", "--free-tier", "--region", "cn-beijing", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		FC struct {
			Total float64 `json:"total"`
		} `json:"fc"`
		ECS struct {
			PriceConfirmed bool `json:"priceConfirmed"`
		} `json:"ecs"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.FC.Total < 16.375 || r.FC.Total > 16.385 {
		t.Errorf("total %.4f, want 16.38", r.FC.Total)
	}
	if r.ECS.PriceConfirmed || !strings.Contains(strings.Join(r.Notes, " "), "UNCONFIRMED") {
		t.Error("the ECS price is an estimate: the output must say UNCONFIRMED")
	}
}

// The seeds' table claims ECS is cheaper above 200-300 M calls a month; at a
// peak 3x the mean one c7.large cannot serve that cheaply, and the output
// shows the fleet needed.
func TestCostSeedClaimIsCheckable(t *testing.T) {
	out, _, code := runCostCLI(t, "--requests", "300M", "--duration", "200ms", "--memory", "512", "--pricing", "fc2", "--region", "cn-beijing", "--format", "markdown")
	if code != ExitOK {
		t.Fatal(out)
	}
	for _, want := range []string{"Break-even**: none", "| 500 M |", "UNCONFIRMED"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCostBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--duration", "200ms"}, "--requests"},
		{[]string{"--requests", "lots", "--duration", "200ms"}, `--requests "lots"`},
		{[]string{"--requests", "1M", "--duration", "soon"}, "soon"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--format", "pdf"}, "--format"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--ecs-type", "ecs.x9.huge"}, "ecs.x9.huge"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--peak-to-mean", "0.5"}, "--peak-to-mean"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--pricing", "fc9"}, "fc9"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--concurrency", "0"}, "--concurrency"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--concurrency", "500"}, "--concurrency 500: expected a whole number from 1 to 200"},
		{[]string{"--requests", "1M", "--duration", "200ms", "--memory", "100"}, "--memory 100: expected a whole number from 128 to 32768 MB in steps of 64"},
	} {
		_, errOut, code := runCostCLI(t, tc.args...)
		if code != ExitInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d naming %q", tc.args, code, errOut, ExitInput, tc.want)
		}
	}
}

// In a region without an ECS price in the catalog, cost still prints the FC
// bill and says the ECS side is missing, in every format.
func TestCostWithoutECSPrice(t *testing.T) {
	base := []string{"--requests", "5M", "--duration", "200ms", "--region", "ap-northeast-1"}
	out, errOut, code := runCostCLI(t, append(base, "--format", "json")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r costResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.FC.Total <= 0 || r.Currency != "USD" || r.Function.Region != "ap-northeast-1" {
		t.Errorf("FC bill missing: %+v", r.FC)
	}
	if !strings.Contains(r.ECS.Missing, `no price for ECS ecs.c7.large in region "ap-northeast-1"`) || r.BreakEven != nil || len(r.Table) != 0 {
		t.Errorf("ECS side = %+v, break-even %v, %d table rows; want it marked missing", r.ECS, r.BreakEven, len(r.Table))
	}
	for _, format := range []string{"text", "markdown"} {
		out, errOut, code := runCostCLI(t, append(base, "--format", format)...)
		if code != ExitOK || !strings.Contains(out, "not compared: no price for ECS") || !strings.Contains(out, "USD") {
			t.Errorf("%s: exit %d, stderr %q, output:\n%s", format, code, errOut, out)
		}
	}
	// An unknown region is still bad input.
	if _, _, code := runCostCLI(t, "--requests", "5M", "--duration", "200ms", "--region", "mars-1"); code != ExitInput {
		t.Errorf("unknown region: exit %d, want %d", code, ExitInput)
	}
}

// TestCostCitesRealSources: what cost prints cites sources a reader can
// find (a URL or a named seed), never FACTS.md (a team file that is not in
// the repository), and prints numbers without exponents (11,570/s).
func TestCostCitesRealSources(t *testing.T) {
	for _, format := range []string{"text", "markdown", "json"} {
		for _, args := range [][]string{
			{"--requests", "100M", "--duration", "200ms", "--memory", "1024"},
			{"--requests", "5M", "--duration", "200ms", "--memory", "512", "--billing-era", "legacy", "--currency", "USD", "--ecs-type", "ecs.c7.xlarge"},
			{"--requests", "1000B", "--duration", "2s", "--memory", "3072"},
		} {
			out, errOut, code := runCostCLI(t, append(args, "--format", format)...)
			if code != ExitOK {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			if strings.Contains(out, "FACTS.md") {
				t.Errorf("%s %v cites FACTS.md", format, args)
			}
			if format != "json" && regexp.MustCompile(`[0-9]e[+-][0-9]`).MatchString(out) {
				t.Errorf("%s %v prints a number with an exponent:\n%s", format, args, out)
			}
		}
	}
}
