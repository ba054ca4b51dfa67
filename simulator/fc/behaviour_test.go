package fc

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
)

const sec = time.Second

func TestCatalogDefaultsParseForEveryRuntime(t *testing.T) {
	cat := catalog.Default()
	for _, fam := range cat.Platform.ColdStart.RuntimeFamilies() {
		cfg, err := DefaultConfig(cat, fam, "cn-hangzhou")
		if err != nil {
			t.Fatalf("%s: %v", fam, err)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%s: default config invalid: %v", fam, err)
		}
	}
	cfg, _ := DefaultConfig(cat, "java17", "")
	if cfg.ColdStart.RuntimeFamily != "java" || cfg.ScaleOutBurst != 100 {
		t.Errorf("java17 in an unlisted region: family %s, burst %d", cfg.ColdStart.RuntimeFamily, cfg.ScaleOutBurst)
	}
	if cfg.KeepAlive != 5*time.Minute || cfg.MaxInstances != 100 || cfg.Concurrency != 1 {
		t.Errorf("defaults keep-alive %s max %d concurrency %d", cfg.KeepAlive, cfg.MaxInstances, cfg.Concurrency)
	}
}

// Keep-alive is counted from the end of the last execution.
func TestKeepAliveCountsFromEndOfExecution(t *testing.T) {
	for _, tc := range []struct {
		second time.Duration
		cold   int64
	}{{10*sec + 59*sec, 1}, {10*sec + 61*sec, 2}} {
		cfg := bareConfig()
		cfg.KeepAlive = time.Minute
		src := list{{At: 0, Duration: 10 * sec}, {At: tc.second, Duration: sec}}
		r := run(t, cfg, &src)
		if r.ColdStarts != tc.cold {
			t.Errorf("second request at %s: %d cold starts, want %d", tc.second, r.ColdStarts, tc.cold)
		}
	}
}

func TestTimeoutCutsAndBillsTheTimeout(t *testing.T) {
	cfg := bareConfig()
	cfg.Timeout = 3 * sec
	src := list{{At: 0, Duration: 10 * sec}, {At: 20 * sec, Duration: sec}}
	r := run(t, cfg, &src)
	if r.TimedOut != 1 || r.RequestSeconds != 4 || r.ActiveOnDemand != 4 {
		t.Errorf("timed out %d, request-seconds %g, active %g; want 1, 4, 4", r.TimedOut, r.RequestSeconds, r.ActiveOnDemand)
	}
	if r.Latency.Max() != 3*sec {
		t.Errorf("max latency %s, want the 3s timeout", r.Latency.Max())
	}
}

func TestColdStartWaitAndSharedStartingInstance(t *testing.T) {
	cfg := bareConfig()
	cfg.Concurrency = 2
	cold := engine.FixedDist(500 * time.Millisecond)
	cfg.ColdStart.Override = &cold
	// The second request joins the starting instance and waits for it.
	src := list{{At: 0, Duration: sec}, {At: 100 * time.Millisecond, Duration: sec}}
	r := run(t, cfg, &src)
	if r.InstancesStarted != 1 || r.ColdStarts != 2 {
		t.Errorf("started %d instances, %d cold starts; want 1, 2", r.InstancesStarted, r.ColdStarts)
	}
	if r.Wait.Max() != 500*time.Millisecond || r.Latency.Max() != 1500*time.Millisecond {
		t.Errorf("max wait %s, max latency %s", r.Wait.Max(), r.Latency.Max())
	}
	// Busy from 0.5 s to 1.5 s, once (instance time).
	if r.ActiveOnDemand != 1 || r.RequestSeconds != 2 {
		t.Errorf("active %g request %g, want 1 and 2", r.ActiveOnDemand, r.RequestSeconds)
	}
}

func TestThrottleAtMaxInstances(t *testing.T) {
	cfg := bareConfig()
	cfg.MaxInstances = 2
	src := list{{At: 0, Duration: sec}, {At: 0, Duration: sec}, {At: 0, Duration: sec}, {At: 2 * sec, Duration: sec}}
	r := run(t, cfg, &src)
	if r.Throttled != 1 || r.Invocations != 3 {
		t.Errorf("throttled %d invocations %d, want 1 and 3", r.Throttled, r.Invocations)
	}
}

