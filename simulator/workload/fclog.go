package workload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"time"
)

// defaultFCLogWindow is the reorder window for SLS exports, which are
// roughly but not strictly ordered.
const defaultFCLogWindow = time.Minute

// fcLogRecord holds the request-level metric fields fcplan uses. Field
// names are Function Compute's (help.aliyun.com/zh/sls/function-compute-3-0-log-field-details).
type fcLogRecord struct {
	InvocationStartTimestamp flexNumber `json:"invocationStartTimestamp"`
	Time                     flexNumber `json:"__time__"`
	DurationMs               flexNumber `json:"durationMs"`
	FunctionName             string     `json:"functionName"`
	InvocationType           string     `json:"invocationType"`
}

// flexNumber accepts a JSON number or a string holding one (SLS exports
// every value as a string). The value is checked by number, which names
// the field in its error: an unmarshal error would not.
type flexNumber struct {
	set bool
	raw []byte // the number's text, without quotes
}

func (n *flexNumber) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			return nil
		}
		b = []byte(s)
	}
	n.set, n.raw = true, append(n.raw[:0], b...)
	return nil
}

// number parses n as a plain decimal number (see plainNumber) from 0 to
// max: NaN, Inf, hexadecimal, digit separators and negative values, which
// strconv would take, are errors naming the field and what was expected.
func (r *fcLogRows) number(field string, n *flexNumber, max float64, expected string) (float64, error) {
	v, ok := parseNumber(n.raw)
	if !ok || v > max {
		msg := fmt.Sprintf("expected %s, got %q", expected, truncate(string(n.raw), 40))
		return 0, r.bad(field, "%s", withReason(msg, n.raw))
	}
	return v, nil
}

type fcLogRows struct {
	name string
	f    *os.File
	lr   *lineReader
	rec  fcLogRecord
}

func openFCRequestLog(path string, opts FileOptions, keep map[string]bool) (Source, error) {
	f, err := openTrace(path)
	if err != nil {
		return nil, err
	}
	rows := &fcLogRows{name: displayName(path), f: f, lr: newLineReader(f)}
	window := opts.ReorderWindow
	if window == 0 {
		window = defaultFCLogWindow
	}
	return &orderedSource{
		rows:   rows,
		name:   rows.name,
		skip:   opts.SkipBadRows,
		keep:   keepFilter(opts, keep),
		prefix: opts.Function,
		window: window,
		sortHint: func() string {
			return "sort the lines by invocationStartTimestamp (or __time__) first, e.g. jq -c -s 'sort_by(.invocationStartTimestamp|tonumber)[]' " + shellWord(rows.name)
		},
	}, nil
}

func (r *fcLogRows) line() int    { return r.lr.line }
func (r *fcLogRows) close() error { return r.f.Close() }

func (r *fcLogRows) bad(col, format string, args ...any) error {
	return &ParseError{File: r.name, Line: r.lr.line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (r *fcLogRows) row(a *Arrival) (bool, error) {
	for {
		line, err := r.lr.next()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("read %s: %w", r.name, err)
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		r.rec = fcLogRecord{}
		if err := json.Unmarshal(line, &r.rec); err != nil {
			return false, r.bad("", "expected one JSON object per line: %v", err)
		}
		rec := &r.rec
		var dur time.Duration
		if rec.DurationMs.set {
			v, err := r.number("durationMs", &rec.DurationMs, float64(maxDurationMillis), durationMillisExpected)
			if err != nil {
				return false, err
			}
			dur = time.Duration(v * float64(time.Millisecond))
		}
		var at time.Duration
		switch {
		case rec.InvocationStartTimestamp.set:
			ms, err := r.number("invocationStartTimestamp", &rec.InvocationStartTimestamp, 9e12, "unix milliseconds (a number from 0 to 9e12)")
			if err != nil {
				return false, err
			}
			at = floatUnits(ms, time.Millisecond)
		case rec.Time.set:
			s, err := r.number("__time__", &rec.Time, 9e9, "unix seconds (a number from 0 to 9e9)")
			if err != nil {
				return false, err
			}
			at = floatUnits(s, time.Second) - dur
		default:
			return false, r.bad("", "expected invocationStartTimestamp (unix ms) or __time__ (unix s)")
		}
		*a = Arrival{At: at, Duration: dur, Function: rec.FunctionName, Async: rec.InvocationType == "Async"}
		return true, nil
	}
}

// floatUnits converts v units to a Duration keeping the whole part exact
// (unix nanoseconds exceed float64's 53-bit mantissa).
func floatUnits(v float64, unit time.Duration) time.Duration {
	w := math.Floor(v)
	return time.Duration(int64(w))*unit + time.Duration(math.Round((v-w)*float64(unit)))
}
