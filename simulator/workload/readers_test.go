package workload

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDetectFormat(t *testing.T) {
	for name, want := range map[string]string{
		"simple.csv": "csv", "rfc3339.csv": "csv", "requestlog.jsonl": "fc-requestlog",
		"azure2021-mini.csv": "azure2021", "azure2019-mini": "azure2019", "azure2019-mini/invocations.csv": "azure2019",
	} {
		got, err := DetectFormat(fixture(name))
		if err != nil || got != want {
			t.Errorf("DetectFormat(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	_, err := DetectFormat(fixture("no-timestamp.csv"))
	if err == nil || !strings.Contains(err.Error(), "no-timestamp.csv:1: cannot tell the trace format") {
		t.Errorf("no-timestamp.csv: err = %v", err)
	}
	if _, err := OpenFile(fixture("simple.csv"), "parquet", FileOptions{}); err == nil || !strings.Contains(err.Error(), "expected one of csv, azure2019") {
		t.Errorf("unknown format: err = %v", err)
	}
}

func TestCSV(t *testing.T) {
	abs := []Arrival{{At: 0}, {At: 500 * time.Millisecond}, {At: 2250 * time.Millisecond}}
	for _, tc := range []struct {
		file string
		want []Arrival
	}{
		{"simple.csv", []Arrival{
			{At: 0, Duration: ms(120), Function: "resize"},
			{At: 250 * time.Millisecond, Duration: ms(80.5), Function: "resize"},
			{At: 250 * time.Millisecond, Duration: ms(95), Function: "thumb"},
			{At: 1500 * time.Millisecond, Function: "thumb"},
			{At: 3*time.Second + 1, Duration: ms(200), Function: "resize"},
		}},
		{"unix-seconds.csv", []Arrival{{At: 0, Duration: ms(100)}, {At: 500 * time.Millisecond, Duration: ms(100)}, {At: 2250 * time.Millisecond, Duration: ms(150)}}},
		{"unix-millis.csv", []Arrival{{At: 0, Function: "a"}, {At: 500 * time.Millisecond, Function: "b", Async: true}, {At: 2250 * time.Millisecond, Function: "a"}}},
		{"rfc3339.csv", []Arrival{{Duration: ms(10), Function: "api"}, {At: abs[1].At, Duration: ms(10), Function: "api"}, {At: abs[2].At, Duration: ms(10), Function: "api"}}},
		{"quoted.csv", []Arrival{{At: 0, Function: "resize, large", Duration: ms(5)}, {At: time.Second, Function: `say "hi"`, Duration: ms(5)}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			src, err := OpenFile(fixture(tc.file), "", FileOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if got := readAll(t, src); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestCSVFunctionFilter(t *testing.T) {
	for _, tc := range []struct {
		opts FileOptions
		want int
	}{
		{FileOptions{Function: "thu"}, 2},
		{FileOptions{TopN: 1}, 3},
		{FileOptions{TopN: 5}, 5},
	} {
		src, err := OpenFile(fixture("simple.csv"), "csv", tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(readAll(t, src)); got != tc.want {
			t.Errorf("%+v: %d arrivals, want %d", tc.opts, got, tc.want)
		}
		src.Close()
	}
}

// Each malformed input fails with file:line, the column and what was
// expected; with SkipBadRows the same rows are counted instead.
func TestMalformedRows(t *testing.T) {
	for _, tc := range []struct {
		file    string
		opts    FileOptions
		wantErr string
		kept    int
		bad     int
	}{
		{"backwards.csv", FileOptions{}, "backwards.csv:4: column timestamp: expected a time at or after 1s, got 500ms", 3, 1},
		{"malformed.csv", FileOptions{}, `malformed.csv:3: column duration_ms: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "ten"`, 3, 3},
		{"requestlog-bad.jsonl", FileOptions{}, "requestlog-bad.jsonl:2: column invocationStartTimestamp: expected unix milliseconds (a number from 0 to 9e12), got \"soon\"", 2, 4},
		{"azure2021-bad.csv", FileOptions{}, `azure2021-bad.csv:3: column end_timestamp: expected seconds since the trace start, got "later"`, 2, 3},
		{"azure2021-mini.csv", FileOptions{ReorderWindow: time.Second}, "azure2021-mini.csv:5: column timestamp: expected a time at or after 10s, got 500ms: it is more than 1s behind the latest row, and this reader re-sorts rows only that far; sort the rows by start time (end_timestamp - duration) first", 4, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			src, err := OpenFile(fixture(tc.file), "", tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			_, err = drain(src)
			src.Close()
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v\nwant   %s", err, tc.wantErr)
			}
			opts := tc.opts
			opts.SkipBadRows = true
			src, err = OpenFile(fixture(tc.file), "", opts)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got := readAll(t, src)
			checkSorted(t, got)
			if len(got) != tc.kept || BadRows(src) != tc.bad {
				t.Errorf("skip: kept %d, bad %d; want %d, %d", len(got), BadRows(src), tc.kept, tc.bad)
			}
		})
	}
}

func TestMalformedMessages(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"malformed.csv", "malformed.csv:5: expected 3 fields like the header, got 2"},
		{"malformed.csv", `malformed.csv:6: column timestamp: expected seconds from the start of the trace (a number from 0 to below 1e9, like the first row), got "yesterday"`},
		{"requestlog-bad.jsonl", "requestlog-bad.jsonl:3: expected invocationStartTimestamp (unix ms) or __time__ (unix s)"},
		{"requestlog-bad.jsonl", "requestlog-bad.jsonl:4: expected one JSON object per line"},
		{"requestlog-bad.jsonl", "requestlog-bad.jsonl:5: column durationMs: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got \"-1\" (a negative number)"},
		{"azure2021-bad.csv", "azure2021-bad.csv:4: column duration: expected a non-negative number of seconds"},
		{"azure2021-bad.csv", "azure2021-bad.csv:5: expected 4 fields like the header, got 2"},
	} {
		// Collect every error by re-reading with a rows-level loop.
		src, err := OpenFile(fixture(tc.file), "", FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rows := orderedOf(src).rows
		var msgs []string
		var a Arrival
		for {
			ok, err := rows.row(&a)
			if err != nil {
				if _, isParse := err.(*ParseError); !isParse {
					t.Fatal(err)
				}
				msgs = append(msgs, err.Error())
				continue
			}
			if !ok {
				break
			}
		}
		src.Close()
		found := false
		for _, m := range msgs {
			found = found || strings.Contains(m, tc.want)
		}
		if !found {
			t.Errorf("%s: no error containing %q in %q", tc.file, tc.want, msgs)
		}
	}
	_, err := OpenFile(fixture("no-timestamp.csv"), "csv", FileOptions{})
	if err == nil || !strings.Contains(err.Error(), "no-timestamp.csv:1: header \"time,duration_ms\": expected a timestamp column") {
		t.Errorf("no-timestamp: %v", err)
	}
}

func TestReorderWindow(t *testing.T) {
	src, err := OpenFile(fixture("backwards.csv"), "csv", FileOptions{ReorderWindow: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, src)
	want := []time.Duration{0, 500 * time.Millisecond, time.Second, 2 * time.Second}
	for i, a := range got {
		if a.At != want[i] {
			t.Fatalf("arrival %d at %s, want %s", i, a.At, want[i])
		}
	}
}

func TestFCRequestLog(t *testing.T) {
	src, err := OpenFile(fixture("requestlog.jsonl"), "", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, src)
	want := []Arrival{
		{At: 0, Duration: ms(1000), Function: "other"},
		{At: 300 * time.Millisecond, Duration: ms(10.5), Function: "sync-clone", Async: true},
		{At: 407 * time.Millisecond, Duration: ms(2.92), Function: "sync-clone"},
		{At: 2 * time.Second, Duration: ms(5), Function: "sync-clone"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	src, err = OpenFile(fixture("requestlog.jsonl"), "fc-requestlog", FileOptions{TopN: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(readAll(t, src)); n != 3 {
		t.Errorf("top 1: %d arrivals, want 3", n)
	}
}

func TestAzure2021(t *testing.T) {
	src, err := OpenFile(fixture("azure2021-mini.csv"), "", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, src)
	want := []Arrival{
		{At: 500 * time.Millisecond, Duration: 10500 * time.Millisecond, Function: "a1/f1"},
		{At: 5 * time.Second, Duration: 4 * time.Second, Function: "a1/f2"},
		{At: 10 * time.Second, Duration: 500 * time.Millisecond, Function: "a1/f1"},
		{At: 11750 * time.Millisecond, Duration: 250 * time.Millisecond, Function: "a2/f1"},
		{At: 29 * time.Second, Duration: time.Second, Function: "a2/f1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, tc := range []struct {
		opts FileOptions
		want []string
	}{
		{FileOptions{TopN: 1}, []string{"a1/f1", "a1/f1"}},
		{FileOptions{Function: "a2"}, []string{"a2/f1", "a2/f1"}},
	} {
		src, err := OpenFile(fixture("azure2021-mini.csv"), "azure2021", tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		var fns []string
		for _, a := range readAll(t, src) {
			fns = append(fns, a.Function)
		}
		if !reflect.DeepEqual(fns, tc.want) {
			t.Errorf("%+v: functions %v, want %v", tc.opts, fns, tc.want)
		}
	}
}

func TestAzure2021Shared(t *testing.T) {
	path := sharedTrace(t, "azure2021-invitro-200/Azure2021_200.csv")
	src, err := OpenFile(path, "", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, src)
	checkSorted(t, got)
	fns := map[string]bool{}
	for _, a := range got {
		fns[a.Function] = true
	}
	// 199 invocations of 31 functions in 13 apps (traces README).
	if len(got) != 199 || len(fns) != 31 {
		t.Errorf("%d arrivals of %d functions, want 199 of 31", len(got), len(fns))
	}
}

func TestAzure2019Mini(t *testing.T) {
	open := func(opts FileOptions) []Arrival {
		t.Helper()
		src, err := OpenFile(fixture("azure2019-mini"), "", opts)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		got := readAll(t, src)
		checkSorted(t, got)
		return got
	}
	even := open(FileOptions{Expand: "even", Seed: 1})
	if len(even) != 3*1440+144+2 {
		t.Fatalf("%d arrivals, want %d", len(even), 3*1440+144+2)
	}
	per := map[string]int{}
	for _, a := range even {
		per[a.Function]++
		switch a.Function {
		case "f1aaaa":
			if a.Async || a.Duration < ms(10) || a.Duration > ms(1000) {
				t.Fatalf("f1 arrival %+v: want sync, 10..1000 ms", a)
			}
			if off := a.At % time.Minute; off != 10*time.Second && off != 30*time.Second && off != 50*time.Second {
				t.Fatalf("f1 evenly spaced offset %s, want 10s, 30s or 50s", off)
			}
		case "f2bbbb":
			if !a.Async || a.Duration != ms(5000) || a.At%(10*time.Minute) != 30*time.Second {
				t.Fatalf("f2 arrival %+v: want async, 5000 ms, 30 s into every 10th minute", a)
			}
		case "f3cccc":
			if !a.Async || a.Duration != 0 || a.At/time.Minute != 5 {
				t.Fatalf("f3 arrival %+v: want async, no duration, minute 6", a)
			}
		}
	}
	if per["f1aaaa"] != 4320 || per["f2bbbb"] != 144 || per["f3cccc"] != 2 {
		t.Errorf("per function %v", per)
	}
	u1, u1b, u2 := open(FileOptions{Seed: 1}), open(FileOptions{Seed: 1}), open(FileOptions{Seed: 2})
	if !reflect.DeepEqual(u1, u1b) {
		t.Error("same seed gave different arrivals")
	}
	if reflect.DeepEqual(u1, u2) {
		t.Error("different seeds gave the same arrivals")
	}
	// Uniform offsets: 4320 f1 offsets have mean 30 s (sd 60/sqrt(12*4320) s)
	// and fill every tenth of the minute about equally.
	var sum float64
	var deciles [10]int
	for i, a := range u1 {
		if a.Function == "f3cccc" && a.At/time.Minute != 5 {
			t.Fatalf("uniform arrival %d left its minute: %+v", i, a)
		}
		if a.Function == "f1aaaa" {
			off := (a.At % time.Minute).Seconds()
			sum += off
			deciles[int(off/6)]++
		}
	}
	if mean := sum / 4320; math.Abs(mean-30) > 4*60/math.Sqrt(12*4320) {
		t.Errorf("uniform offsets have mean %.2fs, want 30s", mean)
	}
	for d, n := range deciles {
		if math.Abs(float64(n)-432) > 4*math.Sqrt(432) {
			t.Errorf("decile %d holds %d offsets, want ~432", d, n)
		}
	}
	if got := open(FileOptions{TopN: 1}); len(got) != 4320 {
		t.Errorf("top 1: %d arrivals, want 4320", len(got))
	}
	if got := open(FileOptions{Function: "f3"}); len(got) != 2 {
		t.Errorf("function f3: %d arrivals, want 2", len(got))
	}
	if _, err := OpenFile(fixture("azure2019-mini"), "", FileOptions{Function: "zz"}); err == nil || !strings.Contains(err.Error(), `no function "zz" in the trace (the filter keeps keys that start with it; the trace has: "f1aaaa", "f2bbbb", "f3cccc")`) {
		t.Errorf("missing function: %v", err)
	}
	if _, err := OpenFile(fixture("azure2019-mini"), "", FileOptions{Expand: "random"}); err == nil || !strings.Contains(err.Error(), "expected uniform or even") {
		t.Errorf("bad expand: %v", err)
	}
}

func TestAzure2019Malformed(t *testing.T) {
	dir := t.TempDir()
	hdr := "HashOwner,HashApp,HashFunction,Trigger"
	row := "o,a,f,http"
	for m := 1; m <= 1440; m++ {
		hdr += "," + itoa(m)
		if m == 7 {
			row += ",x"
		} else {
			row += ",1"
		}
	}
	good := strings.Replace(row, ",x", ",2", 1)
	good = strings.Replace(good, "o,a,f,", "o,a,g,", 1)
	path := filepath.Join(dir, "invocations.csv")
	if err := os.WriteFile(path, []byte(hdr+"\n"+row+"\n"+good+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := OpenFile(path, "azure2019", FileOptions{})
	if err == nil || !strings.Contains(err.Error(), `invocations.csv:2: column 7: expected a whole invocation count from 0 to 1073741824, got "x"`) {
		t.Errorf("error = %v", err)
	}
	src, err := OpenFile(path, "azure2019", FileOptions{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(readAll(t, src)); n != 1441 || BadRows(src) != 1 {
		t.Errorf("skip: %d arrivals, %d bad; want 1441, 1", n, BadRows(src))
	}
	short := filepath.Join(dir, "short_inv.csv")
	if err := os.WriteFile(short, []byte("HashOwner,HashApp,HashFunction,1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(short, "azure2019", FileOptions{}); err == nil || !strings.Contains(err.Error(), "short_inv.csv:1: header: expected minute columns 1..1440 (or minute_1..minute_1440); minute 3 is missing") {
		t.Errorf("short header: %v", err)
	}
	durs := filepath.Join(dir, "durations.csv")
	bad := "HashOwner,HashApp,HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\no,a,g,1,2,3,4,3,5,6\n"
	if err := os.WriteFile(durs, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(dir, "", FileOptions{SkipBadRows: true}); err != nil {
		t.Errorf("skip bad durations row: %v", err)
	}
	if _, err := OpenFile(dir, "", FileOptions{Function: "g"}); err == nil || !strings.Contains(err.Error(), "durations.csv:2: column percentile_Average_75: expected percentiles in non-decreasing order, got 3 after 4") {
		t.Errorf("bad durations: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestAzure2019Shared(t *testing.T) {
	for _, tc := range []struct {
		path string
		opts FileOptions
	}{
		{"azure2019-invitro-10", FileOptions{Function: "8203ff88"}},
		{"azure2019-invitro-sampled-100/100_inv.csv", FileOptions{TopN: 5}},
		{"azure2019-invitro-sampled-100", FileOptions{Function: "1779fd33"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			path := sharedTrace(t, tc.path)
			inv, durPath, err := azure2019Paths(path)
			if err != nil || durPath == "" {
				t.Fatalf("paths %q, %q, %v", inv, durPath, err)
			}
			fns, _, err := readAzureInvocations(inv, tc.opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			var want int64
			for _, f := range fns {
				want += f.total
			}
			src, err := OpenFile(path, "", tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			st, err := Summarize(src)
			if err != nil {
				t.Fatal(err)
			}
			if st.Requests != want || st.WithDuration != want || st.Last >= 24*time.Hour {
				t.Errorf("stats %+v, want %d requests with durations in one day", st, want)
			}
		})
	}
}

func TestSampleDuration(t *testing.T) {
	pct := []float64{10, 20, 50, 100, 150, 500, 1000}
	for _, tc := range []struct {
		u    float64
		want time.Duration
	}{
		{0, ms(10)}, {0.01, ms(20)}, {0.13, ms(35)}, {0.5, ms(100)}, {0.99, ms(500)}, {0.995, ms(750)}, {1, ms(1000)},
	} {
		if got := sampleDuration(pct, tc.u); got != tc.want {
			t.Errorf("sampleDuration(%g) = %s, want %s", tc.u, got, tc.want)
		}
	}
	prev := time.Duration(0)
	for u := 0.0; u < 1; u += 0.001 {
		d := sampleDuration(pct, u)
		if d < prev {
			t.Fatalf("inverse CDF decreases at %g", u)
		}
		prev = d
	}
}
