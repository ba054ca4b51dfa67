package fc

// ring is a growable double-ended queue of instance indices.
// Idle instances live in one, ordered by the time they became idle: new ones
// join at the back, so the front is always the next to hit its keep-alive.
type ring struct {
	buf  []int32
	head int
	n    int
}

func (r *ring) grow() {
	size := len(r.buf) * 2
	if size == 0 {
		size = 16
	}
	nb := make([]int32, size)
	for i := 0; i < r.n; i++ {
		nb[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf, r.head = nb, 0
}

func (r *ring) pushBack(v int32) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = v
	r.n++
}

func (r *ring) front() int32 { return r.buf[r.head] }

func (r *ring) popFront() int32 {
	v := r.buf[r.head]
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	return v
}

func (r *ring) popBack() int32 {
	r.n--
	return r.buf[(r.head+r.n)&(len(r.buf)-1)]
}
