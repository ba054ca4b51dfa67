package workload

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// rowReader parses one trace row at a time. Times are "raw": either offsets
// from the start of the trace (relative formats) or unix nanoseconds.
type rowReader interface {
	// row parses the next row into a. A *ParseError is a malformed row the
	// caller may skip; any other error is fatal; ok=false is the end.
	row(a *Arrival) (ok bool, err error)
	// line is the line number of the row last returned.
	line() int
	close() error
}

// maxReorderRows bounds the rows a reorder window buffers (about 64 bytes
// each): a trace whose rows all fall within one window would otherwise be
// held whole. Past it the earliest row is replayed early. (A variable so
// tests can lower it.)
var maxReorderRows = 1 << 22

// orderedSource turns rows into a Source: it filters functions, enforces
// time order (or re-sorts within a window), skips bad rows when asked and
// makes absolute times relative to the first arrival.
type orderedSource struct {
	rows rowReader
	pipe *csvPipe // rows, when it is one: Next takes its rows directly
	name string
	skip bool
	bad  int
	keep func(string) bool
	// prefix is the function filter (FileOptions.Function); until a row
	// passes it, census notes the functions it drops, so a filter that
	// matches nothing ends the stream with an error listing them.
	prefix   string
	kept     bool
	census   fnCensus
	relative bool // raw times are already offsets: keep them
	// sortHint says how to sort the file, for the out-of-order error (no
	// command sets a reorder window: sorting is the remedy).
	sortHint func() string

	window time.Duration
	heap   arrivalHeap
	seq    uint64
	// bufferFull is set once the heap held maxReorderRows rows and
	// emitted one early: the window is then shorter than its length.
	bufferFull bool

	// Raw times must lie in [spanLo, spanHi): within MaxTraceSpan of the
	// first row (absolute times) or of 0 (offsets). Both are 0 until the
	// first row sets them, so it always takes the slow branch.
	spanLo, spanHi time.Duration
	spanRef        time.Duration // the first row's raw time, or 0
	haveSpan       bool

	maxSeen  time.Duration
	last     time.Duration // raw time of the last row accepted (strict) or emitted (window)
	haveLast bool
	base     time.Duration
	haveBase bool
	eof      bool
	scratch  Arrival // the row being read; a field so it does not escape
}

func (s *orderedSource) BadRows() int { return s.bad }

func (s *orderedSource) Close() error { return s.rows.close() }

func (s *orderedSource) emit(raw Arrival, a *Arrival) {
	*a = raw
	if !s.haveBase {
		s.base, s.haveBase = raw.At, true
		if r, ok := s.rows.(interface{ relativeTimes() bool }); ok {
			s.relative = r.relativeTimes()
		}
	}
	if !s.relative {
		a.At = raw.At - s.base
	}
}

// readRow returns the next kept, well-formed row.
func (s *orderedSource) readRow(a *Arrival) (bool, error) {
	for {
		ok, err := s.rows.row(a)
		if err != nil {
			var pe *ParseError
			if s.skip && errors.As(err, &pe) {
				s.bad++
				continue
			}
			return false, err
		}
		if !ok {
			return false, nil
		}
		if s.keep != nil && !s.keep(a.Function) {
			s.dropped(a.Function)
			continue
		}
		s.kept = true
		return true, nil
	}
}

// dropped notes a function the filter dropped, while no row has passed.
func (s *orderedSource) dropped(fn string) {
	if !s.kept && s.prefix != "" {
		s.census.add(fn)
	}
}

// end reports the end of the stream: an error when the function filter
// kept no row.
func (s *orderedSource) end() (bool, error) {
	if !s.kept && s.prefix != "" {
		return false, s.census.noMatch(s.name, s.prefix)
	}
	return false, nil
}

func (s *orderedSource) outOfOrder(at time.Duration) error {
	hint := "rows must be sorted by time"
	if s.window > 0 {
		hint = fmt.Sprintf("it is more than %s behind the latest row, and this reader re-sorts rows only that far", s.window)
		if s.bufferFull {
			hint = fmt.Sprintf("it is behind a row already replayed: this reader re-sorts rows up to %s apart, and at most %d rows at a time", s.window, maxReorderRows)
		}
	}
	if s.sortHint != nil {
		hint += "; " + s.sortHint()
	}
	return &ParseError{File: s.name, Line: s.rows.line(), Column: "timestamp",
		Msg: fmt.Sprintf("expected a time at or after %s, got %s: %s", s.show(s.last), s.show(at), hint)}
}

// inSpan reports whether raw lies within the trace's span, fixing the span
// on the first row.
func (s *orderedSource) inSpan(raw time.Duration) bool {
	if !s.haveSpan {
		s.haveSpan = true
		if s.relativeRows() {
			s.spanLo, s.spanHi = 0, MaxTraceSpan
		} else {
			s.spanRef = raw
			s.spanLo, s.spanHi = math.MinInt64, math.MaxInt64
			if raw > math.MinInt64+MaxTraceSpan {
				s.spanLo = raw - MaxTraceSpan
			}
			if raw < math.MaxInt64-MaxTraceSpan {
				s.spanHi = raw + MaxTraceSpan
			}
		}
	}
	return raw >= s.spanLo && raw < s.spanHi
}

