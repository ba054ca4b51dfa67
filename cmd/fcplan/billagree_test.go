package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// agreeProject is an FC 2.0 project with one 512 MB function, written at
// test time.
const agreeProject = `edition: 1.0.0
name: agree
access: default
services:
  api:
    component: devsapp/fc
    props:
      region: cn-beijing
      service:
        name: agree
      function:
        name: api
        runtime: nodejs14
        codeUri: ./code
        handler: index.handler
        memorySize: 512
        timeout: 60
`

// agreeWorkload is 5 M calls a month, evenly spaced (one every 0.5184 s:
// 500,000 in the 3-day window, scaled x10 to the month), of 200 ms each:
// the FC 2.0 worked example of FACTS.md (16.38 CNY with the free tier).
var agreeWorkload = []string{"--workload", "cron:every=518400us,duration=72h", "--duration", "200ms"}

func runJSON(t *testing.T, args []string, v any) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Execute(args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb}); code != ExitOK {
		t.Fatalf("fcplan %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	if err := json.Unmarshal(out.Bytes(), v); err != nil {
		t.Fatalf("fcplan %s: %v\n%s", args[0], err, out.String())
	}
}

type agreeBill struct {
	Total          float64 `json:"total"`
	Era            string  `json:"era"`
	FreeTier       bool    `json:"freeTier"`
	FreeTierStatus string  `json:"freeTierStatus"`
}

// cost, simulate and review bill the same case the same, to the cent, with
// the same defaults: the era's free tier is deducted by all three (cost
// used not to), and each names the era and the free tier it applied.
func TestCostSimulateReviewAgree(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(agreeProject), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		era      string
		want     float64 // CNY a month
		freeTier bool
	}{
		// FACTS.md: 11.06 compute + 5.32 calls.
		{"legacy", 16.38, true},
		// 5 M x (75/10,000 + 0.35 vCPU x 0.2 + 0.5 GB x 0.2 x 0.15) CU =
		// 462,500 CU (50.875 CNY at 0.00011), + the hourly rounding. No free
		// tier.
		{"cu-2024-08", 50.93, false},
	} {
		t.Run(tc.era, func(t *testing.T) {
			var cost struct {
				FC agreeBill `json:"fc"`
			}
			runJSON(t, []string{"cost", "--requests", "5M", "--duration", "200ms", "--memory", "512", "--region", "cn-beijing", "--billing-era", tc.era, "--format", "json"}, &cost)
			var sim struct {
				Bill agreeBill `json:"bill"`
			}
			runJSON(t, append([]string{"simulate", "-c", dir, "--billing-era", tc.era, "--format", "json"}, agreeWorkload...), &sim)
			var rv struct {
				Functions []struct {
					FC struct {
						Bill agreeBill `json:"bill"`
					} `json:"fc"`
				} `json:"functions"`
			}
			runJSON(t, append([]string{"review", dir, "--billing-era", tc.era, "--fail-on", "never", "--format", "json"}, agreeWorkload...), &rv)
			if len(rv.Functions) != 1 {
				t.Fatalf("review simulated %d functions, want 1", len(rv.Functions))
			}
			for name, b := range map[string]agreeBill{"cost": cost.FC, "simulate": sim.Bill, "review": rv.Functions[0].FC.Bill} {
				if got := math.Round(b.Total*100) / 100; got != tc.want {
					t.Errorf("%s bills %.4f CNY, want %.2f", name, b.Total, tc.want)
				}
				if b.Era != tc.era || b.FreeTier != tc.freeTier || b.FreeTierStatus == "" {
					t.Errorf("%s: era %q, free tier %v (%q); want era %s, free tier %v, stated", name, b.Era, b.FreeTier, b.FreeTierStatus, tc.era, tc.freeTier)
				}
			}
		})
	}
}