// Burst instances at once, then perMinute more each minute (FC docs).
func TestCreationRateLimit(t *testing.T) {
	cfg := bareConfig()
	cfg.ScaleOutBurst, cfg.ScaleOutPerMinute = 300, 300
	var src list
	for i := 0; i < 1000; i++ {
		src = append(src, Arrival{At: 0, Duration: time.Hour})
	}
	for i := 0; i < 1000; i++ {
		src = append(src, Arrival{At: 30 * sec, Duration: time.Hour})
	}
	r := run(t, cfg, &src)
	if r.InstancesStarted != 450 || r.Throttled != 1550 {
		t.Errorf("started %d throttled %d, want 300 + 150 (half a minute of growth) and 1550", r.InstancesStarted, r.Throttled)
	}
}

func TestAsyncQueueDrainsFIFOAndExpires(t *testing.T) {
	cfg := bareConfig()
	cfg.MaxInstances = 1
	cfg.Async.MaxEventAge = 25 * sec
	var src list
	for i := 0; i < 5; i++ {
		src = append(src, Arrival{At: time.Duration(i) * time.Millisecond, Duration: 10 * sec, Async: true})
	}
	r := run(t, cfg, &src)
	// Starts at 0, 10, 20 s; the 4th would start at 30 s, older than 25 s.
	if r.Invocations != 3 || r.AsyncQueued != 4 || r.AsyncDropped != 2 || r.Throttled != 0 {
		t.Errorf("invocations %d queued %d dropped %d throttled %d; want 3, 4, 2, 0", r.Invocations, r.AsyncQueued, r.AsyncDropped, r.Throttled)
	}
	if w := r.Wait.Max(); w < 19*sec || w > 21*sec {
		t.Errorf("longest queue wait %s, want ~20s", w)
	}
}

