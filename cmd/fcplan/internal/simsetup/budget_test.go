package simsetup

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/workload"
)

func TestBudgetChecks(t *testing.T) {
	b := Budget{MaxEvents: 5e9, MaxTimelineRows: 1e6}
	poisson := Traffic{Flag: "--workload p", Estimate: workload.Estimate{Arrivals: 2.592e12, Span: 720 * time.Hour, SpanKnown: true, Basis: "1e+06/s for 720h0m0s"}}
	for _, tc := range []struct {
		name string
		err  error
		want string // "" = accepted
	}{
		{"events past the budget", b.CheckEvents(poisson, 1), "--workload p has about 2.59e+12 arrivals (1e+06/s for 720h0m0s), about 4 days of CPU"},
		{"events within it", b.CheckEvents(Traffic{Estimate: workload.Estimate{Arrivals: 5e9}}, 1), ""},
		{"several runs add up", b.CheckEvents(Traffic{Flag: "x", Estimate: workload.Estimate{Arrivals: 2e9, Basis: "b"}}, 3), "read by 3 simulations: 6e+09 in all"},
		{"the window cuts a known span", b.CheckEvents(poisson.Windowed(time.Hour), 1), ""},
		{"rows past the budget", b.CheckTimeline("--timeline-step", time.Millisecond, time.Hour), "would write about 3.6e+06 timeline rows; the limit is 1e+06 (--max-timeline-rows): widen --timeline-step (at least 4ms here)"},
		{"rows within it", b.CheckTimeline("--timeline-step", time.Minute, 720*time.Hour), ""},
		{"NaN budget", (&Budget{MaxEvents: math.NaN(), MaxTimelineRows: 1}).Validate(), "--max-events NaN: expected a number from 1 to 1000000000000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.want == "" && tc.err != nil:
				t.Errorf("refused: %v", tc.err)
			case tc.want != "" && tc.err == nil:
				t.Errorf("accepted, want %q", tc.want)
			case tc.want != "" && !strings.Contains(tc.err.Error(), tc.want):
				t.Errorf("got  %q\nwant %q", tc.err, tc.want)
			}
		})
	}
}

func TestWindowed(t *testing.T) {
	e := Traffic{Estimate: workload.Estimate{Arrivals: 1000, Span: 10 * time.Hour, SpanKnown: true}}
	if w := e.Windowed(time.Hour); w.Arrivals != 100 || w.Span != time.Hour {
		t.Errorf("known span: %+v", w)
	}
	u := Traffic{Estimate: workload.Estimate{Arrivals: 1000}}
	if w := u.Windowed(time.Hour); w.Arrivals != 1000 || !w.SpanKnown || w.Span != time.Hour {
		t.Errorf("unknown span: %+v", w)
	}
	if w := e.Windowed(0); w != e {
		t.Errorf("no window changed the estimate: %+v", w)
	}
}

func TestWidenStep(t *testing.T) {
	for _, tc := range []struct {
		step, span time.Duration
		rows       float64
		want       time.Duration
		widened    bool
	}{
		{time.Minute, 24 * time.Hour, 50000, time.Minute, false},
		{time.Millisecond, 48 * time.Hour, 50000, 4 * time.Second, true},
		{time.Minute, 876000 * time.Hour, 100000, 9 * time.Hour, true},
		{time.Second, 100 * time.Second, 10, 10 * time.Second, true},
	} {
		got, widened := WidenStep(tc.step, tc.span, tc.rows)
		if got != tc.want || widened != tc.widened {
			t.Errorf("WidenStep(%s, %s, %g) = %s, %v; want %s, %v", tc.step, tc.span, tc.rows, got, widened, tc.want, tc.widened)
		}
		if TimelineRows(tc.span, got) > tc.rows {
			t.Errorf("%s over %s is still %g rows", got, tc.span, TimelineRows(tc.span, got))
		}
	}
}

func TestLimitsShareTheBudget(t *testing.T) {
	b := Budget{MaxEvents: 6e9, MaxTimelineRows: 1000}
	l := b.Limits(3, time.Minute, time.Hour)
	if l.MaxArrivals != 2e9 || l.MaxTimelineRows != 1000 || l.MaxSpan != 1000*time.Minute-time.Hour {
		t.Errorf("limits %+v", l)
	}
	if l := b.Limits(1, 0, 0); l.MaxSpan != 0 || l.MaxTimelineRows != 0 {
		t.Errorf("no timeline, but %+v", l)
	}
}
