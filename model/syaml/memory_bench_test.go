package syaml

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// generatedSYAML writes an fc3 s.yaml of about size bytes: one function
// after another, each with the props a real function has (about 300 bytes
// each: runtime, handler, memory, environment, an HTTP trigger).
func generatedSYAML(size int) []byte {
	buf := make([]byte, 0, size+1024)
	buf = append(buf, "edition: 3.0.0\nname: generated\naccess: default\nvars:\n  region: cn-hangzhou\nresources:\n"...)
	for i := 0; len(buf) < size; i++ {
		buf = fmt.Appendf(buf, `  f%06d:
    component: fc3
    props:
      region: ${vars.region}
      functionName: fn-%06d
      runtime: python3.10
      handler: index.handler
      code: ./code/f%06d
      memorySize: 512
      timeout: 60
      environmentVariables:
        STAGE: prod
      triggers:
        - triggerName: http
          triggerType: http
          triggerConfig:
            authType: function
            methods: [GET, POST]
`, i, i, i)
	}
	return buf
}

// heapPeak samples the bytes of live and not-yet-swept heap objects every
// millisecond until stop is closed, and returns the largest value seen.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak {
				peak = v
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

var sinkFunctions atomic.Int64

// BenchmarkLoadMemory measures memory per MB of s.yaml input on generated
// files of about 5 and 15 MB: bytes allocated, the heap's peak while
// loading (sampled every millisecond, with the default GOGC) and what the
// loaded project keeps, each divided by the input size.
func BenchmarkLoadMemory(b *testing.B) {
	for _, mb := range []int{5, 15} {
		data := generatedSYAML(mb << 20)
		in := float64(len(data)) / (1 << 20)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var peakSum, keptSum, allocSum float64
			n := 0
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := make(chan struct{})
				peak := heapPeak(stop)
				p := Load("s.yaml", data, Options{})
				close(stop)
				pk := <-peak
				runtime.GC()
				runtime.ReadMemStats(&after)
				if len(p.Functions) == 0 || p.HasErrors() {
					b.Fatalf("generated file did not load: %d functions, %v", len(p.Functions), p.Diagnostics)
				}
				sinkFunctions.Store(int64(len(p.Functions)))
				peakSum += float64(pk-min(pk, before.HeapAlloc)) / (1 << 20)
				keptSum += float64(after.HeapAlloc-min(after.HeapAlloc, before.HeapAlloc)) / (1 << 20)
				allocSum += float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
				n++
				runtime.KeepAlive(p)
			}
			b.ReportMetric(in, "input-MB")
			b.ReportMetric(allocSum/float64(n)/in, "alloc-MB/MB")
			b.ReportMetric(peakSum/float64(n)/in, "peak-MB/MB")
			b.ReportMetric(keptSum/float64(n)/in, "kept-MB/MB")
		})
	}
}
