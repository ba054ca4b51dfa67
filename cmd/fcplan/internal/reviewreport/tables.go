package reviewreport

import (
	"fmt"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"

	"github.com/fcplan/fcplan/rules/finding"
)

// table is the format-neutral shape of every tabular section.
type table struct {
	Head  []string
	Rows  [][]string
	Align []bool // true = right-aligned (numbers)
}

// findingRows lists lint then vet findings.
func findingsTable(r *Review) table {
	t := table{Head: []string{"severity", "rule", "location", "message"}}
	add := func(tool string, fs []finding.Finding) {
		for _, f := range fs {
			t.Rows = append(t.Rows, []string{f.Severity.String(), f.RuleID, f.Location.String(), f.Message})
		}
	}
	add("lint", r.Lint.Findings)
	add("vet", r.Vet.Findings)
	return t
}

// simTable is the per-function FC simulation next to the ECS fleet.
func simTable(r *Review) table {
	t := table{
		Head:  []string{"function", "requests", "cold starts", "p50", "p99", "throttled", "peak instances", "peak DB connections", "FC / month", "ECS / month"},
		Align: []bool{false, true, true, true, true, true, true, true, true, true},
	}
	for _, f := range r.Functions {
		s := f.FC
		if s == nil {
			continue
		}
		throttled := Int(s.Throttled)
		if s.AsyncQueued > 0 || s.AsyncDropped > 0 {
			throttled += fmt.Sprintf(" (async: %s queued, %s dropped)", Int(s.AsyncQueued), Int(s.AsyncDropped))
		}
		ecsCost := "n/a"
		if f.ECS != nil {
			ecsCost = Money(f.ECS.Monthly, f.ECS.Cost.Currency)
		}
		conn := Int(f.Connections.Peak)
		if f.Connections.PerRequest {
			conn += " (per request)"
		} else {
			conn += " (pool)"
		}
		t.Rows = append(t.Rows, []string{
			f.Name, Int(s.Requests),
			fmt.Sprintf("%s (%s)", Int(s.ColdStarts), Pct(s.ColdStartRate)),
			Ms(s.LatencyMs.P50), Ms(s.LatencyMs.P99), throttled,
			Int(s.Instances.Peak), conn, Money(s.Bill.Total, s.Bill.Currency), ecsCost,
		})
	}
	return t
}

// ecsTable is the ECS fleet's view of the same arrivals: how its scaling
// lag shows as queueing and drops.
func ecsTable(r *Review) table {
	t := table{
		Head:  []string{"function", "fleet", "instances peak / mean", "queued", "dropped", "wait p99", "latency p50 / p99", "utilisation", "ECS / month"},
		Align: []bool{false, false, true, true, true, true, true, true, true},
	}
	for _, f := range r.Functions {
		e := f.ECS
		if e == nil {
			t.Rows = append(t.Rows, []string{f.Name, "not available", "", "", "", "", "", "", ""})
			continue
		}
		t.Rows = append(t.Rows, []string{
			f.Name, e.Mode + " " + e.InstanceType,
			fmt.Sprintf("%d / %.1f", e.Instances.Peak, e.Instances.Mean),
			Int(e.Queued), Int(e.Dropped), Ms(e.WaitMs.P99),
			Ms(e.LatencyMs.P50) + " / " + Ms(e.LatencyMs.P99),
			Pct(e.Utilization), Money(e.Monthly, e.Cost.Currency),
		})
	}
	return t
}

// connectionLines explain the connection figure of each function.
func connectionLines(r *Review) []string {
	var out []string
	for _, f := range r.Functions {
		c := f.Connections
		if f.FC == nil {
			continue
		}
		if c.PerRequest {
			out = append(out, fmt.Sprintf("%s: %s connections at the peak - GO001 opens a connection per request (%s), so every in-flight request holds one: the peak of executing requests. With a pool created once per instance it would be %s (%s instances x %d).",
				f.Name, Int(c.Peak), c.Evidence, Int(c.PerInstancePeak), Int(f.FC.Instances.Peak), c.PoolSize))
		} else {
			out = append(out, fmt.Sprintf("%s: %s connections at the peak, peak instances x pool size (%s x %d): %s. Opened per request it would be %s.",
				f.Name, Int(c.Peak), Int(f.FC.Instances.Peak), c.PoolSize, c.Evidence, Int(c.PerRequestPeak)))
		}
	}
	return out
}

// breakEvenLines state the crossover of each function.
func breakEvenLines(r *Review) []string {
	var out []string
	month := 30 * 24 * 3600.0
	for _, f := range r.Functions {
		c := f.Cost
		if len(c.Rates) == 0 {
			continue
		}
		var s string
		if c.BreakEven > 0 {
			where := "FC is the cheaper choice at the simulated rate"
			if c.Observed >= c.BreakEven {
				where = "ECS is the cheaper choice at the simulated rate"
			}
			s = fmt.Sprintf("%s: ECS becomes cheaper above a mean of %s; simulated: %s. %s.", f.Name, Rate(c.BreakEven, month), Rate(c.Observed, month), where)
		} else {
			s = fmt.Sprintf("%s: %s", f.Name, c.BreakEvenNote)
		}
		out = append(out, s)
	}
	return out
}

// escapeMD makes a value safe anywhere in the Markdown comment, table cells
// included (see package safetext for the policy).
func escapeMD(s string) string { return safetext.Markdown(s) }
