package fc

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
)

// steady is a test source: one sync arrival every gap, n of them.
type steady struct {
	gap time.Duration
	t   time.Duration
	n   int
	dur time.Duration // recorded execution time, 0 = sample the model
}

func (s *steady) Next(a *Arrival) (bool, error) {
	if s.n == 0 {
		return false, nil
	}
	s.n--
	s.t += s.gap
	*a = Arrival{At: s.t, Duration: s.dur}
	return true, nil
}

func splitConfig(t *testing.T, spec string, vcpu float64, conc int) Config {
	t.Helper()
	cfg := bareConfig()
	cfg.VCPU = vcpu
	cfg.Concurrency = conc
	cfg.CPUSharing = true
	d, err := ParseDuration(spec, vcpu)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Duration = d
	return cfg
}

func TestShareFactors(t *testing.T) {
	// Pure CPU: n requests each get 1/n of the CPU.
	for k, f := range shareFactors(0, 1, 8) {
		if f != float64(k+1) {
			t.Errorf("io=0: factor[%d] = %g, want %d", k, f, k+1)
		}
	}
	// One competitor computes a fraction cpu/(io+cpu) of its life.
	f := shareFactors(300, 100, 50)
	if f[0] != 1 || math.Abs(f[1]-1.25) > 1e-12 {
		t.Errorf("io=300,cpu=100: factors %v, want 1, 1.25, ...", f[:2])
	}
	// Many competitors saturate the CPU: a request's life tends to n x cpu.
	n := float64(len(f))
	if life := 300 + 100*f[len(f)-1]; math.Abs(life-n*100)/(n*100) > 0.01 {
		t.Errorf("io=300,cpu=100, n=%g: life %g, want ~%g (CPU-bound)", n, life, n*100)
	}
	for k := 1; k < len(f); k++ {
		if f[k] < f[k-1] {
			t.Errorf("factors decrease at %d: %v", k, f)
		}
	}
}

// TestCPUSharingPureCPU keeps C requests on one instance of v vCPUs with
// CPU-only work: each request then takes C x cpu/v, and the instance serves
// v CPU-seconds of work per second whatever C is.
func TestCPUSharingPureCPU(t *testing.T) {
	const vcpu = 2.0
	for _, conc := range []int{1, 4, 10} {
		cfg := splitConfig(t, "cpu:io=0s,cpu=400ms@1vcpu", vcpu, conc)
		cfg.MaxInstances = 1
		cfg.Warmup, cfg.Window = 20*time.Second, 320*time.Second
		r := run(t, cfg, &steady{gap: time.Millisecond, n: 400_000})
		alone := 400 * time.Millisecond / 2
		wantExec := float64(conc) * float64(alone)
		if e := relErr(float64(r.Execution.Mean()), wantExec); e > 0.03 {
			t.Errorf("C=%d: mean execution %s, want ~%s", conc, r.Execution.Mean(), time.Duration(wantExec))
		}
		span := (r.End - r.Start).Seconds()
		cpuPerSec := float64(r.Invocations) * 0.4 / span // CPU-seconds at 1 vCPU
		if e := relErr(cpuPerSec, vcpu); e > 0.03 {
			t.Errorf("C=%d: %g CPU-seconds of work per second on one instance, want ~%g", conc, cpuPerSec, vcpu)
		}
		if conc > 1 && r.CPUShared != r.Invocations {
			t.Errorf("C=%d: %d of %d executions shared the CPU", conc, r.CPUShared, r.Invocations)
		}
		// Without sharing the packing buys free CPU.
		cfg.CPUSharing = false
		off := run(t, cfg, &steady{gap: time.Millisecond, n: 400_000})
		if off.Execution.Mean() != alone || off.CPUShared != 0 {
			t.Errorf("C=%d, sharing off: mean execution %s (want %s), %d shared", conc, off.Execution.Mean(), alone, off.CPUShared)
		}
	}
}

// TestCPUSharingMixedSaturates: with I/O and CPU parts and a full instance,
// the CPU is the bottleneck: it is busy almost all the time, never more.
func TestCPUSharingMixedSaturates(t *testing.T) {
	cfg := splitConfig(t, "cpu:io=100ms,cpu=100ms@1vcpu", 1, 20)
	cfg.MaxInstances = 1
	cfg.Warmup, cfg.Window = 20*time.Second, 220*time.Second
	r := run(t, cfg, &steady{gap: time.Millisecond, n: 300_000})
	util := float64(r.Invocations) * 0.1 / (r.End - r.Start).Seconds()
	if util < 0.9 || util > 1.02 {
		t.Errorf("CPU utilisation of a full instance %.3f, want in [0.9, 1.02]", util)
	}
}

