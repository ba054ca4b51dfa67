package workload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
)

// The csv reader cuts its input into blocks of whole lines and parses each
// block into a batch of arrivals and per-row errors. With more than one CPU
// it does so on other goroutines: a reader goroutine cuts the blocks,
// workers parse them, and the consumer (Next) takes the batches in file
// order. Line numbers inside a batch are relative to its first line; the
// consumer adds the number of lines in the batches before it. Memory is
// bounded by the fixed number of batches in flight (2*workers+2 blocks of
// about csvBlockSize bytes and their arrivals).

// csvBlockSize is the size of the blocks the pipelined reader parses (a
// variable so tests can cut tiny blocks).
var csvBlockSize = 256 << 10

// Test hooks: csvWorkersOverride >= 0 forces that many parsing goroutines
// (0: parse blocks on the caller's goroutine); csvSequential selects the
// line-by-line reader (csvRows), the reference the block reader is
// tested against.
var (
	csvWorkersOverride = -1
	csvSequential      bool
)

// csvWorkers is the number of parsing goroutines for a new csv reader, 0
// to parse blocks on the caller's goroutine.
func csvWorkers() int {
	if csvWorkersOverride >= 0 {
		return csvWorkersOverride
	}
	n := runtime.GOMAXPROCS(0)
	if n < 2 {
		return 0
	}
	return min(n, 4)
}

// errLongLine ends a block stream at a line longer than maxLineBytes; the
// consumer, which knows the line number, turns it into the message.
var errLongLine = errors.New("line too long")

// csvBatch is one block of whole lines and what parsing it gave.
type csvBatch struct {
	buf    []byte     // storage, reused
	data   []byte     // whole lines, each ending in '\n'
	rows   []csvRow   // well-formed rows in file order
	fns    []string   // function names of rows (fns[0] = "")
	blanks []int32    // blank lines: a blank line comes before rows[blanks[j]]
	errs   []batchErr // malformed rows, in file order
	nlines int        // lines in data
	form   tsForm     // timestamp form after parsing the block
	end    error      // nil, or what follows the block: io.EOF, a read error, errLongLine
	ready  chan struct{}
}

// csvRow is an Arrival in a batch, its function an index in the batch's
// fns: rows hold no pointers, so they are smaller and cost the garbage
// collector nothing.
type csvRow struct {
	at, dur time.Duration
	fn      int32
	async   bool
}

// to sets a to r. (Field by field: a composite literal is built on the
// stack and copied, which costs more.)
func (r *csvRow) to(a *Arrival, fns []string) {
	a.At = r.at
	a.Duration = r.dur
	a.Function = fns[r.fn]
	a.Async = r.async
}

// batchErr is a malformed row that comes before rows[at]: the line
// data[lo:hi] of the batch, line lines into the block, parsed in form. The consumer parses
// it again to report it, so a block of malformed lines holds a few bytes
// per line rather than a formatted error each.
type batchErr struct {
	at           int
	lo, hi, line int32
	form         tsForm // the timestamp form before the row (it may fix the form and then fail)
}

// csvPipe is the pipelined rowReader of the csv format.
type csvPipe struct {
	seq     *csvRows // header state; its parser parses on the reader goroutine until the form is known
	name    string
	workers int
	block   int // csvBlockSize when the reader was made

	// Reader goroutine state.
	r     io.Reader
	carry []byte // the partial line after the last block
	rerr  error  // sticky read error (io.EOF at the end)

	spare   *csvBatch      // the one batch, without workers
	free    chan *csvBatch // batches to fill
	work    chan *csvBatch // batches to parse
	ordered chan *csvBatch // batches in file order, to the consumer
	quit    chan struct{}
	wg      sync.WaitGroup

	// Consumer state.
	errp            *csvParser // parses malformed rows again to report them
	started, closed bool
	cur             *csvBatch
	i, ei           int  // next row and next error in cur
	lim             int  // rows before lim are next, with no error between (see take)
	base            int  // lines before cur
	lineNo          int  // line of the error last returned
	rowLine         bool // the last thing returned was cur.rows[i-1], not lineNo's error
	form            tsForm
	end             error // the stream's end once reached
}

func newCSVPipe(seq *csvRows, workers int) *csvPipe {
	lr := seq.lr
	c := &csvPipe{
		seq:     seq,
		name:    seq.name,
		workers: workers,
		block:   csvBlockSize,
		r:       lr.r,
		carry:   append([]byte(nil), lr.buf[lr.pos:lr.end]...),
		rerr:    lr.err,
		base:    lr.line,
		form:    seq.form,
	}
	lr.buf, lr.pos, lr.end = nil, 0, 0
	return c
}

