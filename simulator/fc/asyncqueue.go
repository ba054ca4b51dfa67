package fc

import "time"

// asyncQueue is the FIFO of async events waiting for capacity. A burst far
// above MaxInstances legitimately parks tens of millions of events here, so
// the queue costs little per event and allocates nothing per push. Events
// are stored by value in fixed-size chunks of 64-bit words, with no index or
// record table beside them. The queue grows a chunk at a time, so growth
// never copies queued events, and a drained chunk is released (one is kept
// as a spare, so a queue hovering at a chunk boundary does not allocate).
//
// An event takes 1 to 3 words. Most waiting events are first attempts whose
// execution time is sampled at dispatch; they are stored as their first
// arrival time alone. The others carry their execution time and, for
// retries, the attempt number:
//
//	first attempt, no duration:  [first]                  first >= 0
//	first attempt with duration: [^first, dur]            dur > 0
//	retry:                       [^first, -attempt, dur]  attempt >= 1, dur >= 0
//
// Arrival times are never negative (Run rejects them), so the sign of the
// first word tells the short form from the long ones, and the sign of the
// second word tells the two long forms apart. A duration <= 0 means "sample
// one" to dispatch and is stored as 0.
type asyncQueue struct {
	chunks [][]int64 // chunks[c0] holds the front event, the last the back
	c0     int       // chunks before c0 are drained (nil)
	head   int       // next word to read in chunks[c0]
	tail   int       // next word to write in the last chunk
	n      int       // events queued
	spare  []int64   // a released chunk kept for the next grow
}

// chunkWords is the size of a chunk: 64 KiB, small next to a queue worth
// chunking and large enough that the chunk list stays short.
const chunkWords = 1 << 13

// queued is an event taken from an asyncQueue.
type queued struct {
	first   time.Duration // first arrival, for the max event age
	dur     time.Duration // execution time; 0 = sample one at dispatch
	attempt int32         // 0 for the first attempt
	words   int           // its size in the queue
}

// len returns the number of queued events.
func (q *asyncQueue) len() int { return q.n }

// put appends one word at the back, taking a new chunk when the last is full.
func (q *asyncQueue) put(w int64) {
	if len(q.chunks) == 0 || q.tail == chunkWords {
		c := q.spare
		q.spare = nil
		if c == nil {
			c = make([]int64, chunkWords)
		}
		q.chunks = append(q.chunks, c)
		q.tail = 0
	}
	q.chunks[len(q.chunks)-1][q.tail] = w
	q.tail++
}

// pushBack queues an event at the back.
func (q *asyncQueue) pushBack(first, dur time.Duration, attempt int32) {
	if dur < 0 {
		dur = 0
	}
	switch {
	case attempt > 0:
		q.put(^int64(first))
		q.put(-int64(attempt))
		q.put(int64(dur))
	case dur > 0:
		q.put(^int64(first))
		q.put(int64(dur))
	default:
		q.put(int64(first))
	}
	q.n++
}

// word returns the k-th word from the front.
func (q *asyncQueue) word(k int) int64 {
	i := q.head + k
	return q.chunks[q.c0+i/chunkWords][i%chunkWords]
}

// front returns the event at the front. The queue must not be empty.
func (q *asyncQueue) front() queued {
	w := q.word(0)
	if w >= 0 {
		return queued{first: time.Duration(w), words: 1}
	}
	e := queued{first: time.Duration(^w), words: 2}
	w = q.word(1)
	if w > 0 {
		e.dur = time.Duration(w)
		return e
	}
	e.attempt = int32(-w)
	e.dur = time.Duration(q.word(2))
	e.words = 3
	return e
}

// popFront removes the front event, e, as returned by front.
func (q *asyncQueue) popFront(e queued) {
	q.n--
	q.head += e.words
	for q.head >= chunkWords {
		q.dropFront()
		q.head -= chunkWords
	}
	if q.n == 0 {
		// Empty: rewind the last chunk rather than walking off its end.
		// Head and tail met, so at most that one chunk is left.
		q.head, q.tail = 0, 0
	}
}

// dropFront releases the drained front chunk. The chunk list is compacted
// when half of it is drained, so it neither grows without bound nor
// reallocates while the queue cycles through the same few chunks.
func (q *asyncQueue) dropFront() {
	if q.spare == nil {
		q.spare = q.chunks[q.c0]
	}
	q.chunks[q.c0] = nil
	q.c0++
	switch {
	case q.c0 == len(q.chunks):
		q.chunks, q.c0 = q.chunks[:0], 0
	case 2*q.c0 >= len(q.chunks):
		n := copy(q.chunks, q.chunks[q.c0:])
		clear(q.chunks[n:])
		q.chunks, q.c0 = q.chunks[:n], 0
	}
}