// relativeRows reports whether the rows' raw times are offsets.
func (s *orderedSource) relativeRows() bool {
	r, ok := s.rows.(interface{ relativeTimes() bool })
	return s.relative || ok && r.relativeTimes()
}

func (s *orderedSource) outOfSpan(raw time.Duration) error {
	msg := fmt.Sprintf("expected an offset below %s (1e9 seconds), got %s", formatSpan(MaxTraceSpan), formatSpan(raw))
	if raw < 0 {
		msg = fmt.Sprintf("expected a non-negative offset, got %s", raw)
	}
	if !s.relativeRows() {
		// Two unix-nanosecond times can be further apart than an int64
		// holds (1678 and 2262): take the difference unsigned.
		dir, d := "after", uint64(raw)-uint64(s.spanRef)
		if raw < s.spanRef {
			dir, d = "before", uint64(s.spanRef)-uint64(raw)
		}
		msg = fmt.Sprintf("expected a time within %s (1e9 seconds) of the first row's %s, got %s, %s %s it",
			formatSpan(MaxTraceSpan), s.show(s.spanRef), s.show(raw), formatSpan(time.Duration(min(d, math.MaxInt64))), dir)
	}
	return &ParseError{File: s.name, Line: s.rows.line(), Column: "timestamp",
		Msg: msg + ": a trace spans at most 1e9 seconds"}
}

func (s *orderedSource) show(raw time.Duration) string {
	if r, ok := s.rows.(interface{ relativeTimes() bool }); ok && r.relativeTimes() || s.relative {
		return raw.String()
	}
	return time.Unix(0, int64(raw)).UTC().Format(time.RFC3339Nano)
}

func (s *orderedSource) Next(a *Arrival) (bool, error) {
	if s.window <= 0 {
		// Strict order: parse straight into a, no buffering.
		for {
			if s.pipe != nil && s.pipe.take(a) {
				if s.keep != nil && !s.keep(a.Function) {
					s.dropped(a.Function)
					continue
				}
				s.kept = true
			} else if ok, err := s.readRow(a); err != nil {
				return false, err
			} else if !ok {
				return s.end()
			}
			if s.haveLast && a.At < s.last {
				err := s.outOfOrder(a.At)
				if s.skip {
					s.bad++
					continue
				}
				return false, err
			}
			if (a.At >= s.spanHi || a.At < s.spanLo) && !s.inSpan(a.At) {
				err := s.outOfSpan(a.At)
				if s.skip {
					s.bad++
					continue
				}
				return false, err
			}
			s.last, s.haveLast = a.At, true
			if !s.haveBase {
				s.emit(*a, a)
			} else if !s.relative {
				a.At -= s.base
			}
			return true, nil
		}
	}
	r := &s.scratch
	for {
		if n := s.heap.len(); n > 0 && (s.eof || s.heap.min().At <= s.maxSeen-s.window || n >= maxReorderRows) {
			if !s.eof && n >= maxReorderRows {
				s.bufferFull = true
			}
			out := s.heap.pop()
			s.last, s.haveLast = out.At, true
			s.emit(out, a)
			return true, nil
		}
		if s.eof {
			return s.end()
		}
		ok, err := s.readRow(r)
		if err != nil {
			return false, err
		}
		if !ok {
			s.eof = true
			continue
		}
		if s.haveLast && r.At < s.last {
			err := s.outOfOrder(r.At)
			if s.skip {
				s.bad++
				continue
			}
			return false, err
		}
		if !s.inSpan(r.At) {
			err := s.outOfSpan(r.At)
			if s.skip {
				s.bad++
				continue
			}
			return false, err
		}
		if r.At > s.maxSeen || s.heap.len() == 0 && !s.haveLast {
			s.maxSeen = r.At
		}
		s.seq++
		s.heap.push(*r, s.seq)
	}
}

// arrivalHeap is a binary min-heap by (At, insertion order), so equal
// times keep their file order.
type arrivalHeap struct {
	items []heapItem
}

type heapItem struct {
	a   Arrival
	seq uint64
}

func (h *arrivalHeap) len() int      { return len(h.items) }
func (h *arrivalHeap) min() *Arrival { return &h.items[0].a }

func (h *arrivalHeap) less(i, j int) bool {
	a, b := &h.items[i], &h.items[j]
	if a.a.At != b.a.At {
		return a.a.At < b.a.At
	}
	return a.seq < b.seq
}

func (h *arrivalHeap) push(a Arrival, seq uint64) {
	h.items = append(h.items, heapItem{a, seq})
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.items[i], h.items[p] = h.items[p], h.items[i]
		i = p
	}
}

func (h *arrivalHeap) pop() Arrival {
	out := h.items[0].a
	n := len(h.items) - 1
	h.items[0] = h.items[n]
	h.items = h.items[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			break
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
	return out
}