func (c *csvPipe) start() {
	c.started = true
	if c.workers == 0 {
		c.spare = &csvBatch{}
		return
	}
	nbatch := 2*c.workers + 2
	c.free = make(chan *csvBatch, nbatch)
	c.work = make(chan *csvBatch, nbatch)
	c.ordered = make(chan *csvBatch, nbatch)
	c.quit = make(chan struct{})
	for range nbatch {
		c.free <- &csvBatch{ready: make(chan struct{}, 1)}
	}
	c.wg.Add(1 + c.workers)
	go c.readLoop()
	for range c.workers {
		go c.parseLoop(newCSVParser(c.seq.csvLayout, tsUnknown))
	}
}

// readLoop cuts the input into blocks, in order, until its end.
func (c *csvPipe) readLoop() {
	defer c.wg.Done()
	p := c.seq.csvParser
	for {
		var b *csvBatch
		select {
		case b = <-c.free:
		case <-c.quit:
			return
		}
		c.fill(b)
		if p.form == tsUnknown || len(b.data) == 0 {
			// The first rows fix the timestamp form: parse them in order.
			p.parseBlock(b)
			b.ready <- struct{}{}
		} else {
			b.form = p.form
			select {
			case c.work <- b:
			case <-c.quit:
				return
			}
		}
		select {
		case c.ordered <- b:
		case <-c.quit:
			return
		}
		if b.end != nil {
			return
		}
	}
}

func (c *csvPipe) parseLoop(p *csvParser) {
	defer c.wg.Done()
	for {
		select {
		case b := <-c.work:
			p.form = b.form
			p.parseBlock(b)
			b.ready <- struct{}{}
		case <-c.quit:
			return
		}
	}
}

// fill reads the next block of whole lines into b, ending the stream at
// the end of the input, at a read error or at a line too long, exactly
// where lineReader would.
func (c *csvPipe) fill(b *csvBatch) {
	// Reuse the buffer when it leaves room for half a block (it only grows
	// past 4 blocks for a very long line: let that memory go).
	if room := cap(b.buf) - len(c.carry); room < c.block/2 || room > 4*c.block {
		b.buf = make([]byte, 0, len(c.carry)+c.block)
	}
	buf := append(b.buf[:0], c.carry...)
	c.carry = c.carry[:0]
	b.end = nil
	scanned := 0
	for {
		if i := bytes.LastIndexByte(buf[scanned:], '\n'); i >= 0 {
			i += scanned
			c.carry = append(c.carry, buf[i+1:]...)
			b.buf, b.data = buf, buf[:i+1]
			return
		}
		// From here on buf holds one partial line.
		scanned = len(buf)
		if c.rerr != nil {
			if len(buf) > 0 {
				buf = append(buf, '\n')
			}
			b.buf, b.data, b.end = buf, buf, c.rerr
			return
		}
		if len(buf) >= maxLineBytes {
			b.buf, b.data, b.end = buf, buf[:0], errLongLine
			return
		}
		if len(buf) == cap(buf) {
			nb := make([]byte, len(buf), min(2*cap(buf), maxLineBytes))
			copy(nb, buf)
			buf = nb
		}
		m, err := c.r.Read(buf[len(buf):min(cap(buf), maxLineBytes)])
		buf = buf[:len(buf)+m]
		if err != nil {
			c.rerr = err
		}
	}
}

// parseBlock parses the lines of b.data into b.
func (p *csvParser) parseBlock(b *csvBatch) {
	// A row takes at least two bytes: more room than that was left by a
	// larger block (the first one can be); let it go.
	if cap(b.rows) == 0 || cap(b.rows) > len(b.data)/2+64 {
		b.rows = make([]csvRow, 0, len(b.data)/24+16)
	}
	b.rows, b.blanks, b.errs = b.rows[:0], b.blanks[:0], b.errs[:0]
	p.gen++
	p.fns = append(b.fns[:0], "")
	data := b.data
	line := 0
	for pos := 0; pos < len(data); {
		line++
		if isEOL(data, pos) {
			b.blanks = append(b.blanks, int32(len(b.rows)))
			if data[pos] == '\r' {
				pos++
			}
			pos++
			continue
		}
		k := len(b.rows)
		if k == cap(b.rows) {
			b.rows = append(b.rows, csvRow{})
		}
		b.rows = b.rows[:k+1] // parseFast sets the whole slot
		if p.form != tsUnknown && !isSpace(data[pos]) {
			if e := p.parseFast(data[pos:], &b.rows[k]); e >= 0 {
				pos += e + 1
				continue
			}
		}
		e := bytes.IndexByte(data[pos:], '\n')
		lo, hi := pos, pos+e
		pos += e + 1
		if data[hi-1] == '\r' {
			hi--
		}
		l := data[lo:hi]
		p.lineNo = line
		var a Arrival
		form := p.form
		ok, err := p.parseSlow(l, &a)
		if !ok {
			b.rows = b.rows[:k]
			if err != nil {
				b.errs = append(b.errs, batchErr{k, int32(lo), int32(hi), int32(line), form})
			} else {
				b.blanks = append(b.blanks, int32(k))
			}
			continue
		}
		r := csvRow{at: a.At, dur: a.Duration, async: a.Async}
		if p.fn >= 0 {
			r.fn = p.fnIndex(p.last) // parseSlow interned the row's function
		}
		b.rows[k] = r
	}
	b.fns, p.fns = p.fns, nil
	b.nlines = line
	b.form = p.form
}

