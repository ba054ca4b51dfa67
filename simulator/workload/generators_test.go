package workload

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func openSpec(t testing.TB, spec string, seed int64) []Arrival {
	t.Helper()
	src, err := OpenSpec(spec, seed)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	got := readAll(t, src)
	checkSorted(t, got)
	return got
}

// within checks that n is within k standard deviations of a Poisson mean.
func within(t *testing.T, what string, n int, mean float64, k float64) {
	t.Helper()
	if d := math.Abs(float64(n) - mean); d > k*math.Sqrt(mean) {
		t.Errorf("%s: %d, want %g +- %g", what, n, mean, k*math.Sqrt(mean))
	}
}

func TestPoisson(t *testing.T) {
	got := openSpec(t, "poisson:rate=50/s,duration=1h", 1)
	within(t, "count", len(got), 50*3600, 4)
	// Exponential inter-arrivals: P(gap > mean) = 1/e.
	long := 0
	for i := 1; i < len(got); i++ {
		if got[i].At-got[i-1].At > 20*time.Millisecond {
			long++
		}
	}
	if f := float64(long) / float64(len(got)-1); math.Abs(f-math.Exp(-1)) > 0.01 {
		t.Errorf("P(gap > 1/rate) = %.4f, want %.4f", f, math.Exp(-1))
	}
	if !reflect.DeepEqual(got, openSpec(t, "poisson:rate=50/s,duration=1h", 1)) {
		t.Error("same seed, different arrivals")
	}
	if reflect.DeepEqual(got[:10], openSpec(t, "poisson:rate=50/s,duration=1h", 2)[:10]) {
		t.Error("different seeds, same arrivals")
	}
	for _, spec := range []string{"poisson:rate=3000/m,duration=60m", "poisson:rate=180000/h,duration=1h"} {
		within(t, spec, len(openSpec(t, spec, 3)), 50*3600, 4)
	}
	if n := len(openSpec(t, "poisson:rate=0/s,duration=1h", 1)); n != 0 {
		t.Errorf("rate 0 gave %d arrivals", n)
	}
	a := openSpec(t, "poisson:rate=1/s,duration=10s,function=api,async=true", 1)
	if len(a) == 0 || a[0].Function != "api" || !a[0].Async {
		t.Errorf("function/async not applied: %+v", a)
	}
}

func TestDiurnalShape(t *testing.T) {
	for _, tc := range []struct{ mean, peak float64 }{{20, 200}, {20, 30}, {10, 10}, {1, 1000}} {
		trough, k, err := DiurnalShape(tc.mean, tc.peak)
		if err != nil {
			t.Fatal(err)
		}
		s := &diurnalSource{peak: tc.peak, trough: trough, k: k, period: 86400, peakAt: 43200}
		var sum, maxRate float64
		const n = 86400
		for i := 0; i < n; i++ {
			r := s.rate(float64(i) + 0.5)
			sum += r
			maxRate = math.Max(maxRate, r)
		}
		if got := sum / n; math.Abs(got-tc.mean)/tc.mean > 1e-3 {
			t.Errorf("mean=%g peak=%g: average rate %g", tc.mean, tc.peak, got)
		}
		if math.Abs(s.rate(43200)-tc.peak) > 1e-9 || maxRate > tc.peak+1e-9 {
			t.Errorf("mean=%g peak=%g: rate at peak %g, max %g", tc.mean, tc.peak, s.rate(43200), maxRate)
		}
	}
	if _, _, err := DiurnalShape(30, 20); err == nil {
		t.Error("mean > peak accepted")
	}
}

func TestDiurnal(t *testing.T) {
	got := openSpec(t, "diurnal:mean=5/s,peak=50/s,period=1h,duration=4h", 1)
	within(t, "count", len(got), 5*4*3600, 5)
	// Most traffic is near the peak (30 min into each hour).
	near := 0
	for _, a := range got {
		if off := a.At % time.Hour; off > 20*time.Minute && off < 40*time.Minute {
			near++
		}
	}
	if f := float64(near) / float64(len(got)); f < 0.6 {
		t.Errorf("%.2f of arrivals within 10 min of the peak, want most", f)
	}
	shifted := openSpec(t, "diurnal:mean=5/s,peak=50/s,period=1h,duration=1h,peak-at=0s", 1)
	late := 0
	for _, a := range shifted {
		if a.At > 20*time.Minute && a.At < 40*time.Minute {
			late++
		}
	}
	if late*20 > len(shifted) {
		t.Errorf("peak-at=0: %d of %d arrivals in the trough", late, len(shifted))
	}
}

