package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model/safefile"
)

// A --catalog override is untrusted input: read through safefile (regular
// files only, size-capped), decoded strictly, and it may change an era.
func TestLoadOverride(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "eras.yaml")
	if err := os.WriteFile(good, []byte("billingEras:\n  default: cu-2024-08\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := c.BillingEras.Era(""); e.ID != "cu-2024-08" || len(c.BillingEras.Eras) != 3 {
		t.Errorf("override default era = %q (%d eras), want cu-2024-08 of 3", e.ID, len(c.BillingEras.Eras))
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, safefile.Limit(safefile.Catalog)+1), 0o644); err != nil {
		t.Fatal(err)
	}
	unknown := filepath.Join(dir, "unknown.yaml")
	if err := os.WriteFile(unknown, []byte("billingEras:\n  defualt: legacy\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		is   error
		has  string
	}{
		{dir, safefile.ErrNotRegular, ""},
		{big, safefile.ErrTooLarge, ""},
		{unknown, nil, "line 2: field defualt not found"},
	} {
		_, err := Load(tc.path)
		if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) || !strings.Contains(err.Error(), tc.has) {
			t.Errorf("Load(%s) error = %v, want %v %q", filepath.Base(tc.path), err, tc.is, tc.has)
		}
	}
}

// An override cannot make bills negative, NaN or era-less.
func TestLoadOverrideValidated(t *testing.T) {
	if err := Default().validate(); err != nil {
		t.Fatalf("embedded catalog: %v", err)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ yaml, want string }{
		{"prices:\n  fc2:\n    gibSecond: -0.0001\n", "prices.fc2.gibSecond -0.0001: expected a finite number >= 0"},
		{"prices:\n  exchangeRate:\n    cnyPerUSD: 0\n", "prices.exchangeRate.cnyPerUSD 0: expected a finite number > 0"},
		{"prices:\n  fc3:\n    factors:\n      memoryGBSecond: .nan\n", "prices.fc3.factors.memoryGBSecond NaN"},
		{"prices:\n  fc3:\n    perCU:\n      CNY:\n        tiers: [{upTo: 0, rate: 1}, {upTo: 5, rate: 1}]\n", "upTo must ascend"},
		{"billingEras:\n  default: \"2030\"\n", `billingEras.default: billing era "2030"`},
		{"billingEras:\n  eras:\n    legacy:\n      meters: gib\n", "meters \"gib\""},
		{"billingEras:\n  eras:\n    \"2025-12\":\n      meters: cu\n      hourlyMinimum: .inf\n", "hourlyMinimum +Inf"},
	} {
		path := filepath.Join(dir, "o.yaml")
		if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("override %q: error = %v, want %q naming the file", tc.yaml, err, tc.want)
		}
	}
}
