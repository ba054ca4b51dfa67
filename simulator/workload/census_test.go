package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A function filter that matches no row ends the stream with an error
// naming the filter and the trace's functions (the first ten, then how
// many more), in every format, instead of an empty workload.
func TestFunctionFilterMatchesNothing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var many strings.Builder
	many.WriteString("timestamp,function\n")
	for i := range 25 {
		fmt.Fprintf(&many, "%d,fn%02d\n", i, i%13)
	}
	az := filepath.Join(dir, "az")
	if err := os.Mkdir(az, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(az, "invocations.csv"), []byte(azure2019Header()+"\n"+azure2019Row("h1", "1")+"\n"+azure2019Row("h2", "0")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		opts FileOptions
		want string
	}{
		{fixture("simple.csv"), FileOptions{Function: "nope"}, `simple.csv: no function "nope" in the trace (the filter keeps keys that start with it; the trace has: "resize", "thumb")`},
		{fixture("simple.csv"), FileOptions{Function: "nope", TopN: 1}, `simple.csv: no function "nope" in the trace`},
		{write("many.csv", many.String()), FileOptions{Function: "x"}, `the trace has: "fn00", "fn01", "fn02", "fn03", "fn04", "fn05", "fn06", "fn07", "fn08", "fn09" and 3 more)`},
		{write("nofn.csv", "timestamp\n1\n2\n"), FileOptions{Function: "a"}, `nofn.csv: no function "a" in the trace: its rows name no function`},
		{write("empty.csv", "timestamp,function\n"), FileOptions{Function: "a"}, `empty.csv: no function "a" in the trace: it has no rows`},
		{write("esc.csv", "timestamp,function\n1,\"\x1b[31mred\"\n"), FileOptions{Function: "a"}, `the trace has: "\x1b[31mred")`},
		{fixture("requestlog.jsonl"), FileOptions{Function: "nope"}, `requestlog.jsonl: no function "nope" in the trace`},
		{fixture("azure2021-mini.csv"), FileOptions{Function: "nope"}, `azure2021-mini.csv: no function "nope" in the trace`},
		{az, FileOptions{Function: "nope"}, `invocations.csv: no function "nope" in the trace (the filter keeps keys that start with it; the trace has: "h1", "h2")`},
	} {
		for _, w := range []int{-1, 2} {
			withCSVReader(w, 0, func() {
				src, err := OpenFile(tc.path, "", tc.opts)
				if err == nil {
					_, err = drain(src)
					src.Close()
				}
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s %+v: error = %v\nwant %s", tc.path, tc.opts, err, tc.want)
				}
			})
		}
	}
}

// --top's counting pass is bounded: a trace with more distinct functions
// than it counts is refused with how to narrow it, not counted without
// limit.
func TestTopNBounded(t *testing.T) {
	oldN, oldB := maxTopNFunctions, maxTopNNameBytes
	defer func() { maxTopNFunctions, maxTopNNameBytes = oldN, oldB }()
	var b strings.Builder
	b.WriteString("timestamp,function\n")
	for i := range 100 {
		fmt.Fprintf(&b, "%d,fn%03d\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n, bytes int
		want     string
	}{
		{50, 1 << 20, "--top 3 counts every function, and this trace has more than 50 distinct functions (or 1 MiB of names): select some with --function PREFIX first"},
		{1 << 20, 120, "--top 3 counts every function, and this trace has more than 24 distinct functions"},
		{1 << 20, 1 << 20, ""},
	} {
		maxTopNFunctions, maxTopNNameBytes = tc.n, tc.bytes
		src, err := OpenFile(path, "csv", FileOptions{TopN: 3})
		if tc.want == "" {
			if err != nil {
				t.Fatal(err)
			}
			if got := len(readAll(t, src)); got != 3 {
				t.Errorf("--top 3: %d arrivals, want 3", got)
			}
			src.Close()
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v\nwant %s", err, tc.want)
		}
	}
}

// Summarize counts distinct functions up to a bound and says when a trace
// has more, instead of reporting the bound as the count.
func TestSummarizeFunctionsBound(t *testing.T) {
	old := maxDistinctFunctions
	defer func() { maxDistinctFunctions = old }()
	var b strings.Builder
	b.WriteString("timestamp,function\n")
	for i := range 30 {
		fmt.Fprintf(&b, "%d,fn%02d\n", i, i%20)
	}
	for _, tc := range []struct {
		bound   int
		want    int
		atLeast bool
	}{{100, 20, false}, {20, 20, false}, {19, 19, true}, {5, 5, true}} {
		maxDistinctFunctions = tc.bound
		src, err := NewCSVReader(strings.NewReader(b.String()), "t.csv", FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		st, err := Summarize(src)
		src.Close()
		if err != nil || st.Functions != tc.want || st.FunctionsAtLeast != tc.atLeast || st.Requests != 30 {
			t.Errorf("bound %d: functions %d (at least %v), requests %d, %v; want %d (%v), 30", tc.bound, st.Functions, st.FunctionsAtLeast, st.Requests, err, tc.want, tc.atLeast)
		}
	}
}
