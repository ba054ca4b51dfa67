// Package simulator joins the simulator's parts: it feeds a workload through
// the FC scheduler model (simulator/fc), bills the measured usage
// (simulator/billing) and returns a Report whose JSON form is the stable
// contract of `fcplan simulate --format json`.
package simulator

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/metrics"
	"github.com/fcplan/fcplan/simulator/workload"
)

// Invocation modes: how arrivals are invoked.
const (
	InvokeTrace = "trace" // as the trace says (generators: sync)
	InvokeSync  = "sync"
	InvokeAsync = "async"
)

// Options are everything but the model and the workload.
type Options struct {
	Billing  billing.Options
	Catalog  *catalog.Catalog
	Function string // label for the report
	// Invocation forces every arrival sync or async (InvokeTrace keeps the
	// trace's flag).
	Invocation string
	// Timeline, when set, receives one CSV row per TimelineStep.
	Timeline     io.Writer
	TimelineStep time.Duration
	// Progress, when set, is called about every million arrivals with the
	// simulated time reached and the arrivals so far.
	Progress func(at time.Duration, arrivals int64)
	// Notes are added to the report (assumptions made by the caller).
	Notes []string
	// Describe adds human-readable knob descriptions to the report.
	Describe ModelInfo
	// Limits stop a run whose workload turned out larger than the
	// caller's estimate said (a safety net: callers refuse a run past
	// their budget before it starts).
	Limits Limits
	// Measured, when set, is called with the scheduler's raw result
	// before billing, for callers that need more than the report's
	// percentiles (fcplan review draws latency CDFs from the histograms).
	Measured func(*fc.Result)
	// TraceDurations says the arrivals come from a trace that records
	// execution times, so arrivals without one are worth a note.
	TraceDurations bool
}

// Percentiles are latency figures in milliseconds.
type Percentiles = metrics.Percentiles

// ColdStartMs summarises cold-start durations, per instance start.
type ColdStartMs struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

// Instances are live-instance figures (starting ones included).
type Instances struct {
	Peak    int64   `json:"peak"`
	Mean    float64 `json:"mean"`
	Started int64   `json:"started"`
}

// BusySlots are figures of concurrently executing requests.
type BusySlots struct {
	Peak int64   `json:"peak"`
	Mean float64 `json:"mean"`
}

// InstanceSeconds split instance time by state. Active counts an instance
// once however many requests it runs at once (instance time, not request
// time); Idle is alive, started and not executing; Starting is cold-start
// time. Active + Idle + Starting = mean instances x window. Request is the
// sum of execution times (request time).
type InstanceSeconds struct {
	Active              float64 `json:"active"`
	Idle                float64 `json:"idle"`
	ActiveOnDemand      float64 `json:"activeOnDemand"`
	ActiveMin           float64 `json:"activeMin"`
	IdleOnDemand        float64 `json:"idleOnDemand"`
	IdleMin             float64 `json:"idleMin"`
	IdleBilledOnDemand  float64 `json:"idleBilledOnDemand"`
	ProvisionedLifetime float64 `json:"provisionedLifetime"`
	Initializer         float64 `json:"initializer"`
	Starting            float64 `json:"starting"`
	Request             float64 `json:"request"`
}

// Connections are downstream connection peaks for the two patterns: a pool
// opened per instance at init, and a connection opened per request in the
// handler.
type Connections struct {
	PerInstancePeak int64 `json:"perInstancePeak"`
	PerRequestPeak  int64 `json:"perRequestPeak"`
	PoolSize        int   `json:"poolSize"`
}

