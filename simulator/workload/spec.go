package workload

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Generators lists the generator kinds OpenSpec accepts.
var Generators = []string{"poisson", "diurnal", "burst", "cron", "replay"}

// specArgs is a parsed "kind:key=value,..." spec.
type specArgs struct {
	kind  string
	pos   []string // values without a key (replay's FILE)
	kv    map[string]string
	order []string
}

// SpecError is a bad generator spec: it names the key and what was expected.
type SpecError struct {
	Spec string
	Key  string
	Msg  string
}

func (e *SpecError) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("workload %q: %s", e.Spec, e.Msg)
	}
	return fmt.Sprintf("workload %q: %s: %s", e.Spec, e.Key, e.Msg)
}

func parseSpec(spec string) (*specArgs, error) {
	kind, rest, _ := strings.Cut(strings.TrimSpace(spec), ":")
	kind = strings.ToLower(strings.TrimSpace(kind))
	if !slices.Contains(Generators, kind) {
		return nil, &SpecError{Spec: spec, Msg: fmt.Sprintf("unknown generator %q (expected %s, e.g. poisson:rate=5/s,duration=1h)", kind, strings.Join(Generators, ", "))}
	}
	a := &specArgs{kind: kind, kv: map[string]string{}}
	if strings.TrimSpace(rest) == "" {
		return a, nil
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok {
			if k == "" {
				return nil, &SpecError{Spec: spec, Msg: "empty item (expected key=value items separated by commas)"}
			}
			a.pos = append(a.pos, strings.TrimSpace(part))
			continue
		}
		if k == "" {
			return nil, &SpecError{Spec: spec, Msg: fmt.Sprintf("item %q has no key (expected key=value)", part)}
		}
		if _, dup := a.kv[k]; dup {
			return nil, &SpecError{Spec: spec, Key: k, Msg: "given twice"}
		}
		a.kv[k] = strings.TrimSpace(v)
		a.order = append(a.order, k)
	}
	return a, nil
}

// check rejects keys the generator does not know.
func (a *specArgs) check(spec string, known ...string) error {
	known = append(known, "function", "async")
	for _, k := range a.order {
		if !slices.Contains(known, k) {
			return &SpecError{Spec: spec, Key: k, Msg: fmt.Sprintf("unknown key for %s (expected %s)", a.kind, strings.Join(known, ", "))}
		}
	}
	if a.kind != "replay" && len(a.pos) > 0 {
		return &SpecError{Spec: spec, Msg: fmt.Sprintf("item %q is not key=value (expected %s)", a.pos[0], strings.Join(known, ", "))}
	}
	return nil
}

// ParseRate parses a rate such as "5/s", "300/m", "2/h" or "10/d" into
// events per second.
func ParseRate(s string) (float64, error) {
	num, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, fmt.Errorf("expected a rate with a unit, like 5/s, 300/m or 2/h; got %q", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("expected a non-negative number before the /, got %q", num)
	}
	var per float64
	switch strings.TrimSpace(unit) {
	case "s", "sec", "second":
		per = 1
	case "m", "min", "minute":
		per = 60
	case "h", "hour":
		per = 3600
	case "d", "day":
		per = 86400
	default:
		return 0, fmt.Errorf("expected the unit /s, /m, /h or /d, got /%s", unit)
	}
	if v/per > MaxRate {
		return 0, fmt.Errorf("expected at most %g/s, got %q", float64(MaxRate), s)
	}
	return v / per, nil
}

// MaxRate bounds generator rates (per second) so that the time between
// arrivals stays far above float64 resolution over a year-long trace.
const MaxRate = 1e6

// ParseDuration parses a Go duration ("90s", "1h30m") or a number of days
// ("30d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		v, err := strconv.ParseFloat(days, 64)
		if err != nil || !(v >= 0 && v <= 100000) { // NaN fails both
			return 0, fmt.Errorf("expected a number of days like 30d, got %q", s)
		}
		return time.Duration(v * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("expected a duration like 90s, 10m, 24h or 30d, got %q", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("expected a non-negative duration, got %q", s)
	}
	return d, nil
}

func (a *specArgs) rate(spec, key string, required bool, def float64) (float64, error) {
	v, ok := a.kv[key]
	if !ok {
		if required {
			return 0, &SpecError{Spec: spec, Key: key, Msg: "missing (expected a rate like 5/s)"}
		}
		return def, nil
	}
	r, err := ParseRate(v)
	if err != nil {
		return 0, &SpecError{Spec: spec, Key: key, Msg: err.Error()}
	}
	return r, nil
}

func (a *specArgs) duration(spec, key string, required bool, def time.Duration) (time.Duration, error) {
	v, ok := a.kv[key]
	if !ok {
		if required {
			return 0, &SpecError{Spec: spec, Key: key, Msg: "missing (expected a duration like 10m or 24h)"}
		}
		return def, nil
	}
	d, err := ParseDuration(v)
	if err != nil {
		return 0, &SpecError{Spec: spec, Key: key, Msg: err.Error()}
	}
	return d, nil
}

func (a *specArgs) float(spec, key string, def, lo, hi float64) (float64, error) {
	v, ok := a.kv[key]
	if !ok {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < lo || f > hi || math.IsNaN(f) {
		return 0, &SpecError{Spec: spec, Key: key, Msg: fmt.Sprintf("expected a number from %g to %g, got %q", lo, hi, v)}
	}
	return f, nil
}

func (a *specArgs) boolean(spec, key string) (bool, error) {
	v, ok := a.kv[key]
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, &SpecError{Spec: spec, Key: key, Msg: fmt.Sprintf("expected true or false, got %q", v)}
	}
	return b, nil
}
