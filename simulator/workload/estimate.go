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

// Estimate is what a workload would feed the simulator, known before a
// single arrival is generated: how many arrivals and how much simulated
// time. Callers refuse a run past their budget with it instead of finding
// out after hours (a `poisson:rate=1e6/s,duration=720h` spec, a 14 KB Azure
// file with 99,999,999 invocations a minute, a two-row CSV whose rows are a
// century apart).
type Estimate struct {
	// Arrivals is the expected number of arrivals (generators: rate x
	// time; traces: the rows or summed counts, an upper bound when a
	// function filter drops some).
	Arrivals float64
	// Span is the simulated time the traffic covers, from 0; 0 when it
	// cannot be known cheaply (then Known is false).
	Span      time.Duration
	SpanKnown bool
	// Basis says how the figures were obtained, for messages:
	// "1e+06/s for 720h0m0s", "3 rows of trace.csv".
	Basis string
}

// EstimateSpec estimates a generator spec from its parameters; replay
// specs pre-read their file (see EstimateFile) and multiply by scale.
func EstimateSpec(spec string) (Estimate, error) {
	a, err := parseSpec(spec)
	if err != nil {
		return Estimate{}, err
	}
	switch a.kind {
	case "poisson":
		if err := a.check(spec, "rate", "duration"); err != nil {
			return Estimate{}, err
		}
		rate, err := a.rate(spec, "rate", true, 0)
		if err != nil {
			return Estimate{}, err
		}
		d, err := span(spec, a, 0, true)
		if err != nil {
			return Estimate{}, err
		}
		return Estimate{Arrivals: rate * d.Seconds(), Span: d, SpanKnown: true,
			Basis: fmt.Sprintf("%s/s for %s", fmtFloat(rate), d)}, nil
	case "diurnal":
		src, err := OpenSpec(spec, 1)
		if err != nil {
			return Estimate{}, err
		}
		s := src.(*diurnalSource)
		mean, _ := a.rate(spec, "mean", true, 0)
		// The mean holds over whole periods; a partial one may sit
		// around the peak: count it at the peak rate.
		whole := math.Floor(s.end / s.period)
		n := mean*whole*s.period + s.peak*(s.end-whole*s.period)
		return Estimate{Arrivals: n, Span: secondsSpan(s.end), SpanKnown: true,
			Basis: fmt.Sprintf("mean %s/s, peak %s/s for %s", fmtFloat(mean), fmtFloat(s.peak), secondsSpan(s.end))}, nil
	case "burst":
		src, err := OpenSpec(spec, 1)
		if err != nil {
			return Estimate{}, err
		}
		s := src.(*burstSource)
		inBurst := math.Max(0, math.Min(s.stop, s.end)-math.Min(s.start, s.end))
		n := s.base*(s.end-inBurst) + s.peak*inBurst
		return Estimate{Arrivals: n, Span: secondsSpan(s.end), SpanKnown: true,
			Basis: fmt.Sprintf("%s/s for %s with %s/s for %s", fmtFloat(s.base), secondsSpan(s.end), fmtFloat(s.peak), secondsSpan(inBurst))}, nil
	case "cron":
		src, err := OpenSpec(spec, 1)
		if err != nil {
			return Estimate{}, err
		}
		s := src.(*cronSource)
		ticks := 0.0
		if s.next < s.end {
			ticks = math.Ceil(float64(s.end-s.next) / float64(s.every))
		}
		return Estimate{Arrivals: ticks * float64(s.count), Span: s.end, SpanKnown: true,
			Basis: fmt.Sprintf("%d every %s for %s", s.count, s.every, s.end)}, nil
	case "replay":
		if err := a.check(spec, "file", "scale", "format", "jitter", "top", "skip-bad-rows"); err != nil {
			return Estimate{}, err
		}
		path := a.kv["file"]
		if path == "" && len(a.pos) == 1 {
			path = a.pos[0]
		}
		scale, err := a.float(spec, "scale", 1, 0, 1e6)
		if err != nil {
			return Estimate{}, err
		}
		e, err := EstimateFile(path, a.kv["format"], FileOptions{})
		if err != nil {
			return Estimate{}, fmt.Errorf("workload %q: %w", spec, err)
		}
		e.Arrivals *= math.Ceil(scale)
		if scale != 1 {
			e.Basis += fmt.Sprintf(" x scale %s", fmtFloat(scale))
		}
		return e, nil
	}
	return Estimate{}, &SpecError{Spec: spec, Msg: "unknown generator"}
}