// ModelInfo states the knobs a run used, so a report can be reproduced and
// questioned.
type ModelInfo struct {
	Runtime        string  `json:"runtime"`
	RuntimeFamily  string  `json:"runtimeFamily"`
	MemoryMB       int     `json:"memoryMB"`
	VCPU           float64 `json:"vcpu"`
	Concurrency    int     `json:"concurrency"`
	TimeoutSeconds float64 `json:"timeoutSeconds"`
	MinInstances   int     `json:"minInstances"`
	MaxInstances   int     `json:"maxInstances"`
	ScaleOut       string  `json:"scaleOut"`
	KeepAlive      string  `json:"keepAlive"`
	DelayedRelease string  `json:"delayedRelease"`
	Routing        string  `json:"routing"`
	ColdStart      string  `json:"coldStart"`
	VPC            bool    `json:"vpc"`
	Duration       string  `json:"duration"`
	// CPUSharing, for instance concurrency > 1, says whether an instance's
	// concurrent requests shared its vCPUs: "on" (the CPU part of `cpu:`
	// execution times was stretched), "off" (cpuSharing=false) or "not
	// applied" (durations from the trace or a plain distribution, used as
	// given). Empty for concurrency 1.
	CPUSharing       string `json:"cpuSharing,omitempty"`
	WarmOverhead     string `json:"warmOverhead"`
	Hibernation      bool   `json:"hibernation"`
	Invocation       string `json:"invocation"`
	ScheduledActions int    `json:"scheduledActions"`
	TrackingPolicies int    `json:"trackingPolicies"`
	// Floor says which minimum-instance floor applied when: the fixed
	// minimum, the scaling policies that moved it, or an explicit
	// minInstances that replaced them.
	Floor              string `json:"floor"`
	Warmup             string `json:"warmup"`
	StartupRampCounted bool   `json:"startupRampCounted"`
	CatalogVersion     string `json:"catalogVersion"`
}

// Report is the result of one simulation. Its JSON keys are a stable
// contract: keys are only added, never renamed or removed.
type Report struct {
	Function        string          `json:"function,omitempty"`
	Window          string          `json:"window"`
	WindowSeconds   float64         `json:"windowSeconds"`
	Seed            int64           `json:"seed"`
	Requests        int64           `json:"requests"`
	Invocations     int64           `json:"invocations"`
	ColdStarts      int64           `json:"coldStarts"`
	ColdStartRate   float64         `json:"coldStartRate"`
	Throttled       int64           `json:"throttled"`
	TimedOut        int64           `json:"timedOut"`
	AsyncQueued     int64           `json:"asyncQueued"`
	AsyncRetries    int64           `json:"asyncRetries"`
	AsyncDropped    int64           `json:"asyncDropped"`
	AsyncPending    int64           `json:"asyncPending"`
	LatencyMs       Percentiles     `json:"latencyMs"`
	WaitMs          Percentiles     `json:"waitMs"`
	ExecutionMs     Percentiles     `json:"executionMs"`
	ColdStartMs     ColdStartMs     `json:"coldStartMs"`
	Instances       Instances       `json:"instances"`
	BusySlots       BusySlots       `json:"busySlots"`
	InstanceSeconds InstanceSeconds `json:"instanceSeconds"`
	Connections     Connections     `json:"connections"`
	Bill            billing.Bill    `json:"bill"`
	Model           ModelInfo       `json:"model"`
	BadRows         int             `json:"badRows"`
	Notes           []string        `json:"notes"`
	// TimedOutShare is TimedOut per invocation (retries included: every
	// execution can be cut).
	TimedOutShare float64 `json:"timedOutShare"`
	// ZeroDurationRows counts arrivals without a recorded execution
	// time (they ran for the execution-time model instead).
	ZeroDurationRows int64 `json:"zeroDurationRows"`
}

// Limits bound one run. Zero fields are no limit.
type Limits struct {
	// MaxArrivals stops the run at the arrival after this many.
	MaxArrivals int64
	// MaxSpan stops the run at the first arrival later than this, before
	// the scheduler advances (and writes timeline rows) to it.
	MaxSpan time.Duration
	// MaxTimelineRows fails the run once its timeline has more rows (the
	// rows after the last arrival, while the last requests complete, are
	// not covered by MaxSpan).
	MaxTimelineRows int64
}

// LimitError is a run stopped by its Limits: the workload was larger than
// estimated. Nothing is silently truncated: the run fails with it.
type LimitError struct {
	Limits Limits
	// Arrivals is the number of arrivals read, At the time of the last.
	Arrivals int64
	At       time.Duration
	// Span is true when MaxSpan was passed, Rows when MaxTimelineRows
	// was; neither for MaxArrivals.
	Span, Rows bool
}

