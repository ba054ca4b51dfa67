package breakeven

import (
	"errors"
	"math"
	"testing"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
)

// FACTS.md worked example: 512 MiB, 200 ms, 5,000,000 calls, FC 2.0 with the
// free tier is 16.38 CNY.
func TestClosedFormMatchesFactsExample(t *testing.T) {
	m, err := New(Input{RequestsPerMonth: 5e6, Duration: "fixed:200ms", MemoryMB: 512, ECSType: "ecs.c7.large",
		Billing: billing.Options{Pricing: "fc2", Region: "cn-beijing", FreeTier: true}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.FC(5e6)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b.Total-16.38) > 0.005 {
		t.Errorf("total %.4f CNY, want 16.38", b.Total)
	}
}

func TestPackedInstances(t *testing.T) {
	for _, tc := range []struct {
		busy      float64
		c, min    int
		active    float64
		idle      float64
		tolerance float64
	}{
		{3.7, 1, 0, 3.7, 0, 1e-12},
		{0.5, 10, 0, 1 - math.Exp(-0.5), 0, 1e-9}, // P(N >= 1)
		{1000, 10, 0, 100.5, 0, 0.05},             // about busy/c + 1/2
		{0.2, 1, 3, 0.2, 2.8, 1e-9},               // E[max(0, 3 - N)] = 3 - E[N] when N < 3 almost surely... nearly
	} {
		a, i := packed(tc.busy, tc.c, tc.min)
		if math.Abs(a-tc.active) > tc.tolerance+1e-3*tc.active || math.Abs(i-tc.idle) > 0.01 {
			t.Errorf("packed(%g, %d, %d) = %g, %g; want %g, %g", tc.busy, tc.c, tc.min, a, i, tc.active, tc.idle)
		}
	}
}

// The break-even is where the FC bill meets the staircase of the fleet.
func TestBreakEvenIsWhereCostsMeet(t *testing.T) {
	for _, in := range []Input{
		{Duration: "fixed:200ms", MemoryMB: 1024, VCPU: 1, ECSType: "ecs.c7.large"},
		{Duration: "cpu:io=180ms,cpu=20ms@1vcpu", MemoryMB: 1024, VCPU: 1, ECSType: "ecs.c7.large", PeakToMean: 3},
		{Duration: "fixed:200ms", MemoryMB: 2048, ECSType: "ecs.c7.large", Billing: billing.Options{Pricing: "fc2", FreeTier: true}},
	} {
		m, err := New(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		be, err := m.BreakEven()
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		fcAt, _ := m.fcTotal(be)
		_, ecsAt := m.ECS(be)
		if math.Abs(fcAt-ecsAt) > 1e-6*ecsAt && fcAt < ecsAt {
			t.Errorf("%+v: at the break-even %g FC %g ECS %g", in, be, fcAt, ecsAt)
		}
		below, _ := m.fcTotal(be * 0.999)
		_, ecsBelow := m.ECS(be * 0.999)
		if below >= ecsBelow {
			t.Errorf("%+v: FC already at least ECS below the break-even", in)
		}
		t.Logf("%s %s C=%d ptm=%g: break-even %.4g requests/month, %d instances of %d slots", in.Duration, in.ECSType, in.Concurrency, in.PeakToMean, be, m.Instances(be), m.Slots())
	}
}

// 200 ms of CPU per request at a peak 3x the mean: one c7.large serves 2.7
// requests/s on average, which costs more per request than FC at any volume.
// This is the seeds' table's mistake (ECS cheaper above 200-300 M calls).
func TestNoBreakEvenWhenTheFleetCannotServeThePeakCheaply(t *testing.T) {
	// Instance concurrency 10 shares FC instance time between requests.
	m, err := New(Input{Duration: "cpu:io=150ms,cpu=50ms@1vcpu", MemoryMB: 512, Concurrency: 10, ECSType: "ecs.c7.xlarge", PeakToMean: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if be, err := m.BreakEven(); err != ErrNoBreakEven {
		t.Fatalf("break-even %g, %v; want none", be, err)
	}
	m, err = New(Input{Duration: "fixed:200ms", MemoryMB: 1024, ECSType: "ecs.c7.large", PeakToMean: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if be, err := m.BreakEven(); err != ErrNoBreakEven {
		t.Fatalf("break-even %g, %v; want none", be, err)
	}
	r, err := m.Row(300e6)
	if err != nil {
		t.Fatal(err)
	}
	if r.Winner != "FC" || r.ECSInstances < 40 {
		t.Errorf("300 M calls/month: %+v; want FC cheaper and dozens of instances", r)
	}
}

// Above the break-even, FC wins again right after a fleet step until the
// fleet's cost per request falls far enough below FC's; the stays-cheaper
// volume is where that ends, and no table row above it is an FC win.
func TestECSStaysCheaper(t *testing.T) {
	for _, tc := range []struct {
		in        Input
		alternate bool
	}{
		// 20 slots, peak 3x: a full fleet is ~3x cheaper per request than
		// FC, so ECS wins at every volume above the break-even.
		{Input{Duration: "cpu:io=180ms,cpu=20ms@1vcpu", MemoryMB: 1024, VCPU: 1, ECSType: "ecs.c7.large", PeakToMean: 3}, false},
		// 2 slots, flat: a full fleet is only ~10% cheaper per request, so
		// FC wins again after each of the first steps.
		{Input{Duration: "fixed:200ms", MemoryMB: 1024, VCPU: 1, ECSType: "ecs.c7.large", PeakToMean: 1}, true},
	} {
		staysCheaper(t, tc.in, tc.alternate)
	}
}

func staysCheaper(t *testing.T, in Input, alternate bool) {
	m, err := New(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	be, err := m.BreakEven()
	if err != nil {
		t.Fatal(err)
	}
	from, err := m.ECSStaysCheaper(be, 100*be)
	if err != nil {
		t.Fatal(err)
	}
	if from < be || (from > be) != alternate {
		t.Fatalf("stays cheaper from %g, break-even %g: want alternation %v", from, be, alternate)
	}
	for v := from * 1.0001; v < 100*be; v *= 1.07 {
		r, err := m.Row(v)
		if err != nil {
			t.Fatal(err)
		}
		if r.Winner == "FC" {
			t.Errorf("FC wins at %g, above the stays-cheaper volume %g", v, from)
		}
	}
	t.Logf("break-even %.4g, ECS stays cheaper from %.4g", be, from)
}

// BenchmarkCost is the work of one `fcplan cost`: the model, the break-even,
// where ECS stays cheaper, and the crossover table.
func BenchmarkCost(b *testing.B) {
	in := Input{RequestsPerMonth: 1e8, Duration: "fixed:200ms", MemoryMB: 1024, ECSType: "ecs.c7.large", PeakToMean: 1}
	m, err := New(in, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		be, err := m.BreakEven()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.ECSStaysCheaper(be, 100*be); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Table(be, true); err != nil {
			b.Fatal(err)
		}
	}
}

// Without an ECS price in the region the model still bills FC; the ECS
// methods report the missing price.
func TestECSPriceMissing(t *testing.T) {
	m, err := New(Input{Duration: "fixed:200ms", MemoryMB: 512, ECSType: "ecs.c7.large", Billing: billing.Options{Region: "eu-central-1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(m.ECSMissing(), catalog.ErrNoECSPrice) {
		t.Fatalf("ECSMissing() = %v, want ErrNoECSPrice", m.ECSMissing())
	}
	if b, err := m.FC(5e6); err != nil || b.Total <= 0 {
		t.Errorf("FC bill = %+v, %v", b, err)
	}
	if _, err := m.BreakEven(); !errors.Is(err, catalog.ErrNoECSPrice) {
		t.Errorf("BreakEven error = %v", err)
	}
	if _, err := m.Row(1e6); !errors.Is(err, catalog.ErrNoECSPrice) {
		t.Errorf("Row error = %v", err)
	}
}
