package workload

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlainNumber(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"0", true}, {"12", true}, {"12.5", true}, {".5", true}, {"5.", true}, {"1e3", true}, {"2.5E-3", true}, {"1e+9", true},
		{"", false}, {".", false}, {"-1", false}, {"+1", false}, {"-0", false}, {"NaN", false}, {"nan", false}, {"Inf", false},
		{"+Inf", false}, {"Infinity", false}, {"0x10", false}, {"0x1p3", false}, {"1_000", false}, {"1e", false}, {"1e+", false},
		{"e3", false}, {"1.2.3", false}, {" 1", false}, {"1 ", false}, {"١", false},
	} {
		if got := plainNumber([]byte(tc.in)); got != tc.ok {
			t.Errorf("plainNumber(%q) = %v, want %v", tc.in, got, tc.ok)
		}
		if _, _, ok := parseDecimal([]byte(tc.in)); ok && !tc.ok {
			t.Errorf("parseDecimal(%q) accepts what plainNumber refuses", tc.in)
		}
	}
}

// Every bound on a csv timestamp or duration is enforced the same way by
// the line-by-line reader and the block reader (with and without worker
// goroutines), and each error names the line and says what was expected.
func TestCSVLimits(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"negative first row", "timestamp\n-5\n1\n",
			`t.csv:2: column timestamp: expected the first row's timestamp to be seconds from the start of the trace (a number from 0 to below 1e9), unix seconds (1e9 to below 1e11), unix milliseconds (1e11 and above) or an RFC 3339 time such as 2026-01-02T15:04:05Z; got "-5" (a negative number)`},
		{"NaN first row", "timestamp\nNaN\n", `t.csv:2: column timestamp: expected the first row's timestamp to be`},
		{"hex first row", "timestamp\n0x10\n", `got "0x10" (only decimal numbers are allowed)`},
		{"offset at 1e9", "timestamp\n0\n5\n1000000000\n",
			`t.csv:4: column timestamp: expected seconds from the start of the trace (a number from 0 to below 1e9, like the first row), got "1000000000" (offsets are below 1e9 seconds, about 31.7 years)`},
		{"offset 1e9 as exponent", "timestamp\n0\n1e9\n", `t.csv:3: column timestamp: expected seconds from the start of the trace (a number from 0 to below 1e9, like the first row), got "1e9"`},
		{"NaN offset", "timestamp\n1\nNaN\n", `t.csv:3: column timestamp: expected seconds from the start of the trace (a number from 0 to below 1e9, like the first row), got "NaN" (not a finite number)`},
		{"Inf offset", "timestamp\n1\n+Inf\n", `got "+Inf" (not a finite number)`},
		{"underscore offset", "timestamp\n1\n1_000\n", `got "1_000" (digit separators (_) are not allowed)`},
		{"signed offset", "timestamp\n1\n+5\n", `got "+5" (a sign is not allowed)`},
		{"rfc3339 past 2262", "timestamp\n2026-01-01T00:00:00Z\n2400-01-01T00:00:00Z\n",
			`t.csv:3: column timestamp: expected an RFC 3339 time (like the first row), got "2400-01-01T00:00:00Z" (fcplan reads RFC 3339 times from 1678-09-22 to 2262-04-11, and a trace spans at most 1e9 seconds, about 31.7 years)`},
		{"rfc3339 span", "timestamp\n2026-01-01T00:00:00Z\n2026-06-01T00:00:00Z\n2200-01-01T00:00:00Z\n",
			`t.csv:4: column timestamp: expected a time within 31.7 years (1e9 seconds) of the first row's 2026-01-01T00:00:00Z, got 2200-01-01T00:00:00Z, 174.0 years after it: a trace spans at most 1e9 seconds`},
		{"unix seconds span", "timestamp,function\n1700000000,a\n1700000001,a\n9000000000,a\n", `t.csv:4: column timestamp: expected a time within 31.7 years (1e9 seconds) of the first row's 2023-11-14T22:13:20Z, got 2255-03-14T16:00:00Z`},
		{"duration over 24h", "timestamp,duration_ms\n0,1\n1,86400000.5\n",
			`t.csv:3: column duration_ms: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "86400000.5"`},
		{"NaN duration", "timestamp,duration_ms\n0,NaN\n", `t.csv:2: column duration_ms: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "NaN" (not a finite number)`},
		{"negative duration", "timestamp,duration_ms\n0,-1\n", `got "-1" (a negative number)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := sourceTranscript([]byte(tc.data), FileOptions{}, -1, 0)
			if !strings.Contains(want, tc.want) {
				t.Fatalf("got\n%s\nwant an error containing\n%s", want, tc.want)
			}
			for _, w := range []int{0, 2} {
				for _, block := range []int{0, 8} {
					if got := sourceTranscript([]byte(tc.data), FileOptions{}, w, block); got != want {
						t.Errorf("workers %d, block %d:\n%s\nwant (line reader):\n%s", w, block, got, want)
					}
				}
			}
		})
	}
	// Limits that hold: a duration of exactly 24 h, an offset just below
	// 1e9 and absolute times 31 years apart are read.
	for _, data := range []string{
		"timestamp,duration_ms\n0,86400000\n999999999.999999999,1\n",
		"timestamp\n2026-01-01T00:00:00Z\n2057-01-01T00:00:00Z\n",
	} {
		if got := sourceTranscript([]byte(data), FileOptions{}, -1, 0); strings.Contains(got, "error") {
			t.Errorf("%q: %s", data, got)
		}
	}
}

// With SkipBadRows a first row that fixes no form is skipped and the next
// one fixes it.
func TestCSVFirstRowSkipped(t *testing.T) {
	got := sourceTranscript([]byte("timestamp\n-5\n1\n2\n"), FileOptions{SkipBadRows: true}, -1, 0)
	want := "{At:1s Duration:0s Function: Async:false}\n{At:2s Duration:0s Function: Async:false}\nend\nbad rows 1\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// azure2019Header is the invocations header with minute columns 1..1440.
func azure2019Header() string {
	var b strings.Builder
	b.WriteString("HashOwner,HashApp,HashFunction,Trigger")
	for m := 1; m <= 1440; m++ {
		b.WriteString("," + itoa(m))
	}
	return b.String()
}

// azure2019Row is an invocations row with count c in every minute.
func azure2019Row(fn, c string) string {
	return "o,a," + fn + ",http" + strings.Repeat(","+c, 1440)
}

const azure2019DurHeader = "HashOwner,HashApp,HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100"

// Numeric fields of the other formats follow the same grammar and bounds
// as csv: NaN, Inf, negative and absurd values are errors naming the
// file, line and field, never read as missing or as garbage.
func TestOtherFormatLimits(t *testing.T) {
	for _, tc := range []struct {
		name, format string
		files        map[string]string
		want         string
	}{
		{"fc durationMs NaN", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":1705476027407,"durationMs":"NaN"}` + "\n"},
			`log.jsonl:1: column durationMs: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "NaN" (not a finite number)`},
		{"fc durationMs Inf", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":1705476027407,"durationMs":"1"}` + "\n" + `{"invocationStartTimestamp":1705476027408,"durationMs":"-Inf"}` + "\n"},
			`log.jsonl:2: column durationMs: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "-Inf" (not a finite number)`},
		{"fc durationMs absurd", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":1705476027407,"durationMs":1e300}` + "\n"},
			`log.jsonl:1: column durationMs: expected a non-negative number of milliseconds up to 86400000`},
		{"fc durationMs hex", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":1705476027407,"durationMs":"0x10"}` + "\n"},
			`log.jsonl:1: column durationMs: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "0x10" (only decimal numbers are allowed)`},
		{"fc timestamp NaN", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":"nan"}` + "\n"},
			`log.jsonl:1: column invocationStartTimestamp: expected unix milliseconds (a number from 0 to 9e12), got "nan" (not a finite number)`},
		{"fc __time__ Inf", "fc-requestlog", map[string]string{"log.jsonl": `{"__time__":"Infinity"}` + "\n"},
			`log.jsonl:1: column __time__: expected unix seconds (a number from 0 to 9e9), got "Infinity" (not a finite number)`},
		{"fc not a number", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":1705476027407,"durationMs":true}` + "\n"},
			`log.jsonl:1: column durationMs: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "true"`},
		{"fc span", "fc-requestlog", map[string]string{"log.jsonl": `{"invocationStartTimestamp":1705476027407}` + "\n" + `{"invocationStartTimestamp":8999999999999}` + "\n"},
			`log.jsonl:2: column timestamp: expected a time within 31.7 years (1e9 seconds) of the first row's 2024-01-17T07:20:27.407Z, got 2255-03-14T15:59:59.999Z`},
		{"azure2021 duration NaN", "azure2021", map[string]string{"t.csv": "app,func,end_timestamp,duration\na,f,10,NaN\n"},
			`t.csv:2: column duration: expected a non-negative number of seconds up to 86400 (24 h, Function Compute's longest timeout), got "NaN" (not a finite number)`},
		{"azure2021 duration absurd", "azure2021", map[string]string{"t.csv": "app,func,end_timestamp,duration\na,f,100000,90000\n"},
			`t.csv:2: column duration: expected a non-negative number of seconds up to 86400 (24 h, Function Compute's longest timeout), got "90000"`},
		{"azure2021 end negative", "azure2021", map[string]string{"t.csv": "app,func,end_timestamp,duration\na,f,-10,1\n"},
			`t.csv:2: column end_timestamp: expected seconds since the trace start, got "-10" (a negative number)`},
		{"azure2021 span", "azure2021", map[string]string{"t.csv": "app,func,end_timestamp,duration\na,f,10,1\na,f,2000000000,1\n"},
			`t.csv:3: column timestamp: expected an offset below 31.7 years (1e9 seconds), got 63.4 years: a trace spans at most 1e9 seconds`},
		{"azure2019 count NaN", "azure2019", map[string]string{"invocations.csv": azure2019Header() + "\n" + azure2019Row("f", "NaN") + "\n"},
			`invocations.csv:2: column 1: expected a whole invocation count from 0 to 1073741824, got "NaN" (not a finite number)`},
		{"azure2019 count hex", "azure2019", map[string]string{"invocations.csv": azure2019Header() + "\n" + azure2019Row("f", "0x1p3") + "\n"},
			`invocations.csv:2: column 1: expected a whole invocation count from 0 to 1073741824, got "0x1p3" (only decimal numbers are allowed)`},
		{"azure2019 count too large", "azure2019", map[string]string{"invocations.csv": azure2019Header() + "\n" + azure2019Row("f", "2000000000") + "\n"},
			`invocations.csv:2: column 1: expected a whole invocation count from 0 to 1073741824, got "2000000000"`},
		{"azure2019 duration NaN", "azure2019", map[string]string{
			"invocations.csv": azure2019Header() + "\n" + azure2019Row("f", "1") + "\n",
			"durations.csv":   azure2019DurHeader + "\no,a,f,1,2,NaN,4,5,6,7\n"},
			`durations.csv:2: column percentile_Average_25: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "NaN" (not a finite number)`},
		{"azure2019 duration Inf", "azure2019", map[string]string{
			"invocations.csv": azure2019Header() + "\n" + azure2019Row("f", "1") + "\n",
			"durations.csv":   azure2019DurHeader + "\no,a,f,1,2,3,4,5,6,+Inf\n"},
			`durations.csv:2: column percentile_Average_100: expected a non-negative number of milliseconds up to 86400000 (24 h, Function Compute's longest timeout), got "+Inf" (not a finite number)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var path string
			for name, data := range tc.files {
				path = filepath.Join(dir, name)
				if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.format == "azure2019" {
				path = dir
			}
			src, err := OpenFile(path, tc.format, FileOptions{})
			if err == nil {
				_, err = drain(src)
				src.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
		})
	}
}
