package fc

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
	"github.com/fcplan/fcplan/simulator/metrics"
)

// Arrival is one invocation offered to the scheduler.
type Arrival struct {
	At       time.Duration // non-decreasing
	Duration time.Duration // execution time; 0 = sample Config.Duration
	Async    bool
}

// Source streams arrivals in non-decreasing At order.
type Source interface {
	Next(a *Arrival) (ok bool, err error)
}

// Event kinds.
const (
	evDone  uint16 = iota // a request on instance Ref completes
	evReady               // instance Ref finished starting or waking
	evRetry               // async record Ref is due for a retry
	evToken               // a creation token is available for queued events
	evFloor               // scheduled floor action Ref fires
	evTrack               // target-tracking evaluation
)

type instance struct {
	busy        int32 // requests assigned: waiting for start or executing
	waiting     int32 // assigned requests not yet executing (instance starting)
	partialPos  int32 // index in the partial list, -1 when not in it
	prov        bool  // part of the min-instance floor
	starting    bool  // cold start in progress
	waking      bool  // waking from hibernation
	alive       bool
	readyAt     time.Duration
	idleSince   time.Duration
	activeSince time.Duration
	provSince   time.Duration
}

type asyncRec struct {
	first   time.Duration // first arrival, for the max event age
	dur     time.Duration
	attempt int32
}

// Scheduler is the FC scheduler model. Build one with New, feed it with Run.
type Scheduler struct {
	cfg Config

	q                 engine.Queue
	rDur, rCold, rLat *engine.Rand

	insts   []instance
	freeIdx []int32

	odIdle, provIdle       ring
	odPartial, provPartial []int32

	alive, provAlive int
	floorSched       int // -1: no scheduled action yet
	floorTrack       int // -1: no tracking policy active
	nextFloor        int

	tokens      float64
	tokenLast   time.Duration
	tokenRate   float64 // per nanosecond
	rateLimited bool
	rateBlocked bool // the last create failed on the rate limit
	tokenArmed  bool

	asyncQ  asyncQueue
	err     error      // a run stopped by a bound (QueueLimitError)
	recs    []asyncRec // retries waiting for their backoff (queued events live in asyncQ)
	freeRec []int32

	srcDone    bool
	window     time.Duration // Config.Window
	softEnd    time.Duration // open-ended runs: the last arrival rounded up to a second
	work       int           // pending evDone, evReady and evRetry events
	now        time.Duration
	warmDone   bool
	noReclaim  bool
	overhead   bool
	conc       int32
	trackBusyI float64

	// CPU sharing (nil shareTab: off). A request sampled from the split
	// model that joins k requests on an instance runs
	// shareIO + shareCPU x shareTab[k].
	shareTab          []float64
	shareIO, shareCPU float64

	res Result
	g   *gauges
	hr  hourly // usage per clock hour, for hourly billing rules

	// timeline
	tl                 *metrics.Timeline
	tlNext             time.Duration
	tlVals             []float64
	tlPrevInst, tlPrev float64
	tlInstMax, tlBusy  int64
	tlCnt              [4]int64 // arrivals, cold starts, throttled, async dropped
}

