package workload

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fuzzLimit bounds the arrivals a fuzz run reads from one source.
const fuzzLimit = 100000

// fuzzRead reads src to the end (at most fuzzLimit arrivals) and checks
// what every Source promises whatever its input: arrivals in
// non-decreasing order at offsets from 0 within the trace span (twice
// MaxTraceSpan: with a reorder window a row may precede the first one),
// durations from 0 to MaxDuration, no more arrivals than lines when
// maxArrivals >= 0, and errors that are either ParseErrors naming a line
// from 1 to lines with a message, or other errors (I/O, filters). It
// returns the arrivals read.
func fuzzRead(t *testing.T, src Source, lines, maxArrivals int) []Arrival {
	t.Helper()
	defer src.Close()
	var out []Arrival
	var a Arrival
	for len(out) < fuzzLimit {
		ok, err := src.Next(&a)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && (pe.Line < 1 || pe.Line > lines || pe.Msg == "") {
				t.Fatalf("ParseError without a line within the input (1..%d) or a message: %#v", lines, pe)
			}
			return out
		}
		if !ok {
			return out
		}
		if n := len(out); n > 0 && a.At < out[n-1].At {
			t.Fatalf("arrival %d at %s precedes %s", n, a.At, out[n-1].At)
		}
		if a.At < 0 || a.At >= 2*MaxTraceSpan {
			t.Fatalf("arrival %d at %s: outside the trace span", len(out), a.At)
		}
		if a.Duration < 0 || a.Duration > MaxDuration {
			t.Fatalf("arrival %d: duration %s outside [0, %s]", len(out), a.Duration, MaxDuration)
		}
		out = append(out, a)
		if maxArrivals >= 0 && len(out) > maxArrivals {
			t.Fatalf("%d arrivals from %d lines", len(out), maxArrivals)
		}
	}
	return out
}

// lineCount is the number of lines in data (a last line without '\n'
// counts).
func lineCount(data []byte) int {
	return bytes.Count(data, []byte("\n")) + 1
}

