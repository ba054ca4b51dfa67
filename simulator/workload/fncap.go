package workload

import (
	"fmt"
	"hash/maphash"
)

// MaxFunctions is how many distinct functions one trace may have: 2^20
// (1,048,576), far above any real account (Azure's 2019 trace has about
// 72,000 functions over 14 days, its 2021 trace 424). Every function key
// costs memory in the readers, in `trace stats` and, in a fleet
// simulation, a pool of its own, so a hostile trace with a new name on
// every row would otherwise grow without bound (6M names: 630 MB). A trace
// past the cap is refused with a FunctionLimitError; --function PREFIX or
// --top N select fewer functions, and only the functions they keep count.
const MaxFunctions = 1 << 20

// FunctionLimitError is a trace with more distinct functions than the cap.
type FunctionLimitError struct {
	File  string
	Line  int // the arrival (data row order) that brought the function past the cap
	Limit int
}

func (e *FunctionLimitError) Error() string {
	return fmt.Sprintf("%s: arrival %d: the trace has more than %d distinct functions (fcplan's cap, which bounds its memory): select fewer with --function PREFIX (keys that start with it) or --top N (the N busiest)", e.File, e.Line, e.Limit)
}

// functionCap wraps a Source and fails once it has passed more than limit
// distinct function keys. It keeps one 64-bit hash per key (at most 2^20
// of them: about 40 MB at the cap).
type functionCap struct {
	Source
	name  string
	limit int
	seen  map[uint64]struct{}
	seed  maphash.Seed
	n     int
	last  string
	err   error
}

// withFunctionCap bounds the distinct functions of src to limit (<= 0:
// MaxFunctions).
func withFunctionCap(src Source, name string, limit int) Source {
	if limit <= 0 {
		limit = MaxFunctions
	}
	return &functionCap{Source: src, name: name, limit: limit, seen: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
}

func (c *functionCap) Next(a *Arrival) (bool, error) {
	if c.err != nil {
		return false, c.err
	}
	ok, err := c.Source.Next(a)
	if !ok || err != nil {
		return ok, err
	}
	c.n++
	// Traces often repeat one function: skip the hash for a repeat.
	if a.Function == c.last && c.n > 1 {
		return true, nil
	}
	c.last = a.Function
	h := maphash.String(c.seed, a.Function)
	if _, ok := c.seen[h]; !ok {
		if len(c.seen) >= c.limit {
			c.err = &FunctionLimitError{File: c.name, Line: c.n, Limit: c.limit}
			return false, c.err
		}
		c.seen[h] = struct{}{}
	}
	return true, nil
}

// BadRows forwards the wrapped source's count.
func (c *functionCap) BadRows() int { return BadRows(c.Source) }
