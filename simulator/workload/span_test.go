package workload

import (
	"testing"
	"time"
)

func TestSpecSpan(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want time.Duration
	}{
		{"poisson:rate=5/s,duration=90m", 90 * time.Minute},
		{"diurnal:mean=20/s,peak=200/s,period=24h", 24 * time.Hour},
		{"diurnal:mean=20/s,peak=200/s,period=12h,duration=3d", 72 * time.Hour},
		{"burst:base=10/s,peak=100/s,at=1h,for=10m", 2*time.Hour + 10*time.Minute},
		{"burst:base=10/s,peak=100/s,at=1h,for=10m,duration=90m", 90 * time.Minute},
		{"cron:every=1h", 24 * time.Hour},
	} {
		got, err := SpecSpan(tc.spec)
		if err != nil || got != tc.want {
			t.Errorf("SpecSpan(%q) = %v, %v; want %v", tc.spec, got, err, tc.want)
		}
	}
	if _, err := SpecSpan("poisson:rate=5/s"); err == nil {
		t.Error("a poisson spec without duration must be an error")
	}
}
