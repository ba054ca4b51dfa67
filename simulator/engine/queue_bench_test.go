package engine

import (
	"testing"
	"time"
)

// BenchmarkQueueHold is the classic hold model: pop the earliest event and
// push it back later, with a steady population of n events.
func BenchmarkQueueHold16(b *testing.B)   { benchHold(b, 16) }
func BenchmarkQueueHold1024(b *testing.B) { benchHold(b, 1024) }

func benchHold(b *testing.B, n int) {
	var q Queue
	r := NewRand(1, 1)
	for i := 0; i < n; i++ {
		q.Push(Event{At: time.Duration(r.Uint64() >> 40)})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := q.Pop()
		e.At += time.Duration(r.Uint64() >> 40)
		q.Push(e)
	}
}