func TestBurst(t *testing.T) {
	got := openSpec(t, "burst:base=10/s,peak=1000/s,at=10m,for=1m", 1)
	if last := got[len(got)-1].At; last >= 21*time.Minute || last < 20*time.Minute {
		t.Errorf("default duration: last arrival %s, want just under 21m (2*at+for)", last)
	}
	in := 0
	for _, a := range got {
		if a.At >= 10*time.Minute && a.At < 11*time.Minute {
			in++
		}
	}
	within(t, "burst minute", in, 60000, 4)
	within(t, "base", len(got)-in, 10*20*60, 4)
}

func TestCron(t *testing.T) {
	got := openSpec(t, "cron:every=5m,count=2,duration=1h,offset=1m", 1)
	if len(got) != 24 {
		t.Fatalf("%d arrivals, want 24", len(got))
	}
	for i, a := range got {
		if want := time.Minute + time.Duration(i/2)*5*time.Minute; a.At != want {
			t.Errorf("arrival %d at %s, want %s", i, a.At, want)
		}
	}
	if n := len(openSpec(t, "cron:every=1h", 1)); n != 24 {
		t.Errorf("default: %d arrivals, want 24", n)
	}
}

func TestReplay(t *testing.T) {
	base := openSpec(t, "replay:"+fixture("azure2019-mini")+",format=azure2019", 1)
	if len(base) != 4466 {
		t.Fatalf("scale 1: %d arrivals", len(base))
	}
	tripled := openSpec(t, "replay:"+fixture("azure2019-mini")+",scale=3,jitter=2s", 1)
	if len(tripled) != 3*4466 {
		t.Errorf("scale 3: %d arrivals, want %d", len(tripled), 3*4466)
	}
	half := openSpec(t, "replay:file="+fixture("azure2019-mini")+",scale=0.5", 1)
	within(t, "scale 0.5", len(half), 4466*0.5, 4)
	top := openSpec(t, "replay:"+fixture("azure2021-mini.csv")+",top=1", 1)
	if len(top) != 2 {
		t.Errorf("top 1: %d arrivals", len(top))
	}
}

func TestSpecErrors(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"gauss:rate=1/s", `unknown generator "gauss" (expected poisson, diurnal, burst, cron, replay`},
		{"poisson:duration=1h", "rate: missing (expected a rate like 5/s)"},
		{"poisson:rate=5,duration=1h", `rate: expected a rate with a unit, like 5/s, 300/m or 2/h; got "5"`},
		{"poisson:rate=5/y,duration=1h", "rate: expected the unit /s, /m, /h or /d, got /y"},
		{"poisson:rate=-5/s,duration=1h", "rate: expected a non-negative number before the /"},
		{"poisson:rate=5/s", "duration: missing (expected a duration like 10m or 24h)"},
		{"poisson:rate=5/s,duration=soon", `duration: expected a duration like 90s, 10m, 24h or 30d, got "soon"`},
		{"poisson:rate=5/s,duration=1000d", "duration: expected at most"},
		{"poisson:rat=5/s,duration=1h", `rat: unknown key for poisson (expected rate, duration, function, async)`},
		{"poisson:rate=5/s,rate=6/s,duration=1h", "rate: given twice"},
		{"poisson:rate=5/s,duration=1h,async=maybe", `async: expected true or false, got "maybe"`},
		{"poisson:5/s", `item "5/s" is not key=value`},
		{"diurnal:mean=30/s,peak=20/s", "peak: expected mean (30/s) at most peak (20/s)"},
		{"diurnal:mean=30/s,peak=20/s,period=0s", "period: expected a duration of at least 1m, got 0s"},
		{"burst:base=1/s,peak=10/s,at=1h", "for: missing"},
		{"cron:every=0s", "every: expected a positive duration like 5m"},
		{"cron:every=5m,count=0", `count: expected a whole number from 1 to 1000000, got "0"`},
		{"replay:scale=2", "file: missing (expected replay:FILE,scale=N)"},
		{"replay:a.csv,scale=-1", `scale: expected a number from 0 to 1e+06, got "-1"`},
		{"replay:a.csv,async=true", "async: not supported by replay"},
		{"replay:/nonexistent/trace.csv", "open trace"},
	} {
		_, err := OpenSpec(tc.spec, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("OpenSpec(%q) error = %v\nwant %q", tc.spec, err, tc.want)
		}
	}
}