// A backlog past the queue bound stops the run with a QueueLimitError: the
// simulator never silently drops events FC would keep, and never holds an
// unbounded queue in memory. At the bound the run is unchanged.
func TestAsyncQueueBound(t *testing.T) {
	cfg := bareConfig()
	cfg.MaxInstances = 1
	cfg.Async.MaxEventAge = time.Hour
	cfg.Async.MaxQueued = 3
	arrivals := func(n int) *list {
		var src list
		for i := 0; i < n; i++ {
			src = append(src, Arrival{At: time.Duration(i) * time.Millisecond, Duration: sec, Async: true})
		}
		return &src
	}
	// One runs, three wait: exactly at the bound.
	if r := run(t, cfg, arrivals(4)); r.AsyncQueued != 3 || r.Invocations != 4 {
		t.Errorf("at the bound: queued %d, invocations %d; want 3, 4", r.AsyncQueued, r.Invocations)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Run(arrivals(5))
	var qe *QueueLimitError
	if !errors.As(err, &qe) || qe.Limit != 3 || qe.At != 4*time.Millisecond {
		t.Fatalf("past the bound: %v, want a QueueLimitError at 4ms", err)
	}
	if !strings.Contains(err.Error(), "--set maxQueued=N") {
		t.Errorf("the error does not say how to raise the bound: %v", err)
	}
	if err := cfg.Set(nil, "maxQueued", "0"); err == nil {
		t.Errorf("--set maxQueued=0 accepted")
	}
}

func TestAsyncRetriesWithBackoffThenFailureDestination(t *testing.T) {
	cfg := bareConfig()
	cfg.Timeout = sec
	cfg.Async = AsyncPolicy{MaxRetries: 3, BackoffMin: sec, BackoffMax: 2 * sec, MaxEventAge: time.Hour}
	src := list{{At: 0, Duration: 5 * sec, Async: true}}
	r := run(t, cfg, &src)
	if r.Invocations != 4 || r.AsyncRetries != 3 || r.AsyncDropped != 1 || r.TimedOut != 4 {
		t.Errorf("invocations %d retries %d dropped %d timed out %d; want 4, 3, 1, 4", r.Invocations, r.AsyncRetries, r.AsyncDropped, r.TimedOut)
	}
	// 0-1 s, retry at 2 s (1 s backoff), 3 s; 5 s (2 s); 6 s; 8 s (capped 2 s); ends 9 s.
	if r.End != 9*sec {
		t.Errorf("run ended at %s, want 9s", r.End)
	}
}

func TestMinInstancesServeFirstAndAreBilledWhileIdle(t *testing.T) {
	cfg := bareConfig()
	cfg.MinInstances = 2
	cfg.KeepAlive = time.Minute
	cfg.Window = time.Hour
	src := list{{At: 0, Duration: sec}, {At: 0, Duration: sec}, {At: 0, Duration: sec}}
	r := run(t, cfg, &src)
	if r.InstancesStarted != 1 || r.ColdStarts != 1 {
		t.Errorf("on-demand starts %d cold %d, want 1 and 1 (two served by min instances)", r.InstancesStarted, r.ColdStarts)
	}
	if r.ProvisionedLife != 7200 || r.ActiveProvisioned != 2 || r.IdleProvisioned != 7198 {
		t.Errorf("provisioned life %g active %g idle %g", r.ProvisionedLife, r.ActiveProvisioned, r.IdleProvisioned)
	}
	if r.ActiveOnDemand != 1 || r.IdleOnDemand != 60 {
		t.Errorf("on-demand active %g idle %g, want 1 and 60 (reclaimed after keep-alive)", r.ActiveOnDemand, r.IdleOnDemand)
	}
}

func TestDelayedReleaseBillsIdleGaps(t *testing.T) {
	cfg := bareConfig()
	cfg.KeepAlive = 5 * time.Minute
	cfg.DelayedRelease = time.Minute
	src := list{{At: 0, Duration: sec}, {At: 31 * sec, Duration: sec}}
	r := run(t, cfg, &src)
	// Gap 30 s (billed), then the run ends at 32 s.
	if r.IdleBilledOnDemand != 30 {
		t.Errorf("billed idle %g, want 30", r.IdleBilledOnDemand)
	}
	cfg.Window = time.Hour
	src = list{{At: 0, Duration: sec}}
	r = run(t, cfg, &src)
	if r.IdleOnDemand != 300 || r.IdleBilledOnDemand != 60 {
		t.Errorf("idle %g billed %g, want 300 and 60", r.IdleOnDemand, r.IdleBilledOnDemand)
	}
}

func TestHibernatedMinInstanceWakeUp(t *testing.T) {
	cfg := bareConfig()
	cfg.MinInstances = 1
	cfg.Hibernation = true
	cfg.WakeUp = engine.FixedDist(2 * sec)
	src := list{{At: 10 * sec, Duration: sec}}
	r := run(t, cfg, &src)
	if r.ColdStarts != 0 || r.Wait.Max() != 2*sec || r.End != 13*sec {
		t.Errorf("cold %d wait %s end %s, want 0, 2s, 13s", r.ColdStarts, r.Wait.Max(), r.End)
	}
}

func TestScheduledFloor(t *testing.T) {
	cfg := bareConfig()
	cfg.Window = 3 * time.Hour
	cfg.Scheduled = []FloorAction{{At: time.Hour, Min: 4}, {At: 2 * time.Hour, Min: 1}}
	src := list{{At: 0, Duration: sec}}
	r := run(t, cfg, &src)
	// 0 for 1 h (plus one on-demand instance that never expires), 4, then 1.
	if r.ProvisionedLife != (4+1)*3600 {
		t.Errorf("provisioned life %g, want %d", r.ProvisionedLife, 5*3600)
	}
}

func TestTargetTrackingRaisesTheFloor(t *testing.T) {
	cfg := bareConfig()
	cfg.KeepAlive = time.Second
	cfg.Window = 30 * time.Minute
	cfg.Tracking = []Tracking{{Name: "t", Target: 0.5, Min: 1, Max: 50}}
	cfg.Duration = engine.FixedDist(sec)
	r := run(t, cfg, newPoisson(3, 10, 17000)) // ~10 busy slots
	// At 50% target the floor settles near 20 instances.
	if r.InstancesMean < 15 || r.InstancesMean > 25 {
		t.Errorf("mean instances %g, want ~20", r.InstancesMean)
	}
}

func TestSpreadKeepsMoreInstancesWarmThanPack(t *testing.T) {
	res := map[Routing]*Result{}
	for _, rt := range []Routing{Pack, Spread} {
		cfg := bareConfig()
		cfg.Routing = rt
		cfg.KeepAlive = 600 * sec
		cold := engine.FixedDist(100 * time.Millisecond)
		cfg.ColdStart.Override = &cold
		cfg.Duration = engine.ExpDist(100 * time.Millisecond)
		res[rt] = run(t, cfg, newPoisson(5, 20, 200_000))
	}
	p, s := res[Pack], res[Spread]
	t.Logf("pack: %.2f instances, %d cold starts; spread: %.2f instances, %d cold starts", p.InstancesMean, p.ColdStarts, s.InstancesMean, s.ColdStarts)
	if !(s.InstancesMean > p.InstancesMean && s.ColdStarts < p.ColdStarts) {
		t.Errorf("pack: %g instances, %d cold; spread: %g instances, %d cold", p.InstancesMean, p.ColdStarts, s.InstancesMean, s.ColdStarts)
	}
}

func TestWarmupDiscardsTheRamp(t *testing.T) {
	cfg := bareConfig()
	cfg.KeepAlive = time.Hour
	cfg.Warmup = time.Minute
	cfg.Window = time.Hour
	cfg.Duration = engine.FixedDist(100 * time.Millisecond)
	r := run(t, cfg, newPoisson(9, 10, 36000))
	cfg.Warmup = 0
	all := run(t, cfg, newPoisson(9, 10, 36000))
	// Same arrivals and durations: the warm-up run misses exactly the ramp's
	// cold starts.
	if r.Start != time.Minute || all.ColdStarts-r.ColdStarts < 3 {
		t.Errorf("cold starts %d with warm-up (start %s), %d without", r.ColdStarts, r.Start, all.ColdStarts)
	}
	if e := relErr(float64(r.Requests), 10*3540); e > 0.03 {
		t.Errorf("%d requests counted after the warm-up, want ~35400", r.Requests)
	}
	if e := relErr(r.BusyMean, 1); e > 0.03 {
		t.Errorf("busy mean %g, want ~1", r.BusyMean)
	}
}

func TestTimelineRowsAddUp(t *testing.T) {
	cfg := bareConfig()
	cfg.KeepAlive = 10 * sec
	cfg.Window = 10 * time.Minute
	cfg.Duration = engine.FixedDist(200 * time.Millisecond)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteTimeline(&buf, time.Minute); err != nil {
		t.Fatal(err)
	}
	r, err := s.Run(newPoisson(2, 5, 3000))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 11 {
		t.Fatalf("%d lines, want header + 10", len(lines))
	}
	var arrivals, busy float64
	for _, l := range lines[1:] {
		var v [10]float64
		for i, f := range strings.Split(l, ",") {
			v[i] = parseF(t, f)
		}
		arrivals += v[1]
		busy += v[7]
	}
	if int64(arrivals) != r.Requests {
		t.Errorf("timeline arrivals %g, result %d", arrivals, r.Requests)
	}
	if e := relErr(busy/10, r.BusyMean); e > 1e-6 {
		t.Errorf("timeline busy mean %g, result %g", busy/10, r.BusyMean)
	}
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return f
}

func TestSourceOutOfOrderIsAnError(t *testing.T) {
	s, _ := New(bareConfig())
	src := list{{At: 2 * sec}, {At: sec}}
	if _, err := s.Run(&src); err == nil || !strings.Contains(err.Error(), "time order") {
		t.Errorf("error %v", err)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Concurrency = 0 }, "concurrency"},
		{func(c *Config) { c.MaxInstances = 0 }, "max instances"},
		{func(c *Config) { c.MinInstances = 5; c.MaxInstances = 2 }, "exceed"},
		{func(c *Config) { c.Timeout = 0 }, "timeout"},
		{func(c *Config) { c.Window = sec; c.Warmup = 2 * sec }, "shorter than the window"},
		{func(c *Config) { c.Tracking = []Tracking{{Name: "x", Target: 2, Max: 1}} }, "target 2"},
		{func(c *Config) { c.Scheduled = []FloorAction{{At: 2}, {At: 1}} }, "time order"},
	} {
		cfg := bareConfig()
		tc.mod(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate() = %v, want %q", err, tc.want)
		}
	}
}

