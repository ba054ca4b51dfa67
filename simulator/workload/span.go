package workload

import (
	"math"
	"time"
)

// Spanned is implemented by generated workloads: Span is the length of
// traffic they describe, default included (a diurnal spec without
// duration= spans one period). A simulation window must be that span, not
// the time of the last arrival, or a quiet tail would be cut off and the
// monthly extrapolation inflated.
type Spanned interface {
	Span() time.Duration
}

func secondsSpan(s float64) time.Duration {
	return time.Duration(math.Round(s * float64(time.Second)))
}

// Span implements Spanned.
func (s *poissonSource) Span() time.Duration { return secondsSpan(s.end) }

// Span implements Spanned.
func (s *diurnalSource) Span() time.Duration { return secondsSpan(s.end) }

// Span implements Spanned.
func (s *burstSource) Span() time.Duration { return secondsSpan(s.end) }

// Span implements Spanned.
func (s *cronSource) Span() time.Duration { return s.end }

// SpecSpan is the span of the generated workload spec (see Spanned), or 0
// for a spec that does not state one (replay: follows its file).
func SpecSpan(spec string) (time.Duration, error) {
	src, err := OpenSpec(spec, 1)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	if s, ok := src.(Spanned); ok {
		return s.Span(), nil
	}
	return 0, nil
}
