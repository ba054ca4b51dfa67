// Package ecs models the same arrivals served by a fleet of ECS instances of
// one type, so a Function Compute simulation can be set side by side with the
// servers it would replace. A fixed fleet is sized for the observed peak with
// headroom; an autoscaled fleet follows a utilisation target with boot lag
// and cooldown, and shows its lag as queueing and dropped requests.
//
// # Model
//
// The fleet is a pool of slots (instances x SlotsPerInstance, see
// Work.Slots for the capacity rule) behind one load balancer with a FIFO
// queue: an arrival starts at once when a slot is free, else waits in the
// queue, else (queue full) is dropped. The queue holds QueuePerInstance
// requests per live instance unless QueueLimit fixes it. Execution times
// come from the trace or from Config.Duration (Work.Service).
//
// Fixed fleet (ModeFixed): Instances when given, else FleetFor(peak rate,
// mean service, slots, headroom). The peak rate is the busiest aligned
// PeakWindow of the arrivals. A Source can be read only once, so the peak is
// either given (Config.PeakRate) or measured by a first pass over a second
// copy of the source (Config.Reopen); Run returns an error with neither. The
// fleet is billed by subscription.
//
// Autoscaled fleet (ModeAutoscale): starts at MinInstances. Every
// EvalInterval the autoscaler reads the offered load of the last interval
// (the execution time that arrived, in busy slots, dropped requests
// included: an ALB-style request-count metric that does not saturate when
// the fleet does) and wants ceil(load / (slots x TargetUtilization))
// instances, within [MinInstances, MaxInstances]. A scale-out starts when
// the wish has exceeded the fleet for ScaleOutLag (consecutive periods) and
// the new instances serve BootTime later; a scale-in waits ScaleInLag. After
// either, Cooldown blocks further activity. A removed instance stops taking
// requests and finishes those it runs (its drain time is not billed). The
// fleet is billed pay-as-you-go for its mean size, booting instances
// included.
//
// Memory is constant in the trace length: latencies go into histograms,
// and the only per-request state is the running and queued requests. The
// timeline streams through Config.OnSample (and is kept in the report only
// with KeepTimeline).
package ecs

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/engine"
	"github.com/fcplan/fcplan/simulator/metrics"
	"github.com/fcplan/fcplan/simulator/workload"
)

// Mode names of a fleet.
const (
	ModeFixed     = "fixed"
	ModeAutoscale = "autoscale"
)

// Pricing names of an ECS bill.
const (
	PricingSubscription = "subscription"
	PricingPayAsYouGo   = "payg"
)

// Config describes the fleet and how one instance serves requests. Zero
// values of the knobs take the catalog default (ecs.fleet in
// model/catalog/data/ecs.yaml); DefaultConfig shows them filled in.
type Config struct {
	InstanceType string // catalog key, e.g. "ecs.c7.large"
	Region       string
	Currency     string // "" = the price's currency
	Mode         string // ModeFixed or ModeAutoscale
	// SlotsPerInstance is how many requests one instance runs at once
	// (derived from the workload class and vCPU when zero).
	SlotsPerInstance int
	// Duration is the execution time of arrivals without one (the same
	// model the FC side uses, scaled to the ECS vCPU by the implementation;
	// see Work.Service). The zero Dist means the default fixed:100ms.
	Duration engine.Dist
	Seed     uint64
	Month    time.Duration

	// Bound is the class of a plain Duration distribution: BoundCPU
	// (default) or BoundIO. The cpu: model carries its own split.
	Bound string
	// Window ends the run: arrivals at or after it are ignored and the fleet
	// is measured until it. Zero: the span of the arrivals rounded up to a
	// whole second, or until the last request completes if later.
	Window time.Duration

	// Fixed fleet: Instances, else sized from PeakRate (requests/s), else
	// from a first pass over Reopen().
	Instances int
	PeakRate  float64
	Reopen    func() (workload.Source, error)
	// Headroom is the spare capacity above the peak (0 = catalog default,
	// negative = none).
	Headroom float64
	// PeakWindow is the window the peak rate is measured over.
	PeakWindow time.Duration

	// Autoscaling knobs.
	MinInstances      int
	MaxInstances      int
	TargetUtilization float64
	EvalInterval      time.Duration
	ScaleOutLag       time.Duration
	ScaleInLag        time.Duration
	BootTime          time.Duration
	Cooldown          time.Duration

	// QueueLimit fixes the FIFO queue length (negative = unlimited); zero
	// means QueuePerInstance x live instances.
	QueueLimit       int
	QueuePerInstance int

	// Pricing is PricingSubscription or PricingPayAsYouGo; default
	// subscription for a fixed fleet, pay-as-you-go for an autoscaled one.
	Pricing string

	// TimelineStep is the width of timeline samples (default 1 minute).
	// OnSample, when set, receives each sample as simulated time passes;
	// KeepTimeline also keeps them in Report.Timeline (one per step, so
	// memory grows with the window: leave it off for month-long runs).
	TimelineStep time.Duration
	OnSample     func(Sample)
	KeepTimeline bool
}

