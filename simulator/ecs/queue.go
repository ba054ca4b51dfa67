package ecs

import "time"

// ring is a growable FIFO; it reuses its storage, so a steady state
// allocates nothing.
type ring[T any] struct {
	buf     []T
	head, n int
}

func (r *ring[T]) push(v T) {
	if r.n == len(r.buf) {
		nb := make([]T, max(16, 2*len(r.buf)))
		for i := 0; i < r.n; i++ {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = v
	r.n++
}

func (r *ring[T]) front() T { return r.buf[r.head] }

func (r *ring[T]) pop() T {
	v := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	return v
}

// popBack removes the newest element.
func (r *ring[T]) popBack() T {
	r.n--
	return r.buf[(r.head+r.n)%len(r.buf)]
}

// completions is a binary min-heap of completion times.
type completions struct{ h []time.Duration }

func (c *completions) len() int           { return len(c.h) }
func (c *completions) min() time.Duration { return c.h[0] }

func (c *completions) push(t time.Duration) {
	c.h = append(c.h, t)
	i := len(c.h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if c.h[p] <= t {
			break
		}
		c.h[i] = c.h[p]
		i = p
	}
	c.h[i] = t
}

func (c *completions) pop() time.Duration {
	top := c.h[0]
	last := c.h[len(c.h)-1]
	c.h = c.h[:len(c.h)-1]
	n := len(c.h)
	if n == 0 {
		return top
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && c.h[r] < c.h[l] {
			l = r
		}
		if c.h[l] >= last {
			break
		}
		c.h[i] = c.h[l]
		i = l
	}
	c.h[i] = last
	return top
}
