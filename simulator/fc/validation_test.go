package fc

import (
	"math"
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// These tests compare the model with closed forms that do not come from the
// simulator. Each would fail if the corresponding behaviour were wrong.

// With Poisson arrivals at rate lambda, negligible service and keep-alive T,
// a single instance is reclaimed exactly when a gap exceeds T, so the
// cold-start rate is P(gap > T) = exp(-lambda*T).
func TestColdStartRateMatchesExponentialGap(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	for _, lt := range []float64{0.1, 0.5, 1, 2, 4} {
		cfg := bareConfig()
		cfg.MaxInstances = 1
		cfg.KeepAlive = time.Duration(lt * float64(time.Second))
		r := run(t, cfg, newPoisson(uint64(lt*100), 1, n))
		got := float64(r.ColdStarts) / float64(r.Invocations)
		want := math.Exp(-lt)
		t.Logf("lambda*T=%g: cold-start rate %.5f, exp(-lambda*T) %.5f", lt, got, want)
		if e := relErr(got, want); e > 0.03 {
			t.Errorf("lambda*T=%g: cold-start rate %.5f, want exp(-lambda*T)=%.5f (rel err %.2f%%)", lt, got, want, 100*e)
		}
		if r.Throttled != 0 {
			t.Errorf("lambda*T=%g: %d throttled with negligible service", lt, r.Throttled)
		}
	}
}

// erlangB is the blocking probability of an M/G/c/c system with offered load a.
func erlangB(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// With c instances at most, no reclaim, no cold-start time and concurrency 1,
// the platform is an M/M/c/c loss system: the throttled fraction is
// Erlang-B(c, lambda/mu).
func TestThrottleRateMatchesErlangB(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 300_000
	}
	for _, tc := range []struct {
		c    int
		load float64 // lambda / mu
	}{{1, 0.5}, {5, 4}, {20, 18}, {50, 50}} {
		cfg := bareConfig()
		cfg.MaxInstances = tc.c
		cfg.Duration = engine.ExpDist(time.Second)
		r := run(t, cfg, newPoisson(uint64(tc.c), tc.load, n))
		got := float64(r.Throttled) / float64(r.Requests)
		want := erlangB(tc.c, tc.load)
		t.Logf("c=%d a=%g: throttle rate %.5f, Erlang-B %.5f", tc.c, tc.load, got, want)
		if e := relErr(got, want); e > 0.02 {
			t.Errorf("c=%d a=%g: throttle rate %.5f, want Erlang-B %.5f (rel err %.2f%%)", tc.c, tc.load, got, want, 100*e)
		}
	}
}

// Little's law: the time-average number of executing requests equals the
// arrival rate times the mean execution time, whatever the routing,
// concurrency or keep-alive.
func TestLittlesLawBusySlots(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 300_000
	}
	dur := engine.LogNormalDist(100*time.Millisecond, 900*time.Millisecond)
	for _, tc := range []struct {
		name    string
		conc    int
		routing Routing
		cold    engine.Dist
	}{
		{"c1-pack", 1, Pack, engine.FixedDist(0)},
		{"c8-pack-coldstart", 8, Pack, engine.LogNormalDist(200*time.Millisecond, 2*time.Second)},
		{"c8-spread", 8, Spread, engine.FixedDist(0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := bareConfig()
			cfg.Concurrency = tc.conc
			cfg.Routing = tc.routing
			cfg.KeepAlive = 10 * time.Second
			cfg.ColdStart.Override = &tc.cold
			cfg.Duration = dur
			lambda := 50.0
			r := run(t, cfg, newPoisson(7, lambda, n))
			want := lambda * dur.Mean().Seconds()
			t.Logf("mean busy slots %.4f, lambda*E[d] %.4f", r.BusyMean, want)
			if e := relErr(r.BusyMean, want); e > 0.01 {
				t.Errorf("mean busy slots %.4f, want lambda*E[d] = %.4f (rel err %.2f%%)", r.BusyMean, want, 100*e)
			}
			// The request-seconds and the busy-slot integral are measured
			// independently (per request vs per event); they must agree.
			span := (r.End - r.Start).Seconds()
			if e := relErr(r.RequestSeconds/span, r.BusyMean); e > 0.001 {
				t.Errorf("request-seconds/span %.5f vs busy mean %.5f", r.RequestSeconds/span, r.BusyMean)
			}
		})
	}
}

// Instance time is billed, not request time (FACTS.md): three overlapping
// 10 s requests are 10 instance-seconds on one instance with concurrency 3,
// and 30 on three instances with concurrency 1.
func TestInstanceTimeRule(t *testing.T) {
	for _, tc := range []struct {
		conc      int
		active    float64
		instances int64
	}{{3, 10, 1}, {1, 30, 3}} {
		cfg := bareConfig()
		cfg.Concurrency = tc.conc
		src := list{
			{At: 0, Duration: 10 * time.Second},
			{At: 0, Duration: 10 * time.Second},
			{At: 0, Duration: 10 * time.Second},
		}
		r := run(t, cfg, &src)
		if r.ActiveOnDemand != tc.active || r.InstancesPeak != tc.instances {
			t.Errorf("concurrency %d: %g active instance-seconds on %d instances, want %g on %d",
				tc.conc, r.ActiveOnDemand, r.InstancesPeak, tc.active, tc.instances)
		}
		if r.RequestSeconds != 30 {
			t.Errorf("concurrency %d: request-seconds %g, want 30", tc.conc, r.RequestSeconds)
		}
	}
}