func seedFiles(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(fixture(n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzCSV(f *testing.F) {
	seedFiles(f, "simple.csv", "unix-seconds.csv", "unix-millis.csv", "rfc3339.csv", "quoted.csv", "backwards.csv", "malformed.csv", "no-timestamp.csv")
	f.Add([]byte("timestamp\n1e3\n\"2\"\n"))
	f.Add([]byte("timestamp,duration_ms\n99999999999999999999,1\n"))
	f.Add([]byte("timestamp\n2026-01-01T00:00:00Z\n2400-01-01T00:00:00Z\n"))
	f.Add([]byte("timestamp,duration_ms\n-5,NaN\n1,0x10\n2,1_0\n1e9,Inf\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := lineCount(data)
		var strict []Arrival
		for i, opts := range []FileOptions{{}, {SkipBadRows: true}, {SkipBadRows: true, ReorderWindow: time.Second}} {
			src, err := NewCSVReader(bytes.NewReader(data), "fuzz.csv", opts)
			if err != nil {
				continue
			}
			got := fuzzRead(t, src, lines, lines-1)
			switch i {
			case 0:
				strict = got
			case 1:
				// Skipping bad rows keeps every row the strict reader
				// returned before its first error, in the same order.
				if len(got) < len(strict) || !slices.Equal(got[:len(strict)], strict) {
					t.Fatalf("skipping bad rows changed the rows before the first error:\n%v\n%v", got, strict)
				}
			}
		}
	})
}

// fuzzFile writes data to a temporary file and reads it with format and
// several options, checking fuzzRead's properties; maxArrivals < 0 when
// the format may yield more arrivals than lines.
func fuzzFile(t *testing.T, name string, data []byte, format string, maxArrivals int) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []FileOptions{{}, {SkipBadRows: true}, {SkipBadRows: true, TopN: 1}} {
		src, err := OpenFile(path, format, opts)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && (pe.Line < 1 || pe.Line > lineCount(data)) {
				t.Fatalf("open: error names line %d of %d: %v", pe.Line, lineCount(data), err)
			}
			continue
		}
		fuzzRead(t, src, lineCount(data), maxArrivals)
	}
}

func FuzzAzure2021(f *testing.F) {
	seedFiles(f, "azure2021-mini.csv", "azure2021-bad.csv")
	f.Add([]byte("app,func,end_timestamp,duration\na,f,10,NaN\na,f,2000000000,1\na,f,1e5,90000\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFile(t, "trace.csv", data, "azure2021", lineCount(data)-1) })
}

func FuzzFCRequestLog(f *testing.F) {
	seedFiles(f, "requestlog.jsonl", "requestlog-bad.jsonl")
	f.Add([]byte(`{"invocationStartTimestamp":1e300}` + "\n"))
	f.Add([]byte(`{"__time__":"nan"}` + "\n"))
	f.Add([]byte(`{"invocationStartTimestamp":1705476027407,"durationMs":"NaN"}` + "\n" + `{"invocationStartTimestamp":"0x1p40","durationMs":"-Inf"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFile(t, "log.jsonl", data, "fc-requestlog", lineCount(data)) })
}

// azure2019Counts returns, per minute, how many arrivals the functions of
// an opened Azure 2019 source will yield.
func azure2019Counts(src Source) (perMinute [minutesPerDay]int64, total int64) {
	for _, fn := range src.(*azure2019Source).fns {
		for k, c := range fn.counts {
			perMinute[fn.minutes[k]] += int64(c)
			total += int64(c)
		}
	}
	return perMinute, total
}

// checkAzure2019 reads an opened Azure 2019 source whose counts total at
// most fuzzLimit and checks that it yields exactly the counts read, minute
// by minute, and durations within each function's percentile table.
func checkAzure2019(t *testing.T, src Source, lines int) {
	perMinute, total := azure2019Counts(src)
	span := map[string][2]time.Duration{}
	for _, fn := range src.(*azure2019Source).fns {
		if fn.pct != nil {
			span[fn.name] = [2]time.Duration{ms(fn.pct[0]) - 1, ms(fn.pct[len(fn.pct)-1]) + 1}
		}
	}
	if total > fuzzLimit {
		src.Close()
		return
	}
	got := fuzzRead(t, src, lines, int(total))
	var seen [minutesPerDay]int64
	for _, a := range got {
		seen[a.At/time.Minute]++
		if s, ok := span[a.Function]; ok && (a.Duration < s[0] || a.Duration > s[1]) {
			t.Fatalf("%s: duration %s outside its percentiles %v", a.Function, a.Duration, s)
		} else if !ok && a.Duration != 0 {
			t.Fatalf("%s: duration %s without a durations row", a.Function, a.Duration)
		}
	}
	if seen != perMinute {
		t.Fatalf("arrivals per minute differ from the counts read (%d arrivals, %d counted)", len(got), total)
	}
}

// azure2019Seed is a valid invocations file of two functions.
func azure2019Seed() string {
	return azure2019Header() + "\n" + "o,a,f,timer" + strings.Repeat(",0", 1439) + ",3\n" + azure2019Row("g", "1") + "\n"
}

func FuzzAzure2019(f *testing.F) {
	row := "o,a,f,timer" + strings.Repeat(",0", 1439) + ",3"
	f.Add([]byte(azure2019Seed()), []byte(azure2019DurHeader+"\no,a,f,1,2,3,4,5,6,7\n"))
	f.Add([]byte(azure2019Header()+"\n"+strings.Replace(row, ",3", ",-3", 1)+"\n"), []byte("garbage"))
	f.Fuzz(func(t *testing.T, inv, dur []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "invocations.csv"), inv, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "durations.csv"), dur, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, opts := range []FileOptions{{}, {SkipBadRows: true, Expand: "even"}, {TopN: 1}} {
			src, err := OpenFile(dir, "azure2019", opts)
			if err != nil {
				continue
			}
			checkAzure2019(t, src, max(lineCount(inv), lineCount(dur)))
		}
	})
}

// FuzzAzure2019Invocations fuzzes the rows of an invocations file under a
// valid header (which random mutation would rarely keep): the arrivals
// are exactly the counts read, minute by minute.
func FuzzAzure2019Invocations(f *testing.F) {
	f.Add([]byte("o,a,f,timer" + strings.Repeat(",0", 1439) + ",3\n" + azure2019Row("g", "1") + "\n"))
	f.Add([]byte(azure2019Row("f", "2") + "\n" + azure2019Row("f", "NaN") + "\n"))
	f.Add([]byte(azure2019Row("f", "1e1") + "\n" + azure2019Row("g", "0x1p3")))
	f.Add([]byte(azure2019Row("f", "99999999") + "\n"))
	hdr := azure2019Header() + "\n"
	durs := azure2019DurHeader + "\no,a,f,1,2,3,4,5,6,7\no,a,g,0,0,0,0,0,0,0\n"
	f.Fuzz(func(t *testing.T, rows []byte) {
		dir := t.TempDir()
		inv := append([]byte(hdr), rows...)
		if err := os.WriteFile(filepath.Join(dir, "invocations.csv"), inv, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "durations.csv"), []byte(durs), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, opts := range []FileOptions{{}, {SkipBadRows: true, Expand: "even"}, {SkipBadRows: true, TopN: 1}} {
			src, err := OpenFile(dir, "azure2019", opts)
			if err != nil {
				var pe *ParseError
				if errors.As(err, &pe) && (pe.Line < 1 || pe.Line > lineCount(inv)) {
					t.Fatalf("error names line %d of %d: %v", pe.Line, lineCount(inv), err)
				}
				continue
			}
			checkAzure2019(t, src, lineCount(inv))
		}
	})
}

// FuzzAzure2019Durations fuzzes the rows of a durations file: every
// duration drawn lies within its function's percentile table (finite,
// from 0 to MaxDuration), and errors name a line of the file.
func FuzzAzure2019Durations(f *testing.F) {
	f.Add([]byte("o,a,f,1,2,3,4,5,6,7\n"))
	f.Add([]byte("o,a,f,1,2,3,4,3,5,6\no,a,g,0,0,0,0,0,0,0\n"))
	f.Add([]byte("o,a,f,NaN,2,3,4,5,6,7\n"))
	f.Add([]byte("o,a,g,1,1,1,1,1,1,+Inf\n"))
	f.Add([]byte("o,a,f,0x1p3,1e1,1_0,4,5,6,86400001\n"))
	inv := azure2019Seed()
	f.Fuzz(func(t *testing.T, rows []byte) {
		dir := t.TempDir()
		dur := append([]byte(azure2019DurHeader+"\n"), rows...)
		if err := os.WriteFile(filepath.Join(dir, "invocations.csv"), []byte(inv), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "durations.csv"), dur, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, opts := range []FileOptions{{}, {SkipBadRows: true}} {
			src, err := OpenFile(dir, "azure2019", opts)
			if err != nil {
				var pe *ParseError
				if errors.As(err, &pe) && (pe.Line < 1 || pe.Line > lineCount(dur)) {
					t.Fatalf("error names line %d of %d: %v", pe.Line, lineCount(dur), err)
				}
				continue
			}
			for _, fn := range src.(*azure2019Source).fns {
				for k, p := range fn.pct {
					if !(p >= 0 && p <= float64(maxDurationMillis)) || k > 0 && p < fn.pct[k-1] {
						t.Fatalf("%s: percentile table %v", fn.name, fn.pct)
					}
				}
			}
			checkAzure2019(t, src, lineCount(dur))
		}
	})
}

func FuzzSpec(f *testing.F) {
	for _, s := range []string{
		"poisson:rate=5/s,duration=1m", "diurnal:mean=2/s,peak=20/s,period=10m", "burst:base=1/s,peak=100/s,at=10s,for=5s",
		"cron:every=5s,count=3,duration=1m", "replay:" + fixture("simple.csv") + ",scale=2.5", "poisson:", "diurnal:mean=1e308/s,peak=1e308/s",
		"poisson:rate=5/s,duration=1d", "cron:every=1ns,duration=1s",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		src, err := OpenSpec(spec, 1)
		if err != nil {
			if !strings.Contains(err.Error(), "workload") {
				t.Fatalf("error does not name the spec: %v", err)
			}
			return
		}
		fuzzRead(t, src, math.MaxInt, -1)
	})
}