// Result is what a run measured, after the warm-up.
type Result struct {
	Start, End time.Duration // measured span: [Warmup, End]

	Requests         int64 // arrivals (async retries are not new requests)
	Invocations      int64 // executions started, retries included (billed)
	ColdStarts       int64 // executions that waited for an instance to start
	InstancesStarted int64 // on-demand instance creations
	Throttled        int64 // sync requests refused (429)
	TimedOut         int64
	AsyncQueued      int64 // async events that had to wait for capacity
	AsyncRetries     int64
	AsyncDropped     int64 // sent to the failure destination (age or retries)
	AsyncPending     int64 // still queued at the end

	Latency   *metrics.Histogram // arrival (or async enqueue) to completion, with overhead
	Wait      *metrics.Histogram // arrival to start of execution
	Execution *metrics.Histogram
	ColdStart *metrics.Histogram // per instance creation

	InstancesPeak int64
	InstancesMean float64
	BusyPeak      int64 // executing requests: per-request connection peak
	BusyMean      float64
	QueuePeak     int64

	// Instance-seconds.
	ActiveOnDemand     float64 // >= 1 request executing, on-demand instances
	ActiveProvisioned  float64 // >= 1 request executing, min instances
	IdleOnDemand       float64 // alive, idle, waiting for keep-alive
	IdleBilledOnDemand float64 // the part of IdleOnDemand within DelayedRelease
	IdleProvisioned    float64 // min instances alive and idle
	ProvisionedLife    float64 // min instances' whole lifetime
	Initializer        float64 // initializer time (billed as execution)
	Starting           float64 // on-demand instances starting (cold starts)
	RequestSeconds     float64 // sum of execution times (request time)

	// Hours is the usage per clock hour of the measured span (the first
	// and last may be partial), for billing rules that apply per hour.
	Hours []HourUsage

	// CPUShared counts executions whose duration came from the CPU-scaling
	// model with CPU sharing applied (Config.SharesCPU); the CPU part of
	// those that joined busy instances was stretched.
	CPUShared int64
}

// New returns a scheduler for cfg.
func New(cfg Config) (*Scheduler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Scheduler{
		cfg:        cfg,
		rDur:       engine.NewRand(cfg.Seed, 1),
		rCold:      engine.NewRand(cfg.Seed, 2),
		rLat:       engine.NewRand(cfg.Seed, 3),
		floorSched: -1,
		floorTrack: -1,
		conc:       int32(cfg.Concurrency),
		noReclaim:  cfg.KeepAlive >= NoReclaim,
		overhead:   !cfg.WarmOverhead.IsZero(),
	}
	if cfg.ScaleOutBurst > 0 {
		s.rateLimited = true
		s.tokens = float64(cfg.ScaleOutBurst)
		s.tokenRate = float64(cfg.ScaleOutPerMinute) / float64(time.Minute)
	}
	if io, cpu, ok := cfg.SharesCPU(); ok {
		s.shareIO, s.shareCPU = float64(io), float64(cpu)
		s.shareTab = shareFactors(s.shareIO, s.shareCPU, cfg.Concurrency)
	}
	s.hr = newHourly(cfg.Warmup, cfg.Window)
	s.res.Latency = metrics.NewHistogram()
	s.res.Wait = metrics.NewHistogram()
	s.res.Execution = metrics.NewHistogram()
	s.res.ColdStart = metrics.NewHistogram()
	s.q.Grow(1024)
	return s, nil
}

// TimelineColumns are the columns of the CSV timeline, after t_s.
var TimelineColumns = []string{"arrivals", "cold_starts", "throttled", "async_dropped", "instances_mean", "instances_max", "busy_mean", "busy_max", "async_queued"}

// WriteTimeline streams one CSV row per step of simulated time to w.
// Call it before Run.
func (s *Scheduler) WriteTimeline(w io.Writer, step time.Duration) error {
	tl, err := metrics.NewTimeline(w, step, TimelineColumns...)
	if err != nil {
		return err
	}
	s.tl, s.tlNext = tl, step
	s.tlVals = make([]float64, len(TimelineColumns))
	return nil
}

// gauges live outside Result so the hot path touches only what it needs.
type gauges struct{ instances, busy, queue metrics.Gauge }

// Run feeds every arrival of src through the model and returns the result.
func (s *Scheduler) Run(src Source) (*Result, error) {
	var g gauges
	return s.run(src, &g)
}

