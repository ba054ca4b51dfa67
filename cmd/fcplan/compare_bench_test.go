package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// BenchmarkCompare12Variants is issue 6's done criterion: 12 variants
// (memory 3 x instance concurrency 4) of a one-day trace, about 1.7 M
// requests each, plus the shared ECS fleet, with GOMAXPROCS 1 and 2. The
// sub-benchmarks set GOMAXPROCS themselves (rather than relying on -cpu,
// whose first run of a process was seen at the machine's full GOMAXPROCS):
//
//	go test ./cmd/fcplan -run '^$' -bench Compare12Variants -benchtime 3x -count 3
//
// "cores" is CPU time / wall time: about 1 with procs=1, near 2 when the
// worker pool keeps both cores busy.
func BenchmarkCompare12Variants(b *testing.B) {
	args := []string{"compare", "--workload", "poisson:rate=20/s,duration=24h", "--runtime", "go1",
		"--duration", "lognormal:p50=80ms,p99=400ms",
		"--vary", "memorySize=512,1024,2048", "--vary", "instanceConcurrency=1,5,10,50", "--format", "json"}
	for _, procs := range []int{1, 2} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
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
				b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			}
		})
	}
}