// Percentiles are latency figures in milliseconds.
type Percentiles = metrics.Percentiles

// Report is the result of one ECS fleet simulation.
type Report struct {
	Mode         string          `json:"mode"`
	InstanceType string          `json:"instanceType"`
	Requests     int64           `json:"requests"`
	Dropped      int64           `json:"dropped"`
	Queued       int64           `json:"queued"` // requests that waited for a slot
	LatencyMs    Percentiles     `json:"latencyMs"`
	WaitMs       Percentiles     `json:"waitMs"`
	Instances    Instances       `json:"instances"`
	Utilization  float64         `json:"utilization"` // busy slot-seconds / slot-seconds
	Cost         billing.ECSCost `json:"cost"`
	Monthly      float64         `json:"monthly"` // the figure to compare with the FC bill
	Notes        []string        `json:"notes"`

	Window           string  `json:"window"`
	WindowSeconds    float64 `json:"windowSeconds"`
	Pricing          string  `json:"pricing"`
	SlotsPerInstance int     `json:"slotsPerInstance"`
	// Capacity states the capacity rule applied, in words.
	Capacity      string  `json:"capacity"`
	ServiceMs     float64 `json:"serviceMs"` // mean execution time on ECS
	PeakRate      float64 `json:"peakRate"`  // requests/s the fixed fleet was sized for (0 when autoscaled)
	InstanceHours float64 `json:"instanceHours"`
	ScaleOuts     int     `json:"scaleOuts"`
	ScaleIns      int     `json:"scaleIns"`
	QueuePeak     int     `json:"queuePeak"`
	// PriceConfirmed is false when the catalog price is an estimate.
	PriceConfirmed bool     `json:"priceConfirmed"`
	Timeline       []Sample `json:"timeline,omitempty"`
}

// Instances are fleet-size figures.
type Instances struct {
	Peak int     `json:"peak"`
	Mean float64 `json:"mean"`
	// Min is the smallest serving fleet seen.
	Min int `json:"min"`
}

// Sample is one timeline step, [T, T+step).
type Sample struct {
	T         float64 `json:"t"`         // step start, seconds from the start
	Instances int     `json:"instances"` // serving instances at the end of the step
	Booting   int     `json:"booting"`   // instances booting at the end of the step
	BusySlots float64 `json:"busySlots"` // mean over the step
	Queue     int     `json:"queue"`     // longest queue in the step
	Arrivals  int64   `json:"arrivals"`
	Dropped   int64   `json:"dropped"`
}

// DefaultConfig returns a fixed-fleet configuration of instanceType with
// every knob at its catalog default.
func DefaultConfig(cat *catalog.Catalog, instanceType, region string) Config {
	if cat == nil {
		cat = catalog.Default()
	}
	f := cat.ECS.Fleet
	return Config{
		InstanceType:      instanceType,
		Region:            region,
		Mode:              ModeFixed,
		Bound:             BoundCPU,
		Headroom:          f.Headroom.Value,
		PeakWindow:        f.PeakWindow.Value.D(),
		MinInstances:      f.MinInstances.Value,
		MaxInstances:      f.MaxInstances.Value,
		TargetUtilization: f.TargetUtilization.Value,
		EvalInterval:      f.EvalInterval.Value.D(),
		ScaleOutLag:       f.ScaleOutLag.Value.D(),
		ScaleInLag:        f.ScaleInLag.Value.D(),
		BootTime:          f.BootTime.Value.D(),
		Cooldown:          f.Cooldown.Value.D(),
		QueuePerInstance:  f.QueuePerInstance.Value,
		TimelineStep:      time.Minute,
		Duration:          engine.FixedDist(100 * time.Millisecond).Named("fixed:100ms"),
	}
}