func (s *Scheduler) run(src Source, g *gauges) (*Result, error) {
	s.g = g
	s.applyFloor(0)
	if len(s.cfg.Scheduled) > 0 {
		s.q.Push(engine.Event{At: s.cfg.Scheduled[0].At, Kind: evFloor, Ref: 0})
	}
	if len(s.cfg.Tracking) > 0 {
		s.trackBusyI = 0
		s.q.Push(engine.Event{At: s.cfg.TrackInterval, Kind: evTrack})
	}
	s.window = s.cfg.Window
	var a Arrival
	ok, err := src.Next(&a)
	if err != nil {
		return nil, err
	}
	last := time.Duration(0)
	for {
		next := s.q.NextAt()
		if ok && a.At < next {
			if a.At < last {
				return nil, fmt.Errorf("arrival at %s comes before the previous one at %s: the source must be in time order", a.At, last)
			}
			if a.At < 0 {
				return nil, fmt.Errorf("arrival at %s: negative time", a.At)
			}
			if s.window > 0 && a.At >= s.window {
				ok = false
				s.srcDone = true
				continue
			}
			last = a.At
			s.advance(a.At)
			s.res.Requests++
			s.tlCnt[0]++
			s.offer(a.At, a.At, a.Duration, a.Async, 0)
			if s.err != nil {
				return nil, s.err
			}
			ok, err = src.Next(&a)
			if err != nil {
				return nil, err
			}
			if !ok {
				s.srcDone = true
				// An open-ended run spans the arrivals rounded up to a
				// whole second, or until the last request completes if
				// that is later: no work is cut.
				s.softEnd = (last + time.Second - 1) / time.Second * time.Second
			}
			continue
		}
		if next == engine.Forever {
			break
		}
		if s.window > 0 && next >= s.window {
			break
		}
		if !ok && s.window == 0 && s.work == 0 && s.asyncQ.len() == 0 && next > s.softEnd {
			// Only timers are left (floor actions, tracking).
			break
		}
		e := s.q.Pop()
		if e.Kind <= evRetry {
			s.work--
		}
		s.advance(e.At)
		s.handle(e)
		if s.err != nil {
			return nil, s.err
		}
	}
	end := s.window
	if end == 0 {
		end = max(s.softEnd, s.now)
	}
	s.finish(end)
	return &s.res, nil
}

// advance moves the clock to t, first reclaiming instances whose keep-alive
// ran out before t, each at its own time.
func (s *Scheduler) advance(t time.Duration) {
	if !s.noReclaim {
		for s.odIdle.n > 0 {
			i := s.odIdle.front()
			exp := s.insts[i].idleSince + s.cfg.KeepAlive
			if exp > t {
				break
			}
			s.tick(exp)
			s.odIdle.popFront()
			s.leaveIdle(i, exp)
			s.destroy(i, exp)
		}
	}
	s.tick(t)
}

// tick runs the bookkeeping due at time t: the warm-up cut and timeline rows.
func (s *Scheduler) tick(t time.Duration) {
	if !s.warmDone && t >= s.cfg.Warmup {
		if s.tl != nil && s.tlNext <= s.cfg.Warmup {
			s.flushTimeline(s.cfg.Warmup)
		}
		s.restart(s.cfg.Warmup)
	}
	if s.tl != nil && t >= s.tlNext {
		s.flushTimeline(t)
	}
	s.now = t
}

func (s *Scheduler) handle(e engine.Event) {
	switch e.Kind {
	case evDone:
		s.done(e.Ref, e.At)
	case evReady:
		in := &s.insts[e.Ref]
		if in.waiting > 0 {
			s.g.busy.Add(e.At, int64(in.waiting))
			s.noteBusy()
			in.waiting = 0
		}
		in.starting, in.waking = false, false
	case evRetry:
		r := s.recs[e.Ref]
		s.freeRec = append(s.freeRec, e.Ref)
		s.res.AsyncRetries++
		s.offer(e.At, r.first, r.dur, true, r.attempt)
	case evToken:
		s.tokenArmed = false
		s.drainAsync(e.At)
	case evFloor:
		act := s.cfg.Scheduled[e.Ref]
		s.floorSched = act.Min
		s.applyFloor(e.At)
		if n := int(e.Ref) + 1; n < len(s.cfg.Scheduled) {
			s.q.Push(engine.Event{At: s.cfg.Scheduled[n].At, Kind: evFloor, Ref: int32(n)})
		}
	case evTrack:
		s.track(e.At)
	}
}

