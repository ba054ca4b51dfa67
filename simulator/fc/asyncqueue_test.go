package fc

import (
	"testing"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// TestAsyncQueueFIFOAcrossChunks pushes every encoding of an event (bare,
// with a duration, retry with and without one, first arrival 0) through
// several chunks, interleaving pops, and checks they come out in order and
// unchanged, and that the queue lets go of drained chunks.
func TestAsyncQueueFIFOAcrossChunks(t *testing.T) {
	var q asyncQueue
	var want []queued
	r := engine.NewRand(7, 1)
	mk := func(i int) queued {
		e := queued{first: time.Duration(i) * time.Millisecond}
		switch r.Uint64() % 4 {
		case 1:
			e.dur = time.Duration(1 + r.Uint64()%uint64(time.Hour))
		case 2:
			e.attempt = int32(1 + r.Uint64()%5)
		case 3:
			e.attempt = int32(1 + r.Uint64()%5)
			e.dur = time.Duration(r.Uint64() % uint64(time.Hour))
		}
		return e
	}
	check := func(k int) {
		t.Helper()
		if q.len() != len(want) {
			t.Fatalf("step %d: len %d, want %d", k, q.len(), len(want))
		}
		got := q.front()
		w := want[0]
		if got.first != w.first || got.dur != w.dur || got.attempt != w.attempt {
			t.Fatalf("step %d: front %+v, want %+v", k, got, w)
		}
		q.popFront(got)
		want = want[1:]
	}
	i := 0
	// Grow to several chunks with some pops in between, drain, and do it
	// again so the rewound and spare chunks get reused.
	for round := 0; round < 2; round++ {
		for k := 0; k < 3*chunkWords; k++ {
			e := mk(i)
			i++
			q.pushBack(e.first, e.dur, e.attempt)
			want = append(want, e)
			if k%3 == 0 {
				check(k)
			}
		}
		if len(q.chunks)-q.c0 < 3 {
			t.Fatalf("round %d: %d chunks for %d events, want the queue to span several", round, len(q.chunks)-q.c0, q.len())
		}
		for k := 0; len(want) > 0; k++ {
			check(k)
		}
		if q.len() != 0 || len(q.chunks) > 1 || q.head != 0 || q.tail != 0 {
			t.Fatalf("round %d: drained queue holds %d events in %d chunks (head %d, tail %d)", round, q.len(), len(q.chunks), q.head, q.tail)
		}
	}
	// A negative duration means "sample one", like 0.
	q.pushBack(0, -time.Second, 0)
	if e := q.front(); e.first != 0 || e.dur != 0 || e.attempt != 0 || e.words != 1 {
		t.Errorf("event with a negative duration comes back as %+v, want first 0, dur 0, attempt 0 in 1 word", e)
	}
}

// TestAsyncQueueScenario runs a hand-checked scenario through the whole async
// path: one instance, a timed-out first attempt whose retry queues behind
// newer events and then expires, FIFO dispatch of events with and without an
// execution time, and an event still pending at the end of the window.
func TestAsyncQueueScenario(t *testing.T) {
	ms := time.Millisecond
	cfg := bareConfig()
	cfg.MaxInstances = 1
	cfg.Timeout = 3 * sec
	cfg.Duration = engine.FixedDist(2 * sec)
	cfg.Async = AsyncPolicy{MaxRetries: 1, BackoffMin: sec, BackoffMax: sec, MaxEventAge: 10 * sec}
	cfg.Window = 12500 * ms
	src := list{
		{At: 0, Duration: 5 * sec, Async: true},          // A: 0-3 timed out, retry due at 4
		{At: 100 * ms, Duration: sec, Async: true},       // B: 3-4
		{At: 200 * ms, Async: true},                      // C: 4-6 (sampled 2 s)
		{At: 300 * ms, Duration: 2 * sec, Async: true},   // D: 6-8
		{At: 400 * ms, Duration: 2500 * ms, Async: true}, // E: 8-10.5
		{At: 10 * sec, Async: true},                      // F: 10.5-12.5 (sampled 2 s)
		{At: 12 * sec, Duration: 2 * sec, Async: true},   // G: still queued at 12.5
	}
	// At 4 the retry of A finds the instance busy (B ends at the same time
	// but was scheduled later) and queues behind E; at 10.5 it is 10.5 s
	// old and goes to the failure destination, and F runs.
	r := run(t, cfg, &src)
	got := []int64{r.Requests, r.Invocations, r.TimedOut, r.AsyncQueued, r.AsyncRetries, r.AsyncDropped, r.AsyncPending, r.QueuePeak}
	want := []int64{7, 6, 1, 7, 1, 1, 1, 4}
	names := []string{"requests", "invocations", "timed out", "queued", "retries", "dropped", "pending", "queue peak"}
	for k := range got {
		if got[k] != want[k] {
			t.Errorf("%s = %d, want %d", names[k], got[k], want[k])
		}
	}
	// Latency (end - first arrival): A 3, B 3.9, C 5.8, D 7.7, E 10.1, F 2.5 s.
	// Wait (start - first arrival): A 0, B 2.9, C 3.8, D 5.7, E 7.6, F 0.5 s.
	near := func(name string, got, want time.Duration) {
		t.Helper()
		if d := got - want; d < -time.Microsecond || d > time.Microsecond {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	near("latency max", r.Latency.Max(), 10100*ms)
	near("latency min", r.Latency.Min(), 2500*ms)
	near("latency mean", r.Latency.Mean(), 5500*ms)
	near("wait max", r.Wait.Max(), 7600*ms)
	near("wait mean", r.Wait.Mean(), 20500*ms/6)
	if n := r.Latency.Count(); n != 6 {
		t.Errorf("latency count %d, want 6 (one per execution)", n)
	}
}

// TestAsyncExpiredAtEndIsDropped: events still queued when the window closes
// count as dropped when older than the max event age, else as pending.
func TestAsyncExpiredAtEndIsDropped(t *testing.T) {
	cfg := bareConfig()
	cfg.MaxInstances = 1
	cfg.Async.MaxEventAge = 5 * sec
	cfg.Window = 10 * sec
	src := list{
		{At: 0, Duration: 20 * sec, Async: true},
		{At: sec, Async: true},
		{At: 2 * sec, Duration: sec, Async: true},
		{At: 8 * sec, Async: true},
	}
	r := run(t, cfg, &src)
	if r.AsyncDropped != 2 || r.AsyncPending != 1 || r.AsyncQueued != 3 || r.Invocations != 1 {
		t.Errorf("dropped %d pending %d queued %d invocations %d; want 2, 1, 3, 1", r.AsyncDropped, r.AsyncPending, r.AsyncQueued, r.Invocations)
	}
}

// TestAsyncQueueChunkBoundaries puts a 3-word retry across a chunk boundary,
// drains the queue exactly at the end of a chunk, and checks that cycling
// through the spare chunk allocates nothing.
func TestAsyncQueueChunkBoundaries(t *testing.T) {
	var q asyncQueue
	for i := 0; i < chunkWords-1; i++ {
		q.pushBack(time.Duration(i), 0, 0)
	}
	q.pushBack(5*sec, 7*sec, 2) // words chunkWords-1 .. chunkWords+1
	for i := 0; i < chunkWords-1; i++ {
		q.popFront(q.front())
	}
	if e := q.front(); e.first != 5*sec || e.dur != 7*sec || e.attempt != 2 || e.words != 3 {
		t.Fatalf("event across the boundary comes back as %+v", e)
	}
	q.popFront(q.front())
	if q.len() != 0 || len(q.chunks) != 1 || q.head != 0 || q.tail != 0 {
		t.Fatalf("drained queue: %d events in %d chunks, head %d tail %d", q.len(), len(q.chunks), q.head, q.tail)
	}

	// Fill exactly one chunk and drain it: the chunk becomes the spare.
	var p asyncQueue
	fill := func() {
		for i := 0; i < chunkWords; i++ {
			p.pushBack(time.Duration(i), 0, 0)
		}
		for i := 0; i < chunkWords; i++ {
			if e := p.front(); e.first != time.Duration(i) {
				t.Fatalf("event %d comes back as %+v", i, e)
			}
			p.popFront(p.front())
		}
	}
	fill()
	if len(p.chunks) != 0 || p.spare == nil {
		t.Fatalf("queue drained at a chunk's end: %d chunks, spare %v; want none and a spare", len(p.chunks), p.spare != nil)
	}
	if n := testing.AllocsPerRun(5, fill); n != 0 {
		t.Errorf("a queue cycling through one chunk allocates %.1f times per cycle, want 0", n)
	}
}
