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

// BenchmarkPoissonConcurrency10CPUShared is Concurrency10 with the
// CPU-scaling duration model, so every request takes the CPU-sharing path.
func BenchmarkPoissonConcurrency10CPUShared(b *testing.B) {
	d, err := ParseDuration("cpu:io=50ms,cpu=150ms@1vcpu", 1)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkPoissonWith(b, 10, 1000, func(c *Config) { c.Duration, c.CPUSharing = d, true })
}

func benchmarkPoisson(b *testing.B, conc int, rate float64) {
	benchmarkPoissonWith(b, conc, rate, nil)
}

func benchmarkPoissonWith(b *testing.B, conc int, rate float64, set func(*Config)) {
	cfg := benchConfig()
	cfg.Concurrency = conc
	if set != nil {
		set(&cfg)
	}
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
