package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DistKind names the shape of a Dist.
type DistKind uint8

// Distribution shapes.
const (
	Fixed     DistKind = iota // always A
	Exp                       // exponential with mean A
	LogNormal                 // exp(N(A, B)): A = ln(median), B = sigma
	Uniform                   // uniform in [A, B]
)

// Dist is a distribution of non-negative delays, in nanoseconds. It is a small
// value (no interface), so sampling inlines into the models' hot loops.
type Dist struct {
	Kind DistKind
	A, B float64
	spec string
	// quantiles tabulates a log-normal's inverse CDF (see lnTable).
	quantiles *lnTable
}

// FixedDist returns the distribution that is always d.
func FixedDist(d time.Duration) Dist {
	return Dist{Kind: Fixed, A: float64(d), spec: "fixed:" + d.String()}
}

// ExpDist returns the exponential distribution with the given mean.
func ExpDist(mean time.Duration) Dist {
	return Dist{Kind: Exp, A: float64(mean), spec: "exp:mean=" + mean.String()}
}

// LogNormalDist returns the log-normal distribution with median p50 and 99th
// percentile p99 (p99 >= p50 > 0).
func LogNormalDist(p50, p99 time.Duration) Dist {
	a := math.Log(float64(p50))
	b := (math.Log(float64(p99)) - a) / z99
	return Dist{Kind: LogNormal, A: a, B: b, spec: "lognormal:p50=" + p50.String() + ",p99=" + p99.String(), quantiles: newLNTable(a, b)}
}

// UniformDist returns the uniform distribution on [lo, hi].
func UniformDist(lo, hi time.Duration) Dist {
	return Dist{Kind: Uniform, A: float64(lo), B: float64(hi), spec: "uniform:min=" + lo.String() + ",max=" + hi.String()}
}

// Sample draws one delay.
func (d *Dist) Sample(r *Rand) time.Duration {
	switch d.Kind {
	case Fixed:
		return time.Duration(d.A)
	case Exp:
		return toDelay(d.A * r.ExpFloat64())
	case LogNormal:
		if d.quantiles != nil {
			return toDelay(d.quantiles.sample(d.A, d.B, r.Uint64()))
		}
		return toDelay(fastExp(d.A + d.B*r.NormFloat64()))
	case Uniform:
		return toDelay(d.A + (d.B-d.A)*r.Float64())
	}
	return 0
}

// maxDelay caps samples (about 292 years) so a wild tail cannot overflow.
const maxDelay = float64(1 << 62)

func toDelay(f float64) time.Duration {
	if f < maxDelay {
		return time.Duration(f)
	}
	return time.Duration(1 << 62)
}

// IsZero reports whether the distribution is always zero.
func (d Dist) IsZero() bool { return d.Kind == Fixed && d.A == 0 }

// Mean returns the expected delay.
func (d Dist) Mean() time.Duration {
	switch d.Kind {
	case Fixed, Exp:
		return time.Duration(d.A)
	case LogNormal:
		return time.Duration(math.Exp(d.A + d.B*d.B/2))
	case Uniform:
		return time.Duration((d.A + d.B) / 2)
	}
	return 0
}

// Quantile returns the delay at probability p in (0, 1).
func (d Dist) Quantile(p float64) time.Duration {
	switch d.Kind {
	case Fixed:
		return time.Duration(d.A)
	case Exp:
		return time.Duration(-d.A * math.Log1p(-p))
	case LogNormal:
		return time.Duration(math.Exp(d.A + d.B*normQuantile(p)))
	case Uniform:
		return time.Duration(d.A + (d.B-d.A)*p)
	}
	return 0
}

// Scale returns the distribution of k times a sample of d (k >= 0).
func (d Dist) Scale(k float64) Dist {
	out := d
	switch d.Kind {
	case Fixed, Exp:
		out.A *= k
	case LogNormal:
		if k == 0 {
			return FixedDist(0)
		}
		out.A += math.Log(k)
		out.quantiles = newLNTable(out.A, out.B)
	case Uniform:
		out.A *= k
		out.B *= k
	}
	out.spec = fmt.Sprintf("%s*%g", d.String(), k)
	return out
}

// String returns the spec the distribution was built from, in ParseDist's
// syntax.
func (d Dist) String() string {
	if d.spec == "" {
		return "fixed:0s"
	}
	return d.spec
}

