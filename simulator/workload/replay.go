package workload

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// replaySource scales the rate of a recorded trace. With scale s, each
// arrival is emitted floor(s) times, plus once more with probability
// s-floor(s): s < 1 thins the trace, s > 1 duplicates it. The first copy
// keeps the recorded time; extra copies are shifted later by a uniform
// random jitter in [0, jitter) so duplicates do not arrive at the same
// instant. Durations and function keys are copied.
type replaySource struct {
	src    Source
	rng    *rand.Rand
	scale  float64
	jitter time.Duration

	heap arrivalHeap
	seq  uint64
	peek Arrival
	have bool
	done bool
}

// maxReplayPending bounds the copies a replay holds while their jittered
// times wait for the trace to pass them (about 100 MB): a high scale over a
// dense trace with a long jitter is refused rather than run out of memory.
const maxReplayPending = 1 << 21

func openReplay(spec string, a *specArgs, seed int64, rng *rand.Rand) (Source, error) {
	if err := a.check(spec, "file", "scale", "format", "jitter", "top", "skip-bad-rows"); err != nil {
		return nil, err
	}
	path := a.kv["file"]
	switch {
	case path == "" && len(a.pos) == 1:
		path = a.pos[0]
	case path == "" && len(a.pos) == 0:
		return nil, &SpecError{Spec: spec, Key: "file", Msg: "missing (expected replay:FILE,scale=N)"}
	case len(a.pos) > 0:
		return nil, &SpecError{Spec: spec, Msg: fmt.Sprintf("item %q is not key=value (the file is given once)", a.pos[len(a.pos)-1])}
	}
	scale, err := a.float(spec, "scale", 1, 0, 1e6)
	if err != nil {
		return nil, err
	}
	jitter, err := a.duration(spec, "jitter", false, time.Second)
	if err != nil {
		return nil, err
	}
	opts := FileOptions{Function: a.kv["function"], Seed: seed}
	if v, ok := a.kv["top"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, &SpecError{Spec: spec, Key: "top", Msg: fmt.Sprintf("expected a non-negative whole number, got %q", v)}
		}
		opts.TopN = n
	}
	if opts.SkipBadRows, err = a.boolean(spec, "skip-bad-rows"); err != nil {
		return nil, err
	}
	if _, ok := a.kv["async"]; ok {
		return nil, &SpecError{Spec: spec, Key: "async", Msg: "not supported by replay (the trace says which invocations are async)"}
	}
	src, err := OpenFile(path, a.kv["format"], opts)
	if err != nil {
		return nil, fmt.Errorf("workload %q: %w", spec, err)
	}
	return &replaySource{src: src, rng: rng, scale: scale, jitter: jitter}, nil
}

func (s *replaySource) BadRows() int { return BadRows(s.src) }
func (s *replaySource) Close() error { return s.src.Close() }

func (s *replaySource) Next(a *Arrival) (bool, error) {
	for {
		if !s.have && !s.done {
			ok, err := s.src.Next(&s.peek)
			if err != nil {
				return false, err
			}
			s.have, s.done = ok, !ok
		}
		if s.heap.len() > 0 && (s.done || s.heap.min().At <= s.peek.At) {
			*a = s.heap.pop()
			return true, nil
		}
		if s.done {
			return false, nil
		}
		n := math.Floor(s.scale)
		if s.rng.Float64() < s.scale-n {
			n++
		}
		if s.heap.len()+int(n) > maxReplayPending {
			return false, fmt.Errorf("replay: more than %d copies waiting within the %s jitter at %s (scale %g): lower scale= or jitter=", maxReplayPending, s.jitter, s.peek.At, s.scale)
		}
		for i := 0; i < int(n); i++ {
			c := s.peek
			if i > 0 && s.jitter > 0 {
				c.At += time.Duration(s.rng.Int64N(int64(s.jitter)))
			}
			s.seq++
			s.heap.push(c, s.seq)
		}
		s.have = false
	}
}
