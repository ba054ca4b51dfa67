package metrics

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every quantile is within RelativeError of the exact order statistic, over
// values spanning nanoseconds to hours.
func TestHistogramQuantilesWithinBoundedError(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	h := NewHistogram()
	xs := make([]int64, 100_000)
	for i := range xs {
		v := int64(math.Exp(r.NormFloat64()*4 + 15)) // ~ 1 us .. hours
		xs[i] = v
		h.Record(time.Duration(v))
	}
	slices.Sort(xs)
	for _, q := range []float64{0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999} {
		rank := int(math.Ceil(q*float64(len(xs)))) - 1
		want := float64(xs[rank])
		got := float64(h.Quantile(q))
		if e := math.Abs(got-want) / want; e > RelativeError {
			t.Errorf("q=%g: got %g, exact %g, relative error %g > %g", q, got, want, e, RelativeError)
		}
	}
	if h.Max() != time.Duration(xs[len(xs)-1]) || h.Min() != time.Duration(xs[0]) {
		t.Errorf("min/max %s %s, want exact %d %d", h.Min(), h.Max(), xs[0], xs[len(xs)-1])
	}
	if h.Count() != uint64(len(xs)) {
		t.Errorf("count %d", h.Count())
	}
}

func TestHistogramSmallValuesAreExact(t *testing.T) {
	h := NewHistogram()
	for v := 0; v < 256; v++ {
		h.Record(time.Duration(v))
	}
	if got := h.Quantile(0.5); got != 127 {
		t.Errorf("median of 0..255 = %d, want 127", got)
	}
	h.Record(-5)
	if h.Min() != 0 {
		t.Errorf("negative values must count as zero, min %d", h.Min())
	}
}

func TestHistogramBucketsCoverEveryValue(t *testing.T) {
	for _, v := range []int64{0, 1, 255, 256, 257, 511, 512, 1 << 40, math.MaxInt64} {
		i := bucketOf(v)
		lo, hi := bucketRange(i)
		if v < lo || v > hi || i >= numBuckets {
			t.Errorf("value %d in bucket %d [%d, %d]", v, i, lo, hi)
		}
	}
}

func TestHistogramMergeAndReset(t *testing.T) {
	a, b := NewHistogram(), NewHistogram()
	for i := 1; i <= 100; i++ {
		a.Record(time.Duration(i) * time.Millisecond)
		b.Record(time.Duration(100+i) * time.Millisecond)
	}
	a.Merge(b)
	if a.Count() != 200 || a.Max() != 200*time.Millisecond || a.Min() != time.Millisecond {
		t.Errorf("merged count %d min %s max %s", a.Count(), a.Min(), a.Max())
	}
	if m := a.Quantile(0.5); math.Abs(float64(m-100*time.Millisecond)) > RelativeError*1e8 {
		t.Errorf("merged median %s", m)
	}
	a.Reset()
	if a.Count() != 0 || a.Quantile(0.5) != 0 || a.Max() != 0 || a.Mean() != 0 {
		t.Error("reset histogram not empty")
	}
}

func TestHistogramRecordDoesNotAllocate(t *testing.T) {
	h := NewHistogram()
	if n := testing.AllocsPerRun(1000, func() { h.Record(12345678) }); n != 0 {
		t.Fatalf("%g allocations per Record", n)
	}
}

func TestGaugeTimeWeightedMeanAndPeak(t *testing.T) {
	var g Gauge
	s := time.Second
	g.Set(0, 2)
	g.Add(10*s, 3) // 5 from 10 s
	g.Add(15*s, -4)
	// 2 x 10 + 5 x 5 + 1 x 5 = 50 over 20 s
	if got := g.MeanAt(20 * s); got != 2.5 {
		t.Errorf("mean %g, want 2.5", got)
	}
	if g.Peak() != 5 || g.Value() != 1 {
		t.Errorf("peak %d value %d", g.Peak(), g.Value())
	}
	if got := g.IntegralAt(20 * s); got != 50 {
		t.Errorf("integral %g, want 50", got)
	}
	g.Restart(20 * s)
	if g.Peak() != 1 || g.MeanAt(30*s) != 1 {
		t.Errorf("after restart peak %d mean %g", g.Peak(), g.MeanAt(30*s))
	}
}

func TestTimelineWritesCSV(t *testing.T) {
	var buf bytes.Buffer
	tl, err := NewTimeline(&buf, time.Minute, "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	tl.Row(0, []float64{1, 2.5})
	tl.Row(time.Minute, []float64{0, 3})
	tl.Row(2*time.Minute, []float64{1}) // wrong width
	if err := tl.Flush(); err == nil || !strings.Contains(err.Error(), "has 1 values, want 2") {
		t.Errorf("flush error %v", err)
	}
	want := "t_s,a,b\n0,1,2.5\n60,0,3\n"
	if buf.String() != "" && buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	buf.Reset()
	tl, _ = NewTimeline(&buf, time.Minute, "a", "b")
	tl.Row(0, []float64{1, 2.5})
	tl.Row(time.Minute, []float64{0, 3})
	if err := tl.Flush(); err != nil || buf.String() != want {
		t.Errorf("got %q (%v), want %q", buf.String(), err, want)
	}
	if _, err := NewTimeline(&buf, 0); err == nil {
		t.Error("a zero step was accepted")
	}
}

func BenchmarkHistogramRecord(b *testing.B) {
	h := NewHistogram()
	for i := 0; i < b.N; i++ {
		h.Record(time.Duration(i * 7919))
	}
}
