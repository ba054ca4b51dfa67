package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// The per-minute counts an Azure 2019 day keeps in memory are bounded:
// past maxStoredMinutes non-zero counts the reader refuses with a line and
// how to select fewer functions; --top keeps it under the bound. Zero
// minutes cost nothing.
func TestAzure2019StoredMinutesBounded(t *testing.T) {
	old := maxStoredMinutes
	defer func() { maxStoredMinutes = old }()
	maxStoredMinutes = 200_000
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(azure2019Header() + "\n")
	for i := range 200 {
		b.WriteString(azure2019Row(fmt.Sprintf("f%03d", i), "1") + "\n")
	}
	// Idle functions (all minutes zero) store nothing.
	for i := range 1000 {
		b.WriteString(azure2019Row(fmt.Sprintf("idle%04d", i), "0") + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "invocations.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := OpenFile(dir, "azure2019", FileOptions{})
	want := "invocations.csv:140: the functions read so far hold more than 200000 non-zero per-minute counts (about 1 MB in memory): select some with --function PREFIX or --top N"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
	src, err := OpenFile(dir, "azure2019", FileOptions{TopN: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, total := azure2019Counts(src); total != 2*minutesPerDay {
		t.Errorf("--top 2: %d invocations, want %d", total, 2*minutesPerDay)
	}
	src2, err := OpenFile(dir, "azure2019", FileOptions{Function: "idle"})
	if err != nil {
		t.Fatal(err)
	}
	defer src2.Close()
	for _, fn := range src2.(*azure2019Source).fns {
		if len(fn.minutes) != 0 || cap(fn.counts) != 0 {
			t.Fatalf("idle function %s stores %d minutes", fn.name, cap(fn.counts))
		}
	}
}
