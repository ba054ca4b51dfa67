package fc

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Schedule is one scheduled scaling policy in the platform's terms: at each
// firing of Expression within [Start, End), the min-instance floor becomes
// Target.
type Schedule struct {
	Name       string
	Expression string // cron(S M H DoM Mon DoW), cron(M H DoM Mon DoW) or at(RFC 3339)
	Target     int
	Start, End time.Time // zero: unbounded
	Location   *time.Location
}

// ScheduleActions expands schedules into floor actions within [0, horizon)
// of a run whose time 0 is epoch, merged in time order (ties keep the
// schedules' order).
func ScheduleActions(scheds []Schedule, epoch time.Time, horizon time.Duration) ([]FloorAction, error) {
	var out []FloorAction
	for _, sc := range scheds {
		times, err := firings(sc, epoch, horizon)
		if err != nil {
			return nil, fmt.Errorf("scheduled policy %q: %w", sc.Name, err)
		}
		for _, t := range times {
			out = append(out, FloorAction{At: t, Min: sc.Target, Name: sc.Name})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out, nil
}

func firings(sc Schedule, epoch time.Time, horizon time.Duration) ([]time.Duration, error) {
	loc := sc.Location
	if loc == nil {
		loc = time.UTC
	}
	from, to := epoch, epoch.Add(horizon)
	if !sc.Start.IsZero() && sc.Start.After(from) {
		from = sc.Start
	}
	if !sc.End.IsZero() && sc.End.Before(to) {
		to = sc.End
	}
	expr := strings.TrimSpace(sc.Expression)
	if inner, ok := strings.CutPrefix(expr, "at("); ok && strings.HasSuffix(inner, ")") {
		at, err := ParseTime(strings.TrimSuffix(inner, ")"), loc)
		if err != nil {
			return nil, err
		}
		if at.Before(from) || !at.Before(to) {
			return nil, nil
		}
		return []time.Duration{at.Sub(epoch)}, nil
	}
	inner, ok := strings.CutPrefix(expr, "cron(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil, fmt.Errorf("schedule %q: expected cron(S M H DoM Mon DoW) or at(2026-01-02T08:00:00Z)", expr)
	}
	c, err := parseCron(strings.TrimSuffix(inner, ")"))
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", expr, err)
	}
	var out []time.Duration
	for m := from.Truncate(time.Minute); m.Before(to); m = m.Add(time.Minute) {
		lt := m.In(loc)
		if !c.match(lt) {
			continue
		}
		for sec := 0; sec < 60; sec++ {
			if c.sec&(1<<sec) == 0 {
				continue
			}
			at := m.Add(time.Duration(sec) * time.Second)
			if at.Before(from) || !at.Before(to) {
				continue
			}
			out = append(out, at.Sub(epoch))
		}
	}
	return out, nil
}

// ParseTime parses an RFC 3339 time, or one without a zone in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: expected RFC 3339 such as 2026-01-02T08:00:00Z", s)
}

type cron struct {
	sec, min       uint64
	hour, dom      uint64
	month, dow     uint64
	domAny, dowAny bool
}

var cronNames = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
}

func parseCron(s string) (cron, error) {
	f := strings.Fields(s)
	if len(f) == 5 {
		f = append([]string{"0"}, f...)
	}
	if len(f) != 6 {
		return cron{}, fmt.Errorf("%d fields, expected 6 (S M H DoM Mon DoW) or 5", len(f))
	}
	var c cron
	specs := []struct {
		name   string
		dst    *uint64
		lo, hi int
	}{
		{"seconds", &c.sec, 0, 59}, {"minutes", &c.min, 0, 59}, {"hours", &c.hour, 0, 23},
		{"day of month", &c.dom, 1, 31}, {"month", &c.month, 1, 12}, {"day of week", &c.dow, 0, 7},
	}
	for i, sp := range specs {
		bits, err := cronField(f[i], sp.lo, sp.hi)
		if err != nil {
			return cron{}, fmt.Errorf("%s field %q: %w", sp.name, f[i], err)
		}
		*sp.dst = bits
	}
	if c.dow&(1<<7) != 0 { // 7 is Sunday too
		c.dow |= 1
	}
	c.domAny = f[3] == "*" || f[3] == "?"
	c.dowAny = f[5] == "*" || f[5] == "?"
	return c, nil
}

func cronField(s string, lo, hi int) (uint64, error) {
	var bits uint64
	for _, part := range strings.Split(s, ",") {
		rng, stepS, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepS)
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("step %q: expected a positive number", stepS)
			}
			step = n
		}
		a, b := lo, hi
		switch {
		case rng == "*" || rng == "?":
		case strings.Contains(rng, "-"):
			x, y, _ := strings.Cut(rng, "-")
			var err error
			if a, err = cronValue(x, lo, hi); err != nil {
				return 0, err
			}
			if b, err = cronValue(y, lo, hi); err != nil {
				return 0, err
			}
			if b < a {
				return 0, fmt.Errorf("range %q runs backwards", rng)
			}
		default:
			v, err := cronValue(rng, lo, hi)
			if err != nil {
				return 0, err
			}
			a = v
			if !hasStep {
				b = v
			}
		}
		for v := a; v <= b; v += step {
			bits |= 1 << v
		}
	}
	return bits, nil
}

func cronValue(s string, lo, hi int) (int, error) {
	if v, ok := cronNames[strings.ToLower(s)]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("value %q: expected %d-%d", s, lo, hi)
	}
	return v, nil
}

// match reports whether minute t (in the schedule's zone) matches every
// field but seconds. As in classic cron, when both day fields are
// restricted either may match.
func (c cron) match(t time.Time) bool {
	if c.min&(1<<t.Minute()) == 0 || c.hour&(1<<t.Hour()) == 0 || c.month&(1<<int(t.Month())) == 0 {
		return false
	}
	dom := c.dom&(1<<t.Day()) != 0
	dow := c.dow&(1<<int(t.Weekday())) != 0
	switch {
	case c.domAny && c.dowAny:
		return true
	case c.domAny:
		return dow
	case c.dowAny:
		return dom
	}
	return dom || dow
}
