package workload

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strings"
	"time"
)

// Timestamp forms of the csv format, fixed by the first data row.
type tsForm uint8

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
		return "seconds from the start of the trace (a number from 0 to below 1e9, like the first row)"
	case tsUnixSec:
		return "unix seconds (like the first row)"
	case tsUnixMS:
		return "unix milliseconds (like the first row)"
	case tsRFC3339:
		return "an RFC 3339 time (like the first row)"
	}
	return "a time"
}

// Column roles of the csv format, one per header column.
const (
	colOther uint8 = iota
	colTS
	colDur
	colFn
	colAsync
)

// csvLayout is what the header says about a csv trace; read-only once the
// header is parsed, so parallel parsers share it.
type csvLayout struct {
	name               string
	ncols              int
	ts, dur, fn, async int     // column indexes, -1 when absent
	roles              []uint8 // role of each column (colOther...)
}

// csvParser parses data lines of one csv trace. Each goroutine that parses
// has its own (the splitter and the intern table are scratch state).
type csvParser struct {
	*csvLayout
	form   tsForm
	lineNo int // line number used in errors
	sp     splitter
	names  map[string]*fnName // interned function names
	// nameBytes is the length of the names in names.
	nameBytes int
	last      *fnName // the function of the previous row

	// Block parsing: the function table of the batch being parsed, and
	// its generation (see fnName); the previous timestamp's prefix.
	fns []string
	gen uint32
	tsp tsPrefix
}

// fnName is an interned function name. idx is its index in the function
// table of the batch being parsed when gen is that batch's generation.
type fnName struct {
	s          string
	plain      bool   // s has no comma, quote or line-end byte
	word, mask uint64 // s as a little-endian word, when it has at most 8 bytes
	gen        uint32
	idx        int32
}

// maxInternedNames bounds one parser's intern table (about 150 bytes a
// name): a trace with more functions still parses, its rarer names just
// are not shared.
const maxInternedNames = 1 << 17

func newCSVParser(l *csvLayout, form tsForm) *csvParser {
	return &csvParser{csvLayout: l, form: form, names: map[string]*fnName{}, last: &fnName{}}
}

// csvRows reads the header of a csv trace. It can also read the rows, line
// by line with the general parser only: the reference the block reader
// (csvPipe) is tested against.
type csvRows struct {
	*csvParser
	f  io.Closer
	lr *lineReader
}