// offer routes one execution attempt arriving at t; first is the time the
// event first arrived (the same as t for sync requests and first attempts).
func (s *Scheduler) offer(t, first, d time.Duration, async bool, attempt int32) {
	if async && t-first > s.cfg.Async.MaxEventAge {
		s.dropAsync()
		return
	}
	i := s.route(t)
	if i < 0 {
		if !async {
			s.res.Throttled++
			s.tlCnt[2]++
			return
		}
		s.enqueue(t, first, d, attempt)
		return
	}
	s.dispatch(i, t, first, d, async, attempt)
}

// route finds an instance with a free slot, or creates one; -1 when none.
// Min instances are served first (FC docs, doc-detail/138103).
func (s *Scheduler) route(t time.Duration) int32 {
	if s.provAlive > 0 {
		if i := s.pick(&s.provPartial, &s.provIdle, t); i >= 0 {
			return i
		}
	}
	if i := s.pick(&s.odPartial, &s.odIdle, t); i >= 0 {
		return i
	}
	return s.create(t)
}

func (s *Scheduler) pick(partial *[]int32, idle *ring, t time.Duration) int32 {
	p := *partial
	if s.cfg.Routing == Pack {
		if n := len(p); n > 0 {
			return p[n-1]
		}
		if idle.n > 0 {
			i := idle.popBack()
			s.leaveIdle(i, t)
			return i
		}
		return -1
	}
	if idle.n > 0 {
		i := idle.popFront()
		s.leaveIdle(i, t)
		return i
	}
	if len(p) > 0 {
		return p[0]
	}
	return -1
}

// leaveIdle closes an idle period of instance i at t.
func (s *Scheduler) leaveIdle(i int32, t time.Duration) {
	in := &s.insts[i]
	gap := float64(t - in.idleSince)
	if in.prov {
		s.res.IdleProvisioned += gap
		s.hr.add(in.idleSince, t, hfIdleProv)
		if s.cfg.Hibernation && !s.cfg.WakeUp.IsZero() {
			w := s.cfg.WakeUp.Sample(s.rCold)
			in.waking = true
			in.readyAt = t + w
			s.q.Push(engine.Event{At: in.readyAt, Kind: evReady, Ref: i})
			s.work++
		}
		return
	}
	s.res.IdleOnDemand += gap
	s.res.IdleBilledOnDemand += min(gap, float64(s.cfg.DelayedRelease))
	s.hr.add(in.idleSince, min(t, in.idleSince+s.cfg.DelayedRelease), hfIdleBilled)
}

// create starts a new on-demand instance at t, or returns -1 when the cap or
// the creation rate forbids it.
func (s *Scheduler) create(t time.Duration) int32 {
	if s.alive >= s.cfg.MaxInstances {
		s.rateBlocked = false
		return -1
	}
	if s.rateLimited {
		s.refill(t)
		if s.tokens < 1 {
			s.rateBlocked = true
			return -1
		}
		s.tokens--
	}
	i := s.alloc(t, false)
	in := &s.insts[i]
	cold, init := s.cfg.ColdStart.sample(s.rCold)
	in.starting = true
	in.readyAt = t + cold
	s.q.Push(engine.Event{At: in.readyAt, Kind: evReady, Ref: i})
	s.work++
	s.res.InstancesStarted++
	s.res.ColdStart.Record(cold)
	s.res.Starting += float64(cold)
	s.res.Initializer += float64(init)
	s.hr.add(in.readyAt-init, in.readyAt, hfInit)
	return i
}

func (s *Scheduler) refill(t time.Duration) {
	if t > s.tokenLast {
		s.tokens = math.Min(float64(s.cfg.ScaleOutBurst), s.tokens+float64(t-s.tokenLast)*s.tokenRate)
		s.tokenLast = t
	}
}

