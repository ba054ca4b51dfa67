package workload

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// An Azure 2019 file of a few KiB can claim 99,999,999 invocations in
// every minute: the reader expands each minute lazily (one cursor per
// function), so reading millions of its arrivals allocates nothing per
// arrival and memory does not grow with the count.
func TestAzure2019HugeCountsBoundedMemory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "invocations.csv"),
		[]byte(azure2019Header()+"\n"+azure2019Row("f", "99999999")+"\n"+azure2019Row("g", "99999999")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "durations.csv"),
		[]byte(azure2019DurHeader+"\no,a,f,1,2,3,4,5,6,7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, expand := range []string{"uniform", "even"} {
		src, err := OpenFile(dir, "azure2019", FileOptions{Expand: expand})
		if err != nil {
			t.Fatal(err)
		}
		var a, prev Arrival
		next := func(n int) {
			for range n {
				ok, err := src.Next(&a)
				if !ok || err != nil {
					t.Fatalf("%s: stream ended: %v", expand, err)
				}
				if a.At < prev.At || a.At >= time.Minute || a.Duration < 0 || a.Duration > 7*time.Millisecond {
					t.Fatalf("%s: arrival %+v after %+v", expand, a, prev)
				}
				prev = a
			}
		}
		next(1000)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		next(2_000_000)
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
			t.Errorf("%s: reading 2,000,000 arrivals allocated %d bytes; want none per arrival", expand, grew)
		}
		src.Close()
	}
}