func (e *LimitError) Error() string {
	if e.Rows {
		return fmt.Sprintf("the timeline has more than %d rows", e.Limits.MaxTimelineRows)
	}
	if e.Span {
		return fmt.Sprintf("the workload has an arrival at %s (arrival %d), past the %s this run was sized for", e.At, e.Arrivals, e.Limits.MaxSpan)
	}
	return fmt.Sprintf("the workload has more than %d arrivals (reached at %s)", e.Limits.MaxArrivals, e.At)
}

// rowLimiter passes timeline rows on until there are more than allowed,
// then fails every write with a *LimitError (the timeline reports it when
// flushed).
type rowLimiter struct {
	w      io.Writer
	left   int64
	limits Limits
}

func (r *rowLimiter) Write(p []byte) (int, error) {
	r.left -= int64(bytes.Count(p, []byte{'\n'}))
	if r.left < 0 {
		return 0, &LimitError{Limits: r.limits, Rows: true}
	}
	return r.w.Write(p)
}

// arrivals adapts a workload.Source to the scheduler's input.
type arrivals struct {
	src      workload.Source
	a        workload.Arrival
	mode     string
	n        int64
	zero     int64 // arrivals without a recorded execution time
	limits   Limits
	progress func(time.Duration, int64)
}

func (ad *arrivals) Next(a *fc.Arrival) (bool, error) {
	ok, err := ad.src.Next(&ad.a)
	if err != nil || !ok {
		return false, err
	}
	a.At, a.Duration = ad.a.At, ad.a.Duration
	if a.Duration == 0 {
		ad.zero++
	}
	switch ad.mode {
	case InvokeSync:
		a.Async = false
	case InvokeAsync:
		a.Async = true
	default:
		a.Async = ad.a.Async
	}
	ad.n++
	if lim := ad.limits; (lim.MaxArrivals > 0 && ad.n > lim.MaxArrivals) || (lim.MaxSpan > 0 && a.At > lim.MaxSpan) {
		return false, &LimitError{Limits: lim, Arrivals: ad.n, At: a.At, Span: lim.MaxSpan > 0 && a.At > lim.MaxSpan}
	}
	if ad.progress != nil && ad.n&(1<<20-1) == 0 {
		ad.progress(a.At, ad.n)
	}
	return true, nil
}

// Run simulates cfg under the arrivals of src and bills the result.
func Run(cfg fc.Config, src workload.Source, opts Options) (*Report, error) {
	cat := opts.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	bo, era, err := checkBilling(cfg, opts, cat)
	if err != nil {
		return nil, err
	}
	s, err := fc.New(cfg)
	if err != nil {
		return nil, err
	}
	if opts.Timeline != nil {
		step := opts.TimelineStep
		if step <= 0 {
			step = time.Minute
		}
		w := opts.Timeline
		if opts.Limits.MaxTimelineRows > 0 {
			w = &rowLimiter{w: w, left: opts.Limits.MaxTimelineRows + 1, limits: opts.Limits} // + the header
		}
		if err := s.WriteTimeline(w, step); err != nil {
			return nil, err
		}
	}
	mode := opts.Invocation
	if mode == "" {
		mode = InvokeTrace
	}
	ad := &arrivals{src: src, mode: mode, limits: opts.Limits, progress: opts.Progress}
	res, err := s.Run(ad)
	if err != nil {
		return nil, err
	}
	if err := s.Flush(); err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	if opts.Measured != nil {
		opts.Measured(res)
	}
	in := reportInput{opts: opts, cat: cat, bo: bo, era: era, mode: mode, badRows: workload.BadRows(src)}
	if opts.TraceDurations {
		in.zeroDuration = ad.zero
	}
	return report(cfg, res, in)
}

