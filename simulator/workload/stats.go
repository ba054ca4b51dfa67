package workload

import (
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"
)

// Stats summarises a trace: counts, rates and percentiles.
type Stats struct {
	Requests int64 `json:"requests"`
	Async    int64 `json:"async"`
	// Functions is the number of distinct function keys, counted up to
	// maxDistinctFunctions; past that FunctionsAtLeast is set and
	// Functions is that bound.
	Functions        int           `json:"functions"`
	FunctionsAtLeast bool          `json:"functionsAtLeast,omitempty"`
	First            time.Duration `json:"firstNs"`
	Last             time.Duration `json:"lastNs"`
	// Span is Last - First.
	Span time.Duration `json:"spanNs"`
	// MeanRate is requests per second over the span (0 for < 2 requests).
	MeanRate float64 `json:"meanRatePerSecond"`
	// PeakPerSecond is the most requests in one whole second of the trace
	// clock ([k s, k+1 s)); PeakSecondAt is the start of that second.
	PeakPerSecond int64         `json:"peakPerSecond"`
	PeakSecondAt  time.Duration `json:"peakSecondAtNs"`
	PeakPerMinute int64         `json:"peakPerMinute"`
	PeakMinuteAt  time.Duration `json:"peakMinuteAtNs"`
	// InterArrival and Duration hold percentiles (within about 1%).
	InterArrival Percentiles `json:"interArrival"`
	// WithDuration counts the arrivals with a recorded duration.
	WithDuration int64       `json:"withDuration"`
	Duration     Percentiles `json:"duration"`
	BadRows      int         `json:"badRows"`
}

// Percentiles of a duration distribution.
type Percentiles struct {
	P50  time.Duration `json:"p50Ns"`
	P90  time.Duration `json:"p90Ns"`
	P99  time.Duration `json:"p99Ns"`
	P999 time.Duration `json:"p999Ns"`
	Max  time.Duration `json:"maxNs"`
}

// maxDistinctFunctions caps the set Summarize keeps to count functions (a
// variable so tests can lower it).
var maxDistinctFunctions = MaxFunctions

// Summarize reads src to the end and summarises it in constant memory
// (apart from the set of distinct function keys, which holds 64-bit hashes
// of the keys, not the keys, and at most maxDistinctFunctions of them).
func Summarize(src Source) (Stats, error) {
	var (
		st       Stats
		a        Arrival
		prev     time.Duration
		ia, du   histogram
		sec, min int64 = -1, -1
		nSec     int64
		nMin     int64
		fns      = map[uint64]struct{}{}
		seed     = maphash.MakeSeed()
	)
	flushSec := func() {
		if nSec > st.PeakPerSecond {
			st.PeakPerSecond, st.PeakSecondAt = nSec, time.Duration(sec)*time.Second
		}
	}
	flushMin := func() {
		if nMin > st.PeakPerMinute {
			st.PeakPerMinute, st.PeakMinuteAt = nMin, time.Duration(min)*time.Minute
		}
	}
	for {
		ok, err := src.Next(&a)
		if err != nil {
			return st, err
		}
		if !ok {
			break
		}
		if st.Requests == 0 {
			st.First = a.At
		} else {
			if a.At < prev {
				return st, fmt.Errorf("arrival %d at %s precedes the one before it (%s)", st.Requests+1, a.At, prev)
			}
			ia.add(int64(a.At - prev))
		}
		prev = a.At
		st.Requests++
		if a.Async {
			st.Async++
		}
		if a.Duration > 0 {
			st.WithDuration++
			du.add(int64(a.Duration))
		}
		if !st.FunctionsAtLeast {
			h := maphash.String(seed, a.Function)
			if _, ok := fns[h]; !ok {
				if len(fns) >= maxDistinctFunctions {
					st.FunctionsAtLeast = true
				} else {
					fns[h] = struct{}{}
				}
			}
		}
		if s := int64(a.At / time.Second); s != sec {
			flushSec()
			sec, nSec = s, 0
		}
		nSec++
		if m := int64(a.At / time.Minute); m != min {
			flushMin()
			min, nMin = m, 0
		}
		nMin++
	}
	flushSec()
	flushMin()
	st.Last = prev
	st.Span = st.Last - st.First
	st.Functions = len(fns)
	if st.Requests > 1 && st.Span > 0 {
		st.MeanRate = float64(st.Requests-1) / st.Span.Seconds()
	}
	st.InterArrival = ia.percentiles()
	st.Duration = du.percentiles()
	st.BadRows = BadRows(src)
	return st, nil
}