func TestParseDurationDays(t *testing.T) {
	for in, want := range map[string]time.Duration{"30d": 720 * time.Hour, "1.5d": 36 * time.Hour, "90s": 90 * time.Second} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %s, %v", in, got, err)
		}
	}
}

// Generated CSV reads back exactly.
func TestWriteCSVRoundTrip(t *testing.T) {
	for _, spec := range []string{"poisson:rate=20/s,duration=10m,function=a\"b", "replay:" + fixture("azure2019-mini")} {
		src, err := OpenSpec(spec, 4)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := WriteCSV(&buf, src)
		if err != nil {
			t.Fatal(err)
		}
		back, err := NewCSVReader(bytes.NewReader(buf.Bytes()), "gen.csv", FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := readAll(t, back)
		want := openSpec(t, spec, 4)
		if int64(len(got)) != n || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: round trip differs (%d rows written, %d read)", spec, n, len(got))
		}
	}
}

func TestSummarize(t *testing.T) {
	src, err := OpenFile(fixture("simple.csv"), "", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := Summarize(src)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Requests: 5, Functions: 2, Last: 3*time.Second + 1, Span: 3*time.Second + 1,
		MeanRate: 4 / (3.000000001), PeakPerSecond: 3, PeakPerMinute: 5,
		InterArrival: Percentiles{P50: 250 * time.Millisecond, P90: 1500*time.Millisecond + time.Nanosecond, P99: 1500*time.Millisecond + time.Nanosecond, P999: 1500*time.Millisecond + time.Nanosecond, Max: 1500*time.Millisecond + time.Nanosecond},
		WithDuration: 4,
	}
	// Histogram percentiles are within 1/128; compare those loosely.
	approx := func(what string, got, want time.Duration) {
		if math.Abs(float64(got-want)) > float64(want)/128+1 {
			t.Errorf("%s = %s, want ~%s", what, got, want)
		}
	}
	approx("inter-arrival p50", st.InterArrival.P50, want.InterArrival.P50)
	approx("inter-arrival max", st.InterArrival.Max, want.InterArrival.Max)
	approx("duration p50", st.Duration.P50, 95*time.Millisecond)
	approx("duration max", st.Duration.Max, 200*time.Millisecond)
	st.InterArrival, st.Duration = want.InterArrival, want.Duration
	if !reflect.DeepEqual(st, want) {
		t.Errorf("got  %+v\nwant %+v", st, want)
	}
}

func TestHistogram(t *testing.T) {
	var h histogram
	for v := int64(1); v <= 1_000_000; v++ {
		h.add(v * 1000)
	}
	for _, q := range []float64{0.5, 0.9, 0.99, 0.999} {
		want := q * 1e9
		if got := float64(h.quantile(q)); math.Abs(got-want)/want > 1.0/128 {
			t.Errorf("q%g = %g, want %g within 1/128", q, got, want)
		}
	}
	for v := int64(0); v < 1<<20; v = v*3 + 1 {
		b := bucketOf(v)
		if mid := bucketMid(b); bucketOf(mid) != b {
			t.Fatalf("bucket %d of %d: midpoint %d falls in bucket %d", b, v, mid, bucketOf(mid))
		}
	}
}

// The thinning envelope must bound the rate everywhere, or thinning would
// under-sample the peak.
func TestDiurnalEnvelope(t *testing.T) {
	for _, spec := range []string{"diurnal:mean=20/s,peak=200/s,period=24h", "diurnal:mean=5/s,peak=6/s,period=7m,peak-at=1m"} {
		src, err := OpenSpec(spec, 1)
		if err != nil {
			t.Fatal(err)
		}
		s := src.(*diurnalSource)
		for i := 0; i < 100000; i++ {
			tt := s.period * 2 * float64(i) / 100000
			seg := int64(math.Floor((tt - s.t0) / s.segLen))
			e := s.env[((seg%diurnalSegments)+diurnalSegments)%diurnalSegments]
			if r := s.rate(tt); r > e {
				t.Fatalf("%s: rate %g at %gs above envelope %g", spec, r, tt, e)
			}
		}
	}
}