// checkBilling checks the billing options before a possibly long run and
// settles the era: it decides the meters Usage maps to.
func checkBilling(cfg fc.Config, opts Options, cat *catalog.Catalog) (billing.Options, catalog.BillingEra, error) {
	bo, era, err := billing.ResolveOptions(opts.Billing, cat)
	if err != nil {
		return bo, era, fmt.Errorf("bill: %w", err)
	}
	probe := billing.Usage{Window: time.Hour, Invocations: 1, MemoryMB: cfg.MemoryMB, VCPU: cfg.VCPU, DiskMB: cfg.DiskMB}
	if _, err := billing.Compute(probe, bo, cat); err != nil {
		return bo, era, fmt.Errorf("bill: %w", err)
	}
	return bo, era, nil
}

// reportInput is what report needs besides the model and the result.
type reportInput struct {
	opts Options
	cat  *catalog.Catalog
	bo   billing.Options
	era  catalog.BillingEra
	mode string
	// window, when longer than the measured span, is the span billed
	// and reported (a fleet's functions share the fleet's window).
	window       time.Duration
	badRows      int
	zeroDuration int64
}

// report turns a scheduler result into a billed Report.
func report(cfg fc.Config, res *fc.Result, in reportInput) (*Report, error) {
	opts, cat := in.opts, in.cat
	span := res.End - res.Start
	if span <= 0 || res.Requests == 0 {
		return nil, fmt.Errorf("the workload has no arrivals after the warm-up (%s): nothing to simulate", cfg.Warmup)
	}
	window := max(span, in.window)
	rep := &Report{
		Function:      opts.Function,
		Window:        billing.RoundSpan(window).String(),
		WindowSeconds: window.Seconds(),
		Seed:          int64(cfg.Seed),
		Requests:      res.Requests,
		Invocations:   res.Invocations,
		ColdStarts:    res.ColdStarts,
		Throttled:     res.Throttled,
		TimedOut:      res.TimedOut,
		AsyncQueued:   res.AsyncQueued,
		AsyncRetries:  res.AsyncRetries,
		AsyncDropped:  res.AsyncDropped,
		AsyncPending:  res.AsyncPending,
		LatencyMs:     percentiles(res.Latency),
		WaitMs:        percentiles(res.Wait),
		ExecutionMs:   percentiles(res.Execution),
		ColdStartMs: ColdStartMs{
			P50: ms(res.ColdStart.Quantile(0.5)),
			P99: ms(res.ColdStart.Quantile(0.99)),
		},
		Instances: Instances{Peak: res.InstancesPeak, Mean: sig(res.InstancesMean), Started: res.InstancesStarted},
		BusySlots: BusySlots{Peak: res.BusyPeak, Mean: sig(res.BusyMean)},
		InstanceSeconds: InstanceSeconds{
			Active:              round(res.ActiveOnDemand+res.ActiveProvisioned, 3),
			Idle:                round(res.IdleOnDemand+res.IdleProvisioned, 3),
			ActiveOnDemand:      round(res.ActiveOnDemand, 3),
			ActiveMin:           round(res.ActiveProvisioned, 3),
			IdleOnDemand:        round(res.IdleOnDemand, 3),
			IdleMin:             round(res.IdleProvisioned, 3),
			IdleBilledOnDemand:  round(res.IdleBilledOnDemand, 3),
			ProvisionedLifetime: round(res.ProvisionedLife, 3),
			Initializer:         round(res.Initializer, 3),
			Starting:            round(res.Starting, 3),
			Request:             round(res.RequestSeconds, 3),
		},
		Connections: Connections{
			PerInstancePeak: res.InstancesPeak * int64(cfg.PoolSize),
			PerRequestPeak:  res.BusyPeak,
			PoolSize:        cfg.PoolSize,
		},
		BadRows:          in.badRows,
		ZeroDurationRows: in.zeroDuration,
		Model:            describe(cfg, cat, in.mode, opts.Describe, res),
	}
	if res.TimedOut > 0 {
		rep.TimedOutShare = sig(float64(res.TimedOut) / float64(max(res.Invocations, 1)))
	}
	rep.ColdStartRate = sig(float64(res.ColdStarts) / float64(res.Requests))
	usage := Usage(cfg, res, in.bo.Pricing)
	usage.Window = window
	bill, err := billing.Compute(usage, in.bo, cat)
	if err != nil {
		return nil, fmt.Errorf("bill: %w", err)
	}
	rep.Bill = bill
	rep.Notes = append(rep.Notes, opts.Notes...)
	rep.Notes = append(rep.Notes, eraNotes(cfg, in.era)...)
	rep.Notes = append(rep.Notes, modelNotes(cfg, res, in.bo.Pricing)...)
	if n := in.zeroDuration; n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d of %d arrivals had no recorded execution time (zero or missing in the trace) and ran for %s instead", n, res.Requests, cfg.Duration))
	}
	return rep, nil
}

