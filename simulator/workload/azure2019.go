package workload

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

const minutesPerDay = 1440

// maxMinuteCount bounds one function's invocations in one minute (about
// 18 million a second): the count is held in an int32.
const maxMinuteCount = 1 << 30

// maxStoredMinutes bounds the non-zero per-minute counts an Azure 2019
// day may hold in memory (6 bytes each, about 200 MB): a whole day of the
// public trace stores far fewer, since most functions are idle most
// minutes. Past it the reader asks for --function or --top. (A variable
// so tests can lower it.)
var maxStoredMinutes = 1 << 25

// azureFunction is one selected function of an Azure 2019 day: its
// non-zero per-minute counts and duration percentiles (ms at p0, p1, p25,
// p50, p75, p99, p100).
type azureFunction struct {
	key     string // HashOwner/HashApp/HashFunction, to join the durations file
	name    string // HashFunction
	async   bool
	total   int64
	minutes []uint16  // minutes (0..1439) with a non-zero count, ascending
	counts  []int32   // the count of each of minutes
	next    int       // index in minutes of the next minute to expand
	pct     []float64 // nil when the durations file has no row
}

// durationProbs are the cumulative probabilities of the percentile columns.
var durationProbs = []float64{0, 0.01, 0.25, 0.5, 0.75, 0.99, 1}

var durationCols = []string{"percentile_Average_0", "percentile_Average_1", "percentile_Average_25", "percentile_Average_50", "percentile_Average_75", "percentile_Average_99", "percentile_Average_100"}

// azure2019Source expands per-minute counts into arrivals one minute at a
// time. Within a minute each function's offsets are generated already
// sorted (uniform: sequential order statistics; even: fixed spacing) and
// the functions are merged with a heap, so memory is one cursor per
// function however large a count is.
type azure2019Source struct {
	fns     []*azureFunction
	rng     *rand.Rand
	even    bool
	minute  int // the minute being expanded, or -1 before the first
	cursors []minuteCursor
	bad     int
}

// minuteCursor walks one function's arrivals within the current minute.
type minuteCursor struct {
	at    time.Duration // next arrival
	frac  float64       // its offset as a fraction of the minute
	fn    int32
	k     int32 // arrivals already emitted this minute
	count int32
}

func (s *azure2019Source) BadRows() int { return s.bad }
func (s *azure2019Source) Close() error { return nil }

func (s *azure2019Source) Next(a *Arrival) (bool, error) {
	for len(s.cursors) == 0 {
		s.minute++
		if s.minute >= minutesPerDay {
			s.minute = minutesPerDay
			return false, nil
		}
		s.startMinute()
	}
	c := &s.cursors[0]
	fn := s.fns[c.fn]
	*a = Arrival{At: c.at, Function: fn.name, Async: fn.async}
	if fn.pct != nil {
		a.Duration = sampleDuration(fn.pct, s.rng.Float64())
	}
	c.k++
	if c.k == c.count {
		last := len(s.cursors) - 1
		s.cursors[0] = s.cursors[last]
		s.cursors = s.cursors[:last]
	} else {
		s.advance(c)
	}
	s.siftDown(0)
	return true, nil
}

// startMinute places a cursor on the first arrival of every function with
// a non-zero count in s.minute.
func (s *azure2019Source) startMinute() {
	s.cursors = s.cursors[:0]
	for i, fn := range s.fns {
		if fn.next < len(fn.minutes) && int(fn.minutes[fn.next]) == s.minute {
			c := fn.counts[fn.next]
			fn.next++
			s.cursors = append(s.cursors, minuteCursor{fn: int32(i), count: c})
			s.advance(&s.cursors[len(s.cursors)-1])
		}
	}
	for i := len(s.cursors)/2 - 1; i >= 0; i-- {
		s.siftDown(i)
	}
}

