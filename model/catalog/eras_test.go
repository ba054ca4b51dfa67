package catalog

import (
	"strings"
	"testing"
	"time"
)

// The eras of FACTS.md "Billing eras", each dated and sourced, with
// keep-alive and billed idle time set from the same rules.
func TestBillingEras(t *testing.T) {
	b := Default().BillingEras
	if got := b.IDs(); strings.Join(got, ",") != "legacy,cu-2024-08,2025-12" {
		t.Fatalf("eras oldest first = %v", got)
	}
	for _, tc := range []struct {
		id, from, meters     string
		rounding             bool
		minimum              float64
		keepAlive, billedIdl time.Duration
	}{
		{"legacy", "", MetersFC2, false, 0, 5 * time.Minute, 0},
		{"cu-2024-08", "2024-08-27", MetersCU, true, 0, 5 * time.Minute, 0},
		{"2025-12", "2025-12-09", MetersCU, true, 0.01, 5 * time.Minute, time.Minute},
	} {
		e, err := b.Era(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if e.ID != tc.id || e.From != tc.from || e.Meters != tc.meters || e.HourlyRounding != tc.rounding ||
			e.HourlyMinimum != tc.minimum || e.KeepAlive.D() != tc.keepAlive || e.BilledIdle.D() != tc.billedIdl {
			t.Errorf("era %s = %+v", tc.id, e)
		}
		if e.Source.Ref == "" || e.Source.Retrieved == "" {
			t.Errorf("era %s needs a source and date: %+v", tc.id, e.Source)
		}
		if !strings.Contains(e.Describe(), tc.id) {
			t.Errorf("Describe() = %q does not name the era", e.Describe())
		}
	}
	def, err := b.Era("")
	if err != nil || def.ID != "2025-12" {
		t.Errorf("default era = %q, %v; want the current rules, 2025-12", def.ID, err)
	}
	if _, err := b.Era("2019"); err == nil || !strings.Contains(err.Error(), "legacy") {
		t.Errorf("unknown era error = %v, want the list of eras", err)
	}
}