// Usage maps measured instance time to the billing meters of pricing:
//
//   - Active: instance-seconds with at least one request executing, min
//     instances included, plus initializer time (billed as execution).
//   - fc3: idle min instances are billed at the idle rate when light
//     hibernation (idle mode) is on, else at the active rate; on-demand idle
//     time within the delayed-release period is billed at the idle rate.
//   - fc2: provisioned instances are billed for their whole lifetime; the
//     billing package subtracts it from active + idle-min time.
//   - Hours (fc3): the same split per clock hour, with the hours in which
//     the function had calls or instances, for the hourly billing rules.
//
// pricing is the resolved meters (billing.ResolveOptions), fc3 or fc2.
func Usage(cfg fc.Config, r *fc.Result, pricing string) billing.Usage {
	active := r.ActiveOnDemand + r.ActiveProvisioned + r.Initializer
	idleMin := r.IdleProvisioned
	u := billing.Usage{
		Window:      r.End - r.Start,
		Invocations: r.Invocations,
		MemoryMB:    cfg.MemoryMB,
		VCPU:        cfg.VCPU,
		DiskMB:      cfg.DiskMB,
		OutboundGB:  float64(r.Invocations) * cfg.EgressKB / (1024 * 1024),
	}
	if pricing == "fc2" {
		u.ActiveInstanceSeconds = active
		u.IdleMinInstanceSeconds = idleMin
		u.ProvisionedInstanceSeconds = r.ProvisionedLife
		return u
	}
	if !cfg.Hibernation {
		active += idleMin
		idleMin = 0
	}
	u.ActiveInstanceSeconds = active
	u.IdleMinInstanceSeconds = idleMin + r.IdleBilledOnDemand
	if r.Hours != nil {
		u.Hours = make([]billing.HourUsage, len(r.Hours))
		for i, h := range r.Hours {
			a, idle := h.Active+h.Initializer, h.IdleProvisioned
			if !cfg.Hibernation {
				a += idle
				idle = 0
			}
			u.Hours[i] = billing.HourUsage{Invocations: float64(h.Invocations), Active: a, Idle: idle + h.IdleBilled, Used: h.Used()}
		}
		// The first and last hour may be partly outside [Start, End).
		first := r.Start / time.Hour * time.Hour
		for i := range u.Hours {
			from := max(r.Start, first+time.Duration(i)*time.Hour)
			to := min(r.End, first+time.Duration(i+1)*time.Hour)
			u.Hours[i].Seconds = (to - from).Seconds()
		}
	}
	return u
}

func describe(cfg fc.Config, cat *catalog.Catalog, mode string, extra ModelInfo, res *fc.Result) ModelInfo {
	m := extra
	m.Runtime = cfg.Runtime
	m.RuntimeFamily = cfg.ColdStart.RuntimeFamily
	m.MemoryMB = cfg.MemoryMB
	m.VCPU = cfg.VCPU
	m.Concurrency = cfg.Concurrency
	m.TimeoutSeconds = cfg.Timeout.Seconds()
	m.MinInstances = cfg.MinInstances
	m.MaxInstances = cfg.MaxInstances
	if cfg.ScaleOutBurst > 0 {
		m.ScaleOut = fmt.Sprintf("%d at once, then %d/min", cfg.ScaleOutBurst, cfg.ScaleOutPerMinute)
	} else {
		m.ScaleOut = "unlimited"
	}
	if cfg.KeepAlive >= fc.NoReclaim {
		m.KeepAlive = "never reclaimed"
	} else {
		m.KeepAlive = cfg.KeepAlive.String()
	}
	m.DelayedRelease = cfg.DelayedRelease.String()
	m.Routing = cfg.Routing.String()
	m.ColdStart = ColdStartSpec(cfg.ColdStart)
	m.VPC = cfg.ColdStart.VPC
	if m.Duration == "" {
		m.Duration = cfg.Duration.String()
	}
	m.CPUSharing = cpuSharing(cfg, res)
	m.WarmOverhead = cfg.WarmOverhead.String()
	m.Hibernation = cfg.Hibernation
	m.Invocation = mode
	m.ScheduledActions = len(cfg.Scheduled)
	m.TrackingPolicies = len(cfg.Tracking)
	m.Floor = Floor(cfg)
	m.Warmup = cfg.Warmup.String()
	m.StartupRampCounted = cfg.Warmup == 0
	m.CatalogVersion = cat.Version
	return m
}