// The hourly cron case of issue 11: a call an hour bills the 2025-12 hourly
// minimum, 24 h x 30 d x CNY 0.01 = 7.20, in simulate and in cost.
func TestHourlyCronBillsMinimum(t *testing.T) {
	var sim struct {
		Bill agreeBill `json:"bill"`
	}
	runJSON(t, []string{"simulate", "--workload", "cron:every=1h,duration=24h", "--duration", "100ms", "--runtime", "go1", "--format", "json"}, &sim)
	var cost struct {
		FC agreeBill `json:"fc"`
	}
	runJSON(t, []string{"cost", "--requests", "720", "--duration", "100ms", "--format", "json"}, &cost)
	for name, b := range map[string]agreeBill{"simulate": sim.Bill, "cost": cost.FC} {
		if got := math.Round(b.Total*100) / 100; got != 7.20 || b.Era != "2025-12" {
			t.Errorf("%s: hourly cron bills %.4f CNY in era %q, want 7.20 in 2025-12", name, b.Total, b.Era)
		}
	}
	// The rules before 2025-12-09 had no minimum.
	runJSON(t, []string{"simulate", "--workload", "cron:every=1h,duration=24h", "--duration", "100ms", "--runtime", "go1", "--billing-era", "cu-2024-08", "--format", "json"}, &sim)
	if sim.Bill.Total >= 1 {
		t.Errorf("cu-2024-08 era: hourly cron bills %.4f CNY, want well under 1 (no minimum)", sim.Bill.Total)
	}
}

func TestBillingEraFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"cost", "--requests", "5M", "--duration", "200ms", "--billing-era", "2019"},
		{"cost", "--requests", "5M", "--duration", "200ms", "--billing-era", "2025-12", "--pricing", "fc2"},
		{"simulate", "--workload", "poisson:rate=1/s,duration=1m", "--billing-era", "2019"},
		{"review", ".", "--workload", "poisson:rate=1/s,duration=1m", "--billing-era", "2019"},
	} {
		var out, errb bytes.Buffer
		code := Execute(args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
		if code != ExitInput || !strings.Contains(errb.String(), "era") {
			t.Errorf("fcplan %s: exit %d, stderr %q; want exit 2 naming the era", strings.Join(args, " "), code, errb.String())
		}
	}
}

// --set minInstances on a function with scaling policies changes the bill
// (it used to change nothing: the policies replaced the floor), and the
// report says which minimum applied when.
func TestSetMinInstancesChangesBill(t *testing.T) {
	type rep struct {
		Bill  agreeBill `json:"bill"`
		Model struct {
			MinInstances int    `json:"minInstances"`
			Floor        string `json:"floor"`
		} `json:"model"`
		Notes []string `json:"notes"`
	}
	run := func(extra ...string) rep {
		var r rep
		args := append([]string{"simulate", "-c", "../../testdata/projects/fc3-vpc-app", "--function", "image-resize",
			"--workload", "poisson:rate=1/s,duration=24h", "--format", "json"}, extra...)
		runJSON(t, args, &r)
		return r
	}
	base, zero, three := run(), run("--set", "minInstances=0"), run("--set", "minInstances=3")
	if !strings.Contains(base.Model.Floor, "until a policy acts; scheduled: business-hours sets 5") {
		t.Errorf("policies: floor %q", base.Model.Floor)
	}
	if !(zero.Bill.Total < three.Bill.Total && three.Bill.Total < base.Bill.Total) {
		t.Errorf("bills: policies %.2f, minInstances=0 %.2f, =3 %.2f; want 0 < 3 < policies (floor 5 all day)", base.Bill.Total, zero.Bill.Total, three.Bill.Total)
	}
	if zero.Model.MinInstances != 0 || !strings.Contains(zero.Model.Floor, "minInstances 0 all the time: the explicit setting replaces") ||
		!strings.Contains(strings.Join(zero.Notes, "\n"), "min instances: minInstances 0 all the time") {
		t.Errorf("override not reported: %+v %v", zero.Model, zero.Notes)
	}
}
