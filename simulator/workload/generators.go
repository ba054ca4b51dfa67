package workload

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// maxSpan bounds generated traces (about 290 years fits a time.Duration;
// a year is plenty).
const maxSpan = 366 * 24 * time.Hour

// OpenSpec opens a generator described by spec (see the package doc); seed
// makes the stream reproducible.
func OpenSpec(spec string, seed int64) (Source, error) {
	a, err := parseSpec(spec)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6663706c616e)) // "fcplan"
	var common genCommon
	common.function = a.kv["function"]
	if common.async, err = a.boolean(spec, "async"); err != nil {
		return nil, err
	}
	switch a.kind {
	case "poisson":
		return openPoisson(spec, a, rng, common)
	case "diurnal":
		return openDiurnal(spec, a, rng, common)
	case "burst":
		return openBurst(spec, a, rng, common)
	case "cron":
		return openCron(spec, a, common)
	case "replay":
		return openReplay(spec, a, seed, rng)
	}
	return nil, &SpecError{Spec: spec, Msg: "unknown generator"}
}

type genCommon struct {
	function string
	async    bool
}

func (c genCommon) fill(a *Arrival, at time.Duration) {
	*a = Arrival{At: at, Function: c.function, Async: c.async}
}

func span(spec string, a *specArgs, def time.Duration, required bool) (time.Duration, error) {
	d, err := a.duration(spec, "duration", required, def)
	if err != nil {
		return 0, err
	}
	if d > maxSpan {
		return 0, &SpecError{Spec: spec, Key: "duration", Msg: fmt.Sprintf("expected at most %s", maxSpan)}
	}
	return d, nil
}

// poissonSource draws exponential inter-arrival times at a constant rate.
type poissonSource struct {
	genCommon
	rng  *rand.Rand
	rate float64 // per second
	t    float64 // seconds
	end  float64
}

func openPoisson(spec string, a *specArgs, rng *rand.Rand, c genCommon) (Source, error) {
	if err := a.check(spec, "rate", "duration"); err != nil {
		return nil, err
	}
	rate, err := a.rate(spec, "rate", true, 0)
	if err != nil {
		return nil, err
	}
	d, err := span(spec, a, 0, true)
	if err != nil {
		return nil, err
	}
	return &poissonSource{genCommon: c, rng: rng, rate: rate, end: d.Seconds()}, nil
}

func (s *poissonSource) Close() error { return nil }

func (s *poissonSource) Next(a *Arrival) (bool, error) {
	if s.rate <= 0 {
		return false, nil
	}
	s.t += s.rng.ExpFloat64() / s.rate
	if s.t >= s.end {
		s.t = s.end
		return false, nil
	}
	s.fill(a, secondsToDuration(s.t))
	return true, nil
}

func secondsToDuration(t float64) time.Duration {
	return time.Duration(math.Round(t * 1e9))
}

// diurnalSource is a non-homogeneous Poisson process drawn by thinning. Its
// rate is trough + (peak-trough)*s(t)^k with s(t) = (1-cos(2*pi*(t-peakAt)/
// period + pi))/2, which is 1 at peakAt and 0 half a period away. When peak
// <= 2*mean, k = 1 and trough = 2*mean - peak; otherwise trough = 0 and k is
// chosen so that the mean over a period is mean: Gamma(k+1/2) /
// (sqrt(pi)*Gamma(k+1)) = mean/peak.
//
// Thinning runs against a piecewise-constant envelope: the period is cut
// into diurnalSegments equal phase segments, each with the rate's maximum
// over it (the rate is monotonic within a segment), so few candidates are
// rejected even for a sharp peak.
type diurnalSource struct {
	genCommon
	rng                 *rand.Rand
	peak, trough, k     float64
	period, peakAt, end float64
	t                   float64

	env    [diurnalSegments]float64
	segLen float64 // seconds
	t0     float64 // a time at phase 0 (half a period before the peak)
	seg    int64   // current segment number since t0
	segEnd float64
}

