package fc

import (
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// benchConfig is a realistic single function: Go runtime cold starts,
// 5-minute keep-alive, log-normal execution time, concurrency 1.
func benchConfig() Config {
	cfg := bareConfig()
	cold := engine.LogNormalDist(60*time.Millisecond, 150*time.Millisecond)
	cfg.ColdStart.Override = &cold
	cfg.KeepAlive = 5 * time.Minute
	cfg.Duration = engine.LogNormalDist(100*time.Millisecond, 900*time.Millisecond)
	cfg.MaxInstances = 100
	cfg.ScaleOutBurst, cfg.ScaleOutPerMinute = 300, 300
	return cfg
}

// BenchmarkPoissonConcurrency1 measures simulated requests per second of
// wall time on one core: b.N requests at 100 req/s.
func BenchmarkPoissonConcurrency1(b *testing.B) {
	benchmarkPoisson(b, 1, 100)
}

// BenchmarkPoissonConcurrency1Busy has ~800 instances alive.
func BenchmarkPoissonConcurrency1Busy(b *testing.B) {
	benchmarkPoisson(b, 1, 5000)
}

// BenchmarkPoissonConcurrency10 packs requests on instances with 10 slots.
func BenchmarkPoissonConcurrency10(b *testing.B) {
	benchmarkPoisson(b, 10, 1000)
}

func benchmarkPoisson(b *testing.B, conc int, rate float64) {
	cfg := benchConfig()
	cfg.Concurrency = conc
	cfg.MaxInstances = 100000
	s, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	src := newPoisson(1, rate, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuNow()
	r, err := s.Run(src)
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpuNow() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(r.Requests)/b.Elapsed().Seconds(), "req/s")
	if cpu > 0 {
		b.ReportMetric(float64(r.Requests)/cpu.Seconds(), "req/cpu-s")
	}
	b.ReportMetric(float64(r.InstancesPeak), "peak-instances")
}