// histogram is a log-linear histogram of non-negative int64 values: 2^7
// linear sub-buckets per power of two, so a reported percentile is within
// 1/128 of the true value.
type histogram struct {
	counts []int64
	n      int64
	max    int64
	exact  []int64 // the first exactLimit values, for exact small-trace percentiles
}

// exactLimit is how many values a histogram keeps verbatim: percentiles of
// smaller samples are exact (nearest rank).
const exactLimit = 4096

const subBits = 7

func bucketOf(v int64) int {
	if v < 1<<subBits {
		return int(v)
	}
	exp := bits.Len64(uint64(v)) - 1 - subBits
	sub := int(v>>uint(exp)) - 1<<subBits
	return (exp+1)<<subBits + sub
}

// bucketMid returns a representative value of bucket b (its midpoint).
func bucketMid(b int) int64 {
	if b < 1<<subBits {
		return int64(b)
	}
	exp := b>>subBits - 1
	sub := int64(b & (1<<subBits - 1))
	lo := (1<<subBits + sub) << uint(exp)
	return lo + (int64(1)<<uint(exp))/2
}

func (h *histogram) add(v int64) {
	if v < 0 {
		v = 0
	}
	b := bucketOf(v)
	if b >= len(h.counts) {
		h.counts = append(h.counts, make([]int64, b+1-len(h.counts))...)
	}
	h.counts[b]++
	h.n++
	if len(h.exact) < exactLimit {
		h.exact = append(h.exact, v)
	}
	if v > h.max {
		h.max = v
	}
}

func (h *histogram) quantile(q float64) int64 {
	if h.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	if h.n <= exactLimit {
		sorted := slices.Clone(h.exact)
		slices.Sort(sorted)
		return sorted[rank-1]
	}
	var seen int64
	for b, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(bucketMid(b), h.max)
		}
	}
	return h.max
}

func (h *histogram) percentiles() Percentiles {
	return Percentiles{
		P50:  time.Duration(h.quantile(0.50)),
		P90:  time.Duration(h.quantile(0.90)),
		P99:  time.Duration(h.quantile(0.99)),
		P999: time.Duration(h.quantile(0.999)),
		Max:  time.Duration(h.max),
	}
}

// WriteCSV writes src to w in the csv format: timestamp as seconds from
// the start (9 decimals), duration_ms, function and async. It returns the
// number of rows written.
func WriteCSV(w io.Writer, src Source) (int64, error) {
	buf := make([]byte, 0, 64<<10)
	buf = append(buf, "timestamp,duration_ms,function,async\n"...)
	var (
		a Arrival
		n int64
	)
	for {
		ok, err := src.Next(&a)
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		buf = appendSeconds(buf, a.At)
		buf = append(buf, ',')
		if a.Duration > 0 {
			buf = strconv.AppendFloat(buf, float64(a.Duration)/float64(time.Millisecond), 'f', -1, 64)
		}
		buf = append(buf, ',')
		buf = appendCSVField(buf, a.Function)
		if a.Async {
			buf = append(buf, ",true\n"...)
		} else {
			buf = append(buf, ",false\n"...)
		}
		n++
		if len(buf) > 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return n, err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return n, err
}

// appendSeconds writes d as seconds with exactly 9 decimals, so reading it
// back is exact.
func appendSeconds(b []byte, d time.Duration) []byte {
	if d < 0 {
		b = append(b, '-')
		d = -d
	}
	b = strconv.AppendInt(b, int64(d/time.Second), 10)
	frac := int64(d % time.Second)
	b = append(b, '.')
	var digits [9]byte
	for i := 8; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	return append(b, digits[:]...)
}

func appendCSVField(b []byte, s string) []byte {
	needs := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			needs = true
			break
		}
	}
	if !needs {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