// advance moves c to its next arrival (the k-th of count).
func (s *azure2019Source) advance(c *minuteCursor) {
	if s.even {
		c.frac = (float64(c.k) + 0.5) / float64(c.count)
	} else {
		// The minimum of n uniforms on [frac, 1) is frac + (1-frac)*(1-U^(1/n)).
		n := float64(c.count - c.k)
		c.frac += (1 - c.frac) * (1 - math.Pow(s.rng.Float64(), 1/n))
	}
	off := time.Duration(c.frac * float64(time.Minute))
	if off >= time.Minute {
		off = time.Minute - 1
	}
	at := time.Duration(s.minute)*time.Minute + off
	if at < c.at {
		at = c.at // guard float rounding: never go back
	}
	c.at = at
}

func (s *azure2019Source) less(i, j int) bool {
	a, b := &s.cursors[i], &s.cursors[j]
	if a.at != b.at {
		return a.at < b.at
	}
	return a.fn < b.fn
}

func (s *azure2019Source) siftDown(i int) {
	n := len(s.cursors)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.cursors[i], s.cursors[m] = s.cursors[m], s.cursors[i]
		i = m
	}
}

// sampleDuration maps u in [0,1) through the piecewise-linear inverse CDF
// given by the percentile values pct (ms) at durationProbs.
func sampleDuration(pct []float64, u float64) time.Duration {
	for i := 1; i < len(durationProbs); i++ {
		if u <= durationProbs[i] || i == len(durationProbs)-1 {
			p0, p1 := durationProbs[i-1], durationProbs[i]
			v := pct[i-1] + (pct[i]-pct[i-1])*(u-p0)/(p1-p0)
			return time.Duration(v * float64(time.Millisecond))
		}
	}
	return time.Duration(pct[len(pct)-1] * float64(time.Millisecond))
}

// azure2019Paths finds the invocations file and its durations file (which
// may not exist: then dur is "").
func azure2019Paths(path string) (inv, dur string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", "", fmt.Errorf("open trace: %w", err)
	}
	if st.IsDir() {
		for _, pat := range []string{"invocations.csv", "*_inv.csv", "invocations_per_function_md.anon.d*.csv"} {
			m, _ := filepath.Glob(filepath.Join(path, pat))
			if len(m) > 0 {
				slices.Sort(m)
				inv = m[0]
				break
			}
		}
		if inv == "" {
			return "", "", fmt.Errorf("%s: no Azure 2019 invocations file (expected invocations.csv, NAME_inv.csv or invocations_per_function_md.anon.dNN.csv)", path)
		}
	} else {
		inv = path
	}
	dir, base := filepath.Split(inv)
	var cand string
	switch {
	case base == "invocations.csv":
		cand = "durations.csv"
	case strings.HasSuffix(base, "_inv.csv"):
		cand = strings.TrimSuffix(base, "_inv.csv") + "_run.csv"
	case strings.HasPrefix(base, "invocations_per_function_md.anon."):
		cand = "function_durations_percentiles.anon." + strings.TrimPrefix(base, "invocations_per_function_md.anon.")
	}
	if cand != "" {
		if _, err := os.Stat(filepath.Join(dir, cand)); err == nil {
			dur = filepath.Join(dir, cand)
		}
	}
	return inv, dur, nil
}

// asyncTriggers are the Azure trigger types replayed as async invocations.
var asyncTriggers = map[string]bool{"queue": true, "event": true, "storage": true, "timer": true, "orchestration": true}

func openAzure2019(path string, opts FileOptions) (Source, error) {
	inv, durPath, err := azure2019Paths(path)
	if err != nil {
		return nil, err
	}
	var census fnCensus
	fns, bad, err := readAzureInvocations(inv, opts, &census)
	if err != nil {
		return nil, err
	}
	if len(fns) == 0 {
		if opts.Function != "" {
			return nil, census.noMatch(displayName(inv), opts.Function)
		}
		return nil, fmt.Errorf("%s: no functions in the trace", displayName(inv))
	}
	if durPath != "" {
		b, err := readAzureDurations(durPath, fns, opts)
		if err != nil {
			return nil, err
		}
		bad += b
	}
	return &azure2019Source{
		fns:    fns,
		rng:    rand.New(rand.NewPCG(uint64(opts.Seed), 0x2019)),
		even:   opts.Expand == "even",
		minute: -1,
		bad:    bad,
	}, nil
}

// azureHeader maps the identifying columns of an Azure 2019 file.
type azureHeader struct {
	owner, app, fn, trigger int
	cols                    []string
}

