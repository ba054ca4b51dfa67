// Package comparereport judges and prints the result of `fcplan compare`:
// which variants are Pareto-optimal, which one an objective recommends, the
// cost-optimal memory size of a sweep, and the side-by-side table as text,
// JSON, Markdown or CSV.
package comparereport

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
)

// ParetoCriteria are the figures Pareto optimality is judged on, all to be
// minimised: the monthly FC bill, p99 latency, the cold-start rate and the
// throttled (429) requests. A variant is Pareto-optimal when no other is at
// least as good on all four and better on one.
var ParetoCriteria = []string{"fcMonthly", "latencyMs.p99", "coldStartRate", "throttled"}

// Latency are latency figures in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

// Connections are peak downstream connections for the two patterns.
type Connections struct {
	PerInstancePeak int64 `json:"perInstancePeak"`
	PerRequestPeak  int64 `json:"perRequestPeak"`
	PoolSize        int   `json:"poolSize"`
}

// ECS is the ECS fleet serving the same arrivals.
type ECS struct {
	Type          string  `json:"type"`
	Mode          string  `json:"mode"`
	Monthly       float64 `json:"monthly"`
	Currency      string  `json:"currency"`
	InstancesPeak int     `json:"instancesPeak"`
	Dropped       int64   `json:"dropped"`
	LatencyP99Ms  float64 `json:"latencyP99Ms"`
	// Error is set when the fleet could not be simulated; the figures are
	// then zero and the table shows n/a.
	Error string `json:"error,omitempty"`
}

// Variant is one row of the comparison.
type Variant struct {
	Name string `json:"name"`
	// Settings are the key=value settings that make the variant (on top of
	// the common flags), and Config the project file it was loaded from.
	Settings    []string `json:"settings"`
	Config      string   `json:"config,omitempty"`
	MemoryMB    int      `json:"memoryMB"`
	VCPU        float64  `json:"vcpu"`
	Concurrency int      `json:"concurrency"`
	Requests    int64    `json:"requests"`
	// RequestsPerMonth is Requests extrapolated to the billing month.
	RequestsPerMonth float64     `json:"requestsPerMonth"`
	ColdStarts       int64       `json:"coldStarts"`
	ColdStartRate    float64     `json:"coldStartRate"`
	LatencyMs        Latency     `json:"latencyMs"`
	ExecutionMs      Latency     `json:"executionMs"`
	Throttled        int64       `json:"throttled"`
	TimedOut         int64       `json:"timedOut"`
	AsyncDropped     int64       `json:"asyncDropped"`
	PeakInstances    int64       `json:"peakInstances"`
	Connections      Connections `json:"connections"`
	FCMonthly        float64     `json:"fcMonthly"`
	ECS              *ECS        `json:"ecs,omitempty"`
	Pareto           bool        `json:"pareto"`
	// Score is the balanced objective's score (0 best, 1 worst), when that
	// objective was used.
	Score *float64 `json:"score,omitempty"`
}

// Failing reports whether the variant loses requests: throttled, timed out
// or dropped after the async retries.
func (v *Variant) Failing() bool {
	return v.Throttled > 0 || v.TimedOut > 0 || v.AsyncDropped > 0
}

// Recommendation names the variant an objective picks, and why.
type Recommendation struct {
	Objective string `json:"objective"`
	Variant   string `json:"variant"`
	Index     int    `json:"index"`
	Reason    string `json:"reason"`
}

// SweepPoint is one memory size of a sweep.
type SweepPoint struct {
	MemoryMB       int     `json:"memoryMB"`
	VCPU           float64 `json:"vcpu"`
	ExecutionP50   float64 `json:"executionMsP50"`
	LatencyP99     float64 `json:"latencyMsP99"`
	TimedOut       int64   `json:"timedOut"`
	Throttled      int64   `json:"throttled"`
	FCMonthly      float64 `json:"fcMonthly"`
	CostPerMillion float64 `json:"costPerMillionRequests"`
}

// Sweep is the cost curve of a memory sweep and its optimum.
type Sweep struct {
	Duration string       `json:"duration"`
	Points   []SweepPoint `json:"points"`
	// OptimumMB is the cheapest memory size whose requests neither time out
	// nor are throttled (the cheapest overall when every size fails).
	OptimumMB int    `json:"optimumMB"`
	Reason    string `json:"reason"`
}

// Comparison is the whole result, in the order the variants were given.
type Comparison struct {
	Function         string          `json:"function,omitempty"`
	Traffic          string          `json:"traffic"`
	Window           string          `json:"window"`
	Seed             int64           `json:"seed"`
	Pricing          string          `json:"pricing"`
	Currency         string          `json:"currency"`
	ExtrapolatedFrom string          `json:"extrapolatedFrom,omitempty"`
	ParetoCriteria   []string        `json:"paretoCriteria"`
	Variants         []Variant       `json:"variants"`
	Recommended      *Recommendation `json:"recommended,omitempty"`
	Sweep            *Sweep          `json:"sweep,omitempty"`
	Notes            []string        `json:"notes"`
}

