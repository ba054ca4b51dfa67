package engine

import "time"

// Event is one scheduled occurrence. Its meaning belongs to the model: Kind
// says what happens and Ref names the object it happens to (an index into the
// model's own tables, so that no pointer is stored and nothing escapes).
type Event struct {
	At   time.Duration // when, from the start of the run
	seq  uint64        // push order; breaks ties so equal times stay FIFO
	Kind uint16
	Ref  int32
}

// Queue is a 4-ary min-heap of events by (At, push order). The zero value is
// an empty queue ready to use.
type Queue struct {
	ev  []Event
	seq uint64
}

// Len returns the number of pending events.
func (q *Queue) Len() int { return len(q.ev) }

// Grow makes room for n more events without reallocating.
func (q *Queue) Grow(n int) {
	if cap(q.ev)-len(q.ev) < n {
		ev := make([]Event, len(q.ev), len(q.ev)+n)
		copy(ev, q.ev)
		q.ev = ev
	}
}

// Reset empties the queue and keeps its storage.
func (q *Queue) Reset() {
	q.ev = q.ev[:0]
	q.seq = 0
}

// before reports whether a is due before b: earlier time, or the same time
// and pushed first.
func before(a, b *Event) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	return a.seq < b.seq
}

// Push schedules e. Its At may be anything, including a time already passed;
// the model decides whether that is an error.
func (q *Queue) Push(e Event) {
	e.seq = q.seq
	q.seq++
	q.ev = append(q.ev, e)
	// Sift up, moving parents into the hole instead of swapping.
	ev := q.ev
	i := len(ev) - 1
	for i > 0 {
		p := (i - 1) / arity
		if !before(&e, &ev[p]) {
			break
		}
		ev[i] = ev[p]
		i = p
	}
	ev[i] = e
}

// Peek returns the earliest event without removing it. ok is false when the
// queue is empty.
func (q *Queue) Peek() (e Event, ok bool) {
	if len(q.ev) == 0 {
		return Event{}, false
	}
	return q.ev[0], true
}

// NextAt returns the time of the earliest event, or max when the queue is
// empty; it lets a caller merge the queue with an ordered input stream.
func (q *Queue) NextAt() time.Duration {
	if len(q.ev) == 0 {
		return Forever
	}
	return q.ev[0].At
}

// Pop removes and returns the earliest event. It must not be called on an
// empty queue.
func (q *Queue) Pop() Event {
	ev := q.ev
	n := len(ev) - 1
	top := ev[0]
	last := ev[n]
	q.ev = ev[:n]
	ev = ev[:n]
	if n == 0 {
		return top
	}
	// Sift the last event down from the root through the hole.
	i := 0
	for {
		c := arity*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+arity, n)
		for k := c + 1; k < end; k++ {
			if before(&ev[k], &ev[m]) {
				m = k
			}
		}
		if !before(&ev[m], &last) {
			break
		}
		ev[i] = ev[m]
		i = m
	}
	ev[i] = last
	return top
}

// arity is the heap's branching factor: a 4-ary heap is shallower than a
// binary one and its children share a cache line or two.
const arity = 4

// Forever is a time later than any event: the queue's NextAt when empty.
const Forever = time.Duration(1<<63 - 1)
