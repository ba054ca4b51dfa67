package fc

import (
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// burst is a test source: Poisson arrivals at base per second, stepping to
// peak per second during [at, at+length), until end.
type burst struct {
	r               *engine.Rand
	base, peak      float64 // per second
	at, length, end time.Duration
	t               float64 // ns
	async           bool
}

func newBurst(base, peak float64, at, length, end time.Duration) *burst {
	return &burst{r: engine.NewRand(1, 98), base: base, peak: peak, at: at, length: length, end: end, async: true}
}

func (b *burst) Next(a *Arrival) (bool, error) {
	rate := b.base
	if t := time.Duration(b.t); t >= b.at && t < b.at+b.length {
		rate = b.peak
	}
	b.t += 1e9 / rate * b.r.ExpFloat64()
	if time.Duration(b.t) >= b.end {
		return false, nil
	}
	*a = Arrival{At: time.Duration(b.t), Async: b.async}
	return true, nil
}

// asyncBurstConfig is the `fcplan simulate --invocation async` case the
// benchmark scales down: 100 instances of 100 ms requests against a burst
// far above their 1000 req/s, so most of the burst waits in the async queue.
func asyncBurstConfig() Config {
	cfg := bareConfig()
	cold := engine.FixedDist(250 * time.Millisecond)
	cfg.ColdStart.Override = &cold
	cfg.KeepAlive = 5 * time.Minute
	cfg.Duration = engine.FixedDist(100 * time.Millisecond)
	cfg.Timeout = 3 * time.Second
	cfg.MaxInstances = 100
	cfg.ScaleOutBurst, cfg.ScaleOutPerMinute = 300, 300
	return cfg
}

// BenchmarkAsyncBurst offers about 3 M async events in one minute at
// 50,000/s to 100 instances (1,000/s): the queue peaks near 3 M events and
// most are still pending at the end of the 15-minute window. One op is the
// whole run.
func BenchmarkAsyncBurst(b *testing.B) {
	benchmarkBurst(b, true)
}

// BenchmarkSyncBurst is the same burst invoked synchronously: what is over
// capacity is throttled instead of queued. It is the baseline the async
// case is compared with.
func BenchmarkSyncBurst(b *testing.B) {
	benchmarkBurst(b, false)
}

func benchmarkBurst(b *testing.B, async bool) {
	cfg := asyncBurstConfig()
	cfg.Window = 15 * time.Minute
	b.ReportAllocs()
	var r *Result
	var cpu time.Duration
	for b.Loop() {
		s, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		src := newBurst(100, 50000, 2*time.Minute, time.Minute, cfg.Window)
		src.async = async
		cpu0 := cpuNow()
		r, err = s.Run(src)
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuNow() - cpu0
	}
	n := float64(r.Requests) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "req/s")
	if cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), "req/cpu-s")
	}
	b.ReportMetric(float64(r.QueuePeak), "queue-peak")
}
