package workload

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Timestamp forms of the csv format, fixed by the first data row.
type tsForm int

const (
	tsUnknown tsForm = iota
	tsOffset         // seconds from the start of the trace
	tsUnixSec        // unix seconds
	tsUnixMS         // unix milliseconds
	tsRFC3339        // RFC 3339 text
)

func (f tsForm) String() string {
	switch f {
	case tsOffset:
		return "seconds from the start of the trace (a number below 1e9, like the first row)"
	case tsUnixSec:
		return "unix seconds (like the first row)"
	case tsUnixMS:
		return "unix milliseconds (like the first row)"
	case tsRFC3339:
		return "an RFC 3339 time (like the first row)"
	}
	return "a time"
}

type csvRows struct {
	name  string
	f     io.Closer
	lr    *lineReader
	sp    splitter
	ncols int

	ts, dur, fn, async int // column indexes, -1 when absent
	form               tsForm
	names              map[string]string // interned function names
	last               string            // the function name of the previous row
}

func openCSV(path string, opts FileOptions, keep map[string]bool) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open trace: %w", err)
	}
	src, err := newCSVSource(f, displayName(path), opts, keep)
	if err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

// NewCSVReader reads the csv format from r; name is used in error messages.
// Closing the Source closes r if it is an io.Closer.
func NewCSVReader(r io.Reader, name string, opts FileOptions) (Source, error) {
	return newCSVSource(r, name, opts, nil)
}

func newCSVSource(r io.Reader, name string, opts FileOptions, keep map[string]bool) (Source, error) {
	rows := &csvRows{name: name, lr: newLineReader(r), ts: -1, dur: -1, fn: -1, async: -1, names: map[string]string{}}
	if c, ok := r.(io.Closer); ok {
		rows.f = c
	}
	if err := rows.header(); err != nil {
		return nil, err
	}
	return &orderedSource{
		rows:   rows,
		name:   name,
		skip:   opts.SkipBadRows,
		keep:   keepFilter(opts, keep),
		window: opts.ReorderWindow,
	}, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func (c *csvRows) header() error {
	line, err := c.lr.next()
	if err == io.EOF {
		return fmt.Errorf("%s: empty trace: expected a header line naming a timestamp column", c.name)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", c.name, err)
	}
	cols, err := c.sp.split(line)
	if err != nil {
		return &ParseError{File: c.name, Line: 1, Msg: "header: " + err.Error()}
	}
	c.ncols = len(cols)
	for i, col := range cols {
		switch strings.ToLower(strings.TrimSpace(string(col))) {
		case "timestamp":
			c.ts = i
		case "duration_ms":
			c.dur = i
		case "function":
			c.fn = i
		case "async":
			c.async = i
		}
	}
	if c.ts < 0 {
		return &ParseError{File: c.name, Line: 1, Msg: fmt.Sprintf("header %q: expected a timestamp column (optional: duration_ms, function, status, async)", truncate(string(line), 80))}
	}
	return nil
}

func (c *csvRows) line() int { return c.lr.line }

func (c *csvRows) close() error {
	if c.f != nil {
		return c.f.Close()
	}
	return nil
}

func (c *csvRows) bad(col, format string, args ...any) error {
	return &ParseError{File: c.name, Line: c.lr.line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (c *csvRows) row(a *Arrival) (bool, error) {
	for {
		line, err := c.lr.next()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("read %s: %w", c.name, err)
		}
		if len(line) == 0 || isSpace(line[0]) && len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		fields, err := c.sp.split(line)
		if err != nil {
			return false, &ParseError{File: c.name, Line: c.lr.line, Msg: err.Error()}
		}
		if len(fields) != c.ncols {
			return false, c.bad("", "expected %d fields like the header, got %d", c.ncols, len(fields))
		}
		at, err := c.timestamp(fields[c.ts])
		if err != nil {
			return false, err
		}
		*a = Arrival{At: at}
		if c.dur >= 0 && len(fields[c.dur]) > 0 {
			d, ok := parseMillis(fields[c.dur])
			if !ok {
				return false, c.bad("duration_ms", "expected a non-negative number of milliseconds, got %q", truncate(string(fields[c.dur]), 40))
			}
			a.Duration = d
		}
		if c.fn >= 0 {
			a.Function = c.intern(fields[c.fn])
		}
		if c.async >= 0 {
			v, ok := parseBool(fields[c.async])
			if !ok {
				return false, c.bad("async", "expected true or false, got %q", truncate(string(fields[c.async]), 40))
			}
			a.Async = v
		}
		return true, nil
	}
}

func (c *csvRows) intern(b []byte) string {
	// Traces often repeat one function: compare with the last one first.
	if string(b) == c.last {
		return c.last
	}
	if s, ok := c.names[string(b)]; ok {
		c.last = s
		return s
	}
	s := string(b)
	c.last = s
	if len(c.names) < 1<<20 {
		c.names[s] = s
	}
	return s
}

// timestamp parses one timestamp in the file's form, fixing the form on the
// first row.
func (c *csvRows) timestamp(b []byte) (time.Duration, error) {
	if len(b) > 0 && (isSpace(b[0]) || isSpace(b[len(b)-1])) {
		b = bytes.TrimSpace(b)
	}
	if c.form == tsUnknown {
		c.form = tsRFC3339
		if w, _, ok := parseDecimal(b); ok {
			switch {
			case w < 1e9:
				c.form = tsOffset
			case w < 1e11:
				c.form = tsUnixSec
			default:
				c.form = tsUnixMS
			}
		}
	}
	switch c.form {
	case tsOffset, tsUnixSec:
		d, ok := parseSeconds(b)
		if ok {
			return d, nil
		}
	case tsUnixMS:
		d, ok := parseMillis(b)
		if ok {
			return d, nil
		}
	case tsRFC3339:
		t, err := time.Parse(time.RFC3339Nano, string(b))
		if err == nil {
			return time.Duration(t.UnixNano()), nil
		}
	}
	return 0, c.bad("timestamp", "expected %s, got %q", c.form, truncate(string(b), 40))
}

func (c *csvRows) relativeTimes() bool { return c.form == tsOffset }
