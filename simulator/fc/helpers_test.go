package fc

import (
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// poisson is a test source: Poisson arrivals at rate per second, n of them.
type poisson struct {
	r     *engine.Rand
	mean  float64 // mean gap in ns
	t     float64
	n     int
	async bool
}

func newPoisson(seed uint64, rate float64, n int) *poisson {
	return &poisson{r: engine.NewRand(seed, 99), mean: 1e9 / rate, n: n}
}

func (p *poisson) Next(a *Arrival) (bool, error) {
	if p.n == 0 {
		return false, nil
	}
	p.n--
	p.t += p.mean * p.r.ExpFloat64()
	*a = Arrival{At: time.Duration(p.t), Async: p.async}
	return true, nil
}

// list is a test source over fixed arrivals.
type list []Arrival

func (l *list) Next(a *Arrival) (bool, error) {
	if len(*l) == 0 {
		return false, nil
	}
	*a = (*l)[0]
	*l = (*l)[1:]
	return true, nil
}

// bareConfig is a model with every platform effect switched off: no cold
// start, no overhead, no creation limit, no reclaim, 1 GB / 1 vCPU.
func bareConfig() Config {
	zero := engine.FixedDist(0)
	return Config{
		Runtime:      "go1",
		MemoryMB:     1024,
		VCPU:         1,
		Concurrency:  1,
		Timeout:      time.Hour,
		MaxInstances: 1_000_000,
		KeepAlive:    NoReclaim,
		ColdStart:    ColdStart{Override: &zero},
		WarmOverhead: zero,
		WakeUp:       zero,
		Duration:     zero,
		Async: AsyncPolicy{
			MaxRetries: 3, BackoffMin: time.Second, BackoffMax: time.Minute, MaxEventAge: 6 * time.Hour,
		},
		TrackInterval: time.Minute,
		PoolSize:      1,
		Seed:          1,
	}
}

func run(t testing.TB, cfg Config, src Source) *Result {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Run(src)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return got
	}
	d := (got - want) / want
	if d < 0 {
		return -d
	}
	return d
}