// DistSyntax describes the accepted specs, for error messages and help text.
const DistSyntax = `fixed:200ms | exp:mean=200ms | lognormal:p50=120ms,p99=900ms | uniform:min=500ms,max=1.5s (a bare duration such as 200ms means fixed)`

// ParseDist parses a distribution spec (see DistSyntax). Durations use Go
// syntax (ms, s, m, h); "0" is accepted for zero.
func ParseDist(spec string) (Dist, error) {
	s := strings.TrimSpace(spec)
	kind, args, hasColon := strings.Cut(s, ":")
	if !hasColon {
		d, err := parseDelay(s)
		if err != nil {
			return Dist{}, fmt.Errorf("distribution %q: expected %s", spec, DistSyntax)
		}
		return FixedDist(d), nil
	}
	params, err := parseParams(args)
	if err != nil {
		return Dist{}, fmt.Errorf("distribution %q: %w", spec, err)
	}
	need := func(names ...string) ([]time.Duration, error) {
		out := make([]time.Duration, len(names))
		for i, n := range names {
			v, ok := params[n]
			if !ok {
				return nil, fmt.Errorf("distribution %q: %s needs %s=DURATION", spec, kind, n)
			}
			delete(params, n)
			d, err := parseDelay(v)
			if err != nil {
				return nil, fmt.Errorf("distribution %q: %s=%q: expected a duration such as 120ms", spec, n, v)
			}
			out[i] = d
		}
		for n := range params {
			return nil, fmt.Errorf("distribution %q: unknown parameter %q for %s", spec, n, kind)
		}
		return out, nil
	}
	switch kind {
	case "fixed":
		if len(params) == 0 {
			d, err := parseDelay(args)
			if err != nil {
				return Dist{}, fmt.Errorf("distribution %q: fixed:%q: expected a duration such as 200ms", spec, args)
			}
			return FixedDist(d), nil
		}
		v, err := need("value")
		if err != nil {
			return Dist{}, err
		}
		return FixedDist(v[0]), nil
	case "exp", "exponential":
		v, err := need("mean")
		if err != nil {
			return Dist{}, err
		}
		return ExpDist(v[0]), nil
	case "lognormal":
		if _, ok := params["median"]; ok {
			params["p50"] = params["median"]
			delete(params, "median")
		}
		v, err := need("p50", "p99")
		if err != nil {
			return Dist{}, err
		}
		if v[0] <= 0 || v[1] < v[0] {
			return Dist{}, fmt.Errorf("distribution %q: lognormal needs 0 < p50 <= p99", spec)
		}
		return LogNormalDist(v[0], v[1]), nil
	case "uniform":
		v, err := need("min", "max")
		if err != nil {
			return Dist{}, err
		}
		if v[1] < v[0] {
			return Dist{}, fmt.Errorf("distribution %q: uniform needs min <= max", spec)
		}
		return UniformDist(v[0], v[1]), nil
	}
	return Dist{}, fmt.Errorf("distribution %q: unknown kind %q, expected %s", spec, kind, DistSyntax)
}

// parseParams splits "a=1,b=2" into a map; a value without "=" is returned
// under the empty key only when it is the sole item.
func parseParams(s string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	items := strings.Split(s, ",")
	for _, it := range items {
		k, v, ok := strings.Cut(strings.TrimSpace(it), "=")
		if !ok {
			if len(items) == 1 {
				return map[string]string{}, nil
			}
			return nil, fmt.Errorf("parameter %q: expected key=value", it)
		}
		k = strings.TrimSpace(k)
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("parameter %q given twice", k)
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, nil
}

// parseDelay parses a non-negative Go duration; "0" and a plain number of
// milliseconds are not guessed: only "0" is accepted without a unit.
func parseDelay(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, fmt.Errorf("negative duration %s", s)
	}
	return d, nil
}

// ParseDelay parses a non-negative duration in Go syntax ("0" allowed).
func ParseDelay(s string) (time.Duration, error) { return parseDelay(s) }

// FormatFloat is strconv.FormatFloat(f, 'g', -1, 64), kept here so models
// format numbers in specs the same way.
func FormatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// Named returns d labelled with spec, for models that build a distribution
// from a spec of their own (such as a CPU-scaled execution time).
func (d Dist) Named(spec string) Dist {
	d.spec = spec
	return d
}