func (c *csvPipe) row(a *Arrival) (bool, error) {
	for {
		if b := c.cur; b != nil {
			if c.ei < len(b.errs) && b.errs[c.ei].at == c.i {
				pe := c.reparse(b, b.errs[c.ei])
				c.ei++
				c.setLim()
				c.lineNo, c.rowLine = pe.Line, false
				return false, pe
			}
			if c.i < len(b.rows) {
				b.rows[c.i].to(a, b.fns)
				c.i++
				c.rowLine = true
				return true, nil
			}
			c.lineNo, c.rowLine = c.line(), false
			c.base += b.nlines
			c.end = b.end
			c.cur, c.lim = nil, 0
			if c.workers == 0 {
				c.spare = b
			} else {
				c.free <- b
			}
		}
		if c.closed {
			return false, fmt.Errorf("read %s: %w", c.name, os.ErrClosed)
		}
		if c.end != nil {
			return c.finish()
		}
		if !c.started {
			c.start()
		}
		var b *csvBatch
		if c.workers == 0 {
			b = c.spare
			c.fill(b)
			c.seq.parseBlock(b)
		} else {
			b = <-c.ordered
			<-b.ready
		}
		c.cur, c.i, c.ei, c.form = b, 0, 0, b.form
		c.setLim()
	}
}

// reparse makes the error of a malformed row of b. Parsing it again in the
// form it was parsed in gives the error it gave in the block.
func (c *csvPipe) reparse(b *csvBatch, e batchErr) *ParseError {
	if c.errp == nil {
		c.errp = newCSVParser(c.seq.csvLayout, tsUnknown)
	}
	p := c.errp
	p.form, p.lineNo = e.form, c.base+int(e.line)
	var a Arrival
	if _, err := p.parseSlow(b.data[e.lo:e.hi], &a); err != nil {
		return err.(*ParseError)
	}
	return &ParseError{File: c.name, Line: p.lineNo, Msg: "malformed row (internal error: it parses on a second reading)"}
}

// setLim sets lim to the index of the next row a malformed row precedes,
// or the batch's end.
func (c *csvPipe) setLim() {
	c.lim = len(c.cur.rows)
	if c.ei < len(c.cur.errs) {
		c.lim = c.cur.errs[c.ei].at
	}
}

// take is row's fast path, for orderedSource: the next row of the
// current batch when no error precedes it.
func (c *csvPipe) take(a *Arrival) bool {
	if c.i >= c.lim {
		return false
	}
	c.cur.rows[c.i].to(a, c.cur.fns)
	c.i++
	c.rowLine = true
	return true
}

// finish reports the end of the stream as lineReader and csvRows.row do.
func (c *csvPipe) finish() (bool, error) {
	switch {
	case errors.Is(c.end, io.EOF):
		return false, nil
	case c.end == errLongLine:
		return false, fmt.Errorf("read %s: %w", c.name, fmt.Errorf("line %d is longer than %d bytes", c.base+1, maxLineBytes))
	}
	return false, fmt.Errorf("read %s: %w", c.name, c.end)
}

// line is the line of the row last returned.
func (c *csvPipe) line() int {
	if !c.rowLine {
		return c.lineNo
	}
	// rows[k] is on the line after k rows and the blank and malformed
	// lines before it.
	b, k := c.cur, c.i-1
	blanks := sort.Search(len(b.blanks), func(j int) bool { return int(b.blanks[j]) > k })
	errs := sort.Search(len(b.errs), func(j int) bool { return b.errs[j].at > k })
	return c.base + k + 1 + blanks + errs
}

func (c *csvPipe) relativeTimes() bool { return c.form == tsOffset }

// close stops the goroutines, then closes the input.
func (c *csvPipe) close() error {
	if c.started && !c.closed && c.workers > 0 {
		close(c.quit)
		c.wg.Wait()
	}
	c.closed = true
	c.cur, c.lim = nil, 0
	return c.seq.close()
}