func parseAzureHeader(name string, line []byte, sp *splitter) (azureHeader, error) {
	cols, err := sp.split(line)
	if err != nil {
		return azureHeader{}, &ParseError{File: name, Line: 1, Msg: "header: " + err.Error()}
	}
	h := azureHeader{owner: -1, app: -1, fn: -1, trigger: -1}
	for i, c := range cols {
		s := strings.TrimSpace(string(c))
		h.cols = append(h.cols, s)
		switch s {
		case "HashOwner":
			h.owner = i
		case "HashApp":
			h.app = i
		case "HashFunction":
			h.fn = i
		case "Trigger":
			h.trigger = i
		}
	}
	if h.owner < 0 || h.app < 0 || h.fn < 0 {
		return h, &ParseError{File: name, Line: 1, Msg: "header: expected HashOwner, HashApp and HashFunction columns"}
	}
	return h, nil
}

func (h azureHeader) key(f [][]byte) string {
	return string(f[h.owner]) + "/" + string(f[h.app]) + "/" + string(f[h.fn])
}

// readAzureInvocations reads the functions of an invocations file that
// pass opts.Function; census (if not nil) notes the HashFunction of every
// row the filter drops.
func readAzureInvocations(path string, opts FileOptions, census *fnCensus) ([]*azureFunction, int, error) {
	name := displayName(path)
	f, err := openTrace(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	lr := newLineReader(f)
	var sp splitter
	line, err := lr.next()
	if err == io.EOF {
		return nil, 0, fmt.Errorf("%s: empty trace: expected an Azure 2019 header", name)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", name, err)
	}
	h, err := parseAzureHeader(name, line, &sp)
	if err != nil {
		return nil, 0, err
	}
	minuteCol := make([]int, minutesPerDay)
	for i := range minuteCol {
		minuteCol[i] = -1
	}
	for i, c := range h.cols {
		n, err := strconv.Atoi(strings.TrimPrefix(c, "minute_"))
		if err == nil && n >= 1 && n <= minutesPerDay {
			minuteCol[n-1] = i
		}
	}
	for m, i := range minuteCol {
		if i < 0 {
			return nil, 0, &ParseError{File: name, Line: 1, Msg: fmt.Sprintf("header: expected minute columns 1..1440 (or minute_1..minute_1440); minute %d is missing", m+1)}
		}
	}
	var (
		fns    []*azureFunction
		bad    int
		stored int // len(fn.minutes) summed over fns
		row    [minutesPerDay]int32
	)
	for {
		line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("read %s: %w", name, err)
		}
		if len(line) == 0 {
			continue
		}
		fn, perr := parseAzureRow(name, lr.line, line, &sp, h, minuteCol, opts, census, &row)
		if perr != nil {
			if opts.SkipBadRows {
				bad++
				continue
			}
			return nil, 0, perr
		}
		if fn == nil {
			continue
		}
		fns = append(fns, fn)
		stored += len(fn.minutes)
		if opts.TopN > 0 && len(fns) > 2*opts.TopN+64 {
			fns = keepTop(fns, opts.TopN)
			stored = 0
			for _, fn := range fns {
				stored += len(fn.minutes)
			}
		}
		if stored > maxStoredMinutes {
			return nil, 0, fmt.Errorf("%s:%d: the functions read so far hold more than %d non-zero per-minute counts (about %d MB in memory): select some with --function PREFIX or --top N", name, lr.line, maxStoredMinutes, maxStoredMinutes*6/1000000)
		}
	}
	if opts.TopN > 0 {
		fns = keepTop(fns, opts.TopN)
	}
	return fns, bad, nil
}

// keepTop keeps the n busiest functions, in file order among equals.
func keepTop(fns []*azureFunction, n int) []*azureFunction {
	slices.SortStableFunc(fns, func(a, b *azureFunction) int { return cmp.Compare(b.total, a.total) })
	if len(fns) > n {
		fns = fns[:n]
	}
	return fns
}

