package workload

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fuzzRead reads src to the end (bounded), checks order and that errors
// are either ParseErrors or I/O errors, never panics.
func fuzzRead(t *testing.T, src Source) {
	t.Helper()
	defer src.Close()
	var a, prev Arrival
	for i := 0; i < 100000; i++ {
		ok, err := src.Next(&a)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && (pe.Line < 1 || pe.Msg == "") {
				t.Fatalf("ParseError without line or message: %#v", pe)
			}
			return
		}
		if !ok {
			return
		}
		if i > 0 && a.At < prev.At {
			t.Fatalf("arrival %d at %s precedes %s", i, a.At, prev.At)
		}
		if a.Duration < 0 {
			t.Fatalf("negative duration %s", a.Duration)
		}
		prev = a
	}
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
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range []FileOptions{{}, {SkipBadRows: true}, {SkipBadRows: true, ReorderWindow: time.Second}} {
			src, err := NewCSVReader(bytes.NewReader(data), "fuzz.csv", opts)
			if err != nil {
				continue
			}
			fuzzRead(t, src)
		}
	})
}

// fuzzFile writes data to a temporary file and opens it with format.
func fuzzFile(t *testing.T, name string, data []byte, format string) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []FileOptions{{}, {SkipBadRows: true}, {SkipBadRows: true, TopN: 1}} {
		src, err := OpenFile(path, format, opts)
		if err != nil {
			continue
		}
		fuzzRead(t, src)
	}
}

func FuzzAzure2021(f *testing.F) {
	seedFiles(f, "azure2021-mini.csv", "azure2021-bad.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFile(t, "trace.csv", data, "azure2021") })
}

func FuzzFCRequestLog(f *testing.F) {
	seedFiles(f, "requestlog.jsonl", "requestlog-bad.jsonl")
	f.Add([]byte(`{"invocationStartTimestamp":1e300}` + "\n"))
	f.Add([]byte(`{"__time__":"nan"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFile(t, "log.jsonl", data, "fc-requestlog") })
}

func FuzzAzure2019(f *testing.F) {
	hdr := "HashOwner,HashApp,HashFunction,Trigger"
	for m := 1; m <= 1440; m++ {
		hdr += "," + itoa(m)
	}
	row := "o,a,f,timer" + strings.Repeat(",0", 1439) + ",3"
	f.Add([]byte(hdr+"\n"+row+"\n"), []byte("HashOwner,HashApp,HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\no,a,f,1,2,3,4,5,6,7\n"))
	f.Add([]byte(hdr+"\n"+strings.Replace(row, ",3", ",-3", 1)+"\n"), []byte("garbage"))
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
			fuzzRead(t, src)
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
		fuzzRead(t, src)
	})
}
