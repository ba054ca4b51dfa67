package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

// BenchmarkCompare12Variants is issue 6's done criterion: 12 variants
// (memory 3 x instance concurrency 4) of a one-day trace, about 1.7 M
// requests each, plus the shared ECS fleet. Run with -cpu 1,2 to see the
// worker pool use both cores:
//
//	go test ./cmd/fcplan -run '^$' -bench Compare12Variants -benchtime 3x -cpu 1,2
func BenchmarkCompare12Variants(b *testing.B) {
	args := []string{"compare", "--workload", "poisson:rate=20/s,duration=24h", "--runtime", "go1",
		"--duration", "lognormal:p50=80ms,p99=400ms",
		"--vary", "memorySize=512,1024,2048", "--vary", "instanceConcurrency=1,5,10,50", "--format", "json"}
	cpu0, wall0 := compareCPUNow(), time.Now()
	for b.Loop() {
		var errb strings.Builder
		if code := Execute(args, &Streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &errb}); code != ExitOK {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
	cpu, wall := compareCPUNow()-cpu0, time.Since(wall0)
	b.ReportMetric(12*20*86400, "requests/op")
	if cpu > 0 {
		// Cores kept busy: about 1 with -cpu 1, near 2 with -cpu 2 when
		// the pool uses both cores.
		b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