// eraNotes say where the keep-alive or billed idle time of cfg differs from
// the billing era's (set explicitly with --set or --keep-alive), so a mix of
// eras is never silent.
func eraNotes(cfg fc.Config, era catalog.BillingEra) []string {
	var n []string
	if ka := era.KeepAlive.D(); cfg.KeepAlive != ka {
		v := cfg.KeepAlive.String()
		if cfg.KeepAlive >= fc.NoReclaim {
			v = "never"
		}
		n = append(n, fmt.Sprintf("keep-alive %s differs from billing era %s's %s (set explicitly)", v, era.ID, ka))
	}
	if bi := era.BilledIdle.D(); cfg.DelayedRelease != bi && era.Meters == catalog.MetersCU {
		n = append(n, fmt.Sprintf("billed idle time after each request (delayedRelease) %s differs from billing era %s's %s (set explicitly)", cfg.DelayedRelease, era.ID, bi))
	}
	return n
}

// Floor says which minimum-instance floor applies when under cfg.
func Floor(cfg fc.Config) string {
	if cfg.FloorOverride != "" {
		return cfg.FloorOverride
	}
	if len(cfg.Scheduled) == 0 && len(cfg.Tracking) == 0 {
		return fmt.Sprintf("minInstances %d all the time", cfg.MinInstances)
	}
	var parts []string
	if len(cfg.Scheduled) > 0 {
		const show = 3
		var acts []string
		for i, a := range cfg.Scheduled {
			if i == show {
				acts = append(acts, fmt.Sprintf("... %d firings in all", len(cfg.Scheduled)))
				break
			}
			acts = append(acts, fmt.Sprintf("%s sets %d at %s", a.Name, a.Min, a.At))
		}
		parts = append(parts, "scheduled: "+strings.Join(acts, ", "))
	}
	for _, t := range cfg.Tracking {
		parts = append(parts, fmt.Sprintf("target-tracking %s: %d..%d at %g%% of the slots, every %s", t.Name, t.Min, t.Max, 100*t.Target, cfg.TrackInterval))
	}
	return fmt.Sprintf("minInstances %d until a policy acts; %s", cfg.MinInstances, strings.Join(parts, "; "))
}

// ColdStartSpec describes the cold-start model in one line.
func ColdStartSpec(cs fc.ColdStart) string {
	if cs.Override != nil {
		return cs.Override.String() + " (override)"
	}
	s := "sandbox " + cs.Sandbox.String() + " + runtime(" + cs.RuntimeFamily + ") " + cs.Runtime.String()
	if cs.CodeSizeMB > 0 {
		s += fmt.Sprintf(" + fetch %gMB at %gMB/s", cs.CodeSizeMB, cs.CodeFetchMBps)
	}
	if cs.VPC {
		s += " + VPC ENI " + cs.VPCENI.String()
	}
	if !cs.Initializer.IsZero() {
		s += " + initializer " + cs.Initializer.String()
	}
	return s
}

// cpuSharing is ModelInfo.CPUSharing.
func cpuSharing(cfg fc.Config, r *fc.Result) string {
	switch {
	case cfg.Concurrency <= 1:
		return ""
	case !cfg.CPUSharing:
		return "off"
	case r.CPUShared > 0:
		return "on"
	}
	return "not applied"
}