// resolve fills zero knobs from the catalog and checks ranges.
func (c Config) resolve(cat *catalog.Catalog) (Config, error) {
	d := DefaultConfig(cat, c.InstanceType, c.Region)
	if c.Mode == "" {
		c.Mode = ModeFixed
	}
	if c.Mode != ModeFixed && c.Mode != ModeAutoscale {
		return c, fmt.Errorf("ECS mode %q: expected %s or %s", c.Mode, ModeFixed, ModeAutoscale)
	}
	if c.Bound == "" {
		c.Bound = BoundCPU
	}
	if c.Bound != BoundCPU && c.Bound != BoundIO {
		return c, fmt.Errorf("ECS workload class %q: expected %s or %s", c.Bound, BoundCPU, BoundIO)
	}
	if c.Region == "" {
		c.Region = "cn-hangzhou"
	}
	if c.Headroom == 0 {
		c.Headroom = d.Headroom
	} else if c.Headroom < 0 {
		c.Headroom = 0
	}
	durs := []*time.Duration{&c.PeakWindow, &c.EvalInterval, &c.ScaleOutLag, &c.ScaleInLag, &c.BootTime, &c.Cooldown, &c.TimelineStep}
	defs := []time.Duration{d.PeakWindow, d.EvalInterval, d.ScaleOutLag, d.ScaleInLag, d.BootTime, d.Cooldown, d.TimelineStep}
	for i, p := range durs {
		if *p == 0 {
			*p = defs[i]
		}
		if *p < 0 {
			return c, fmt.Errorf("ECS fleet: negative duration %s", *p)
		}
	}
	if c.PeakWindow <= 0 || c.EvalInterval <= 0 || c.TimelineStep <= 0 {
		return c, errors.New("ECS fleet: peak window, evaluation interval and timeline step must be positive")
	}
	if c.MinInstances == 0 {
		c.MinInstances = d.MinInstances
	}
	if c.MaxInstances == 0 {
		c.MaxInstances = d.MaxInstances
	}
	if c.TargetUtilization == 0 {
		c.TargetUtilization = d.TargetUtilization
	}
	if c.QueuePerInstance == 0 {
		c.QueuePerInstance = d.QueuePerInstance
	}
	if c.Duration.IsZero() && c.Duration.String() == "fixed:0s" {
		c.Duration = d.Duration
	}
	switch {
	case c.MinInstances < 0 || c.MaxInstances < 1 || c.MinInstances > c.MaxInstances || c.MaxInstances > maxInstances:
		return c, fmt.Errorf("ECS autoscaling bounds min %d / max %d: need 0 <= min <= max, 1 <= max <= %d", c.MinInstances, c.MaxInstances, maxInstances)
	case !(c.TargetUtilization > 0 && c.TargetUtilization <= 1):
		return c, fmt.Errorf("ECS target utilisation %g: expected a number in (0, 1]", c.TargetUtilization)
	case c.Instances < 0 || c.Instances > maxInstances:
		return c, fmt.Errorf("ECS instances %d: expected 0..%d", c.Instances, maxInstances)
	case c.PeakRate < 0 || math.IsNaN(c.PeakRate) || math.IsInf(c.PeakRate, 0):
		return c, fmt.Errorf("ECS peak rate %g: expected a finite rate >= 0", c.PeakRate)
	case c.SlotsPerInstance < 0 || c.SlotsPerInstance > 1_000_000:
		return c, fmt.Errorf("ECS slots per instance %d: expected 0..1000000", c.SlotsPerInstance)
	case c.QueuePerInstance < 0:
		return c, fmt.Errorf("ECS queue per instance %d: expected >= 0", c.QueuePerInstance)
	case c.Window < 0:
		return c, fmt.Errorf("ECS window %s: expected >= 0", c.Window)
	}
	switch c.Pricing {
	case "":
		c.Pricing = PricingSubscription
		if c.Mode == ModeAutoscale {
			c.Pricing = PricingPayAsYouGo
		}
	case PricingSubscription, PricingPayAsYouGo:
	default:
		return c, fmt.Errorf("ECS pricing %q: expected %s or %s", c.Pricing, PricingSubscription, PricingPayAsYouGo)
	}
	return c, nil
}

