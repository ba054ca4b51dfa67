package engine

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestQueueOrdersByTimeThenPushOrder(t *testing.T) {
	var q Queue
	r := NewRand(1, 1)
	type key struct {
		at  time.Duration
		ref int32
	}
	var want []key
	for i := 0; i < 5000; i++ {
		at := time.Duration(r.IntN(100)) // many ties
		q.Push(Event{At: at, Ref: int32(i)})
		want = append(want, key{at, int32(i)})
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].at < want[j].at })
	for i, w := range want {
		if q.NextAt() != w.at {
			t.Fatalf("event %d: NextAt %s, want %s", i, q.NextAt(), w.at)
		}
		e := q.Pop()
		if e.At != w.at || e.Ref != w.ref {
			t.Fatalf("event %d: got (%s, %d), want (%s, %d)", i, e.At, e.Ref, w.at, w.ref)
		}
	}
	if q.Len() != 0 || q.NextAt() != Forever {
		t.Fatal("queue not empty at the end")
	}
	if _, ok := q.Peek(); ok {
		t.Fatal("Peek on an empty queue reported an event")
	}
}

func TestQueueDoesNotAllocateInSteadyState(t *testing.T) {
	var q Queue
	q.Grow(64)
	for i := 0; i < 32; i++ {
		q.Push(Event{At: time.Duration(i)})
	}
	allocs := testing.AllocsPerRun(1000, func() {
		e := q.Pop()
		e.At += 32
		q.Push(e)
	})
	if allocs != 0 {
		t.Fatalf("%g allocations per pop+push, want 0", allocs)
	}
}

func TestRandStreamsAreReproducibleAndIndependent(t *testing.T) {
	a, b, c := NewRand(7, 1), NewRand(7, 1), NewRand(7, 2)
	same := 0
	for i := 0; i < 100; i++ {
		x, y, z := a.Uint64(), b.Uint64(), c.Uint64()
		if x != y {
			t.Fatal("same (seed, stream) gave different numbers")
		}
		if x == z {
			same++
		}
	}
	if same > 1 {
		t.Fatal("streams 1 and 2 overlap")
	}
}

func TestParseDist(t *testing.T) {
	for _, tc := range []struct {
		spec       string
		mean, p50  time.Duration
		p99        time.Duration
		wantString string
	}{
		{"200ms", 200 * time.Millisecond, 200 * time.Millisecond, 200 * time.Millisecond, "fixed:200ms"},
		{"fixed:0", 0, 0, 0, "fixed:0s"},
		{"fixed:1.5s", 1500 * time.Millisecond, 1500 * time.Millisecond, 1500 * time.Millisecond, "fixed:1.5s"},
		{"exp:mean=1s", time.Second, 693147180, 4605170185, "exp:mean=1s"},
		{"lognormal:p50=120ms,p99=900ms", 0, 120 * time.Millisecond, 900 * time.Millisecond, "lognormal:p50=120ms,p99=900ms"},
		{"lognormal:median=1s, p99=1s", time.Second, time.Second, time.Second, "lognormal:p50=1s,p99=1s"},
		{"uniform:min=500ms,max=1.5s", time.Second, time.Second, 1490 * time.Millisecond, "uniform:min=500ms,max=1.5s"},
	} {
		d, err := ParseDist(tc.spec)
		if err != nil {
			t.Errorf("%s: %v", tc.spec, err)
			continue
		}
		if got := d.String(); got != tc.wantString {
			t.Errorf("%s: String() = %q, want %q", tc.spec, got, tc.wantString)
		}
		if tc.mean != 0 && !near(d.Mean(), tc.mean) {
			t.Errorf("%s: mean %s, want %s", tc.spec, d.Mean(), tc.mean)
		}
		if !near(d.Quantile(0.5), tc.p50) || !near(d.Quantile(0.99), tc.p99) {
			t.Errorf("%s: p50 %s p99 %s, want %s %s", tc.spec, d.Quantile(0.5), d.Quantile(0.99), tc.p50, tc.p99)
		}
	}
}

func near(a, b time.Duration) bool {
	return math.Abs(float64(a-b)) <= 1e-6*math.Max(1, math.Abs(float64(b)))+1
}

