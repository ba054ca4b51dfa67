package ecs

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

func open(t testing.TB, spec string, seed int64) workload.Source {
	t.Helper()
	src, err := workload.OpenSpec(spec, seed)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func run(t testing.TB, cfg Config, spec string) *Report {
	t.Helper()
	rep, err := Run(cfg, open(t, spec, 7), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// A fixed fleet far above the load never makes a request wait.
func TestFixedFleetAboveLoadHasNoWait(t *testing.T) {
	cfg := DefaultConfig(nil, "ecs.c7.xlarge", "")
	cfg.Instances = 20
	cfg.Duration = engine.ExpDist(100 * time.Millisecond)
	rep := run(t, cfg, "poisson:rate=20/s,duration=1h")
	if rep.Queued != 0 || rep.Dropped != 0 || rep.WaitMs.Max != 0 {
		t.Fatalf("queued %d dropped %d max wait %gms, want none", rep.Queued, rep.Dropped, rep.WaitMs.Max)
	}
	if rep.Instances.Peak != 20 || rep.Instances.Mean != 20 {
		t.Errorf("instances %+v, want 20", rep.Instances)
	}
	// Little's law: busy slots = lambda x mean service = 2 of 80.
	if u := rep.Utilization; math.Abs(u-2.0/80) > 0.002 {
		t.Errorf("utilisation %g, want about %g", u, 2.0/80)
	}
	if rep.Monthly != rep.Cost.Subscription || rep.Cost.Instances != 20 {
		t.Errorf("fixed fleet should be billed by subscription for 20 instances: %+v", rep.Cost)
	}
	if rep.PriceConfirmed {
		t.Error("the catalog's ECS prices are estimates: the report must flag them")
	}
}

// erlangC is the probability that an arrival waits in an M/M/c queue with
// offered load a = lambda/mu.
func erlangC(c int, a float64) float64 {
	term, sum := 1.0, 1.0 // a^k/k!, summed for k < c
	for k := 1; k < c; k++ {
		term *= a / float64(k)
		sum += term
	}
	last := term * a / float64(c) // a^c/c!
	rho := a / float64(c)
	top := last / (1 - rho)
	return top / (sum + top)
}

// Poisson arrivals, exponential service, c slots and an infinite queue are
// an M/M/c queue: the share of arrivals that wait is Erlang C, and the mean
// wait C/(c mu - lambda).
func TestMMcMatchesErlangC(t *testing.T) {
	for _, tc := range []struct {
		c      int
		lambda float64 // per second, service mean 1 s
	}{
		{1, 0.6},
		{4, 3},
		{10, 8.5},
	} {
		cfg := DefaultConfig(nil, "ecs.c7.large", "")
		cfg.Instances = 1
		cfg.SlotsPerInstance = tc.c
		cfg.QueueLimit = -1
		cfg.Duration = engine.ExpDist(time.Second)
		n := 300000.0
		spec := "poisson:rate=" + engine.FormatFloat(tc.lambda) + "/s,duration=" + time.Duration(n/tc.lambda*1e9).Round(time.Second).String()
		rep := run(t, cfg, spec)
		want := erlangC(tc.c, tc.lambda)
		got := float64(rep.Queued) / float64(rep.Requests)
		if rep.Dropped != 0 {
			t.Fatalf("c=%d: %d drops with an infinite queue", tc.c, rep.Dropped)
		}
		if math.Abs(got-want) > 0.03*want+0.002 {
			t.Errorf("c=%d lambda=%g: P(wait) %.4f, Erlang C %.4f", tc.c, tc.lambda, got, want)
		}
		wantWait := want / (float64(tc.c) - tc.lambda) * 1000
		if math.Abs(rep.WaitMs.Mean-wantWait) > 0.06*wantWait {
			t.Errorf("c=%d lambda=%g: mean wait %.1fms, want %.1fms", tc.c, tc.lambda, rep.WaitMs.Mean, wantWait)
		}
		t.Logf("c=%d lambda=%g: P(wait) %.4f (Erlang C %.4f), mean wait %.1fms (%.1fms)", tc.c, tc.lambda, got, want, rep.WaitMs.Mean, wantWait)
	}
}

// A full queue drops arrivals, and the counts add up.
func TestQueueLimitDrops(t *testing.T) {
	cfg := DefaultConfig(nil, "ecs.c7.large", "")
	cfg.Instances = 1
	cfg.SlotsPerInstance = 2
	cfg.QueueLimit = 10
	cfg.Duration = engine.FixedDist(time.Second)
	rep := run(t, cfg, "poisson:rate=10/s,duration=10m") // 5x overload
	if rep.Dropped == 0 {
		t.Fatal("no drops at 5x overload with a queue of 10")
	}
	if rep.QueuePeak != 10 {
		t.Errorf("queue peak %d, want the limit 10", rep.QueuePeak)
	}
	// About 2 requests/s are served; the rest are dropped.
	served := float64(rep.Requests - rep.Dropped)
	if math.Abs(served/600-2) > 0.1 {
		t.Errorf("served %g requests/s, want about 2", served/600)
	}
	// A queued request waits at most queue/capacity = 5 s.
	if rep.WaitMs.Max > 5100 {
		t.Errorf("max wait %gms exceeds 10 queued / 2 slots x 1s", rep.WaitMs.Max)
	}
}

// An autoscaled fleet reacts to a burst only after the scale-out lag and boot
// time: the burst shows as queueing and drops, then the fleet catches up and
// scales back in.
func TestAutoscaleBurstShowsLag(t *testing.T) {
	cfg := DefaultConfig(nil, "ecs.c7.large", "")
	cfg.Mode = ModeAutoscale
	cfg.Duration = engine.FixedDist(20 * time.Millisecond) // 2 slots -> 100 requests/s per instance
	cfg.KeepTimeline = true
	cfg.Window = 90 * time.Minute
	rep := run(t, cfg, "burst:base=50/s,peak=2000/s,at=30m,for=10m,duration=90m")
	if rep.Dropped == 0 || rep.LatencyMs.P99 < 1000 {
		t.Errorf("burst: dropped %d, p99 %gms: want the lag to show as drops and queueing", rep.Dropped, rep.LatencyMs.P99)
	}
	if rep.ScaleOuts == 0 || rep.ScaleIns == 0 {
		t.Errorf("scale-outs %d, scale-ins %d: want both", rep.ScaleOuts, rep.ScaleIns)
	}
	// 2000/s x 20ms = 40 busy slots / (2 slots x 0.7) = 29 instances.
	if rep.Instances.Peak < 29 || rep.Instances.Peak > 40 {
		t.Errorf("peak fleet %d, want about 29", rep.Instances.Peak)
	}
	// Drops stop once the new instances serve: 3 minutes above target +
	// 1 minute boot after the burst starts at 30m.
	var firstOut, lastDrop float64 = -1, -1
	for _, s := range rep.Timeline {
		if s.Instances > 1 && firstOut < 0 {
			firstOut = s.T
		}
		if s.Dropped > 0 {
			lastDrop = s.T
		}
	}
	if firstOut < 33*60 || firstOut > 36*60 {
		t.Errorf("fleet grew in the step at %gs, want 3 to 5 minutes after the burst at 1800s", firstOut)
	}
	if lastDrop < 1800 || lastDrop > firstOut {
		t.Errorf("last drop at %gs, want between the burst (1800s) and the new instances (%gs)", lastDrop, firstOut)
	}
	if len(rep.Timeline) != 90 {
		t.Errorf("%d timeline samples, want 90", len(rep.Timeline))
	}
	var arrivals, drops int64
	var busy float64
	for _, s := range rep.Timeline {
		arrivals += s.Arrivals
		drops += s.Dropped
		busy += s.BusySlots * 60
	}
	if arrivals != rep.Requests || drops != rep.Dropped {
		t.Errorf("timeline sums: %d arrivals, %d drops; report %d, %d", arrivals, drops, rep.Requests, rep.Dropped)
	}
	if slotSecs := rep.Instances.Mean * 2 * rep.WindowSeconds; math.Abs(busy/slotSecs-rep.Utilization) > 0.002 {
		t.Errorf("timeline busy slot-seconds %g / %g slot-seconds, report utilisation %g", busy, slotSecs, rep.Utilization)
	}
	if rep.Monthly != rep.Cost.PayAsYouGo || rep.Cost.Instances <= 1 {
		t.Errorf("autoscaled fleet should be billed pay-as-you-go for its mean size: %+v", rep.Cost)
	}
	t.Logf("requests %d dropped %d (%.2f%%) queued %d p50 %gms p99 %gms peak %d mean %.2f instances, %.0f %s/month",
		rep.Requests, rep.Dropped, 100*float64(rep.Dropped)/float64(rep.Requests), rep.Queued, rep.LatencyMs.P50, rep.LatencyMs.P99,
		rep.Instances.Peak, rep.Instances.Mean, rep.Monthly, rep.Cost.Currency)
}

// The same seed and source give the same report, byte for byte.
func TestDeterministic(t *testing.T) {
	cfg := DefaultConfig(nil, "ecs.c7.large", "")
	cfg.Mode = ModeAutoscale
	cfg.Duration = engine.LogNormalDist(15*time.Millisecond, 80*time.Millisecond)
	cfg.KeepTimeline = true
	var out [3][]byte
	for i := range out {
		cfg.Seed = 1
		if i == 2 {
			cfg.Seed = 2
		}
		b, err := json.Marshal(run(t, cfg, "burst:base=20/s,peak=500/s,at=10m,for=5m,duration=30m"))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	if string(out[0]) != string(out[1]) {
		t.Error("two runs with the same seed differ")
	}
	if string(out[0]) == string(out[2]) {
		t.Error("another seed gave the same report")
	}
}

// The fixed fleet is sized for the measured peak, by the shared rule.
func TestFixedFleetSizedForMeasuredPeak(t *testing.T) {
	spec := "burst:base=10/s,peak=200/s,at=10m,for=5m,duration=30m"
	cfg := DefaultConfig(nil, "ecs.c7.large", "")
	cfg.Duration = engine.FixedDist(50 * time.Millisecond)
	cfg.Reopen = func() (workload.Source, error) { return workload.OpenSpec(spec, 7) }
	rep := run(t, cfg, spec)
	want := FleetFor(rep.PeakRate, 50*time.Millisecond, 2, 0.25)
	if rep.PeakRate < 190 || rep.PeakRate > 215 {
		t.Errorf("peak %g/s, want about 200/s", rep.PeakRate)
	}
	if rep.Instances.Peak != want || want < 6 {
		t.Errorf("fleet %d, want %d (200/s x 50ms x 1.25 / 2 slots = 6.25 -> 7)", rep.Instances.Peak, want)
	}
	if rep.Dropped != 0 || rep.LatencyMs.P99 > 200 {
		t.Errorf("a fleet sized for the peak dropped %d, p99 %gms", rep.Dropped, rep.LatencyMs.P99)
	}
	cfg.Reopen = nil
	if _, err := Run(cfg, open(t, spec, 7), nil); err == nil {
		t.Error("a fixed fleet with no instances, peak or reopen must be an error")
	}
}

func TestCapacityRule(t *testing.T) {
	f := catalog.Default().ECS.Fleet
	cpuModel := func(spec string) Work {
		d, err := fc.ParseDuration(spec, 1)
		if err != nil {
			t.Fatal(err)
		}
		w, err := WorkOf(d)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	for _, tc := range []struct {
		name  string
		work  Work
		bound string
		vcpu  float64
		want  int
	}{
		{"cpu-bound plain", Work{}, BoundCPU, 2, 2},
		{"io-bound plain", Work{}, BoundIO, 2, f.IOConcurrency.Value},
		{"split 50ms io + 150ms cpu", cpuModel("cpu:io=50ms,cpu=150ms@1vcpu"), "", 2, 2}, // 2 x 200/150 = 2.67
		{"split 150ms io + 50ms cpu", cpuModel("cpu:io=150ms,cpu=50ms@1vcpu"), "", 2, 8},
		{"split ref 2 vcpu", cpuModel("cpu:io=100ms,cpu=50ms@2vcpu"), "", 4, 8}, // cpu 100ms on 1 vCPU: 4 x 200/100
		{"split io-heavy capped", cpuModel("cpu:io=10s,cpu=1ms"), "", 16, f.IOConcurrency.Value},
		{"tiny instance", Work{}, BoundCPU, 0.5, 1},
	} {
		if got := tc.work.Slots(tc.vcpu, tc.bound, f); got != tc.want {
			t.Errorf("%s: %d slots, want %d", tc.name, got, tc.want)
		}
	}
	w := cpuModel("cpu:io=50ms,cpu=300ms@2vcpu")
	if w.IO != 50*time.Millisecond || w.CPU != 600*time.Millisecond {
		t.Errorf("split %+v, want io 50ms cpu 600ms", w)
	}
	if got := w.Service(engine.Dist{}).Mean(); got != 650*time.Millisecond {
		t.Errorf("service %s, want 650ms on one vCPU", got)
	}
}

func TestFleetFor(t *testing.T) {
	for _, tc := range []struct {
		peak     float64
		svc      time.Duration
		slots    int
		headroom float64
		want     int
	}{
		{10, 200 * time.Millisecond, 2, 0, 1},
		{10, 200 * time.Millisecond, 2, 0.25, 2}, // 2.5 busy / 2 = 1.25
		{100, 200 * time.Millisecond, 2, 0.25, 13},
		{0, time.Second, 1, 0.25, 1},
		{50000, 100 * time.Millisecond, 2, 0.25, 3125},
	} {
		if got := FleetFor(tc.peak, tc.svc, tc.slots, tc.headroom); got != tc.want {
			t.Errorf("FleetFor(%g, %s, %d, %g) = %d, want %d", tc.peak, tc.svc, tc.slots, tc.headroom, got, tc.want)
		}
	}
}

func TestBadConfig(t *testing.T) {
	for _, mut := range []func(*Config){
		func(c *Config) { c.Mode = "elastic" },
		func(c *Config) { c.InstanceType = "ecs.nope" },
		func(c *Config) { c.Region = "mars-1" },
		func(c *Config) { c.TargetUtilization = 1.5 },
		func(c *Config) { c.Bound = "gpu" },
		func(c *Config) { c.Pricing = "spot" },
		func(c *Config) { c.MinInstances, c.MaxInstances = 5, 2 },
	} {
		cfg := DefaultConfig(nil, "ecs.c7.large", "")
		cfg.Instances = 1
		mut(&cfg)
		if _, err := Run(cfg, open(t, "poisson:rate=1/s,duration=1m", 1), nil); err == nil {
			t.Errorf("%+v: want an error", cfg)
		}
	}
}

// BenchmarkRun measures simulated requests per second of wall time on a
// burst (3.1 M arrivals) served by an autoscaled fleet.
func BenchmarkRun(b *testing.B) {
	cat := catalog.Default()
	cfg := DefaultConfig(cat, "ecs.c7.large", "")
	cfg.Mode = ModeAutoscale
	cfg.Duration = engine.LogNormalDist(15*time.Millisecond, 80*time.Millisecond)
	var reqs int64
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Run(cfg, open(b, "burst:base=100/s,peak=5000/s,at=10m,for=10m,duration=30m", 7), cat)
		if err != nil {
			b.Fatal(err)
		}
		reqs += rep.Requests
	}
	b.ReportMetric(float64(reqs)/b.Elapsed().Seconds(), "requests/s")
}

// Memory does not grow with the trace: ten times the arrivals cost no more
// allocations (histograms, rings and heaps are reused; the timeline is
// streamed, not kept).
func TestAllocationsDoNotGrowWithTrace(t *testing.T) {
	cat := catalog.Default()
	cfg := DefaultConfig(cat, "ecs.c7.large", "")
	cfg.Mode = ModeAutoscale
	cfg.Duration = engine.ExpDist(20 * time.Millisecond)
	var samples int
	cfg.OnSample = func(Sample) { samples++ }
	allocs := func(spec string) float64 {
		return testing.AllocsPerRun(2, func() {
			src, err := workload.OpenSpec(spec, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Run(cfg, src, cat); err != nil {
				t.Fatal(err)
			}
		})
	}
	short := allocs("burst:base=50/s,peak=400/s,at=5m,for=2m,duration=20m")
	long := allocs("burst:base=50/s,peak=400/s,at=50m,for=20m,duration=200m")
	if long > short+16 {
		t.Errorf("%g allocations for 10x the arrivals, %g for the short trace", long, short)
	}
	if samples == 0 {
		t.Error("OnSample was never called")
	}
}