const diurnalSegments = 256

func (s *diurnalSource) initEnvelope() {
	s.segLen = s.period / diurnalSegments
	s.t0 = s.peakAt - s.period/2
	for j := range s.env {
		a := s.rate(s.t0 + float64(j)*s.segLen)
		b := s.rate(s.t0 + float64(j+1)*s.segLen)
		s.env[j] = math.Max(a, b) * (1 + 1e-12)
	}
	s.seg = int64(math.Floor((s.t - s.t0) / s.segLen))
	s.segEnd = s.t0 + float64(s.seg+1)*s.segLen
}

// DiurnalShape returns the trough rate and exponent k of the diurnal
// generator for a mean and peak rate (see diurnalSource).
func DiurnalShape(mean, peak float64) (trough, k float64, err error) {
	switch {
	case mean <= 0 || peak <= 0:
		return 0, 0, fmt.Errorf("expected positive mean and peak rates")
	case mean > peak:
		return 0, 0, fmt.Errorf("expected mean (%g/s) at most peak (%g/s)", mean, peak)
	case peak <= 2*mean:
		return 2*mean - peak, 1, nil
	}
	ratio := mean / peak
	lo, hi := 1.0, 1e9
	for range 200 {
		mid := math.Sqrt(lo * hi)
		if powCosMean(mid) > ratio {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0, math.Sqrt(lo * hi), nil
}

// powCosMean is the mean of ((1-cos x)/2)^k over a period.
func powCosMean(k float64) float64 {
	a, _ := math.Lgamma(k + 0.5)
	b, _ := math.Lgamma(k + 1)
	return math.Exp(a-b) / math.Sqrt(math.Pi)
}

func openDiurnal(spec string, a *specArgs, rng *rand.Rand, c genCommon) (Source, error) {
	if err := a.check(spec, "mean", "peak", "period", "duration", "peak-at"); err != nil {
		return nil, err
	}
	mean, err := a.rate(spec, "mean", true, 0)
	if err != nil {
		return nil, err
	}
	peak, err := a.rate(spec, "peak", true, 0)
	if err != nil {
		return nil, err
	}
	period, err := a.duration(spec, "period", false, 24*time.Hour)
	if err != nil {
		return nil, err
	}
	if period < time.Minute {
		return nil, &SpecError{Spec: spec, Key: "period", Msg: fmt.Sprintf("expected a duration of at least 1m, got %s", period)}
	}
	d, err := span(spec, a, period, false)
	if err != nil {
		return nil, err
	}
	peakAt, err := a.duration(spec, "peak-at", false, period/2)
	if err != nil {
		return nil, err
	}
	trough, k, err := DiurnalShape(mean, peak)
	if err != nil {
		return nil, &SpecError{Spec: spec, Key: "peak", Msg: err.Error()}
	}
	src := &diurnalSource{genCommon: c, rng: rng, peak: peak, trough: trough, k: k,
		period: period.Seconds(), peakAt: peakAt.Seconds(), end: d.Seconds()}
	src.initEnvelope()
	return src, nil
}

// Rate is the diurnal rate at t seconds.
func (s *diurnalSource) rate(t float64) float64 {
	x := 2*math.Pi*(t-s.peakAt)/s.period + math.Pi
	v := (1 - math.Cos(x)) / 2
	if s.k != 1 {
		v = math.Pow(v, s.k)
	}
	return s.trough + (s.peak-s.trough)*v
}

func (s *diurnalSource) Close() error { return nil }

func (s *diurnalSource) Next(a *Arrival) (bool, error) {
	for s.t < s.end {
		e := s.env[((s.seg%diurnalSegments)+diurnalSegments)%diurnalSegments]
		next := math.Inf(1)
		if e > 0 {
			next = s.t + s.rng.ExpFloat64()/e
		}
		if next >= s.segEnd {
			// Memoryless: restart the clock at the segment boundary.
			s.t = s.segEnd
			s.seg++
			s.segEnd = s.t0 + float64(s.seg+1)*s.segLen
			continue
		}
		s.t = next
		if s.t >= s.end {
			break
		}
		if s.rng.Float64()*e < s.rate(s.t) {
			s.fill(a, secondsToDuration(s.t))
			return true, nil
		}
	}
	s.t = s.end
	return false, nil
}

// burstSource is a Poisson process at base rate with a step to peak rate
// during [at, at+for). Each rate change restarts the exponential clock at
// the boundary, which is exact because the process is memoryless.
type burstSource struct {
	genCommon
	rng                 *rand.Rand
	base, peak          float64
	start, stop, end, t float64
}

func openBurst(spec string, a *specArgs, rng *rand.Rand, c genCommon) (Source, error) {
	if err := a.check(spec, "base", "peak", "at", "for", "duration"); err != nil {
		return nil, err
	}
	base, err := a.rate(spec, "base", true, 0)
	if err != nil {
		return nil, err
	}
	peak, err := a.rate(spec, "peak", true, 0)
	if err != nil {
		return nil, err
	}
	at, err := a.duration(spec, "at", true, 0)
	if err != nil {
		return nil, err
	}
	dur, err := a.duration(spec, "for", true, 0)
	if err != nil {
		return nil, err
	}
	d, err := span(spec, a, 2*at+dur, false)
	if err != nil {
		return nil, err
	}
	return &burstSource{genCommon: c, rng: rng, base: base, peak: peak,
		start: at.Seconds(), stop: (at + dur).Seconds(), end: d.Seconds()}, nil
}

func (s *burstSource) Close() error { return nil }

func (s *burstSource) Next(a *Arrival) (bool, error) {
	for s.t < s.end {
		rate, boundary := s.base, s.start
		switch {
		case s.t >= s.stop:
			boundary = s.end
		case s.t >= s.start:
			rate, boundary = s.peak, s.stop
		}
		if boundary > s.end {
			boundary = s.end
		}
		if rate <= 0 {
			s.t = boundary
			continue
		}
		next := s.t + s.rng.ExpFloat64()/rate
		if next >= boundary {
			s.t = boundary
			continue
		}
		s.t = next
		s.fill(a, secondsToDuration(s.t))
		return true, nil
	}
	return false, nil
}

// cronSource fires count invocations at offset, offset+every, ... before
// the end of the span, like a timer trigger.
type cronSource struct {
	genCommon
	every, next, end time.Duration
	count, left      int
}

func openCron(spec string, a *specArgs, c genCommon) (Source, error) {
	if err := a.check(spec, "every", "count", "offset", "duration"); err != nil {
		return nil, err
	}
	every, err := a.duration(spec, "every", true, 0)
	if err != nil {
		return nil, err
	}
	if every <= 0 {
		return nil, &SpecError{Spec: spec, Key: "every", Msg: "expected a positive duration like 5m"}
	}
	count := 1
	if v, ok := a.kv["count"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return nil, &SpecError{Spec: spec, Key: "count", Msg: fmt.Sprintf("expected a whole number from 1 to 1000000, got %q", v)}
		}
		count = n
	}
	offset, err := a.duration(spec, "offset", false, 0)
	if err != nil {
		return nil, err
	}
	d, err := span(spec, a, 24*time.Hour, false)
	if err != nil {
		return nil, err
	}
	return &cronSource{genCommon: c, every: every, next: offset, end: d, count: count, left: count}, nil
}

func (s *cronSource) Close() error { return nil }

func (s *cronSource) Next(a *Arrival) (bool, error) {
	if s.left == 0 {
		s.next += s.every
		s.left = s.count
	}
	if s.next >= s.end {
		return false, nil
	}
	s.left--
	s.fill(a, s.next)
	return true, nil
}
