package breakeven_test

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/breakeven"
	"github.com/fcplan/fcplan/simulator/ecs"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

// flat is a trace with exactly evenly spaced arrivals.
type flat struct {
	rate float64
	end  time.Duration
	i    int64
}

func (f *flat) Next(a *workload.Arrival) (bool, error) {
	at := time.Duration((float64(f.i) + 0.5) / f.rate * 1e9)
	if at >= f.end {
		return false, nil
	}
	f.i++
	*a = workload.Arrival{At: at}
	return true, nil
}

func (f *flat) Close() error { return nil }

type scenario struct {
	name        string
	trace       string // flat or poisson
	duration    string
	memoryMB    int
	concurrency int
	ecsType     string
	window      time.Duration
}

func (sc scenario) open(rate float64) (workload.Source, error) {
	if sc.trace == "flat" {
		return &flat{rate: rate, end: sc.window}, nil
	}
	return workload.OpenSpec("poisson:rate="+formatRate(rate)+",duration="+sc.window.String(), 11)
}

func formatRate(r float64) string { return strconv.FormatFloat(r, 'f', 6, 64) + "/s" }

// simulate runs both sides on the same arrivals at rate and returns their
// monthly costs and the ECS fleet.
func (sc scenario) simulate(t *testing.T, cat *catalog.Catalog, rate float64) (fcCost, ecsCost float64, fleet int) {
	t.Helper()
	cfg, err := fc.DefaultConfig(cat, "go1", "cn-hangzhou")
	if err != nil {
		t.Fatal(err)
	}
	cfg.MemoryMB = sc.memoryMB
	cfg.VCPU = float64(sc.memoryMB) / 1024
	cfg.Concurrency = sc.concurrency
	cfg.MaxInstances = 10000
	cfg.ScaleOutBurst = 0
	cfg.DelayedRelease = 0 // no idle billing of on-demand instances: see the package doc
	cfg.Window = sc.window
	cfg.Seed = 3
	if cfg.Duration, err = fc.ParseDuration(sc.duration, cfg.VCPU); err != nil {
		t.Fatal(err)
	}
	src, err := sc.open(rate)
	if err != nil {
		t.Fatal(err)
	}
	fcRep, err := simulator.Run(cfg, src, simulator.Options{Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	ec := ecs.DefaultConfig(cat, sc.ecsType, "")
	ec.Duration = cfg.Duration
	ec.Window = sc.window
	ec.Seed = 3
	if sc.trace == "flat" {
		ec.Reopen = func() (workload.Source, error) { return sc.open(rate) } // peak measured by a first pass
	} else {
		ec.PeakRate = rate // Poisson minutes scatter around the rate: size for the rate itself
	}
	src, err = sc.open(rate)
	if err != nil {
		t.Fatal(err)
	}
	ecsRep, err := ecs.Run(ec, src, cat)
	if err != nil {
		t.Fatal(err)
	}
	if ecsRep.Requests != fcRep.Requests {
		t.Fatalf("rate %g: FC saw %d arrivals, ECS %d: not the same arrivals", rate, fcRep.Requests, ecsRep.Requests)
	}
	return fcRep.Bill.Total, ecsRep.Monthly, ecsRep.Instances.Peak
}

// The done criterion of issue 6: FC (simulator.Run) and ECS (ecs.Run) run on
// the same arrivals of flat and Poisson traces at several rates; the rate
// where their monthly costs cross, found by bisection over simulations,
// matches the closed-form break-even of `fcplan cost` within 1%.
//
// What makes them agree: on the FC side instance time is what is billed, and
// with instance concurrency 1 and a fixed execution time the simulated
// active instance-seconds are exactly requests x duration, the closed form's
// figure; idle billing is off (delayed release 0), since the closed form
// leaves out the up-to-a-minute idle-rate time after each request; cold
// starts are not billed. (With concurrency > 1 the closed form's packing
// rule is a lower bound: at 10 busy requests and C = 10 the simulated pack
// routing bills about 14% more, so those cases are not in this test.) On the ECS
// side both use a fixed fleet sized by ecs.FleetFor with the same capacity
// rule, for a peak equal to the mean rate (flat trace, peak-to-mean 1).
func TestSimulatedCrossoverMatchesClosedForm(t *testing.T) {
	cat := catalog.Default()
	for _, sc := range []scenario{
		{"flat cpu-bound", "flat", "fixed:200ms", 1024, 1, "ecs.c7.large", 30 * time.Minute},
		{"flat io-heavy split", "flat", "cpu:io=180ms,cpu=20ms@1vcpu", 2048, 1, "ecs.c7.large", 30 * time.Minute},
		{"poisson cpu-bound", "poisson", "fixed:200ms", 1024, 1, "ecs.c7.xlarge", 2 * time.Hour},
	} {
		t.Run(sc.name, func(t *testing.T) {
			m, err := breakeven.New(breakeven.Input{Duration: sc.duration, MemoryMB: sc.memoryMB, VCPU: float64(sc.memoryMB) / 1024,
				Concurrency: sc.concurrency, ECSType: sc.ecsType, PeakToMean: 1, Billing: billing.Options{}}, cat)
			if err != nil {
				t.Fatal(err)
			}
			be, err := m.BreakEven()
			if err != nil {
				t.Fatal(err)
			}
			month := billing.DefaultMonth.Seconds()
			want := be / month // requests/s
			diff := func(rate float64) float64 {
				fcCost, ecsCost, fleet := sc.simulate(t, cat, rate)
				if n := m.Instances(rate * month); n != fleet {
					t.Errorf("rate %.4g/s: simulated fleet %d, closed form %d", rate, fleet, n)
				}
				closed, _ := m.FC(rate * month)
				if math.Abs(fcCost-closed.Total) > 0.01*closed.Total {
					t.Errorf("rate %.4g/s: simulated FC %.2f, closed form %.2f", rate, fcCost, closed.Total)
				}
				return fcCost - ecsCost
			}
			lo, hi := 0.9*want, 1.08*want
			dlo, dhi := diff(lo), diff(hi)
			if dlo >= 0 || dhi <= 0 {
				t.Fatalf("no crossing between %.4g/s (FC-ECS %.2f) and %.4g/s (%.2f)", lo, dlo, hi, dhi)
			}
			for hi-lo > 1e-4*want {
				mid := (lo + hi) / 2
				if diff(mid) >= 0 {
					hi = mid
				} else {
					lo = mid
				}
			}
			got := (lo + hi) / 2
			if rel := math.Abs(got-want) / want; rel > 0.01 {
				t.Errorf("simulated crossover %.5g requests/s, closed form %.5g (%.2f%% apart)", got, want, 100*rel)
			}
			t.Logf("crossover: simulated %.5g/s, closed form %.5g/s (%.4g requests/month), %d ECS instances", got, want, be, m.Instances(be))
		})
	}
}
