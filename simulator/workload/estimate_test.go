package workload

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEstimateSpec(t *testing.T) {
	for _, tc := range []struct {
		spec     string
		arrivals float64
		span     time.Duration
	}{
		{"poisson:rate=1e6/s,duration=720h", 1e6 * 720 * 3600, 720 * time.Hour},
		{"poisson:rate=5/s,duration=1h", 18000, time.Hour},
		{"cron:every=1ns", 24 * 3600 * 1e9, 24 * time.Hour},
		{"cron:every=5m,count=3,duration=1h", 36, time.Hour},
		{"cron:every=7m,offset=1m,duration=1h", 9, time.Hour}, // 1, 8, ..., 57
		{"burst:base=100/s,peak=50000/s,at=2h,for=10m,duration=2h30m", 100*(150-10)*60 + 50000*600, 150 * time.Minute},
		{"burst:base=1/s,peak=10/s,at=1h,for=1h,duration=90m", 3600 + 10*1800, 90 * time.Minute},
		{"diurnal:mean=20/s,peak=200/s,period=24h,duration=48h", 20 * 48 * 3600, 48 * time.Hour},
		// A part period is counted at the peak rate: an upper bound.
		{"diurnal:mean=20/s,peak=200/s,period=24h,duration=12h", 200 * 12 * 3600, 12 * time.Hour},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			e, err := EstimateSpec(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(e.Arrivals-tc.arrivals) > 1e-9*tc.arrivals {
				t.Errorf("arrivals %g, want %g", e.Arrivals, tc.arrivals)
			}
			if !e.SpanKnown || e.Span != tc.span {
				t.Errorf("span %s (known %v), want %s", e.Span, e.SpanKnown, tc.span)
			}
			if e.Basis == "" {
				t.Error("no basis")
			}
		})
	}
}

// The estimate of a small generator matches what it generates.
func TestEstimateSpecMatchesGenerator(t *testing.T) {
	for _, spec := range []string{"poisson:rate=50/s,duration=1h", "cron:every=1s,count=2,duration=10m", "burst:base=5/s,peak=100/s,at=10m,for=5m", "diurnal:mean=10/s,peak=30/s,period=1h,duration=2h"} {
		e, err := EstimateSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		src, err := OpenSpec(spec, 1)
		if err != nil {
			t.Fatal(err)
		}
		var a Arrival
		n := 0
		for {
			ok, err := src.Next(&a)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			n++
		}
		if d := math.Abs(float64(n) - e.Arrivals); d > 5*math.Sqrt(e.Arrivals)+1 {
			t.Errorf("%s: estimate %g, generated %d", spec, e.Arrivals, n)
		}
	}
}

func TestEstimateFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Two rows 30 years apart (unix seconds), just inside the readers'
	// MaxTraceSpan of 1e9 s.
	decades := write("decades.csv", "timestamp\n1700000000\n2646080000\n")
	offsets := write("offsets.csv", "timestamp,duration_ms\n5,10\n6,10\n\n3605.5,10\n")
	rfc := write("rfc.csv", "function,timestamp\na,2026-01-01T00:00:00Z\nb,2026-01-01T00:00:30Z\na,2026-01-02T00:00:00Z\n")
	var inv strings.Builder
	inv.WriteString("HashOwner,HashApp,HashFunction,Trigger")
	for m := 1; m <= 1440; m++ {
		fmt.Fprintf(&inv, ",%d", m)
	}
	inv.WriteString("\no,a,f,http")
	for m := 1; m <= 1440; m++ {
		v := 0
		if m <= 3 {
			v = 99999999
		}
		fmt.Fprintf(&inv, ",%d", v)
	}
	inv.WriteString("\n")
	azure := write("azure/invocations.csv", inv.String())
	jsonl := write("log.jsonl", "{\"a\":1}\n{\"a\":2}\n")
	for _, tc := range []struct {
		name, path, format string
		arrivals           float64
		span               time.Duration
		spanKnown          bool
	}{
		{"csv thirty years", decades, "", 2, 30 * 365 * 24 * time.Hour, true},
		{"csv offsets", offsets, "csv", 3, 3605500 * time.Millisecond, true},
		{"csv rfc3339", rfc, "", 3, 24 * time.Hour, true},
		{"azure2019 huge counts", filepath.Dir(azure), "", 3 * 99999999, 3 * time.Minute, true},
		{"fc-requestlog", jsonl, "fc-requestlog", 2, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := EstimateFile(tc.path, tc.format, FileOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if e.Arrivals != tc.arrivals {
				t.Errorf("arrivals %g, want %g", e.Arrivals, tc.arrivals)
			}
			if e.SpanKnown != tc.spanKnown || e.Span != tc.span {
				t.Errorf("span %s (known %v), want %s (known %v)", e.Span, e.SpanKnown, tc.span, tc.spanKnown)
			}
		})
	}
	// replay multiplies by the scale, rounded up.
	e, err := EstimateSpec("replay:" + offsets + ",scale=2.5")
	if err != nil {
		t.Fatal(err)
	}
	if e.Arrivals != 9 || e.Span != 3605500*time.Millisecond {
		t.Errorf("replay: %+v", e)
	}
}

// Spec durations and rates are finite and in range: NaN days used to
// become a negative window.
func TestSpecNumbersAreFinite(t *testing.T) {
	for _, s := range []string{"NaNd", "Infd", "-1d", "100001d"} {
		if d, err := ParseDuration(s); err == nil {
			t.Errorf("ParseDuration(%q) = %s, want an error", s, d)
		}
	}
	for _, spec := range []string{"poisson:rate=1/s,duration=NaNd", "poisson:rate=NaN/s,duration=1h", "poisson:rate=Inf/s,duration=1h", "poisson:rate=2e6/s,duration=1h", "cron:every=NaNd"} {
		if _, err := EstimateSpec(spec); err == nil {
			t.Errorf("EstimateSpec(%q) accepted", spec)
		}
	}
}

// A replay whose copies would pile up within the jitter is refused with a
// message instead of growing without bound.
func TestReplayPendingIsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "six.csv")
	if err := os.WriteFile(p, []byte("timestamp\n0\n1\n2\n3\n4\n5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := OpenSpec("replay:"+p+",scale=1e6,jitter=1h", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var a Arrival
	for {
		ok, err := src.Next(&a)
		if err != nil {
			if !strings.Contains(err.Error(), "copies waiting within the 1h0m0s jitter") {
				t.Fatalf("err = %v", err)
			}
			return
		}
		if !ok {
			t.Fatal("a replay of 6e6 copies within an hour's jitter ran to the end")
		}
	}
}
