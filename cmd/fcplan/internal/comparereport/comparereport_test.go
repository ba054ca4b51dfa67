package comparereport

import (
	"reflect"
	"strings"
	"testing"
)

func v(name string, cost, p99, cold float64, throttled int64) Variant {
	return Variant{Name: name, FCMonthly: cost, LatencyMs: Latency{P99: p99}, ColdStartRate: cold, Throttled: throttled}
}

// Checked by hand: B is dominated by A (A is cheaper, as fast, as cold,
// no throttles); D is dominated by C (same everything but p99); E is the
// only one with no cold starts; F is the fastest but throttles; G equals A
// exactly (equal rows do not dominate each other).
func TestMarkPareto(t *testing.T) {
	vs := []Variant{
		v("A", 10, 200, 0.01, 0),
		v("B", 12, 200, 0.01, 0),
		v("C", 20, 100, 0.02, 0),
		v("D", 20, 150, 0.02, 0),
		v("E", 30, 300, 0, 0),
		v("F", 5, 50, 0.05, 9),
		v("G", 10, 200, 0.01, 0),
	}
	MarkPareto(vs)
	var got []string
	for _, x := range vs {
		if x.Pareto {
			got = append(got, x.Name)
		}
	}
	if want := []string{"A", "C", "E", "F", "G"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Pareto set %v, want %v", got, want)
	}
}

func TestRecommend(t *testing.T) {
	vs := func() []Variant {
		return []Variant{
			v("cheap", 10, 400, 0.01, 0),
			v("mid", 20, 200, 0.01, 0),
			v("fast", 40, 100, 0.01, 0),
			v("throttles", 1, 50, 0.01, 3),
		}
	}
	for _, tc := range []struct {
		objective, want string
	}{
		{"cost", "cheap"},
		{"latency", "fast"},
		{"balanced", "mid"}, // scores: cheap 0.5, mid 1/3*0.5+1/3*0.5 = 0.333, fast 0.5
		{"balanced:0.9", "cheap"},
		{"balanced:0.1", "fast"},
	} {
		o, err := ParseObjective(tc.objective)
		if err != nil {
			t.Fatal(err)
		}
		list := vs()
		r := Recommend(list, o, "CNY")
		if r.Variant != tc.want {
			t.Errorf("%s: recommended %s, want %s (%s)", tc.objective, r.Variant, tc.want, r.Reason)
		}
		if !strings.Contains(r.Reason, "were not considered") {
			t.Errorf("%s: the reason does not say the throttling variant was left out: %s", tc.objective, r.Reason)
		}
	}
	// Balanced scores: mid = 0.5 x 1/3 + 0.5 x 1/3.
	list := vs()
	Recommend(list, Objective{Kind: "balanced", CostWeight: 0.5}, "CNY")
	if got := *list[1].Score; got != 0.333333 {
		t.Errorf("mid score %v, want 0.333333", got)
	}
	if list[3].Score != nil {
		t.Error("a throttling variant was scored")
	}
	// When every variant fails, the best failing one is named.
	all := []Variant{v("a", 10, 100, 0, 1), v("b", 5, 100, 0, 2)}
	if r := Recommend(all, Objective{Kind: "cost"}, "CNY"); r.Variant != "b" || !strings.Contains(r.Reason, "every variant") {
		t.Errorf("all failing: %+v", r)
	}
	// Ties go to the other criterion, then to the earlier variant.
	tie := []Variant{v("x", 10, 300, 0, 0), v("y", 10, 200, 0, 0), v("z", 10, 200, 0, 0)}
	if r := Recommend(tie, Objective{Kind: "cost"}, "CNY"); r.Variant != "y" {
		t.Errorf("tie: %s, want y", r.Variant)
	}
}

func TestParseObjective(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Objective
		err  string
	}{
		{"cost", Objective{Kind: "cost"}, ""},
		{"latency", Objective{Kind: "latency"}, ""},
		{"balanced", Objective{Kind: "balanced", CostWeight: 0.5}, ""},
		{"balanced:0.7", Objective{Kind: "balanced", CostWeight: 0.7}, ""},
		{"balanced:1.5", Objective{}, "from 0 to 1"},
		{"balanced:x", Objective{}, "from 0 to 1"},
		{"cost:1", Objective{}, "only balanced takes a weight"},
		{"speed", Objective{}, "expected cost, latency or balanced"},
	} {
		got, err := ParseObjective(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v", tc.in, got, err)
		}
	}
}

func TestSweepOptimum(t *testing.T) {
	mk := func(mb int, cost float64, timedOut int64) Variant {
		return Variant{Name: "m", MemoryMB: mb, FCMonthly: cost, TimedOut: timedOut, Requests: 100, RequestsPerMonth: 1e6}
	}
	// Out of order on purpose; 256 MB is cheapest but times out.
	s := SweepOptimum([]Variant{mk(1024, 30, 0), mk(256, 5, 7), mk(512, 20, 0), mk(768, 20, 0)}, "cpu:io=0,cpu=1s", "CNY")
	if s.OptimumMB != 512 {
		t.Errorf("optimum %d, want 512 (cheapest without timeouts; tie with 768 goes to the smaller)", s.OptimumMB)
	}
	var mbs []int
	for _, p := range s.Points {
		mbs = append(mbs, p.MemoryMB)
	}
	if !reflect.DeepEqual(mbs, []int{256, 512, 768, 1024}) {
		t.Errorf("points %v not sorted by memory", mbs)
	}
	if s.Points[1].CostPerMillion != 20 {
		t.Errorf("cost per million %v, want 20", s.Points[1].CostPerMillion)
	}
	if !strings.Contains(s.Reason, "256 MB, loses requests") {
		t.Errorf("reason %q", s.Reason)
	}
	all := SweepOptimum([]Variant{mk(128, 3, 1), mk(256, 2, 1)}, "x", "CNY")
	if all.OptimumMB != 256 || !strings.Contains(all.Reason, "every size") {
		t.Errorf("all failing: %+v", all)
	}
}
