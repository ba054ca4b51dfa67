package workload

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// defaultAzure2021Window bounds how long an invocation in the Azure 2021
// trace may run: rows come in end-time order, so an arrival can precede
// earlier rows' arrivals by up to its duration.
const defaultAzure2021Window = time.Hour

type azure2021Rows struct {
	name  string
	f     *os.File
	lr    *lineReader
	sp    splitter
	ncols int

	app, fn, end, dur int
	names             map[string]string
	key               []byte
}

func openAzure2021(path string, opts FileOptions, keep map[string]bool) (Source, error) {
	f, err := openTrace(path)
	if err != nil {
		return nil, err
	}
	rows := &azure2021Rows{name: displayName(path), f: f, lr: newLineReader(f), app: -1, fn: -1, end: -1, dur: -1, names: map[string]string{}}
	if err := rows.header(); err != nil {
		f.Close()
		return nil, err
	}
	window := opts.ReorderWindow
	if window == 0 {
		window = defaultAzure2021Window
	}
	return &orderedSource{
		rows:     rows,
		name:     rows.name,
		skip:     opts.SkipBadRows,
		keep:     keepFilter(opts, keep),
		prefix:   opts.Function,
		relative: true,
		window:   window,
		sortHint: func() string {
			return "sort the rows by start time (end_timestamp - duration) first"
		},
	}, nil
}

func (r *azure2021Rows) header() error {
	line, err := r.lr.next()
	if err == io.EOF {
		return fmt.Errorf("%s: empty trace: expected the header app,func,end_timestamp,duration", r.name)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", r.name, err)
	}
	cols, err := r.sp.split(line)
	if err != nil {
		return &ParseError{File: r.name, Line: 1, Msg: "header: " + err.Error()}
	}
	r.ncols = len(cols)
	for i, c := range cols {
		switch strings.TrimSpace(string(c)) {
		case "app":
			r.app = i
		case "func":
			r.fn = i
		case "end_timestamp":
			r.end = i
		case "duration":
			r.dur = i
		}
	}
	if r.app < 0 || r.fn < 0 || r.end < 0 || r.dur < 0 {
		return &ParseError{File: r.name, Line: 1, Msg: fmt.Sprintf("header %q: expected columns app,func,end_timestamp,duration", truncate(string(line), 80))}
	}
	return nil
}

func (r *azure2021Rows) line() int           { return r.lr.line }
func (r *azure2021Rows) close() error        { return r.f.Close() }
func (r *azure2021Rows) relativeTimes() bool { return true }

func (r *azure2021Rows) row(a *Arrival) (bool, error) {
	for {
		line, err := r.lr.next()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("read %s: %w", r.name, err)
		}
		if len(line) == 0 {
			continue
		}
		fields, err := r.sp.split(line)
		if err != nil {
			return false, &ParseError{File: r.name, Line: r.lr.line, Msg: err.Error()}
		}
		if len(fields) != r.ncols {
			return false, &ParseError{File: r.name, Line: r.lr.line, Msg: fmt.Sprintf("expected %d fields like the header, got %d", r.ncols, len(fields))}
		}
		end, ok := parseSeconds(fields[r.end])
		if !ok {
			return false, &ParseError{File: r.name, Line: r.lr.line, Column: "end_timestamp", Msg: withReason(fmt.Sprintf("expected seconds since the trace start, got %q", truncate(string(fields[r.end]), 40)), fields[r.end])}
		}
		dur, ok := parseSeconds(fields[r.dur])
		if !ok || dur > MaxDuration {
			return false, &ParseError{File: r.name, Line: r.lr.line, Column: "duration", Msg: withReason(fmt.Sprintf("expected a non-negative number of seconds up to %d (24 h, Function Compute's longest timeout), got %q", int64(MaxDuration/time.Second), truncate(string(fields[r.dur]), 40)), fields[r.dur])}
		}
		at := end - dur
		if at < 0 {
			at = 0
		}
		r.key = append(append(append(r.key[:0], fields[r.app]...), '/'), fields[r.fn]...)
		fn, ok := r.names[string(r.key)]
		if !ok {
			fn = string(r.key)
			r.names[fn] = fn
		}
		*a = Arrival{At: at, Duration: dur, Function: fn}
		return true, nil
	}
}