func TestParseDistErrors(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"", "expected fixed:200ms"},
		{"fast", "expected fixed:200ms"},
		{"-5ms", "expected fixed:200ms"},
		{"gamma:k=1", `unknown kind "gamma"`},
		{"lognormal:p50=1s", "needs p99"},
		{"lognormal:p50=2s,p99=1s", "0 < p50 <= p99"},
		{"lognormal:p50=0,p99=1s", "0 < p50 <= p99"},
		{"uniform:min=2s,max=1s", "min <= max"},
		{"exp:mean=fast", `mean="fast"`},
		{"exp:mean=1s,sd=2s", `unknown parameter "sd"`},
		{"exp:mean=1s,mean=2s", "given twice"},
		{"lognormal:p50=1s,p99", "expected key=value"},
		{"fixed:abc", "expected a duration"},
	} {
		_, err := ParseDist(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseDist(%q) = %v, want an error containing %q", tc.spec, err, tc.want)
		}
	}
}

// Samples follow the distribution: the empirical median and 99th percentile
// of a log-normal land on its parameters.
func TestSamplesMatchQuantiles(t *testing.T) {
	for _, spec := range []string{"lognormal:p50=120ms,p99=900ms", "exp:mean=1s", "uniform:min=1s,max=3s"} {
		d, _ := ParseDist(spec)
		r := NewRand(3, 3)
		xs := make([]float64, 200_000)
		for i := range xs {
			xs[i] = float64(d.Sample(r))
		}
		sort.Float64s(xs)
		for _, p := range []float64{0.5, 0.99} {
			got := xs[int(p*float64(len(xs)))]
			want := float64(d.Quantile(p))
			if math.Abs(got-want)/want > 0.03 {
				t.Errorf("%s: empirical p%g %s, want %s", spec, 100*p, time.Duration(got), time.Duration(want))
			}
		}
	}
}

func TestScale(t *testing.T) {
	d, _ := ParseDist("lognormal:p50=100ms,p99=1s")
	s := d.Scale(2)
	if !near(s.Quantile(0.5), 200*time.Millisecond) || !near(s.Quantile(0.99), 2*time.Second) {
		t.Errorf("scaled quantiles %s %s", s.Quantile(0.5), s.Quantile(0.99))
	}
	if z := d.Scale(0); !z.IsZero() {
		t.Errorf("scale 0 gave %s", z)
	}
}

func FuzzParseDist(f *testing.F) {
	for _, s := range []string{"200ms", "fixed:0", "exp:mean=1s", "lognormal:p50=120ms,p99=900ms", "uniform:min=1s,max=2s", "lognormal:p50=,p99=", "x:y=z,,", ":", "fixed:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		d, err := ParseDist(spec)
		if err != nil {
			return
		}
		r := NewRand(1, 1)
		for i := 0; i < 10; i++ {
			if v := d.Sample(r); v < 0 {
				t.Fatalf("%q sampled a negative delay %s", spec, v)
			}
		}
		again, err := ParseDist(d.String())
		if err != nil {
			t.Fatalf("%q: String() %q does not parse: %v", spec, d.String(), err)
		}
		if again.Kind != d.Kind {
			t.Fatalf("%q: round trip changed the kind", spec)
		}
	})
}

// The tabulated log-normal sampler reproduces the distribution's quantiles
// and mean, tails included.
func TestLogNormalTableAccuracy(t *testing.T) {
	d := LogNormalDist(100*time.Millisecond, 900*time.Millisecond)
	r := NewRand(11, 11)
	n := 1_000_000
	xs := make([]float64, n)
	sum := 0.0
	for i := range xs {
		xs[i] = float64(d.Sample(r))
		sum += xs[i]
	}
	sort.Float64s(xs)
	if e := math.Abs(sum/float64(n)-float64(d.Mean())) / float64(d.Mean()); e > 0.01 {
		t.Errorf("mean %s, want %s", time.Duration(sum/float64(n)), d.Mean())
	}
	for _, p := range []float64{0.001, 0.01, 0.5, 0.9, 0.99, 0.999} {
		got := xs[int(p*float64(n))]
		want := float64(d.Quantile(p))
		if e := math.Abs(got-want) / want; e > 0.02 {
			t.Errorf("p%g: %s, want %s", 100*p, time.Duration(got), time.Duration(want))
		}
	}
	// Exactness of the table itself at a cell boundary and mid-cell.
	tab := d.quantiles
	for _, i := range []uint64{lnTail, 100, 512, lnSize - lnTail - 1} {
		for _, frac := range []float64{0, 0.5} {
			bits := i<<(64-lnBits) | uint64(frac*(1<<53))<<(11-lnBits)
			got := tab.sample(d.A, d.B, bits)
			u := (float64(i) + frac) / lnSize
			want := math.Exp(d.A + d.B*normQuantile(u))
			if e := math.Abs(got-want) / want; e > 1e-3 {
				t.Errorf("cell %d + %g: %g, exact %g (rel %g)", i, frac, got, want, e)
			}
		}
	}
}