// TestCPUSharingNotApplied: pure I/O work, plain distributions and recorded
// durations are never stretched; concurrency 1 is the model as before.
func TestCPUSharingNotApplied(t *testing.T) {
	cases := []struct {
		name   string
		shares bool // the config shares; the arrivals' own durations do not
		cfg    func() Config
		src    func() Source
	}{
		{"pure io", false, func() Config { return splitConfig(t, "cpu:io=100ms,cpu=0s", 1, 10) },
			func() Source { return newPoisson(3, 200, 20_000) }},
		{"plain distribution", false, func() Config {
			c := splitConfig(t, "cpu:cpu=1s", 1, 10)
			c.Duration = engine.LogNormalDist(100*time.Millisecond, time.Second)
			return c
		}, func() Source { return newPoisson(3, 200, 20_000) }},
		{"recorded durations", true, func() Config { return splitConfig(t, "cpu:io=50ms,cpu=150ms", 1, 10) },
			func() Source { return &steady{gap: 10 * time.Millisecond, n: 20_000, dur: 180 * time.Millisecond} }},
		{"concurrency 1", false, func() Config { return splitConfig(t, "cpu:io=50ms,cpu=150ms", 1, 1) },
			func() Source { return newPoisson(3, 200, 20_000) }},
	}
	for _, tc := range cases {
		on := tc.cfg()
		off := tc.cfg()
		off.CPUSharing = false
		if _, _, ok := on.SharesCPU(); ok != tc.shares {
			t.Errorf("%s: SharesCPU = %v", tc.name, ok)
		}
		a, b := run(t, on, tc.src()), run(t, off, tc.src())
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: sharing on and off differ:\n%+v\n%+v", tc.name, a, b)
		}
		if a.CPUShared != 0 {
			t.Errorf("%s: %d executions shared the CPU", tc.name, a.CPUShared)
		}
	}
	r := run(t, splitConfig(t, "cpu:io=100ms,cpu=0s", 1, 10), newPoisson(3, 200, 20_000))
	if r.Execution.Max() > 101*time.Millisecond || r.BusyPeak < 10 {
		t.Errorf("pure io at concurrency 10: max execution %s (want 100ms), busy peak %d", r.Execution.Max(), r.BusyPeak)
	}
}

// TestCPUSharingDeterministic: same inputs and seed, same result; and the
// stretch shows on a Poisson workload packed at concurrency 10.
func TestCPUSharingDeterministic(t *testing.T) {
	mk := func(share bool) Config {
		c := splitConfig(t, "cpu:io=50ms,cpu=150ms@1vcpu", 1, 10)
		c.CPUSharing = share
		cold := engine.LogNormalDist(100*time.Millisecond, 400*time.Millisecond)
		c.ColdStart.Override = &cold
		c.KeepAlive = time.Minute
		return c
	}
	a := run(t, mk(true), newPoisson(7, 30, 30_000))
	b := run(t, mk(true), newPoisson(7, 30, 30_000))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	off := run(t, mk(false), newPoisson(7, 30, 30_000))
	if a.Execution.Mean() <= off.Execution.Mean() || a.CPUShared != a.Invocations {
		t.Errorf("sharing: mean execution %s vs %s without, %d of %d shared", a.Execution.Mean(), off.Execution.Mean(), a.CPUShared, a.Invocations)
	}
	// Little's law still holds with stretched executions.
	span := (a.End - a.Start).Seconds()
	if e := relErr(a.BusyMean, float64(a.Invocations)/span*a.Execution.Mean().Seconds()); e > 0.02 {
		t.Errorf("busy mean %g vs rate x mean execution: off by %.1f%%", a.BusyMean, 100*e)
	}
}

// TestCPUSharingRetry: a timed-out async execution is retried with the same
// work, stretched again by the instance it lands on.
func TestCPUSharingRetry(t *testing.T) {
	cfg := splitConfig(t, "cpu:io=0s,cpu=600ms@1vcpu", 1, 2)
	cfg.Timeout = time.Second
	cfg.MaxInstances = 1
	cfg.Async.MaxRetries = 1
	cfg.Async.BackoffMin, cfg.Async.BackoffMax = 10*time.Second, 10*time.Second
	src := list{{At: 0, Async: true}, {At: time.Millisecond, Async: true}}
	r := run(t, cfg, &src)
	// The second joins the first: 1.2 s, cut at 1 s; its retry runs alone.
	if r.TimedOut != 1 || r.AsyncRetries != 1 || r.CPUShared != 3 || r.Execution.Max() != time.Second {
		t.Errorf("timed out %d, retries %d, shared %d, max execution %s", r.TimedOut, r.AsyncRetries, r.CPUShared, r.Execution.Max())
	}
}

func TestSetCPUSharing(t *testing.T) {
	cat := catalog.Default()
	cfg, err := DefaultConfig(cat, "go1", "")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.CPUSharing {
		t.Fatal("CPU sharing is off by default")
	}
	if err := cfg.Set(cat, "cpuSharing", "false"); err != nil || cfg.CPUSharing {
		t.Errorf("Set(cpuSharing=false): %v, %v", err, cfg.CPUSharing)
	}
	if err := cfg.Set(cat, "cpu-sharing", "maybe"); err == nil {
		t.Error("Set(cpu-sharing=maybe) accepted")
	}
}
