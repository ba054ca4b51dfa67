package workload

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// benchRows is the size of the CSV the read benchmark generates
// (FCPLAN_BENCH_ROWS overrides the default of 10 M).
func benchRows(b *testing.B) int {
	if v := os.Getenv("FCPLAN_BENCH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("FCPLAN_BENCH_ROWS=%q: expected a positive number", v)
		}
		return n
	}
	return 10_000_000
}

// BenchmarkReadCSV reads a generated CSV trace (timestamp, duration_ms,
// function, async) and, on the same file, times `wc -l` for comparison:
// the issue asks for the read to stay within 5x of wc -l.
func BenchmarkReadCSV(b *testing.B) {
	rows := benchRows(b)
	path := filepath.Join(b.TempDir(), "trace.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	src, err := OpenSpec("poisson:rate=1000/s,duration=365d,function=api", 1)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := WriteCSV(w, &limited{src: src, n: rows}); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)

	b.Run("fcplan", func(b *testing.B) {
		b.SetBytes(st.Size())
		for b.Loop() {
			src, err := OpenFile(path, "csv", FileOptions{})
			if err != nil {
				b.Fatal(err)
			}
			var a Arrival
			n := 0
			for {
				ok, err := src.Next(&a)
				if err != nil {
					b.Fatal(err)
				}
				if !ok {
					break
				}
				n++
			}
			src.Close()
			if n != rows {
				b.Fatalf("read %d rows, want %d", n, rows)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
	})
	b.Run("wc-l", func(b *testing.B) {
		wc, err := exec.LookPath("wc")
		if err != nil {
			b.Skip("wc not installed")
		}
		b.SetBytes(st.Size())
		for b.Loop() {
			if out, err := exec.Command(wc, "-l", path).Output(); err != nil {
				b.Fatalf("wc -l: %v (%s)", err, out)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
	})
}

// limited stops a source after n arrivals.
type limited struct {
	src Source
	n   int
}

func (l *limited) Next(a *Arrival) (bool, error) {
	if l.n == 0 {
		return false, nil
	}
	l.n--
	return l.src.Next(a)
}

func (l *limited) Close() error { return l.src.Close() }

// BenchmarkGenerators reports arrivals per second for each generator; each
// op generates one whole hour-long trace, so thinning's quiet stretches
// (diurnal) are counted fairly.
func BenchmarkGenerators(b *testing.B) {
	for _, spec := range []string{
		"poisson:rate=1000/s,duration=1h",
		"diurnal:mean=1000/s,peak=10000/s,period=1h",
		"burst:base=100/s,peak=10000/s,at=20m,for=10m,duration=1h",
		"cron:every=1ms,duration=1h",
	} {
		b.Run(spec[:indexByte(spec, ':')], func(b *testing.B) {
			var n int
			for b.Loop() {
				src, err := OpenSpec(spec, 1)
				if err != nil {
					b.Fatal(err)
				}
				var a Arrival
				for {
					ok, err := src.Next(&a)
					if err != nil {
						b.Fatal(err)
					}
					if !ok {
						break
					}
					n++
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "arrivals/s")
		})
	}
}

// BenchmarkAzure2019 expands the 10 busiest-function Azure 2019 day.
func BenchmarkAzure2019(b *testing.B) {
	path := sharedTrace(b, "azure2019-invitro-10")
	for b.Loop() {
		src, err := OpenFile(path, "azure2019", FileOptions{TopN: 1, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		var a Arrival
		n := 0
		for {
			ok, err := src.Next(&a)
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			n++
		}
		b.ReportMetric(float64(n), "arrivals/op")
	}
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return len(s)
}