// alloc makes a live instance record (ready and idle-less) at t.
func (s *Scheduler) alloc(t time.Duration, prov bool) int32 {
	var i int32
	if n := len(s.freeIdx); n > 0 {
		i = s.freeIdx[n-1]
		s.freeIdx = s.freeIdx[:n-1]
	} else {
		s.insts = append(s.insts, instance{})
		i = int32(len(s.insts) - 1)
	}
	s.insts[i] = instance{alive: true, prov: prov, partialPos: -1, readyAt: t, provSince: t}
	s.alive++
	if prov {
		s.provAlive++
	}
	s.g.instances.Add(t, 1)
	if v := s.g.instances.Value(); v > s.tlInstMax {
		s.tlInstMax = v
	}
	return i
}

// destroy removes instance i (already out of the idle and partial lists).
func (s *Scheduler) destroy(i int32, t time.Duration) {
	in := &s.insts[i]
	if in.prov {
		s.provAlive--
		s.res.ProvisionedLife += float64(t - in.provSince)
	}
	in.alive = false
	s.alive--
	s.g.instances.Add(t, -1)
	s.freeIdx = append(s.freeIdx, i)
}

func (s *Scheduler) noteBusy() {
	if v := s.g.busy.Value(); v > s.tlBusy {
		s.tlBusy = v
	}
}

// dispatch starts a request on instance i at t.
func (s *Scheduler) dispatch(i int32, t, first, d time.Duration, async bool, attempt int32) {
	in := &s.insts[i]
	start := t
	if in.readyAt > t {
		start = in.readyAt
	}
	if in.busy == 0 {
		in.activeSince = start
		if in.waking {
			// A waking min instance is billed from the wake-up on: its
			// lifetime is all active or idle.
			in.activeSince = t
		}
	}
	in.busy++
	if s.conc > 1 {
		if in.busy == 1 {
			s.addPartial(i)
		}
		if in.busy == s.conc {
			s.removePartial(i)
		}
	}
	want := d // a retry runs the same work again
	if d <= 0 {
		d = s.cfg.Duration.Sample(s.rDur)
		want = d
		if s.shareTab != nil {
			// The split model is fixed: a retry samples it again and is
			// stretched by the instance it lands on.
			want = 0
			s.res.CPUShared++
			if k := in.busy - 1; k > 0 {
				d = time.Duration(s.shareIO + s.shareCPU*s.shareTab[k])
			}
		}
	}
	timedOut := false
	if d > s.cfg.Timeout {
		d = s.cfg.Timeout
		timedOut = true
	}
	end := start + d
	if start > t {
		in.waiting++
	} else {
		s.g.busy.Add(t, 1)
		s.noteBusy()
	}
	s.q.Push(engine.Event{At: end, Kind: evDone, Ref: i})
	s.work++

	r := &s.res
	r.Invocations++
	s.hr.invocation(t)
	r.RequestSeconds += float64(d)
	if in.starting {
		r.ColdStarts++
		s.tlCnt[1]++
	}
	wait := start - t
	lat := end - first
	if s.overhead {
		lat += s.cfg.WarmOverhead.Sample(s.rLat)
	}
	r.Latency.Record(lat)
	r.Wait.Record(wait + t - first)
	r.Execution.Record(d)
	if timedOut {
		r.TimedOut++
		if async {
			if attempt < int32(s.cfg.Async.MaxRetries) {
				back := s.cfg.Async.BackoffMin << uint(min(attempt, 30))
				if back > s.cfg.Async.BackoffMax || back <= 0 {
					back = s.cfg.Async.BackoffMax
				}
				ri := s.newRec(first, want, attempt+1)
				s.q.Push(engine.Event{At: end + back, Kind: evRetry, Ref: ri})
				s.work++
			} else {
				s.dropAsync()
			}
		}
	}
}

func (s *Scheduler) dropAsync() {
	s.res.AsyncDropped++
	s.tlCnt[3]++
}

func (s *Scheduler) newRec(first, d time.Duration, attempt int32) int32 {
	rec := asyncRec{first: first, dur: d, attempt: attempt}
	if n := len(s.freeRec); n > 0 {
		i := s.freeRec[n-1]
		s.freeRec = s.freeRec[:n-1]
		s.recs[i] = rec
		return i
	}
	s.recs = append(s.recs, rec)
	return int32(len(s.recs) - 1)
}

