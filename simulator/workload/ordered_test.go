package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An unsorted trace is refused with a sort command for its timestamp
// column (no command offers a reorder window), and a file name that is not
// a plain word is not pasted into the command.
func TestOutOfOrderHint(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data, want string
	}{
		{"back.csv", "function,timestamp\na,1\na,0.5\n",
			"back.csv:3: column timestamp: expected a time at or after 1s, got 500ms: rows must be sorted by time; sort the file by timestamp first, e.g. (head -n 1 %s; tail -n +2 %s | sort -t, -s -k2,2g) > sorted.csv"},
		{"rfc.csv", "timestamp\n2026-01-01T00:00:01Z\n2026-01-01T00:00:00Z\n",
			"rfc.csv:3: column timestamp: expected a time at or after 2026-01-01T00:00:01Z, got 2026-01-01T00:00:00Z: rows must be sorted by time; sort the file by timestamp first, e.g. (head -n 1 %s; tail -n +2 %s | sort -t, -s -k1,1) > sorted.csv"},
		{"$(rm -rf x);.csv", "timestamp\n1\n0\n", "(head -n 1 FILE; tail -n +2 FILE | sort -t, -s -k1,1g)"},
		{"log.jsonl", `{"invocationStartTimestamp":1705476100000}` + "\n" + `{"invocationStartTimestamp":1705476200000}` + "\n" + `{"invocationStartTimestamp":1705476000000}` + "\n",
			"log.jsonl:3: column timestamp: expected a time at or after 2024-01-17T07:21:40Z, got 2024-01-17T07:20:00Z: it is more than 1m0s behind the latest row, and this reader re-sorts rows only that far; sort the lines by invocationStartTimestamp (or __time__) first, e.g. jq -c -s 'sort_by(.invocationStartTimestamp|tonumber)[]' %s"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(tc.want, "%s", displayName(path))
		for _, w := range []int{-1, 2} {
			withCSVReader(w, 0, func() {
				src, err := OpenFile(path, "", FileOptions{})
				if err != nil {
					t.Fatal(err)
				}
				_, err = drain(src)
				src.Close()
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s (workers %d): error = %v\nwant      %s", tc.name, w, err, want)
				}
			})
		}
	}
}

// The reorder buffer of the windowed formats holds at most maxReorderRows
// rows however many fall within one window, and a row that arrives after
// an earlier one was replayed to keep that bound is refused with why.
func TestReorderBufferBounded(t *testing.T) {
	old := maxReorderRows
	defer func() { maxReorderRows = old }()
	maxReorderRows = 10
	var b strings.Builder
	b.WriteString("app,func,end_timestamp,duration\n")
	for i := range 100 {
		fmt.Fprintf(&b, "a,f,%d,0\n", 1000-i) // all within the 1h window, in reverse
	}
	path := filepath.Join(t.TempDir(), "rev.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := OpenFile(path, "azure2021", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	ord := orderedOf(src)
	var a Arrival
	for {
		ok, err := src.Next(&a)
		if n := ord.heap.len(); n > maxReorderRows {
			t.Fatalf("reorder buffer holds %d rows, bound %d", n, maxReorderRows)
		}
		if err != nil {
			want := "rev.csv:12: column timestamp: expected a time at or after 16m31s, got 16m30s: it is behind a row already replayed: this reader re-sorts rows up to 1h0m0s apart, and at most 10 rows at a time; sort the rows by start time"
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("error = %v\nwant %s", err, want)
			}
			return
		}
		if !ok {
			t.Fatal("a reversed trace longer than the buffer was read without error")
		}
	}
}