// MarkPareto sets Pareto on every variant no other variant dominates.
func MarkPareto(vs []Variant) {
	key := func(v *Variant) [4]float64 {
		return [4]float64{v.FCMonthly, v.LatencyMs.P99, v.ColdStartRate, float64(v.Throttled)}
	}
	for i := range vs {
		a := key(&vs[i])
		vs[i].Pareto = true
		for j := range vs {
			if i == j {
				continue
			}
			if dominates(key(&vs[j]), a) {
				vs[i].Pareto = false
				break
			}
		}
	}
}

// dominates reports whether b is no worse than a everywhere and better
// somewhere.
func dominates(b, a [4]float64) bool {
	better := false
	for k := range a {
		if b[k] > a[k] {
			return false
		}
		if b[k] < a[k] {
			better = true
		}
	}
	return better
}

// Objective is a parsed --objective.
type Objective struct {
	Kind string // cost, latency or balanced
	// CostWeight is the share of cost in the balanced score (0..1); the
	// rest is p99 latency.
	CostWeight float64
}

// String is the objective as the user writes it.
func (o Objective) String() string {
	if o.Kind == "balanced" {
		return "balanced:" + strconv.FormatFloat(o.CostWeight, 'f', -1, 64)
	}
	return o.Kind
}

// costWeight bounds the weight of balanced:W.
var costWeight = flagcheck.Range{Min: 0, Max: 1}

// ParseObjective parses cost, latency or balanced[:weight] (weight in
// [0,1], the share of cost; default 0.5).
func ParseObjective(s string) (Objective, error) {
	kind, w, hasW := strings.Cut(strings.TrimSpace(s), ":")
	switch kind {
	case "cost", "latency":
		if hasW {
			return Objective{}, fmt.Errorf("--objective %q: only balanced takes a weight", s)
		}
		return Objective{Kind: kind}, nil
	case "balanced":
		o := Objective{Kind: kind, CostWeight: 0.5}
		if hasW {
			f, err := strconv.ParseFloat(w, 64)
			if err != nil {
				return Objective{}, fmt.Errorf("--objective %q: the weight is the share of cost, a number from 0 to 1", s)
			}
			if err := costWeight.Float("--objective balanced:", f); err != nil {
				return Objective{}, fmt.Errorf("%w (the share of cost)", err)
			}
			o.CostWeight = f
		}
		return o, nil
	}
	return Objective{}, fmt.Errorf("--objective %q: expected cost, latency or balanced[:weight]", s)
}

// Recommend picks the variant obj prefers. Variants that throttle, time out
// or drop requests are considered only when every variant does. Ties go to
// the lower other criterion (p99 for cost, cost for latency), then to the
// earlier variant. Balanced scores every candidate: weight x normalised
// cost + (1 - weight) x normalised p99, each normalised to 0..1 over the
// candidates; the scores are stored in the variants.
func Recommend(vs []Variant, obj Objective, currency string) *Recommendation {
	if len(vs) == 0 {
		return nil
	}
	var cand []int
	for i := range vs {
		if !vs[i].Failing() {
			cand = append(cand, i)
		}
	}
	excluded := len(cand) < len(vs) && len(cand) > 0
	allFail := len(cand) == 0
	if allFail {
		for i := range vs {
			cand = append(cand, i)
		}
	}
	less := func(a, b [2]float64) bool {
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		return a[1] < b[1]
	}
	var keyOf func(i int) [2]float64
	switch obj.Kind {
	case "latency":
		keyOf = func(i int) [2]float64 { return [2]float64{vs[i].LatencyMs.P99, vs[i].FCMonthly} }
	case "balanced":
		cMin, cMax, pMin, pMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, i := range cand {
			cMin, cMax = math.Min(cMin, vs[i].FCMonthly), math.Max(cMax, vs[i].FCMonthly)
			pMin, pMax = math.Min(pMin, vs[i].LatencyMs.P99), math.Max(pMax, vs[i].LatencyMs.P99)
		}
		norm := func(x, lo, hi float64) float64 {
			if hi <= lo {
				return 0
			}
			return (x - lo) / (hi - lo)
		}
		for _, i := range cand {
			s := obj.CostWeight*norm(vs[i].FCMonthly, cMin, cMax) + (1-obj.CostWeight)*norm(vs[i].LatencyMs.P99, pMin, pMax)
			s = math.Round(s*1e6) / 1e6
			vs[i].Score = &s
		}
		keyOf = func(i int) [2]float64 { return [2]float64{*vs[i].Score, vs[i].FCMonthly} }
	default:
		keyOf = func(i int) [2]float64 { return [2]float64{vs[i].FCMonthly, vs[i].LatencyMs.P99} }
	}
	best := cand[0]
	for _, i := range cand[1:] {
		if less(keyOf(i), keyOf(best)) {
			best = i
		}
	}
	v := &vs[best]
	cur := " " + currency
	var reason string
	switch obj.Kind {
	case "latency":
		reason = fmt.Sprintf("the lowest p99 latency, %s ms, at %s%s a month", num(v.LatencyMs.P99), Money(v.FCMonthly), cur)
	case "balanced":
		reason = fmt.Sprintf("the best balance of cost (weight %s) and p99 latency (weight %s): %s%s a month and p99 %s ms, score %s (0 = cheapest and fastest of the candidates)",
			num(obj.CostWeight), num(round(1-obj.CostWeight, 6)), Money(v.FCMonthly), cur, num(v.LatencyMs.P99), num(*v.Score))
	default:
		reason = fmt.Sprintf("the lowest monthly FC bill, %s%s, with p99 %s ms", Money(v.FCMonthly), cur, num(v.LatencyMs.P99))
	}
	if next, ok := runnerUp(vs, cand, best, keyOf, less); ok && obj.Kind == "cost" && vs[next].FCMonthly > 0 {
		reason += fmt.Sprintf(", %s%% below the next cheapest (%s)", num(round(100*(1-v.FCMonthly/vs[next].FCMonthly), 1)), vs[next].Name)
	}
	switch {
	case excluded:
		reason += "; variants that throttle, time out or drop requests were not considered"
	case allFail:
		reason += "; every variant throttles, times out or drops requests"
	}
	return &Recommendation{Objective: obj.String(), Variant: v.Name, Index: best, Reason: reason}
}