func openCSV(path string, opts FileOptions, keep map[string]bool) (Source, error) {
	f, err := openTrace(path)
	if err != nil {
		return nil, err
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
	layout := &csvLayout{name: name, ts: -1, dur: -1, fn: -1, async: -1}
	// A small first buffer: the block reader only reads the header with
	// it (it grows for a long header as needed).
	rows := &csvRows{csvParser: newCSVParser(layout, tsUnknown), lr: &lineReader{r: r, buf: make([]byte, 64<<10)}}
	if c, ok := r.(io.Closer); ok {
		rows.f = c
	}
	if err := rows.header(); err != nil {
		return nil, err
	}
	var rr rowReader = rows
	var pipe *csvPipe
	if !csvSequential {
		pipe = newCSVPipe(rows, csvWorkers())
		rr = pipe
	}
	return &orderedSource{
		rows:   rr,
		pipe:   pipe,
		name:   name,
		skip:   opts.SkipBadRows,
		keep:   keepFilter(opts, keep),
		prefix: opts.Function,
		window: opts.ReorderWindow,
		sortHint: func() string {
			form := rows.form
			if pipe != nil {
				form = pipe.form
			}
			return csvSortHint(name, layout.ts, form)
		},
	}, nil
}

// csvSortHint says how to sort a csv trace by its timestamp column (ts,
// from 0) with sort(1), keeping the header.
func csvSortHint(name string, ts int, form tsForm) string {
	key := fmt.Sprintf("-k%d,%dg", ts+1, ts+1) // numbers: general numeric order
	if form == tsRFC3339 {
		key = fmt.Sprintf("-k%d,%d", ts+1, ts+1) // text order: right for one zone and precision
	}
	f := shellWord(name)
	return fmt.Sprintf("sort the file by timestamp first, e.g. (head -n 1 %s; tail -n +2 %s | sort -t, -s %s) > sorted.csv", f, f, key)
}

// shellWord is name for a shell command in a hint, or FILE when it holds
// anything but letters, digits and ./_- (a file name from a pull request
// must not become a command someone pastes).
func shellWord(name string) string {
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("./_-", c) >= 0) {
			return "FILE"
		}
	}
	if name == "" || name[0] == '-' {
		return "FILE"
	}
	return name
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
	c.roles = make([]uint8, c.ncols)
	for role, i := range [...]int{colTS: c.ts, colDur: c.dur, colFn: c.fn, colAsync: c.async} {
		if role != int(colOther) && i >= 0 {
			c.roles[i] = uint8(role)
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

func (c *csvRows) row(a *Arrival) (bool, error) {
	for {
		line, err := c.lr.next()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("read %s: %w", c.name, err)
		}
		if len(line) == 0 {
			continue
		}
		c.lineNo = c.lr.line
		if ok, err := c.parseSlow(line, a); ok || err != nil {
			return ok, err
		}
	}
}

func (c *csvRows) relativeTimes() bool { return c.form == tsOffset }

func (p *csvParser) bad(col, format string, args ...any) error {
	return &ParseError{File: p.name, Line: p.lineNo, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// parseSlow is the general path of parse: it handles every line, well
// formed or not, and fixes the timestamp form on the first row.
func (p *csvParser) parseSlow(line []byte, a *Arrival) (bool, error) {
	if isSpace(line[0]) && len(bytes.TrimSpace(line)) == 0 {
		return false, nil
	}
	fields, err := p.sp.split(line)
	if err != nil {
		return false, &ParseError{File: p.name, Line: p.lineNo, Msg: err.Error()}
	}
	if len(fields) != p.ncols {
		return false, p.bad("", "expected %d fields like the header, got %d", p.ncols, len(fields))
	}
	at, err := p.timestamp(fields[p.ts])
	if err != nil {
		return false, err
	}
	*a = Arrival{At: at}
	if p.dur >= 0 && len(fields[p.dur]) > 0 {
		d, ok := parseMillis(fields[p.dur])
		if !ok || d > MaxDuration {
			return false, p.bad("duration_ms", "%s", withReason(fmt.Sprintf("expected %s, got %q", durationMillisExpected, truncate(string(fields[p.dur]), 40)), fields[p.dur]))
		}
		a.Duration = d
	}
	if p.fn >= 0 {
		a.Function = p.intern(fields[p.fn])
	}
	if p.async >= 0 {
		v, ok := parseBool(fields[p.async])
		if !ok {
			return false, p.bad("async", "expected true or false, got %q", truncate(string(fields[p.async]), 40))
		}
		a.Async = v
	}
	return true, nil
}

// parseFast parses the plain, well-formed line at the start of b in one
// pass over its bytes: unquoted fields, decimal timestamps in a known form,
// decimal durations. b holds whole lines, the last one ending in '\n'. It
// returns the index of the line's '\n', or -1 for any other line; the
// general path (parseSlow) then decides and reports errors, so both paths
// always agree. The row's function is an index in p.fns.
func (p *csvParser) parseFast(b []byte, a *csvRow) int {
	var r csvRow // set in registers, stored once
	i := 0
	last := len(p.roles) - 1
	for col, role := range p.roles {
		j := i // the end of the field
		switch role {
		case colTS:
			w, f, k, ok := p.scanTimestamp(b, i)
			if !ok {
				return -1
			}
			j = k
			switch p.form {
			case tsOffset:
				if w >= maxOffsetSeconds {
					return -1
				}
				r.at = time.Duration(w)*time.Second + time.Duration(f)
			case tsUnixSec:
				if w > maxSeconds {
					return -1
				}
				r.at = time.Duration(w)*time.Second + time.Duration(f)
			case tsUnixMS:
				if w > maxMillis {
					return -1
				}
				r.at = time.Duration(w)*time.Millisecond + time.Duration(f/1000)
			default:
				return -1
			}
		case colDur:
			if b[i] == ',' || isEOL(b, i) {
				break // empty: no duration
			}
			w, f, k, ok := scanDecimal(b, i)
			if !ok || w >= maxDurationMillis {
				return -1
			}
			j = k
			r.dur = time.Duration(w)*time.Millisecond + time.Duration(f/1000)
		default:
			// Most rows repeat the previous row's function, and "true" and
			// "false" are the usual async values: try those before scanning
			// (an unquoted field that starts with a plain name and ends right
			// after it is that name).
			if l := p.last; role == colFn && l.plain {
				m := i + len(l.s)
				same := false
				if len(l.s) <= 8 && i+8 <= len(b) {
					same = binary.LittleEndian.Uint64(b[i:])&l.mask == l.word
				} else {
					same = m < len(b) && string(b[i:m]) == l.s
				}
				if same && isEnd(b, m, col == last) {
					r.fn = p.fnIndex(l)
					j = m
					break
				}
			}
			if role == colAsync {
				if m := i + 5; m < len(b) && string(b[i:m]) == "false" && isEnd(b, m, col == last) {
					j = m
					break
				}
				if m := i + 4; m < len(b) && string(b[i:m]) == "true" && isEnd(b, m, col == last) {
					r.async = true
					j = m
					break
				}
			}
			for ; b[j] != ',' && b[j] != '\n'; j++ {
				if b[j] == '"' {
					return -1
				}
			}
			field := b[i:j]
			if col == last && j > i && b[j-1] == '\r' && b[j] == '\n' {
				field = b[i : j-1]
			}
			switch role {
			case colFn:
				r.fn = p.fnIndex(p.internName(field))
			case colAsync:
				v, ok := parseBool(field)
				if !ok {
					return -1
				}
				r.async = v
			}
		}
		if col < last {
			if b[j] != ',' {
				return -1
			}
			i = j + 1
			continue
		}
		switch {
		case b[j] == '\n':
			*a = r
			return j
		case b[j] == '\r' && b[j+1] == '\n':
			*a = r
			return j + 1
		}
	}
	return -1
}

// isEOL reports whether b[i] ends a line: '\n' or "\r\n". b ends in '\n'.
func isEOL(b []byte, i int) bool {
	return b[i] == '\n' || b[i] == '\r' && b[i+1] == '\n'
}

// isEnd reports whether b[i] ends a field: a comma, or the line's end for
// the last field.
func isEnd(b []byte, i int, last bool) bool {
	if last {
		return isEOL(b, i)
	}
	return b[i] == ','
}

// Largest whole parts parseSeconds and parseMillis accept, and the bound
// on csv offsets (MaxTraceSpan in seconds).
const (
	maxOffsetSeconds = int64(MaxTraceSpan / time.Second)
	maxSeconds       = math.MaxInt64/int64(time.Second) - 1
	maxMillis        = math.MaxInt64/int64(time.Millisecond) - 1
)

// scanDecimal parses the plain decimal number ("12", "12.5", ".5", "12.")
// that starts at b[i], as parseDecimal would; ok=false where parseDecimal
// would take its slow path or fail. j is the index after the number (the
// caller checks what ends it). Digits are taken eight at a time where eight
// bytes are left.
func scanDecimal(b []byte, i int) (whole, frac9 int64, j int, ok bool) {
	whole, j, ok = scanWhole(b, i)
	if !ok {
		return 0, 0, 0, false
	}
	digits := j - i
	if j < len(b) && b[j] == '.' {
		var fd int
		frac9, j, fd = scanFrac(b, j+1)
		digits += fd
	}
	if digits == 0 {
		return 0, 0, 0, false
	}
	return whole, frac9, j, true
}

// scanWhole parses the digits from b[i] on; ok=false for more than 18
// (parseDecimal's slow path).
func scanWhole(b []byte, i int) (whole int64, j int, ok bool) {
	n := len(b)
	start := i
	for i+8 <= n {
		v := binary.LittleEndian.Uint64(b[i:])
		k := digitRun(v)
		if k == 0 {
			break
		}
		whole = whole*pow10x[k] + int64(digits8(v<<(64-8*k)))
		i += k
		if k < 8 || i-start > 18 {
			break
		}
	}
	for ; i < n && i-start <= 18; i++ {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		whole = whole*10 + int64(c)
	}
	return whole, i, i-start <= 18
}

// scanFrac parses the fraction digits from b[i] on into nanoseconds (the
// first nine digits count); j is the index after them, digits their number.
func scanFrac(b []byte, i int) (frac9 int64, j, digits int) {
	n := len(b)
	start := i
	if i+8 <= n {
		v := binary.LittleEndian.Uint64(b[i:])
		if k := digitRun(v); k > 0 {
			frac9 = int64(digits8(v<<(64-8*k))) * pow10x[9-k]
			i += k
		}
	}
	for ; i < n; i++ {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		if k := i - start; k < 9 {
			frac9 += int64(c) * pow10x[8-k]
		}
	}
	return frac9, i, i - start
}

// tsPrefix remembers the text of the previous row's timestamp up to and
// including its decimal point, when that is at most 16 bytes: rows often
// share it (a trace at 1000/s has 1000 rows per second), and then only the
// fraction needs parsing.
type tsPrefix struct {
	n        int    // bytes, 0 = nothing remembered
	lo, hi   uint64 // the bytes, little-endian
	mlo, mhi uint64 // masks of the n bytes in lo and hi
	whole    int64
}

// scanTimestamp is scanDecimal with the previous row's whole part reused
// when the text before the decimal point is the same.
func (p *csvParser) scanTimestamp(b []byte, i int) (whole, frac9 int64, j int, ok bool) {
	t := &p.tsp
	if t.n > 0 && i+16 <= len(b) {
		lo := binary.LittleEndian.Uint64(b[i:])
		hi := binary.LittleEndian.Uint64(b[i+8:])
		if (lo^t.lo)&t.mlo|(hi^t.hi)&t.mhi == 0 {
			frac9, j, fd := scanFrac(b, i+t.n)
			if t.n-1+fd == 0 {
				return 0, 0, 0, false
			}
			return t.whole, frac9, j, true
		}
	}
	whole, frac9, j, ok = scanDecimal(b, i)
	t.n = 0
	if !ok {
		return 0, 0, 0, false
	}
	if d := bytes.IndexByte(b[i:j], '.'); d >= 0 && d < 16 && i+16 <= len(b) {
		t.n, t.whole = d+1, whole
		t.lo = binary.LittleEndian.Uint64(b[i:])
		t.hi = binary.LittleEndian.Uint64(b[i+8:])
		t.mlo, t.mhi = byteMask(t.n), byteMask(t.n-8)
	}
	return whole, frac9, j, ok
}

// byteMask masks the low n bytes of a word (none for n <= 0, all for n >= 8).
func byteMask(n int) uint64 {
	switch {
	case n <= 0:
		return 0
	case n >= 8:
		return ^uint64(0)
	}
	return 1<<(8*n) - 1
}

// pow10x[k] is 10^k.
var pow10x = [10]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// digitRun is the number of leading ASCII digits in the eight bytes of v
// (loaded little-endian: the first byte is the lowest).
func digitRun(v uint64) int {
	const hi, threes, sixes = 0xF0F0F0F0F0F0F0F0, 0x3030303030303030, 0x0606060606060606
	// A byte is a digit when its high nibble is 3 and adding 6 keeps it 3.
	// A carry out of a non-digit byte only disturbs the bytes after it.
	bad := (v&hi ^ threes) | ((v+sixes)&hi ^ threes)
	return bits.TrailingZeros64(bad) >> 3
}

// digits8 converts eight ASCII digits (the first in the lowest byte; zero
// bytes count as leading zeros) to their value.
func digits8(v uint64) uint64 {
	v = (v & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8
	v = (v & 0x00FF00FF00FF00FF) * 6553601 >> 16
	return (v & 0x0000FFFF0000FFFF) * 42949672960001 >> 32
}

func (p *csvParser) intern(b []byte) string { return p.internName(b).s }

func (p *csvParser) internName(b []byte) *fnName {
	// Traces often repeat one function: compare with the last one first.
	if string(b) == p.last.s {
		return p.last
	}
	n, ok := p.names[string(b)]
	if !ok {
		n = &fnName{s: string(b)}
		n.plain = !strings.ContainsAny(n.s, ",\"\r\n")
		if len(b) <= 8 {
			var w [8]byte
			copy(w[:], b)
			n.word, n.mask = binary.LittleEndian.Uint64(w[:]), byteMask(len(b))
		}
		// The table is bounded in names and bytes: past either, names
		// are still returned, just not shared. Each parsing goroutine
		// has one, so the bound is kept well under MaxFunctions.
		if len(p.names) < maxInternedNames && p.nameBytes < 16<<20 {
			p.names[n.s] = n
			p.nameBytes += len(n.s)
		}
	}
	p.last = n
	return n
}

// fnIndex is the index of n in the function table of the batch being
// parsed, adding it if needed.
func (p *csvParser) fnIndex(n *fnName) int32 {
	if n.gen != p.gen {
		n.gen, n.idx = p.gen, int32(len(p.fns))
		p.fns = append(p.fns, n.s)
	}
	return n.idx
}

// Times an RFC 3339 timestamp may name: fcplan counts time in int64
// nanoseconds from 1970.
var (
	minRFC3339 = time.Unix(0, math.MinInt64).UTC()
	maxRFC3339 = time.Unix(0, math.MaxInt64).UTC()
)

// firstTimestampExpected says what the first row's timestamp can be.
const firstTimestampExpected = "expected the first row's timestamp to be seconds from the start of the trace (a number from 0 to below 1e9), unix seconds (1e9 to below 1e11), unix milliseconds (1e11 and above) or an RFC 3339 time such as 2026-01-02T15:04:05Z"

// timestamp parses one timestamp in the file's form. The first row that
// parses fixes the form; a row that does not, before that, says what the
// form can be.
func (p *csvParser) timestamp(b []byte) (time.Duration, error) {
	if len(b) > 0 && (isSpace(b[0]) || isSpace(b[len(b)-1])) {
		b = bytes.TrimSpace(b)
	}
	form := p.form
	if form == tsUnknown {
		form = tsRFC3339
		if w, _, ok := parseDecimal(b); ok {
			switch {
			case w < 1e9:
				form = tsOffset
			case w < 1e11:
				form = tsUnixSec
			default:
				form = tsUnixMS
			}
		}
	}
	var (
		d      time.Duration
		ok     bool
		reason string
	)
	switch form {
	case tsOffset:
		d, ok = parseSeconds(b)
		if ok && d >= MaxTraceSpan {
			ok, reason = false, "offsets are below 1e9 seconds, about 31.7 years"
		}
	case tsUnixSec:
		d, ok = parseSeconds(b)
	case tsUnixMS:
		d, ok = parseMillis(b)
	case tsRFC3339:
		t, err := time.Parse(time.RFC3339Nano, string(b))
		switch {
		case err != nil:
		case t.Before(minRFC3339) || t.After(maxRFC3339):
			reason = "fcplan reads RFC 3339 times from 1678-09-22 to 2262-04-11, and a trace spans at most 1e9 seconds, about 31.7 years"
		default:
			d, ok = time.Duration(t.UnixNano()), true
		}
	}
	if ok {
		p.form = form
		return d, nil
	}
	got := truncate(string(b), 40)
	msg := fmt.Sprintf("expected %s, got %q", p.form, got)
	if p.form == tsUnknown {
		msg = fmt.Sprintf("%s; got %q", firstTimestampExpected, got)
	}
	if reason != "" {
		return 0, p.bad("timestamp", "%s (%s)", msg, reason)
	}
	return 0, p.bad("timestamp", "%s", withReason(msg, b))
}
