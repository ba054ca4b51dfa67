package metrics

import "time"

// Gauge is a quantity that changes at points in time (live instances, busy
// slots). It keeps its time integral and peak, so mean and peak cost O(1)
// memory. Updates must come in non-decreasing time order.
type Gauge struct {
	v        int64
	last     time.Duration
	start    time.Duration
	integral float64 // value x nanoseconds since start
	peak     int64
}

// Value returns the current value.
func (g *Gauge) Value() int64 { return g.v }

// Peak returns the largest value since the start (or the last Restart).
func (g *Gauge) Peak() int64 { return g.peak }

// Add changes the value by dv at time t.
func (g *Gauge) Add(t time.Duration, dv int64) {
	if g.v != 0 {
		g.integral += float64(g.v) * float64(t-g.last)
	}
	g.last = t
	g.v += dv
	if g.v > g.peak {
		g.peak = g.v
	}
}

// Set changes the value to v at time t.
func (g *Gauge) Set(t time.Duration, v int64) { g.Add(t, v-g.v) }

// IntegralAt returns the integral of the value from the start to t >= the
// last update, in value-seconds.
func (g *Gauge) IntegralAt(t time.Duration) float64 {
	return (g.integral + float64(g.v)*float64(t-g.last)) / 1e9
}

// MeanAt returns the time-weighted mean from the start to t.
func (g *Gauge) MeanAt(t time.Duration) float64 {
	if t <= g.start {
		return float64(g.v)
	}
	return g.IntegralAt(t) * 1e9 / float64(t-g.start)
}

// Restart forgets the history before t (a warm-up period): the integral
// restarts at zero and the peak at the current value.
func (g *Gauge) Restart(t time.Duration) {
	g.integral = 0
	g.last = t
	g.start = t
	g.peak = g.v
}