func runnerUp(vs []Variant, cand []int, best int, keyOf func(int) [2]float64, less func(a, b [2]float64) bool) (int, bool) {
	next := -1
	for _, i := range cand {
		if i == best {
			continue
		}
		if next < 0 || less(keyOf(i), keyOf(next)) {
			next = i
		}
	}
	return next, next >= 0
}

// SweepOptimum builds the curve of a memory sweep from its variants and
// finds the cost-optimal size: the lowest monthly FC bill among sizes that
// neither time out nor throttle (ties: the smaller size).
func SweepOptimum(vs []Variant, duration, currency string) *Sweep {
	s := &Sweep{Duration: duration}
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return vs[idx[a]].MemoryMB < vs[idx[b]].MemoryMB })
	best, bestAny := -1, -1
	for _, i := range idx {
		v := &vs[i]
		p := SweepPoint{MemoryMB: v.MemoryMB, VCPU: v.VCPU, ExecutionP50: v.ExecutionMs.P50, LatencyP99: v.LatencyMs.P99,
			TimedOut: v.TimedOut, Throttled: v.Throttled, FCMonthly: v.FCMonthly}
		if v.RequestsPerMonth > 0 {
			p.CostPerMillion = round(v.FCMonthly/v.RequestsPerMonth*1e6, 4)
		}
		s.Points = append(s.Points, p)
		k := len(s.Points) - 1
		if bestAny < 0 || p.FCMonthly < s.Points[bestAny].FCMonthly {
			bestAny = k
		}
		if p.TimedOut == 0 && p.Throttled == 0 && (best < 0 || p.FCMonthly < s.Points[best].FCMonthly) {
			best = k
		}
	}
	if len(s.Points) == 0 {
		return s
	}
	if best < 0 {
		best = bestAny
		s.OptimumMB = s.Points[best].MemoryMB
		s.Reason = fmt.Sprintf("every size times out or throttles; %d MB is the cheapest at %s %s a month", s.OptimumMB, Money(s.Points[best].FCMonthly), currency)
		return s
	}
	p := s.Points[best]
	s.OptimumMB = p.MemoryMB
	s.Reason = fmt.Sprintf("%d MB (%s vCPU) is the cheapest size that neither times out nor throttles: %s %s a month, execution p50 %s ms",
		p.MemoryMB, num(p.VCPU), Money(p.FCMonthly), currency, num(p.ExecutionP50))
	if best > 0 && (s.Points[best-1].TimedOut > 0 || s.Points[best-1].Throttled > 0) {
		s.Reason += fmt.Sprintf("; the next smaller size tried, %d MB, loses requests", s.Points[best-1].MemoryMB)
	}
	return s
}

// Money formats an amount with two decimals.
func Money(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func round(f float64, places int) float64 {
	s := strconv.FormatFloat(f, 'f', places, 64)
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
