package fc

import (
	"math"
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// The per-hour accumulator agrees with the totals and knows in which hours
// the function had calls or instances.
func TestHourlyUsage(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       func(*Config)
		arrivals  func() Source
		wantUsed  int // hours with calls or instances
		wantHours int
	}{
		{
			name: "hourly cron, instance reclaimed after 5 minutes",
			cfg: func(c *Config) {
				c.KeepAlive, c.DelayedRelease, c.Window = 5*time.Minute, time.Minute, 24*time.Hour
				c.Duration = engine.FixedDist(100 * time.Millisecond)
			},
			arrivals: func() Source {
				var l list
				for h := 0; h < 24; h++ {
					l = append(l, Arrival{At: time.Duration(h) * time.Hour})
				}
				return &l
			},
			wantUsed: 24, wantHours: 24,
		},
		{
			name: "two calls in a 5-hour window, an execution across an hour boundary",
			cfg: func(c *Config) {
				c.KeepAlive, c.DelayedRelease, c.Window = time.Minute, 30*time.Second, 5*time.Hour
				c.Duration = engine.FixedDist(20 * time.Minute)
			},
			arrivals: func() Source {
				l := list{{At: 50 * time.Minute}, {At: 3*time.Hour + 10*time.Minute}}
				return &l
			},
			wantUsed: 3, wantHours: 5, // hours 0, 1 (the execution runs on) and 3
		},
		{
			name: "a min instance (billed idle) keeps every hour in use",
			cfg: func(c *Config) {
				c.MinInstances, c.KeepAlive, c.Window = 1, time.Minute, 3*time.Hour
				c.Duration = engine.FixedDist(time.Second)
			},
			arrivals: func() Source { l := list{{At: time.Minute}}; return &l },
			wantUsed: 3, wantHours: 3,
		},
		{
			name: "an unbilled keep-alive into the next hour does not use it",
			cfg: func(c *Config) {
				c.KeepAlive, c.DelayedRelease, c.Window = 5*time.Minute, time.Minute, 2*time.Hour
				c.Duration = engine.FixedDist(100 * time.Millisecond)
			},
			arrivals: func() Source { l := list{{At: 58 * time.Minute}}; return &l },
			wantUsed: 1, wantHours: 2,
		},
		{
			name: "a billed delayed release into the next hour uses it",
			cfg: func(c *Config) {
				c.KeepAlive, c.DelayedRelease, c.Window = 5*time.Minute, 3*time.Minute, 2*time.Hour
				c.Duration = engine.FixedDist(100 * time.Millisecond)
			},
			arrivals: func() Source { l := list{{At: 58 * time.Minute}}; return &l },
			wantUsed: 2, wantHours: 2,
		},
		{
			name: "warm-up cut: hours before it are not measured",
			cfg: func(c *Config) {
				c.KeepAlive, c.Window, c.Warmup = time.Minute, 4*time.Hour, 2*time.Hour
				c.Duration = engine.FixedDist(time.Second)
			},
			arrivals: func() Source {
				l := list{{At: 10 * time.Minute}, {At: 2*time.Hour + 10*time.Minute}}
				return &l
			},
			wantUsed: 1, wantHours: 2,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := bareConfig()
			tc.cfg(&cfg)
			r := run(t, cfg, tc.arrivals())
			if len(r.Hours) != tc.wantHours {
				t.Fatalf("%d hours, want %d", len(r.Hours), tc.wantHours)
			}
			var used int
			var inv int64
			var active, idleProv, idleBilled float64
			for _, h := range r.Hours {
				if h.Used() {
					used++
				}
				inv += h.Invocations
				active += h.Active
				idleProv += h.IdleProvisioned
				idleBilled += h.IdleBilled
			}
			if used != tc.wantUsed {
				t.Errorf("hours in use = %d, want %d (%+v)", used, tc.wantUsed, r.Hours)
			}
			if inv != r.Invocations {
				t.Errorf("invocations per hour sum to %d, total %d", inv, r.Invocations)
			}
			for _, c := range []struct {
				what       string
				hours, tot float64
			}{
				{"active", active, r.ActiveOnDemand + r.ActiveProvisioned},
				{"idle min", idleProv, r.IdleProvisioned},
				{"idle billed", idleBilled, r.IdleBilledOnDemand},
			} {
				if math.Abs(c.hours-c.tot) > 1e-6 {
					t.Errorf("%s: hours sum to %g s, total %g s", c.what, c.hours, c.tot)
				}
			}
		})
	}
}

// Accumulating per hour allocates nothing per event once the hours exist.
func TestHourlyAddAllocatesNothing(t *testing.T) {
	h := newHourly(0, 0)
	h.add(0, 48*time.Hour, hfActive)
	n := testing.AllocsPerRun(1000, func() {
		h.add(90*time.Minute, 150*time.Minute, hfActive)
		h.invocation(3 * time.Hour)
	})
	if n != 0 {
		t.Errorf("%g allocations per event, want 0", n)
	}
}

// A hostile span (an arrival centuries in) does not grow the per-hour
// record without bound: past maxHours it is dropped and bills spread the
// totals instead.
func TestHourlyCapped(t *testing.T) {
	h := newHourly(0, 0)
	h.add(0, time.Hour, hfActive)
	far := time.Duration(maxHours+5) * time.Hour
	h.invocation(far)
	if h.result(0, far+time.Hour) != nil || len(h.hours) > maxHours {
		t.Errorf("per-hour record kept %d hours past the cap", len(h.hours))
	}
	cfg := bareConfig()
	cfg.Duration = engine.FixedDist(time.Second)
	l := list{{At: 0}, {At: far}}
	r := run(t, cfg, &l)
	if r.Hours != nil || r.Invocations != 2 {
		t.Errorf("run over %s: %d hours recorded, %d invocations", far, len(r.Hours), r.Invocations)
	}
}
