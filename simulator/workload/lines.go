package workload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// maxLineBytes bounds one line so a file without newlines cannot exhaust
// memory.
const maxLineBytes = 16 << 20

// lineReader yields lines without their terminator, counting them. It
// scans its own buffer (cheaper per line than bufio.Reader.ReadSlice).
type lineReader struct {
	r        io.Reader
	buf      []byte
	pos, end int
	err      error // sticky read error (io.EOF at the end)
	line     int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, 1<<20)}
}

// next returns the next line (valid until the following call) or io.EOF.
func (l *lineReader) next() ([]byte, error) {
	for {
		if i := bytes.IndexByte(l.buf[l.pos:l.end], '\n'); i >= 0 {
			b := l.buf[l.pos : l.pos+i]
			l.pos += i + 1
			return l.finish(b), nil
		}
		if l.err != nil {
			if l.pos < l.end {
				b := l.buf[l.pos:l.end]
				l.pos = l.end
				return l.finish(b), nil
			}
			if errors.Is(l.err, io.EOF) {
				return nil, io.EOF
			}
			return nil, l.err
		}
		// Move the partial line to the front, grow if it fills the buffer.
		n := copy(l.buf, l.buf[l.pos:l.end])
		l.pos, l.end = 0, n
		if n == len(l.buf) {
			if len(l.buf) >= maxLineBytes {
				l.line++
				return nil, fmt.Errorf("line %d is longer than %d bytes", l.line, maxLineBytes)
			}
			l.buf = append(l.buf, make([]byte, len(l.buf))...)
		}
		m, err := l.r.Read(l.buf[l.end:])
		l.end += m
		if err != nil {
			l.err = err
		} else if m == 0 {
			continue
		}
	}
}

func (l *lineReader) finish(b []byte) []byte {
	l.line++
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	if l.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
	}
	return b
}

// splitter splits CSV lines into fields. Unquoted lines take a fast path;
// quoted fields follow RFC 4180 within one line ("" is a literal quote).
type splitter struct {
	fields  [][]byte
	scratch []byte
}

var errBadQuote = errors.New(`malformed quoted field (expected "..." with "" for a literal quote)`)

func (s *splitter) split(line []byte) ([][]byte, error) {
	s.fields = s.fields[:0]
	// Fast path: one pass over a line without quotes.
	start := 0
	for i, c := range line {
		if c == ',' {
			s.fields = append(s.fields, line[start:i])
			start = i + 1
		} else if c == '"' {
			return s.splitQuoted(line)
		}
	}
	s.fields = append(s.fields, line[start:])
	return s.fields, nil
}

// splitQuoted is the slow path of split for lines with quotes.
func (s *splitter) splitQuoted(line []byte) ([][]byte, error) {
	s.fields = s.fields[:0]
	s.scratch = s.scratch[:0]
	// Offsets into scratch, converted to slices at the end because scratch
	// may grow.
	type span struct{ lo, hi int }
	var spans []span
	for {
		lo := len(s.scratch)
		if len(line) > 0 && line[0] == '"' {
			line = line[1:]
			for {
				i := bytes.IndexByte(line, '"')
				if i < 0 {
					return nil, errBadQuote
				}
				s.scratch = append(s.scratch, line[:i]...)
				line = line[i+1:]
				if len(line) > 0 && line[0] == '"' {
					s.scratch = append(s.scratch, '"')
					line = line[1:]
					continue
				}
				break
			}
			if len(line) > 0 && line[0] != ',' {
				return nil, errBadQuote
			}
		} else {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				i = len(line)
			}
			if bytes.IndexByte(line[:i], '"') >= 0 {
				return nil, errBadQuote
			}
			s.scratch = append(s.scratch, line[:i]...)
			line = line[i:]
		}
		spans = append(spans, span{lo, len(s.scratch)})
		if len(line) == 0 {
			break
		}
		line = line[1:] // the comma
	}
	for _, sp := range spans {
		s.fields = append(s.fields, s.scratch[sp.lo:sp.hi])
	}
	return s.fields, nil
}

// parseDecimal parses a non-negative decimal number ("12", "12.345") into
// an integer part and nanoseconds-style fraction (9 digits) without
// floating-point error. Exponents fall back to strconv.
func parseDecimal(b []byte) (whole int64, frac9 int64, ok bool) {
	n := len(b)
	if n == 0 {
		return 0, 0, false
	}
	i := 0
	// Up to 18 digits cannot overflow an int64: no check in the loop.
	lim := min(n, 18)
	for ; i < lim; i++ {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		whole = whole*10 + int64(c)
	}
	digits := i
	if i == lim && i < n && b[i]-'0' <= 9 {
		return parseDecimalSlow(b)
	}
	if i < n && b[i] == '.' {
		i++
		start := i
		for ; i < n; i++ {
			c := b[i] - '0'
			if c > 9 {
				break
			}
			if k := i - start; k < 9 {
				frac9 += int64(c) * pow10[8-k]
			}
		}
		digits += i - start
	}
	if i != n || digits == 0 {
		return parseDecimalSlow(b)
	}
	return whole, frac9, true
}

var pow10 = [9]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

// parseDecimalSlow handles exponents and very long numbers via strconv,
// within the grammar of plainNumber (strconv alone would also take signs,
// hexadecimal, digit separators, NaN and Inf).
func parseDecimalSlow(b []byte) (whole int64, frac9 int64, ok bool) {
	if !plainNumber(b) {
		return 0, 0, false
	}
	if v, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return v, 0, true
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || !(f >= 0 && f < 9e18) {
		return 0, 0, false
	}
	w := math.Floor(f)
	return int64(w), int64(math.Round((f - w) * 1e9)), true
}

// parseMillis parses a non-negative number of milliseconds.
func parseMillis(b []byte) (time.Duration, bool) {
	w, f, ok := parseDecimal(b)
	if !ok || w > math.MaxInt64/int64(time.Millisecond)-1 {
		return 0, false
	}
	return time.Duration(w)*time.Millisecond + time.Duration(f/1000), true
}

// parseSeconds parses a non-negative number of seconds.
func parseSeconds(b []byte) (time.Duration, bool) {
	w, f, ok := parseDecimal(b)
	if !ok || w > math.MaxInt64/int64(time.Second)-1 {
		return 0, false
	}
	return time.Duration(w)*time.Second + time.Duration(f), true
}

func parseBool(b []byte) (bool, bool) {
	switch len(b) {
	case 4:
		if string(b) == "true" {
			return true, true
		}
	case 5:
		if string(b) == "false" {
			return false, true
		}
	}
	switch string(b) {
	case "true", "TRUE", "True", "1", "yes", "async", "Async":
		return true, true
	case "false", "FALSE", "False", "0", "no", "", "sync", "Sync":
		return false, true
	}
	return false, false
}
