package simulator

import (
	"fmt"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/engine"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

func benchCfg(b *testing.B) fc.Config {
	cat := catalog.Default()
	cfg, err := fc.DefaultConfig(cat, "go1", "cn-hangzhou")
	if err != nil {
		b.Fatal(err)
	}
	cfg.Duration = engine.LogNormalDist(100*time.Millisecond, 900*time.Millisecond)
	return cfg
}

// BenchmarkEndToEndPoisson100 runs the whole pipeline (generator, scheduler,
// bill) on b.N requests at 100 req/s; req/s is simulated requests per
// second of wall time.
func BenchmarkEndToEndPoisson100(b *testing.B) {
	cfg := benchCfg(b)
	span := time.Duration(float64(b.N) / 100 * float64(time.Second))
	if span < time.Second {
		span = time.Second
	}
	src, err := workload.OpenSpec(fmt.Sprintf("poisson:rate=100/s,duration=%ds", int64(span.Seconds())+1), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuNow()
	rep, err := Run(cfg, src, Options{Billing: billing.Options{Pricing: "fc3"}})
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpuNow() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(rep.Requests)/b.Elapsed().Seconds(), "req/s")
	if cpu > 0 {
		b.ReportMetric(float64(rep.Requests)/cpu.Seconds(), "req/cpu-s")
	}
}

// BenchmarkMonthAt100rps is the target: 30 days at 100 req/s
// (~259 M requests). Run with -benchtime 1x; it is skipped in -short mode.
func BenchmarkMonthAt100rps(b *testing.B) {
	if testing.Short() {
		b.Skip("a month of traffic")
	}
	cfg := benchCfg(b)
	for i := 0; i < b.N; i++ {
		src, err := workload.OpenSpec("poisson:rate=100/s,duration=720h", int64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		cpu0 := cpuNow()
		rep, err := Run(cfg, src, Options{Billing: billing.Options{Pricing: "fc3"}})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Requests), "requests")
		if cpu := cpuNow() - cpu0; cpu > 0 {
			b.ReportMetric(cpu.Seconds(), "cpu-s")
		}
	}
}