// Peak is the result of a pass over arrivals.
type Peak struct {
	Rate     float64       // busiest window's arrivals / window, per second
	Mean     float64       // arrivals / span, per second
	Requests int64         // arrivals counted
	Span     time.Duration // last arrival, rounded up to a whole second
}

// MeasurePeak reads src to its end and returns the busiest aligned window's
// arrival rate. Arrivals at or after limit (when > 0) are not counted.
func MeasurePeak(src workload.Source, window, limit time.Duration) (Peak, error) {
	if window <= 0 {
		return Peak{}, fmt.Errorf("peak window %s: expected a positive duration", window)
	}
	var a workload.Arrival
	var p Peak
	var cur int64 = -1
	var n, best int64
	var last time.Duration
	for {
		ok, err := src.Next(&a)
		if err != nil {
			return Peak{}, fmt.Errorf("measure peak: %w", err)
		}
		if !ok || (limit > 0 && a.At >= limit) {
			break
		}
		w := int64(a.At / window)
		if w != cur {
			best = max(best, n)
			cur, n = w, 0
		}
		n++
		p.Requests++
		last = a.At
	}
	best = max(best, n)
	p.Rate = float64(best) / window.Seconds()
	p.Span = ceilSecond(last)
	if limit > 0 {
		p.Span = limit
	}
	if p.Span > 0 {
		p.Mean = float64(p.Requests) / p.Span.Seconds()
	}
	return p, nil
}

func ceilSecond(t time.Duration) time.Duration {
	s := (t + time.Second - 1) / time.Second * time.Second
	if s == t && t > 0 {
		return t
	}
	if s == 0 {
		return time.Second
	}
	return s
}

// Run serves the arrivals of src with the fleet of cfg. It is deterministic
// for a given cfg.Seed and source.
func Run(cfg Config, src workload.Source, cat *catalog.Catalog) (*Report, error) {
	if cat == nil {
		cat = catalog.Default()
	}
	c, err := cfg.resolve(cat)
	if err != nil {
		return nil, err
	}
	typ, name, err := cat.ECS.Type(c.InstanceType)
	if err != nil {
		return nil, err
	}
	c.InstanceType = name
	// Check the price before a possibly long run.
	if _, err := billing.ECSMonthly(1, billing.ECSOptions{Type: name, Region: c.Region, Currency: c.Currency, Month: c.Month}, cat); err != nil {
		return nil, err
	}
	work, err := WorkOf(c.Duration)
	if err != nil {
		return nil, fmt.Errorf("ECS duration: %w", err)
	}
	service := work.Service(c.Duration)
	slots := c.SlotsPerInstance
	capacity := "given"
	if slots == 0 {
		slots = work.Slots(typ.VCPU, c.Bound, cat.ECS.Fleet)
		capacity = describeCapacity(work, c.Bound, typ.VCPU, slots, cat.ECS.Fleet)
	}
	s := newSim(c, slots, service)
	rep := &Report{Mode: c.Mode, InstanceType: name, Pricing: c.Pricing, SlotsPerInstance: slots, Capacity: capacity, ServiceMs: ms(service.Mean())}
	if c.Mode == ModeFixed {
		n := c.Instances
		if n == 0 {
			peak := c.PeakRate
			if peak == 0 {
				if c.Reopen == nil {
					return nil, errors.New("ECS fixed fleet: give Instances, PeakRate or Reopen (a source can be read only once, so the peak needs a first pass over a second copy)")
				}
				first, err := c.Reopen()
				if err != nil {
					return nil, fmt.Errorf("ECS peak pass: %w", err)
				}
				p, err := MeasurePeak(first, c.PeakWindow, c.Window)
				first.Close()
				if err != nil {
					return nil, err
				}
				peak = p.Rate
				rep.Notes = append(rep.Notes, fmt.Sprintf("fixed fleet sized for the busiest %s of the arrivals: %.4g requests/s x %s x (1 + %g headroom) / %d slots", c.PeakWindow, peak, service.Mean(), c.Headroom, slots))
			} else {
				rep.Notes = append(rep.Notes, fmt.Sprintf("fixed fleet sized for a given peak of %.4g requests/s x %s x (1 + %g headroom) / %d slots", peak, service.Mean(), c.Headroom, slots))
			}
			rep.PeakRate = round(peak, 4)
			n = FleetFor(peak, service.Mean(), slots, c.Headroom)
		}
		s.live = n
	} else {
		s.live = c.MinInstances
	}
	if err := s.run(src); err != nil {
		return nil, err
	}
	return s.report(rep, cat)
}

