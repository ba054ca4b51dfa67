package fc

import "time"

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
	hours []HourUsage
	// over is set when usage reached past maxHours: the per-hour record is
	// dropped (Result.Hours nil) and bills fall back to spreading the
	// totals, rather than memory growing with a hostile trace's span.
	over bool
	sink HourUsage // written instead once over
}

// maxHours bounds the per-hour record: 20 years of hours, about 10 MB.
const maxHours = 20 * 366 * 24

// hourField selects the HourUsage field a span adds to.
type hourField uint8

const (
	hfActive hourField = iota
	hfIdleProv
	hfIdleBilled
	hfInit
)

func (h *hourly) at(i int) *HourUsage {
	if i >= maxHours || h.over {
		h.over = true
		return &h.sink
	}
	for len(h.hours) <= i {
		h.hours = append(h.hours, HourUsage{})
	}
	return &h.hours[i]
}

// add adds the instance time [a, b) to field f, split across hours.
func (h *hourly) add(a, b time.Duration, f hourField) {
	a = max(a, h.from)
	for a < b && !h.over {
		i := int(a / time.Hour)
		end := min(b, time.Duration(i+1)*time.Hour)
		u := h.at(i)
		d := float64(end-a) / 1e9
		switch f {
		case hfActive:
			u.Active += d
		case hfIdleProv:
			u.IdleProvisioned += d
		case hfIdleBilled:
			u.IdleBilled += d
		case hfInit:
			u.Initializer += d
		}
		a = end
	}
}

// invocation counts an execution started at t.
func (h *hourly) invocation(t time.Duration) {
	if t >= h.from {
		h.at(int(t/time.Hour)).Invocations++
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
	return h.hours[first : last+1]
}
