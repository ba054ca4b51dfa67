package simulator

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// A run whose workload is larger than its limits fails with a LimitError:
// it is never cut short silently.
func TestLimitsStopTheRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spec   string
		limits Limits
		span   bool
		at     int64
		rows   bool
	}{
		{"arrivals", "cron:every=1s,duration=1h", Limits{MaxArrivals: 100}, false, 101, false},
		{"span", "cron:every=1m,duration=10h", Limits{MaxSpan: 2 * time.Hour}, true, 122, false},
		// Rows written after the last arrival count too.
		{"rows", "cron:every=1m,duration=1h", Limits{MaxTimelineRows: 10}, false, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tl bytes.Buffer
			_, err := Run(exactConfig(t, 512), open(t, tc.spec), Options{Limits: tc.limits, Timeline: &tl, TimelineStep: time.Minute})
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a *LimitError", err)
			}
			if le.Span != tc.span || le.Arrivals != tc.at || le.Rows != tc.rows {
				t.Errorf("stopped at arrival %d (span %v), want %d (span %v)", le.Arrivals, le.Span, tc.at, tc.span)
			}
			if tc.span && le.At <= tc.limits.MaxSpan {
				t.Errorf("stopped at %s, inside the limit %s", le.At, tc.limits.MaxSpan)
			}
			if rows := strings.Count(tl.String(), "\n"); (tc.span && rows > 1+121) || (tc.rows && rows > 1+10) {
				t.Errorf("%d timeline lines written past the span limit", rows)
			}
		})
	}
	// Within its limits the run is the one without limits.
	a, err := Run(exactConfig(t, 512), open(t, "cron:every=1s,duration=1h"), Options{Limits: Limits{MaxArrivals: 3600, MaxSpan: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(exactConfig(t, 512), open(t, "cron:every=1s,duration=1h"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Requests != b.Requests || a.Bill.Total != b.Bill.Total {
		t.Errorf("limits changed a run inside them: %d/%g vs %d/%g", a.Requests, a.Bill.Total, b.Requests, b.Bill.Total)
	}
}