func describeCapacity(w Work, bound string, vcpu float64, slots int, f catalog.ECSFleet) string {
	switch {
	case w.Split && w.CPU > 0:
		return fmt.Sprintf("%d slots: %g vCPU x %g requests/vCPU x (io %s + cpu %s) / cpu %s, capped at %d", slots, vcpu, f.RequestsPerVCPU.Value, w.IO, w.CPU, w.CPU, f.IOConcurrency.Value)
	case w.Split || bound == BoundIO:
		return fmt.Sprintf("%d slots: I/O-bound work, the per-instance concurrency cap", slots)
	}
	return fmt.Sprintf("%d slots: CPU-bound work, %g vCPU x %g requests/vCPU", slots, vcpu, f.RequestsPerVCPU.Value)
}

// sim is the event loop's state. Everything is a counter, a ring or a heap
// whose size is bounded by the requests in the system, never by the trace.
type sim struct {
	cfg     Config
	slots   int
	service engine.Dist
	rng     *engine.Rand

	live    int
	booting ring[time.Duration] // ready times, in order
	busy    int
	done    completions
	queue   ring[request]

	// measurement, up to end
	end                        time.Duration // Window, or unknown (-1) until the source ends
	lastT                      time.Duration
	liveInt, billInt, busyInt  float64 // instance-, billed instance-, busy slot-seconds
	slotInt                    float64
	livePeak, liveMin          int
	requests, dropped, queued  int64
	queuePeak                  int
	latency, wait              *metrics.Histogram
	scaleOuts, scaleIns        int
	lastArrival, lastCompleted time.Duration

	// autoscaling
	nextEval        time.Duration
	evalWork        time.Duration // execution time that arrived since the last evaluation
	upRun, downRun  int
	cooldownUntil   time.Duration
	outRuns, inRuns int
	srcDone         bool
	nextSample      time.Duration
	sample          Sample
	sampleBusyStart float64
	timeline        []Sample
	hasArrival      bool
	pending         workload.Arrival
}

type request struct {
	at, dur time.Duration
}

func newSim(c Config, slots int, service engine.Dist) *sim {
	s := &sim{cfg: c, slots: slots, service: service, rng: engine.NewRand(c.Seed, 0x656373), // "ecs"
		latency: metrics.NewHistogram(), wait: metrics.NewHistogram(), end: -1}
	if c.Window > 0 {
		s.end = c.Window
	}
	s.nextEval = c.EvalInterval
	s.outRuns = max(1, int((c.ScaleOutLag+c.EvalInterval-1)/c.EvalInterval))
	s.inRuns = max(1, int((c.ScaleInLag+c.EvalInterval-1)/c.EvalInterval))
	s.nextSample = c.TimelineStep
	return s
}

func (s *sim) queueLimit() int {
	switch {
	case s.cfg.QueueLimit < 0:
		return math.MaxInt
	case s.cfg.QueueLimit > 0:
		return s.cfg.QueueLimit
	}
	return s.cfg.QueuePerInstance * max(s.live, 1)
}

// advance integrates the fleet gauges up to t (clipped at a known end).
func (s *sim) advance(t time.Duration) {
	if s.end >= 0 && t > s.end {
		t = s.end
	}
	if t <= s.lastT {
		return
	}
	dt := (t - s.lastT).Seconds()
	s.liveInt += float64(s.live) * dt
	s.billInt += float64(s.live+s.booting.n) * dt
	s.busyInt += float64(s.busy) * dt
	s.slotInt += float64(s.live*s.slots) * dt
	s.lastT = t
}

func (s *sim) setLive(n int) {
	s.live = n
	s.livePeak = max(s.livePeak, n)
	s.liveMin = min(s.liveMin, n)
}

const never = time.Duration(math.MaxInt64)