// parseAzureRow parses one invocations row, using row as scratch.
func parseAzureRow(name string, line int, text []byte, sp *splitter, h azureHeader, minuteCol []int, opts FileOptions, census *fnCensus, row *[minutesPerDay]int32) (*azureFunction, error) {
	f, err := sp.split(text)
	if err != nil {
		return nil, &ParseError{File: name, Line: line, Msg: err.Error()}
	}
	if len(f) != len(h.cols) {
		return nil, &ParseError{File: name, Line: line, Msg: fmt.Sprintf("expected %d fields like the header, got %d", len(h.cols), len(f))}
	}
	if opts.Function != "" && !strings.HasPrefix(string(f[h.fn]), opts.Function) {
		if census != nil {
			census.add(string(f[h.fn]))
		}
		return nil, nil
	}
	fn := &azureFunction{key: h.key(f), name: string(f[h.fn])}
	if h.trigger >= 0 {
		fn.async = asyncTriggers[strings.ToLower(string(f[h.trigger]))]
	}
	for m, i := range minuteCol {
		w, frac, ok := parseDecimal(f[i])
		if !ok || frac != 0 || w > maxMinuteCount {
			return nil, &ParseError{File: name, Line: line, Column: h.cols[i], Msg: withReason(fmt.Sprintf("expected a whole invocation count from 0 to %d, got %q", maxMinuteCount, truncate(string(f[i]), 40)), f[i])}
		}
		row[m] = int32(w)
		fn.total += w
	}
	n := 0
	for _, c := range row {
		if c > 0 {
			n++
		}
	}
	fn.minutes, fn.counts = make([]uint16, 0, n), make([]int32, 0, n)
	for m, c := range row {
		if c > 0 {
			fn.minutes = append(fn.minutes, uint16(m))
			fn.counts = append(fn.counts, c)
		}
	}
	return fn, nil
}

func readAzureDurations(path string, fns []*azureFunction, opts FileOptions) (int, error) {
	name := displayName(path)
	f, err := openTrace(path)
	if err != nil {
		return 0, fmt.Errorf("durations: %w", err)
	}
	defer f.Close()
	lr := newLineReader(f)
	var sp splitter
	line, err := lr.next()
	if err == io.EOF {
		return 0, fmt.Errorf("%s: empty durations file: expected an Azure 2019 header", name)
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", name, err)
	}
	h, err := parseAzureHeader(name, line, &sp)
	if err != nil {
		return 0, err
	}
	idx := make([]int, len(durationCols))
	for k, want := range durationCols {
		idx[k] = slices.Index(h.cols, want)
		if idx[k] < 0 {
			return 0, &ParseError{File: name, Line: 1, Msg: fmt.Sprintf("header: expected the column %s", want)}
		}
	}
	byKey := make(map[string]*azureFunction, len(fns))
	for _, fn := range fns {
		byKey[fn.key] = fn
	}
	bad := 0
	for {
		line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", name, err)
		}
		if len(line) == 0 {
			continue
		}
		perr := func() error {
			fields, err := sp.split(line)
			if err != nil {
				return &ParseError{File: name, Line: lr.line, Msg: err.Error()}
			}
			if len(fields) != len(h.cols) {
				return &ParseError{File: name, Line: lr.line, Msg: fmt.Sprintf("expected %d fields like the header, got %d", len(h.cols), len(fields))}
			}
			fn := byKey[h.key(fields)]
			if fn == nil {
				return nil
			}
			pct := make([]float64, len(idx))
			for k, i := range idx {
				v, ok := parseNumber(fields[i])
				if !ok || v > float64(maxDurationMillis) {
					return &ParseError{File: name, Line: lr.line, Column: h.cols[i], Msg: withReason(fmt.Sprintf("expected %s, got %q", durationMillisExpected, truncate(string(fields[i]), 40)), fields[i])}
				}
				if k > 0 && v < pct[k-1] {
					return &ParseError{File: name, Line: lr.line, Column: h.cols[i], Msg: fmt.Sprintf("expected percentiles in non-decreasing order, got %g after %g", v, pct[k-1])}
				}
				pct[k] = v
			}
			fn.pct = pct
			return nil
		}()
		if perr != nil {
			if opts.SkipBadRows {
				bad++
				continue
			}
			return 0, perr
		}
	}
	return bad, nil
}
