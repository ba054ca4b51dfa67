package simulator

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/engine"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

// exactConfig is a catalog config with the platform's noise removed, for
// reproducing hand-computed bills.
func exactConfig(t *testing.T, memoryMB int) fc.Config {
	t.Helper()
	cat := catalog.Default()
	cfg, err := fc.DefaultConfig(cat, "go1", "cn-beijing")
	if err != nil {
		t.Fatal(err)
	}
	zero := engine.FixedDist(0)
	cfg.ColdStart.Override = &zero
	cfg.WarmOverhead = zero
	cfg.DelayedRelease = 0
	_ = cfg.Set(cat, "memory", itoa(memoryMB))
	return cfg
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func open(t *testing.T, spec string) workload.Source {
	t.Helper()
	src, err := workload.OpenSpec(spec, 1)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func cents(f float64) float64 { return math.Round(f*100) / 100 }

// FACTS.md worked examples, through the whole simulator (arrivals, the
// scheduler's instance time, the bill), to the cent.
func TestFactsWorkedExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("5 M requests")
	}
	// FC 2.0, 512 MiB, 200 ms, 5,000,000 calls in a 30-day month, free tier
	// on: 11.06 (compute) + 5.32 (calls) = 16.38 CNY.
	cfg := exactConfig(t, 512)
	cfg.Duration = engine.FixedDist(200 * time.Millisecond)
	cfg.Window = 720 * time.Hour
	rep, err := Run(cfg, open(t, "cron:every=518.4ms,duration=720h"), Options{
		Billing: billing.Options{Pricing: "fc2", Region: "cn-beijing", Currency: "CNY", FreeTier: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 5_000_000 || rep.InstanceSeconds.Active != 1_000_000 {
		t.Fatalf("%d requests, %g active instance-seconds; want 5e6 and 1e6", rep.Requests, rep.InstanceSeconds.Active)
	}
	if got := cents(rep.Bill.Total); got != 16.38 {
		t.Errorf("FC 2.0 bill %.4f CNY, want 16.38 (items %+v)", rep.Bill.Total, rep.Bill.Items)
	}
	if rep.Bill.ExtrapolatedFrom != "" {
		t.Errorf("a 720h window was extrapolated: %q", rep.Bill.ExtrapolatedFrom)
	}

	// FC 3.0 (help.aliyun.com example): 3 M calls, 0.5 GB, 0.25 vCPU,
	// 200 ms: 22,500 + 45,000 + 150,000 = 217,500 CU.
	cfg = exactConfig(t, 512)
	cfg.VCPU = 0.25
	cfg.Duration = engine.FixedDist(200 * time.Millisecond)
	cfg.Window = 720 * time.Hour
	rep, err = Run(cfg, open(t, "cron:every=864ms,duration=720h"), Options{
		Billing: billing.Options{Pricing: "fc3", Region: "cn-hangzhou", Currency: "USD"},
	})
	if err != nil {
		t.Fatal(err)
	}
	cu := 0.0
	for _, it := range rep.Bill.Items {
		if it.Rate > 0 {
			cu += it.Amount / it.Rate * map[string]float64{"invocations": 0.0075, "active vCPU": 1, "memory": 0.15}[it.Name]
		}
	}
	if rep.Requests != 3_000_000 || math.Abs(cu-217_500) > 0.5 {
		t.Errorf("FC 3.0: %d requests, %g CU, want 3e6 and 217,500 (items %+v)", rep.Requests, cu, rep.Bill.Items)
	}
}

func TestProvisionedMonthFC2(t *testing.T) {
	// 5 provisioned 512 MiB instances for 30 days: 716.64 CNY.
	cfg := exactConfig(t, 512)
	cfg.MinInstances = 5
	cfg.Window = 720 * time.Hour
	cfg.Duration = engine.FixedDist(time.Millisecond)
	rep, err := Run(cfg, open(t, "cron:every=24h,duration=720h"), Options{
		Billing: billing.Options{Pricing: "fc2", Region: "cn-beijing", Currency: "CNY"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var prov float64
	for _, it := range rep.Bill.Items {
		if it.Name == "provisioned instances" {
			prov = it.Amount
		}
	}
	if cents(prov) != 716.64 || rep.ColdStarts != 0 {
		t.Errorf("provisioned line %.4f CNY (cold starts %d), want 716.64 and none; bill %+v", prov, rep.ColdStarts, rep.Bill)
	}
	if rep.InstanceSeconds.ProvisionedLifetime != 5*720*3600 {
		t.Errorf("provisioned lifetime %g", rep.InstanceSeconds.ProvisionedLifetime)
	}
}

func TestUsageMapping(t *testing.T) {
	r := &fc.Result{End: time.Hour, Invocations: 10, ActiveOnDemand: 100, ActiveProvisioned: 50, IdleProvisioned: 3550,
		IdleBilledOnDemand: 30, ProvisionedLife: 3600, Initializer: 2}
	cfg := fc.Config{MemoryMB: 512, VCPU: 0.5, Hibernation: true}
	u := Usage(cfg, r, "fc3")
	if u.ActiveInstanceSeconds != 152 || u.IdleMinInstanceSeconds != 3580 || u.ProvisionedInstanceSeconds != 0 {
		t.Errorf("fc3 hibernation: %+v", u)
	}
	cfg.Hibernation = false
	u = Usage(cfg, r, "fc3")
	if u.ActiveInstanceSeconds != 3702 || u.IdleMinInstanceSeconds != 30 {
		t.Errorf("fc3 always-on: %+v", u)
	}
	u = Usage(cfg, r, "fc2")
	if u.ActiveInstanceSeconds != 152 || u.IdleMinInstanceSeconds != 3550 || u.ProvisionedInstanceSeconds != 3600 {
		t.Errorf("fc2: %+v", u)
	}
}

// Same seed, same bytes.
func TestReportIsDeterministic(t *testing.T) {
	run := func(seed uint64) string {
		cfg := exactConfig(t, 1024)
		cfg.Seed = seed
		cfg.Duration = engine.LogNormalDist(50*time.Millisecond, 2*time.Second)
		cfg.Concurrency = 4
		src, err := workload.OpenSpec("poisson:rate=30/s,duration=1h", int64(seed))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Run(cfg, src, Options{Billing: billing.Options{Pricing: "fc3"}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if run(3) != run(3) {
		t.Fatal("same seed, different reports")
	}
	if run(3) == run(4) {
		t.Fatal("different seeds, same report")
	}
}

func TestEmptyWorkloadIsAnError(t *testing.T) {
	cfg := exactConfig(t, 512)
	cfg.Warmup = 2 * time.Hour
	if _, err := Run(cfg, open(t, "poisson:rate=1/s,duration=1h"), Options{}); err == nil {
		t.Fatal("a run with nothing after the warm-up succeeded")
	}
}

// A per-request egress size bills outbound traffic: 1,000 executions x
// 1,048.576 KB = 1 GB (1024 x 1024 KB) in the hour; under the CU eras the
// CDT quota is free.
func TestEgressBillsOutbound(t *testing.T) {
	cat := catalog.Default()
	cfg := exactConfig(t, 512)
	if err := cfg.Set(cat, "egressKB", "1048.576"); err != nil {
		t.Fatal(err)
	}
	cfg.Window = time.Hour
	for _, tc := range []struct {
		era      string
		freeTier bool
		wantGB   float64 // billed a month
	}{
		{"2025-12", false, 720},         // 1 GB/h x 720 h
		{"2025-12", true, 720 - 200},    // CDT quota
		{"legacy", true, 720 - 1},       // FC 2.0 free GB
		{"cu-2024-08", true, 720 - 200}, // CDT quota
	} {
		rep, err := Run(cfg, open(t, "cron:every=3600ms,duration=1h"), Options{Catalog: cat, Billing: billing.Options{Era: tc.era, Region: "cn-hangzhou", FreeTier: tc.freeTier}})
		if err != nil {
			t.Fatal(err)
		}
		var gb float64
		for _, it := range rep.Bill.Items {
			if it.Name == "outbound traffic" {
				gb = it.Quantity
			}
		}
		if rep.Invocations != 1000 || math.Abs(gb-tc.wantGB) > 1e-6 {
			t.Errorf("%s free=%v: %d executions, %g GB billed, want 1000 and %g", tc.era, tc.freeTier, rep.Invocations, gb, tc.wantGB)
		}
	}
}

// Keep-alive or billed idle time that differ from the billing era's are
// named in the notes; the era's own values are not.
func TestEraNotes(t *testing.T) {
	cat := catalog.Default()
	for _, era := range cat.BillingEras.IDs() {
		e, err := cat.BillingEras.Era(era)
		if err != nil {
			t.Fatal(err)
		}
		cfg := exactConfig(t, 512)
		cfg.UseEra(e)
		if n := eraNotes(cfg, e); len(n) != 0 {
			t.Errorf("%s: the era's own values noted: %v", era, n)
		}
		cfg.KeepAlive, cfg.DelayedRelease = 10*time.Minute, 2*time.Minute
		n := strings.Join(eraNotes(cfg, e), "\n")
		if !strings.Contains(n, "keep-alive 10m0s differs from billing era "+era) {
			t.Errorf("%s: keep-alive override not noted: %q", era, n)
		}
		// Legacy FC 2.0 never bills idle on-demand time: no note there.
		if strings.Contains(n, "delayedRelease") != (e.Meters == catalog.MetersCU) {
			t.Errorf("%s: delayed-release note = %q", era, n)
		}
	}
}