func (s *sim) run(src workload.Source) error {
	s.livePeak, s.liveMin = s.live, s.live
	if err := s.pull(src); err != nil {
		return err
	}
	for {
		tArr, tDone, tBoot, tEval := never, never, never, never
		if s.hasArrival {
			tArr = s.pending.At
		}
		if s.done.len() > 0 {
			tDone = s.done.min()
		}
		if s.booting.n > 0 {
			tBoot = s.booting.front()
		}
		if s.cfg.Mode == ModeAutoscale && !s.srcDone {
			tEval = s.nextEval
		}
		if s.srcDone && s.done.len() == 0 && s.queue.n == 0 {
			break // instances still booting serve nobody
		}
		t := min(tArr, tDone, tBoot, tEval)
		if t == never {
			break
		}
		s.emitSamples(t)
		s.advance(t)
		switch t {
		case tDone:
			s.complete(t)
		case tBoot:
			s.booting.pop()
			s.setLive(s.live + 1)
			s.dispatch(t)
		case tArr:
			s.arrive()
			if err := s.pull(src); err != nil {
				return err
			}
		default:
			s.evaluate(t)
			s.nextEval += s.cfg.EvalInterval
		}
	}
	if s.end < 0 {
		s.end = max(ceilSecond(s.lastArrival), s.lastCompleted)
	}
	s.emitSamples(s.end)
	s.advance(s.end)
	if s.nextSample-s.cfg.TimelineStep < s.end {
		s.flushSample(s.nextSample - s.cfg.TimelineStep)
	}
	return nil
}

// pull reads the next arrival inside the window.
func (s *sim) pull(src workload.Source) error {
	if s.srcDone {
		return nil
	}
	ok, err := src.Next(&s.pending)
	if err != nil {
		return fmt.Errorf("ECS arrivals: %w", err)
	}
	if !ok || (s.cfg.Window > 0 && s.pending.At >= s.cfg.Window) {
		s.hasArrival, s.srcDone = false, true
		return nil
	}
	if s.pending.At < s.lastArrival {
		return fmt.Errorf("ECS arrivals: arrival at %s is before the previous one at %s (expected time order)", s.pending.At, s.lastArrival)
	}
	s.hasArrival = true
	return nil
}

func (s *sim) arrive() {
	a := s.pending
	s.lastArrival = a.At
	s.requests++
	s.sample.Arrivals++
	dur := a.Duration
	if dur <= 0 {
		dur = s.service.Sample(s.rng)
	}
	s.evalWork += dur
	if s.busy < s.live*s.slots && s.queue.n == 0 {
		s.start(a.At, a.At, dur)
		return
	}
	if s.queue.n >= s.queueLimit() {
		s.dropped++
		s.sample.Dropped++
		return
	}
	s.queue.push(request{at: a.At, dur: dur})
	s.queued++
	s.queuePeak = max(s.queuePeak, s.queue.n)
	s.sample.Queue = max(s.sample.Queue, s.queue.n)
}

func (s *sim) start(now, at, dur time.Duration) {
	s.busy++
	s.done.push(now + dur)
	w := now - at
	s.wait.Record(w)
	s.latency.Record(w + dur)
}

func (s *sim) complete(t time.Duration) {
	s.done.pop()
	s.busy--
	s.lastCompleted = t
	s.dispatch(t)
}

// dispatch starts queued requests while slots are free.
func (s *sim) dispatch(t time.Duration) {
	for s.queue.n > 0 && s.busy < s.live*s.slots {
		r := s.queue.pop()
		s.start(t, r.at, r.dur)
	}
}

// evaluate is one autoscaler period.
func (s *sim) evaluate(t time.Duration) {
	load := s.evalWork.Seconds() / s.cfg.EvalInterval.Seconds() // busy slots offered
	s.evalWork = 0
	want := int(math.Ceil(load/(float64(s.slots)*s.cfg.TargetUtilization) - 1e-9))
	want = min(max(want, s.cfg.MinInstances), s.cfg.MaxInstances)
	have := s.live + s.booting.n
	switch {
	case want > have:
		s.upRun++
		s.downRun = 0
	case want < s.live:
		s.downRun++
		s.upRun = 0
	default:
		s.upRun, s.downRun = 0, 0
	}
	if t < s.cooldownUntil {
		return
	}
	switch {
	case s.upRun >= s.outRuns:
		for i := have; i < want; i++ {
			s.booting.push(t + s.cfg.BootTime)
		}
		s.scaleOuts++
		s.upRun = 0
		s.cooldownUntil = t + s.cfg.Cooldown
	case s.downRun >= s.inRuns:
		cut := s.live + s.booting.n - want
		for cut > 0 && s.booting.n > 0 {
			s.booting.popBack()
			cut--
		}
		s.setLive(s.live - cut)
		s.scaleIns++
		s.downRun = 0
		s.cooldownUntil = t + s.cfg.Cooldown
	}
}