func (s *Scheduler) addPartial(i int32) {
	in := &s.insts[i]
	l := &s.odPartial
	if in.prov {
		l = &s.provPartial
	}
	in.partialPos = int32(len(*l))
	*l = append(*l, i)
}

func (s *Scheduler) removePartial(i int32) {
	in := &s.insts[i]
	if in.partialPos < 0 {
		return
	}
	l := &s.odPartial
	if in.prov {
		l = &s.provPartial
	}
	p := *l
	last := p[len(p)-1]
	p[in.partialPos] = last
	s.insts[last].partialPos = in.partialPos
	*l = p[:len(p)-1]
	in.partialPos = -1
}

// done completes one request on instance i at t.
func (s *Scheduler) done(i int32, t time.Duration) {
	in := &s.insts[i]
	in.busy--
	s.g.busy.Add(t, -1)
	if s.conc > 1 {
		if in.busy == s.conc-1 && in.busy > 0 {
			s.addPartial(i)
		}
		if in.busy == 0 {
			s.removePartial(i)
		}
	}
	if in.busy == 0 {
		span := float64(t - in.activeSince)
		if in.prov {
			s.res.ActiveProvisioned += span
		} else {
			s.res.ActiveOnDemand += span
		}
		s.hr.add(in.activeSince, t, hfActive)
		in.idleSince = t
		switch {
		case in.prov && s.provAlive > s.floor():
			// The floor went down while this instance was busy.
			s.destroy(i, t)
		case in.prov:
			s.provIdle.pushBack(i)
		default:
			s.odIdle.pushBack(i)
		}
	}
	if s.asyncQ.len() > 0 {
		s.drainAsync(t)
	}
}

// enqueue parks an async event until capacity frees up. Past the queue
// bound the run stops (s.err), rather than drop an event FC would keep.
func (s *Scheduler) enqueue(t, first, d time.Duration, attempt int32) {
	limit := s.cfg.Async.MaxQueued
	if limit <= 0 {
		limit = DefaultMaxQueued
	}
	if s.asyncQ.len() >= limit {
		if s.err == nil {
			s.err = &QueueLimitError{Limit: limit, At: t}
		}
		return
	}
	s.res.AsyncQueued++
	s.asyncQ.pushBack(first, d, attempt)
	s.g.queue.Add(t, 1)
	if s.rateBlocked {
		s.armToken(t)
	}
}

func (s *Scheduler) armToken(t time.Duration) {
	if s.tokenArmed || s.tokenRate <= 0 {
		return
	}
	s.refill(t)
	wait := time.Duration(math.Ceil((1 - s.tokens) / s.tokenRate))
	if wait < 1 {
		wait = 1
	}
	s.tokenArmed = true
	s.q.Push(engine.Event{At: t + wait, Kind: evToken})
}

// drainAsync starts queued async events, oldest first, while capacity lasts.
func (s *Scheduler) drainAsync(t time.Duration) {
	for s.asyncQ.len() > 0 {
		r := s.asyncQ.front()
		if t-r.first > s.cfg.Async.MaxEventAge {
			s.asyncQ.popFront(r)
			s.g.queue.Add(t, -1)
			s.dropAsync()
			continue
		}
		i := s.route(t)
		if i < 0 {
			if s.rateBlocked {
				s.armToken(t)
			}
			return
		}
		s.asyncQ.popFront(r)
		s.g.queue.Add(t, -1)
		s.dispatch(i, t, r.first, r.dur, true, r.attempt)
	}
}

// floor returns the current minimum-instance floor.
func (s *Scheduler) floor() int {
	f := s.cfg.MinInstances
	if s.floorSched >= 0 {
		f = s.floorSched
	}
	if s.floorTrack > f {
		f = s.floorTrack
	}
	return min(f, s.cfg.MaxInstances)
}

