package fc

import (
	"math"
	"time"
)

// HourUsage is what one function used in one clock hour of the run (hour h
// covers [h, h+1) hours of run time, clipped to the measured span). FC
// bills in one-hour cycles: since 2024-08-27 each function's compute units
// in a cycle are rounded up to a whole CU, and since 2025-12-09 a function
// with calls or instances in an hour pays at least a minimum for it, so a
// bill needs usage per hour, not only totals.
type HourUsage struct {
	Invocations int64
	// Instance-seconds, split as in Result.
	Active          float64 // >= 1 request executing, any instance
	IdleProvisioned float64 // min instances alive and idle
	IdleBilled      float64 // on-demand idle time within DelayedRelease
	Initializer     float64
}

// Used reports whether the function had calls or billed instance time in
// the hour (the 2025-12 rule's "calls or instances"): an on-demand
// instance in the unbilled part of its keep-alive does not count
// (UNCONFIRMED, see catalog billingEras).
func (h HourUsage) Used() bool {
	return h.Invocations > 0 || h.Active > 0 || h.IdleProvisioned > 0 || h.IdleBilled > 0 || h.Initializer > 0
}

// hourly accumulates usage per clock hour. Spans are clipped at the warm-up
// so that nothing before it is billed; the slice grows by one entry per new
// hour, never per event.
type hourly struct {
	from  time.Duration // the warm-up: earlier usage is not measured
	hours []hourAcc
	// over is set when usage reached past maxHours: the per-hour record is
	// dropped (Result.Hours nil) and bills fall back to spreading the
	// totals, rather than memory growing with a hostile trace's span.
	over bool
	sink hourAcc // written instead once over
	// The hour last touched, [curStart, curEnd) at index cur: most spans
	// fall inside it, and then the update is a few inlined instructions.
	cur              int
	curStart, curEnd time.Duration
}

// hourAcc is one hour's accumulator: executions started and instance
// nanoseconds per hourField.
type hourAcc struct {
	inv int64
	ns  [hfCount]int64
}

// newHourly returns an accumulator that measures from the warm-up on,
// with room for window's hours when the window is known.
func newHourly(from, window time.Duration) hourly {
	h := hourly{from: from, curStart: noHour}
	if window > 0 {
		// One entry per hour of the window, allocated once.
		h.hours = make([]hourAcc, 0, min(int(window/time.Hour)+1, 1<<16))
	}
	return h
}

// noHour as curStart disables the fast path (no hour touched yet).
const noHour = time.Duration(math.MaxInt64)

// maxHours bounds the per-hour record: 20 years of hours, about 7 MB.
const maxHours = 20 * 366 * 24

// hourField selects the HourUsage field a span adds to.
type hourField uint8

const (
	hfActive hourField = iota
	hfIdleProv
	hfIdleBilled
	hfInit
	hfCount
)

func (h *hourly) at(i int) *hourAcc {
	if i >= maxHours || h.over {
		h.over = true
		h.curStart, h.curEnd = noHour, 0 // no fast path any more
		return &h.sink
	}
	for len(h.hours) <= i {
		h.hours = append(h.hours, hourAcc{})
	}
	// The fast path's range starts no earlier than the warm-up, so it
	// needs no clipping.
	h.cur, h.curStart, h.curEnd = i, max(time.Duration(i)*time.Hour, h.from), time.Duration(i+1)*time.Hour
	return &h.hours[i]
}

// add adds the instance time [a, b) (a <= b) to field f, split across
// hours. The common case, a span inside the hour last touched and after
// the warm-up, is inlined at the call sites.
func (h *hourly) add(a, b time.Duration, f hourField) {
	if a >= h.curStart && b <= h.curEnd {
		h.hours[h.cur].ns[f] += int64(b - a)
		return
	}
	h.addSlow(a, b, f)
}

func (h *hourly) addSlow(a, b time.Duration, f hourField) {
	a = max(a, h.from)
	for a < b && !h.over {
		i := int(a / time.Hour)
		end := min(b, time.Duration(i+1)*time.Hour)
		h.at(i).ns[f] += int64(end - a)
		a = end
	}
}

// invocation counts an execution started at t.
func (h *hourly) invocation(t time.Duration) {
	if t >= h.curStart && t < h.curEnd {
		h.hours[h.cur].inv++
		return
	}
	h.invocationSlow(t)
}

func (h *hourly) invocationSlow(t time.Duration) {
	if t >= h.from {
		h.at(int(t/time.Hour)).inv++
	}
}

// result returns the hours that overlap the measured span [start, end).
func (h *hourly) result(start, end time.Duration) []HourUsage {
	if end <= start {
		return nil
	}
	first, last := int(start/time.Hour), int((end-1)/time.Hour)
	h.at(last)
	if h.over {
		return nil
	}
	out := make([]HourUsage, last+1-first)
	for i, a := range h.hours[first : last+1] {
		out[i] = HourUsage{Invocations: a.inv, Active: float64(a.ns[hfActive]) / 1e9, IdleProvisioned: float64(a.ns[hfIdleProv]) / 1e9,
			IdleBilled: float64(a.ns[hfIdleBilled]) / 1e9, Initializer: float64(a.ns[hfInit]) / 1e9}
	}
	return out
}
