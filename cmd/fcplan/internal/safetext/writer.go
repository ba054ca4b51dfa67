package safetext

import (
	"io"
	"unicode/utf8"
)

// Writer passes everything written to it to an underlying writer with the
// characters Lines escapes replaced, keeping line feeds and tabs. A
// multi-byte character split across two writes is joined before it is
// judged; call Flush after the last write so that an incomplete sequence at
// the very end is written (escaped) rather than held back.
type Writer struct {
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence cut by the end of a write
	err     error
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it. It reports len(p) on success, as if p had
// been written unchanged.
func (sw *Writer) Write(p []byte) (int, error) {
	if sw.err != nil {
		return 0, sw.err
	}
	data := p
	if len(sw.pending) > 0 {
		data = append(sw.pending, p...)
		sw.pending = nil
	}
	// Hold back a trailing incomplete UTF-8 sequence for the next write.
	if cut := incompleteTail(data); cut < len(data) {
		sw.pending = append([]byte(nil), data[cut:]...)
		data = data[:cut]
	}
	var err error
	if firstUnsafe(data, true) >= 0 {
		_, err = io.WriteString(sw.w, Lines(string(data)))
	} else {
		_, err = sw.w.Write(data)
	}
	if err != nil {
		sw.err = err
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held-back incomplete UTF-8 sequence, escaped.
func (sw *Writer) Flush() error {
	if sw.err != nil {
		return sw.err
	}
	if len(sw.pending) == 0 {
		return nil
	}
	s := Lines(string(sw.pending))
	sw.pending = nil
	_, sw.err = io.WriteString(sw.w, s)
	return sw.err
}

// incompleteTail is the index where a trailing, possibly incomplete UTF-8
// sequence starts, or len(b) when b ends on a character boundary (or with
// bytes that can never become valid, which are escaped at once).
func incompleteTail(b []byte) int {
	// A sequence is at most 4 bytes: look back at most 3 for its lead byte.
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

// WriteString is Write for a string.
func (sw *Writer) WriteString(s string) (int, error) {
	// Fast path: nothing held back and nothing to escape (a cut sequence at
	// the end counts as something to escape).
	if sw.err == nil && len(sw.pending) == 0 && firstUnsafe(s, true) < 0 {
		if _, err := io.WriteString(sw.w, s); err != nil {
			sw.err = err
			return 0, err
		}
		return len(s), nil
	}
	return sw.Write([]byte(s))
}