// applyFloor creates or releases min instances to match the floor at t. New
// min instances start warm (FC creates them ahead of the traffic they are
// for); released ones go idle-first, and busy ones finish their requests.
func (s *Scheduler) applyFloor(t time.Duration) {
	f := s.floor()
	for s.provAlive < f && s.alive < s.cfg.MaxInstances {
		i := s.alloc(t, true)
		s.insts[i].idleSince = t
		s.provIdle.pushBack(i)
	}
	for s.provAlive > f && s.provIdle.n > 0 {
		i := s.provIdle.popFront()
		s.leaveIdleForRelease(i, t)
		s.destroy(i, t)
	}
	// Busy min instances above the floor are released by done.
}

func (s *Scheduler) leaveIdleForRelease(i int32, t time.Duration) {
	s.res.IdleProvisioned += float64(t - s.insts[i].idleSince)
	s.hr.add(s.insts[i].idleSince, t, hfIdleProv)
}

// track evaluates the target-tracking policies at t.
func (s *Scheduler) track(t time.Duration) {
	busyI := s.g.busy.IntegralAt(t)
	mean := (busyI - s.trackBusyI) / s.cfg.TrackInterval.Seconds()
	s.trackBusyI = busyI
	want := -1
	for _, p := range s.cfg.Tracking {
		if t < p.From || (p.Until > 0 && t >= p.Until) {
			continue
		}
		n := int(math.Ceil(mean / (p.Target * float64(s.cfg.Concurrency))))
		n = max(p.Min, min(p.Max, n))
		want = max(want, n)
	}
	s.floorTrack = want
	s.applyFloor(t)
	next := t + s.cfg.TrackInterval
	if s.window > 0 && next >= s.window {
		return
	}
	if s.window == 0 && s.srcDone && s.work == 0 && s.asyncQ.len() == 0 && next > s.softEnd {
		return
	}
	s.q.Push(engine.Event{At: next, Kind: evTrack})
}

// restart discards the measurements before w (the warm-up cut).
func (s *Scheduler) restart(w time.Duration) {
	s.warmDone = true
	if w == 0 {
		s.res.Start = 0
		return
	}
	r := &s.res
	keep := Result{Latency: r.Latency, Wait: r.Wait, Execution: r.Execution, ColdStart: r.ColdStart, Start: w}
	keep.Latency.Reset()
	keep.Wait.Reset()
	keep.Execution.Reset()
	keep.ColdStart.Reset()
	// The instances' open periods started before w: count only their part
	// after w by subtracting the part before.
	for i := range s.insts {
		in := &s.insts[i]
		if !in.alive {
			continue
		}
		if in.prov {
			keep.ProvisionedLife -= float64(w - in.provSince)
		} else if in.starting && in.readyAt > w {
			// Started before w, still starting: count the part after w.
			keep.Starting += float64(in.readyAt - w)
		}
		switch {
		case in.busy > 0 && in.activeSince < w:
			span := float64(w - in.activeSince)
			if in.prov {
				keep.ActiveProvisioned -= span
			} else {
				keep.ActiveOnDemand -= span
			}
		case in.busy == 0 && !in.starting:
			gap := float64(w - in.idleSince)
			if in.prov {
				keep.IdleProvisioned -= gap
			} else {
				keep.IdleOnDemand -= gap
				keep.IdleBilledOnDemand -= min(gap, float64(s.cfg.DelayedRelease))
			}
		}
	}
	*r = keep
	if s.tl != nil {
		s.tlPrevInst -= s.g.instances.IntegralAt(w)
		s.tlPrev -= s.g.busy.IntegralAt(w)
	}
	s.trackBusyI -= s.g.busy.IntegralAt(w)
	s.g.instances.Restart(w)
	s.g.busy.Restart(w)
	s.g.queue.Restart(w)
}

// flushTimeline writes the rows of every step that ended at or before t.
func (s *Scheduler) flushTimeline(t time.Duration) {
	for s.tlNext <= t {
		s.timelineRow(s.tlNext)
		s.tlNext += s.tl.Step()
	}
}

