package engine

import (
	"math"
	"math/rand/v2"
)

// Rand is a deterministic random stream (PCG). Models use one stream per
// purpose (arrivals, durations, cold starts) so that changing one knob does
// not shift the numbers another part of the model draws: two runs that differ
// only in keep-alive see the same arrivals and the same execution times.
type Rand struct {
	pcg *rand.PCG
	r   *rand.Rand
}

// NewRand returns the stream identified by (seed, stream).
func NewRand(seed, stream uint64) *Rand {
	p := rand.NewPCG(seed, stream^0x9e3779b97f4a7c15)
	return &Rand{pcg: p, r: rand.New(p)}
}

// Float64 returns a uniform number in [0, 1).
func (r *Rand) Float64() float64 {
	return float64(r.pcg.Uint64()>>11) * (1.0 / (1 << 53))
}

// Uint64 returns 64 uniform random bits.
func (r *Rand) Uint64() uint64 { return r.pcg.Uint64() }

// ExpFloat64 returns an exponential number with mean 1.
func (r *Rand) ExpFloat64() float64 { return r.r.ExpFloat64() }

// NormFloat64 returns a standard normal number.
func (r *Rand) NormFloat64() float64 { return r.r.NormFloat64() }

// IntN returns a uniform integer in [0, n).
func (r *Rand) IntN(n int) int { return r.r.IntN(n) }

// z99 is the standard normal quantile at 0.99.
const z99 = 2.3263478740408408

// normQuantile returns the standard normal quantile of p in (0, 1).
func normQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }
