package simreport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/billing"
)

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -5: "-5"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTextShowsOptionalRowsAndExtrapolation(t *testing.T) {
	r := &simulator.Report{
		Function: "api", Window: "24h0m0s", Requests: 10, AsyncQueued: 3, AsyncDropped: 1, BadRows: 2,
		Bill:  billing.Bill{Currency: "CNY", Total: 1.5, ExtrapolatedFrom: "1d scaled to 30d", Items: []billing.Item{{Name: "memory", Quantity: 10, Unit: "GB-s", Rate: 0.15, Amount: 1.5}}},
		Notes: []string{"a note"},
	}
	var buf bytes.Buffer
	if err := Text(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Simulation of api over 24h0m0s", "async queued / retried / to failure destination / pending", "3 / 0 / 1 / 0",
		"trace rows skipped (malformed)", "extrapolated from 1d scaled to 30d", "1.50", "  - a note"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}