// EstimateFile estimates a trace with a cheap pre-pass: Azure 2019 files
// have their per-minute counts summed (and span at most a day); line
// formats have their lines counted (one arrival per row), and a csv's span
// is read from its first and last rows. A trace whose span cannot be told
// this way (azure2021 and fc-requestlog rows need not be sorted) has
// SpanKnown false.
func EstimateFile(path, format string, opts FileOptions) (Estimate, error) {
	if format == "" {
		f, err := DetectFormat(path)
		if err != nil {
			return Estimate{}, err
		}
		format = f
	}
	if format == "azure2019" {
		inv, _, err := azure2019Paths(path)
		if err != nil {
			return Estimate{}, err
		}
		var census fnCensus
		fns, _, err := readAzureInvocations(inv, FileOptions{Function: opts.Function, SkipBadRows: opts.SkipBadRows}, &census)
		if err != nil {
			return Estimate{}, err
		}
		var n float64
		last := -1
		for _, fn := range fns {
			n += float64(fn.total)
			// minutes lists only minutes with calls, in ascending order.
			if k := len(fn.minutes); k > 0 && int(fn.minutes[k-1]) > last {
				last = int(fn.minutes[k-1])
			}
		}
		return Estimate{Arrivals: n, Span: time.Duration(last+1) * time.Minute, SpanKnown: true,
			Basis: fmt.Sprintf("the per-minute counts of %s", displayName(inv))}, nil
	}
	st, err := lineStats(path)
	if err != nil {
		return Estimate{}, err
	}
	e := Estimate{Arrivals: float64(st.lines), Basis: fmt.Sprintf("%d rows of %s", st.lines, displayName(path))}
	switch format {
	case "csv":
		if st.lines > 0 {
			e.Arrivals = float64(st.lines - 1) // the header
			e.Basis = fmt.Sprintf("%d rows of %s", st.lines-1, displayName(path))
		}
		if d, ok := csvSpan(st); ok {
			e.Span, e.SpanKnown = d, true
			e.Basis += fmt.Sprintf(" over %s", d)
		}
	case "azure2021":
		if st.lines > 0 {
			e.Arrivals = float64(st.lines - 1)
			e.Basis = fmt.Sprintf("%d rows of %s", st.lines-1, displayName(path))
		}
	}
	return e, nil
}

// linesInfo is what lineStats learns of a line-oriented file.
type linesInfo struct {
	lines              int64 // non-empty lines
	first, second, end []byte
}

// lineStats counts the non-empty lines of path and keeps its first, second
// and last non-empty lines (each cut at maxLineBytes).
func lineStats(path string) (linesInfo, error) {
	var st linesInfo
	f, err := openTrace(path) // the readers' own rules, and their messages
	if err != nil {
		return st, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var cur []byte // the line being read, when it is one we keep
	keep := func(line []byte) {
		if len(bytes.TrimSpace(line)) == 0 {
			return
		}
		st.lines++
		switch st.lines {
		case 1:
			st.first = bytes.Clone(line)
		case 2:
			st.second = bytes.Clone(line)
		}
		st.end = append(st.end[:0], line...)
	}
	for {
		n, err := f.Read(buf)
		b := buf[:n]
		for len(b) > 0 {
			i := bytes.IndexByte(b, '\n')
			if i < 0 {
				if len(cur) < maxLineBytes {
					cur = append(cur, b[:min(len(b), maxLineBytes-len(cur))]...)
				}
				break
			}
			if len(cur) > 0 {
				if len(cur) < maxLineBytes {
					cur = append(cur, b[:min(i, maxLineBytes-len(cur))]...)
				}
				keep(cur)
				cur = cur[:0]
			} else {
				keep(b[:min(i, maxLineBytes)])
			}
			b = b[i+1:]
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return st, fmt.Errorf("read %s: %w", displayName(path), err)
		}
	}
	keep(cur)
	return st, nil
}

// csvSpan reads the header, the first row and the last row as a small csv
// of their own: rows are sorted, so the last row's time is the span.
func csvSpan(st linesInfo) (time.Duration, bool) {
	if st.lines < 2 {
		return 0, false
	}
	var b bytes.Buffer
	b.Write(st.first)
	b.WriteByte('\n')
	b.Write(st.second)
	b.WriteByte('\n')
	if st.lines > 2 {
		b.Write(st.end)
		b.WriteByte('\n')
	}
	src, err := NewCSVReader(&b, "", FileOptions{})
	if err != nil {
		return 0, false
	}
	defer src.Close()
	var a Arrival
	var last time.Duration
	for {
		ok, err := src.Next(&a)
		if err != nil {
			return 0, false
		}
		if !ok {
			break
		}
		last = a.At
	}
	return last, true
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