// emitSamples closes every timeline step that ends at or before t.
func (s *sim) emitSamples(t time.Duration) {
	if s.cfg.OnSample == nil && !s.cfg.KeepTimeline {
		return
	}
	for s.nextSample <= t && (s.end < 0 || s.nextSample <= s.end) {
		s.advance(s.nextSample)
		s.flushSample(s.nextSample - s.cfg.TimelineStep)
		s.nextSample += s.cfg.TimelineStep
	}
}

func (s *sim) flushSample(start time.Duration) {
	if s.cfg.OnSample == nil && !s.cfg.KeepTimeline {
		return
	}
	width := (s.lastT - start).Seconds()
	sm := s.sample
	sm.T = start.Seconds()
	sm.Instances, sm.Booting = s.live, s.booting.n
	if width > 0 {
		sm.BusySlots = round((s.busyInt-s.sampleBusyStart)/width, 3)
	}
	sm.Queue = max(sm.Queue, s.queue.n)
	if s.cfg.OnSample != nil {
		s.cfg.OnSample(sm)
	}
	if s.cfg.KeepTimeline {
		s.timeline = append(s.timeline, sm)
	}
	s.sample = Sample{Queue: s.queue.n}
	s.sampleBusyStart = s.busyInt
}

func (s *sim) report(rep *Report, cat *catalog.Catalog) (*Report, error) {
	if s.requests == 0 || s.end <= 0 {
		return nil, errors.New("ECS: the workload has no arrivals: nothing to simulate")
	}
	secs := s.end.Seconds()
	rep.Requests, rep.Dropped, rep.Queued = s.requests, s.dropped, s.queued
	rep.LatencyMs = percentiles(s.latency)
	rep.WaitMs = percentiles(s.wait)
	rep.Window = billing.RoundSpan(s.end).String()
	rep.WindowSeconds = secs
	rep.Instances = Instances{Peak: s.livePeak, Mean: round(s.liveInt/secs, 4), Min: s.liveMin}
	if s.slotInt > 0 {
		rep.Utilization = round(s.busyInt/s.slotInt, 6)
	}
	rep.InstanceHours = round(s.billInt/3600, 4)
	rep.ScaleOuts, rep.ScaleIns = s.scaleOuts, s.scaleIns
	rep.QueuePeak = s.queuePeak
	rep.Timeline = s.timeline
	month := s.cfg.Month
	if month == 0 {
		month = billing.DefaultMonth
	}
	opts := billing.ECSOptions{Type: rep.InstanceType, Region: s.cfg.Region, Currency: s.cfg.Currency, Month: month}
	n := float64(s.livePeak)
	if s.cfg.Mode == ModeAutoscale {
		n = s.billInt / secs // mean billed instances, booting included
	}
	cost, err := billing.ECSMonthly(n, opts, cat)
	if err != nil {
		return nil, err
	}
	cost.Instances = round(cost.Instances, 4)
	rep.Cost = cost
	rep.PriceConfirmed = cost.Confirmed
	if s.cfg.Pricing == PricingPayAsYouGo {
		rep.Monthly = cost.PayAsYouGo
	} else {
		rep.Monthly = cost.Subscription
	}
	if s.cfg.Mode == ModeAutoscale {
		rep.Notes = append(rep.Notes, fmt.Sprintf("autoscaled %d..%d instances at %g%% target: scale-out after %s above target + %s boot, scale-in after %s, cooldown %s; billed pay-as-you-go for the mean fleet (booting included)",
			s.cfg.MinInstances, s.cfg.MaxInstances, 100*s.cfg.TargetUtilization, s.cfg.ScaleOutLag, s.cfg.BootTime, s.cfg.ScaleInLag, s.cfg.Cooldown))
	}
	if month != s.end {
		rep.Notes = append(rep.Notes, fmt.Sprintf("monthly cost extrapolated from %s of simulated traffic", billing.FormatSpan(s.end)))
	}
	if !cost.Confirmed {
		rep.Notes = append(rep.Notes, "UNCONFIRMED ECS price: "+strings.Join(cost.Notes, "; "))
	}
	if s.dropped > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d requests (%.2f%%) were dropped: the queue was full", s.dropped, 100*float64(s.dropped)/float64(s.requests)))
	}
	return rep, nil
}

func percentiles(h *metrics.Histogram) Percentiles { return h.Percentiles() }

func ms(d time.Duration) float64 { return metrics.Millis(d) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