// timelineRow writes the row of the step that started at tlNext - step and
// ends at end (tlNext, or the end of the run for a last, partial step).
func (s *Scheduler) timelineRow(end time.Duration) {
	start := s.tlNext - s.tl.Step()
	span := (end - start).Seconds()
	instI := s.g.instances.IntegralAt(end)
	busyI := s.g.busy.IntegralAt(end)
	v := s.tlVals
	v[0] = float64(s.tlCnt[0])
	v[1] = float64(s.tlCnt[1])
	v[2] = float64(s.tlCnt[2])
	v[3] = float64(s.tlCnt[3])
	v[4] = (instI - s.tlPrevInst) / span
	v[5] = float64(s.tlInstMax)
	v[6] = (busyI - s.tlPrev) / span
	v[7] = float64(s.tlBusy)
	v[8] = float64(s.g.queue.Value())
	s.tl.Row(start, v)
	s.tlPrevInst, s.tlPrev = instI, busyI
	s.tlCnt = [4]int64{}
	s.tlInstMax = s.g.instances.Value()
	s.tlBusy = s.g.busy.Value()
}

// finish closes every open period at end and fills the summary figures.
func (s *Scheduler) finish(end time.Duration) {
	s.advance(end)
	r := &s.res
	r.End = end
	if !s.warmDone {
		// The run ended before the warm-up did: nothing was measured.
		*r = Result{Start: end, End: end, Latency: r.Latency, Wait: r.Wait, Execution: r.Execution, ColdStart: r.ColdStart}
		r.Latency.Reset()
		r.Wait.Reset()
		r.Execution.Reset()
		r.ColdStart.Reset()
		return
	}
	for i := range s.insts {
		in := &s.insts[i]
		if !in.alive {
			continue
		}
		if in.prov {
			r.ProvisionedLife += float64(end - in.provSince)
		} else if in.starting && in.readyAt > end {
			// Only the part of the start-up inside the window counts.
			r.Starting -= float64(in.readyAt - max(end, in.provSince))
		}
		switch {
		case in.busy > 0:
			if in.activeSince < end {
				s.hr.add(in.activeSince, end, hfActive)
				span := float64(end - in.activeSince)
				if in.prov {
					r.ActiveProvisioned += span
				} else {
					r.ActiveOnDemand += span
				}
			}
		case !in.starting:
			gap := float64(end - in.idleSince)
			if in.prov {
				r.IdleProvisioned += gap
				s.hr.add(in.idleSince, end, hfIdleProv)
			} else {
				r.IdleOnDemand += gap
				r.IdleBilledOnDemand += min(gap, float64(s.cfg.DelayedRelease))
				s.hr.add(in.idleSince, min(end, in.idleSince+s.cfg.DelayedRelease), hfIdleBilled)
			}
		}
	}
	// Events still queued at the end whose age already passed the limit
	// would have gone to the failure destination.
	for s.asyncQ.len() > 0 {
		e := s.asyncQ.front()
		s.asyncQ.popFront(e)
		if end-e.first > s.cfg.Async.MaxEventAge {
			r.AsyncDropped++
		} else {
			r.AsyncPending++
		}
	}
	if s.tl != nil && s.tlNext-s.tl.Step() < end {
		s.timelineRow(end)
		s.tlNext += s.tl.Step()
	}
	// Instance time accumulates in nanoseconds during the run.
	for _, f := range []*float64{&r.ActiveOnDemand, &r.ActiveProvisioned, &r.IdleOnDemand, &r.IdleBilledOnDemand,
		&r.IdleProvisioned, &r.ProvisionedLife, &r.Initializer, &r.RequestSeconds, &r.Starting} {
		*f /= 1e9
	}
	r.Hours = s.hr.result(r.Start, end)
	r.InstancesPeak = s.g.instances.Peak()
	r.InstancesMean = s.g.instances.MeanAt(end)
	r.BusyPeak = s.g.busy.Peak()
	r.BusyMean = s.g.busy.MeanAt(end)
	r.QueuePeak = s.g.queue.Peak()
}

// Flush writes the timeline's buffered rows.
func (s *Scheduler) Flush() error {
	if s.tl == nil {
		return nil
	}
	return s.tl.Flush()
}
