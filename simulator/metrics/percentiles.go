package metrics

import (
	"math"
	"time"
)

// Percentiles are a latency histogram's summary in milliseconds, rounded to
// the microsecond. Their JSON keys are part of the reports' contracts.
type Percentiles struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// Percentiles summarises h.
func (h *Histogram) Percentiles() Percentiles {
	return Percentiles{
		P50:  Millis(h.Quantile(0.50)),
		P90:  Millis(h.Quantile(0.90)),
		P99:  Millis(h.Quantile(0.99)),
		P999: Millis(h.Quantile(0.999)),
		Max:  Millis(h.Max()),
		Mean: Millis(h.Mean()),
	}
}

// Millis is d in milliseconds rounded to three places (the microsecond).
func Millis(d time.Duration) float64 {
	return math.Round(float64(d)/1e6*1000) / 1000
}