// Min instances start warm, so their lifetime is exactly their active plus
// idle time, whatever the warm-up, schedule, hibernation and concurrency.
func TestProvisionedTimeAddsUp(t *testing.T) {
	for _, warmup := range []time.Duration{0, 20 * time.Minute} {
		cfg := bareConfig()
		cfg.Concurrency = 3
		cfg.MinInstances = 2
		cfg.KeepAlive = 30 * sec
		cfg.Window = 3 * time.Hour
		cfg.Warmup = warmup
		cfg.Hibernation = true
		cfg.WakeUp = engine.FixedDist(50 * time.Millisecond)
		cold := engine.LogNormalDist(100*time.Millisecond, time.Second)
		cfg.ColdStart.Override = &cold
		cfg.Duration = engine.LogNormalDist(200*time.Millisecond, 3*time.Second)
		cfg.Scheduled = []FloorAction{{At: 30 * time.Minute, Min: 6}, {At: 90 * time.Minute, Min: 1}, {At: 150 * time.Minute, Min: 4}}
		r := run(t, cfg, newPoisson(4, 8, 100_000))
		t.Logf("warm-up %s: active %g idle %g life %g", warmup, r.ActiveProvisioned, r.IdleProvisioned, r.ProvisionedLife)
		if e := relErr(r.ActiveProvisioned+r.IdleProvisioned, r.ProvisionedLife); e > 1e-9 {
			t.Errorf("warm-up %s: min instances active %g + idle %g != lifetime %g", warmup, r.ActiveProvisioned, r.IdleProvisioned, r.ProvisionedLife)
		}
		// Floor: 2 until 30m, 6 until 90m, 1 until 150m, then 4 (instances
		// held past a drop by running requests add a little).
		want := 0.0
		for _, seg := range []struct {
			from, to time.Duration
			n        float64
		}{{0, 30 * time.Minute, 2}, {30 * time.Minute, 90 * time.Minute, 6}, {90 * time.Minute, 150 * time.Minute, 1}, {150 * time.Minute, 180 * time.Minute, 4}} {
			from := max(seg.from, warmup)
			if seg.to > from {
				want += seg.n * (seg.to - from).Seconds()
			}
		}
		if e := relErr(r.ProvisionedLife, want); e > 0.001 {
			t.Errorf("warm-up %s: min-instance lifetime %g s, want ~%g", warmup, r.ProvisionedLife, want)
		}
	}
}