// cpuSharingNote says how the concurrent requests of an instance shared
// its CPU, when it runs more than one.
func cpuSharingNote(cfg fc.Config, r *fc.Result) string {
	c := cfg.Concurrency
	switch cpuSharing(cfg, r) {
	case "off":
		return fmt.Sprintf("cpuSharing=false: the %d concurrent requests of an instance run at full speed each (no CPU sharing), optimistic for CPU-bound work", c)
	case "on":
		io, cpu, _ := cfg.SharesCPU()
		s := fmt.Sprintf("CPU sharing: the %d concurrent requests of an instance share its %g vCPU; a request's CPU part (%s alone) is stretched by the mean number of requests computing beside it when it starts (mean-value estimate, not updated as others come and go), its I/O part (%s) is not", c, cfg.VCPU, cpu, io)
		if r.CPUShared < r.Invocations {
			s += fmt.Sprintf("; %d of %d executions had a recorded duration, used as given", r.Invocations-r.CPUShared, r.Invocations)
		}
		return s
	case "not applied":
		return fmt.Sprintf("instance concurrency %d: execution times from the trace or a plain distribution are used as given, with no CPU sharing between an instance's concurrent requests (a trace was measured at its own concurrency; --duration cpu:io=..,cpu=..@1vcpu models the sharing)", c)
	}
	return ""
}

func modelNotes(cfg fc.Config, r *fc.Result, pricing string) []string {
	var n []string
	if s := cpuSharingNote(cfg, r); s != "" {
		n = append(n, s)
	}
	if cfg.FloorOverride != "" || len(cfg.Scheduled) > 0 || len(cfg.Tracking) > 0 {
		n = append(n, "min instances: "+Floor(cfg))
	}
	n = append(n, "routing "+cfg.Routing.String()+": FC does not document how it picks among warm instances (default pack: most recently used first)")
	if cfg.Warmup == 0 {
		n = append(n, "the start-up ramp from an empty platform is counted; use --warmup to discard it")
	} else {
		n = append(n, "measurements before "+cfg.Warmup.String()+" are discarded (--warmup)")
	}
	if cfg.DelayedRelease > 0 && pricing != "fc2" {
		n = append(n, "on-demand idle time up to "+cfg.DelayedRelease.String()+" after each request is billed at the idle rate (FC delayed release, 2025-12 billing change)")
	}
	if r.TimedOut > 0 {
		n = append(n, TimeoutWarning(r.TimedOut, r.Invocations, r.AsyncRetries, r.AsyncDropped, cfg.Timeout))
	}
	if cfg.EgressKB > 0 {
		n = append(n, fmt.Sprintf("outbound traffic: %g KB per execution (egressKB), %.3f GB over the window", cfg.EgressKB, float64(r.Invocations)*cfg.EgressKB/(1024*1024)))
	}
	if r.AsyncPending > 0 {
		n = append(n, fmt.Sprintf("%d async events were still queued at the end of the window", r.AsyncPending))
	}
	return n
}

// TimeoutWarning says how many executions the timeout cut and what that
// caused, for the top of a report.
func TimeoutWarning(timedOut, invocations, retries, dropped int64, timeout time.Duration) string {
	s := fmt.Sprintf("%d executions (%s%% of %d) hit the %s timeout and were cut (and billed to it)", timedOut, pctString(timedOut, invocations), invocations, timeout)
	if retries > 0 || dropped > 0 {
		s += fmt.Sprintf("; async retries %d, events to the failure destination %d", retries, dropped)
	}
	return s + ": check --timeout against the trace's execution times"
}

func pctString(n, of int64) string {
	if of <= 0 {
		return "0"
	}
	return strconv.FormatFloat(sig(100*float64(n)/float64(of)), 'g', 3, 64)
}

// sig keeps 6 significant digits: a rate of 2.5e-6 stays 2.5e-6 instead of
// rounding away, and a mean of 1234.56789 loses only noise.
func sig(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return f
}

func percentiles(h *metrics.Histogram) Percentiles { return h.Percentiles() }

func ms(d time.Duration) float64 { return metrics.Millis(d) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
