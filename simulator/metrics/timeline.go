package metrics

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Timeline writes one CSV row per fixed step of simulated time (a second or a
// minute). Rows stream to the writer as time advances, so a month at
// per-second resolution costs no memory. The first column is the start of the
// step in seconds from the start of the run.
type Timeline struct {
	w    *bufio.Writer
	step time.Duration
	ncol int
	buf  []byte
	err  error
}

// NewTimeline writes the header ("t_s" then cols) and returns the writer.
func NewTimeline(w io.Writer, step time.Duration, cols ...string) (*Timeline, error) {
	if step <= 0 {
		return nil, fmt.Errorf("timeline step %s: must be positive", step)
	}
	t := &Timeline{w: bufio.NewWriterSize(w, 64<<10), step: step, ncol: len(cols)}
	t.buf = append(t.buf, "t_s"...)
	for _, c := range cols {
		t.buf = append(t.buf, ',')
		t.buf = append(t.buf, c...)
	}
	t.buf = append(t.buf, '\n')
	_, t.err = t.w.Write(t.buf)
	return t, t.err
}

// Step returns the row width in simulated time.
func (t *Timeline) Step() time.Duration { return t.step }

// Row writes the row for the step starting at start. vals must have one value
// per column; integral values print without a decimal point.
func (t *Timeline) Row(start time.Duration, vals []float64) {
	if t.err != nil {
		return
	}
	if len(vals) != t.ncol {
		t.err = fmt.Errorf("timeline row has %d values, want %d", len(vals), t.ncol)
		return
	}
	b := t.buf[:0]
	b = strconv.AppendFloat(b, start.Seconds(), 'f', -1, 64)
	for _, v := range vals {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	b = append(b, '\n')
	t.buf = b
	_, t.err = t.w.Write(b)
}

// Flush writes buffered rows and returns the first error met.
func (t *Timeline) Flush() error {
	if t.err != nil {
		return t.err
	}
	return t.w.Flush()
}