// Every live instance is starting, active or idle at each moment, so the
// time integral of the instance count equals the sum of those instance-
// seconds, whatever the concurrency, routing, warm-up or window cut.
func TestInstanceTimeAddsUp(t *testing.T) {
	for _, tc := range []struct {
		name    string
		conc    int
		routing Routing
		warmup  time.Duration
		window  time.Duration
	}{
		{"c1-pack", 1, Pack, 0, 0},
		{"c4-spread-warmup", 4, Spread, 10 * time.Minute, 0},
		{"c2-pack-window", 2, Pack, 5 * time.Minute, 40 * time.Minute},
		{"async-capped", 1, Pack, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := bareConfig()
			cfg.Concurrency = tc.conc
			cfg.Routing = tc.routing
			cfg.Warmup = tc.warmup
			cfg.Window = tc.window
			cfg.KeepAlive = 20 * sec
			cfg.MinInstances = 1
			cold := engine.LogNormalDist(300*time.Millisecond, 3*time.Second)
			cfg.ColdStart.Override = &cold
			cfg.Duration = engine.LogNormalDist(200*time.Millisecond, 4*time.Second)
			src := newPoisson(8, 3, 10_000)
			if tc.name == "async-capped" {
				cfg.MaxInstances = 4
				cfg.Timeout = 2 * sec
				cfg.ScaleOutBurst, cfg.ScaleOutPerMinute = 2, 6
				src.async = true
			}
			r := run(t, cfg, src)
			if tc.name == "async-capped" && (r.AsyncQueued == 0 || r.AsyncRetries == 0 || r.TimedOut == 0) {
				t.Errorf("the capped async case did not queue (%d), retry (%d) or time out (%d)", r.AsyncQueued, r.AsyncRetries, r.TimedOut)
			}
			span := (r.End - r.Start).Seconds()
			sum := r.ActiveOnDemand + r.ActiveProvisioned + r.IdleOnDemand + r.IdleProvisioned + r.Starting
			if e := relErr(sum, r.InstancesMean*span); e > 1e-6 {
				t.Errorf("starting %g + active %g + idle %g = %g instance-seconds, but mean instances x span = %g",
					r.Starting, r.ActiveOnDemand+r.ActiveProvisioned, r.IdleOnDemand+r.IdleProvisioned, sum, r.InstancesMean*span)
			}
		})
	}
}
