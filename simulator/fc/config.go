package fc

import (
	"fmt"
	"math"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
)

// Routing is how the scheduler picks among warm instances with a free slot.
// FC does not document its router; the choice matters more than any other
// undocumented behaviour (FACTS.md: on a Poisson workload at 20 req/s with a
// 600 s keep-alive, spreading kept ~76% more instances alive and had ~400x
// fewer cold starts than packing).
type Routing uint8

// Routing policies.
const (
	// Pack sends a request to the most recently used instance (a partially
	// busy one first), so load concentrates and old instances expire. Default.
	Pack Routing = iota
	// Spread sends a request to the least recently used idle instance, so
	// every instance stays warm.
	Spread
)

func (r Routing) String() string {
	if r == Spread {
		return "spread"
	}
	return "pack"
}

// ParseRouting parses "pack" or "spread".
func ParseRouting(s string) (Routing, error) {
	switch s {
	case "pack", "":
		return Pack, nil
	case "spread":
		return Spread, nil
	}
	return Pack, fmt.Errorf("routing %q: expected pack or spread", s)
}

// NoReclaim as a keep-alive means idle instances are never reclaimed.
const NoReclaim = engine.Forever

// ColdStart is the cold-start model: the sum of one sample of each stage.
// Override, when set, replaces the whole sum (the --cold-start flag).
type ColdStart struct {
	Sandbox       engine.Dist
	Runtime       engine.Dist
	RuntimeFamily string  // catalog family the Runtime profile came from
	CodeSizeMB    float64 // code or image size fetched on a cold start
	CodeFetchMBps float64
	VPC           bool // add an ENI attach
	VPCENI        engine.Dist
	Initializer   engine.Dist
	Override      *engine.Dist
}

// FloorAction sets the scheduled minimum-instance floor to Min at time At
// (one firing of a scheduled scaling policy).
type FloorAction struct {
	At   time.Duration
	Min  int
	Name string
}

// Tracking is a target-tracking policy: every Interval the floor moves to
// ceil(mean busy slots / (Target x concurrency)), kept within [Min, Max],
// while the policy is active ([From, Until) in run time).
type Tracking struct {
	Name        string
	Target      float64 // utilisation of the floor's slots, 0 < Target <= 1
	Min, Max    int
	From, Until time.Duration
}

// AsyncPolicy is how asynchronous invocations are retried and expired.
type AsyncPolicy struct {
	MaxRetries  int           // retries after a failed (timed-out) execution
	BackoffMin  time.Duration // first retry delay; doubles per retry
	BackoffMax  time.Duration
	MaxEventAge time.Duration // older events go to the failure destination
	// MaxQueued bounds the events the simulation holds in the async queue
	// (0: DefaultMaxQueued). It is a bound on the simulator's memory, not a
	// platform limit: FC documents none. A run that passes it stops with a
	// *QueueLimitError instead of dropping events the platform would keep.
	MaxQueued int
}

// DefaultMaxQueued is the async backlog a run may hold: 2^25 events, 0.25 to
// 0.8 GB (an event takes 1 to 3 words), ten times the largest legitimate
// burst measured in BENCHMARKS.md. --set maxQueued=N raises it.
const DefaultMaxQueued = 1 << 25

// QueueLimitError is a run stopped because its async backlog passed
// AsyncPolicy.MaxQueued.
type QueueLimitError struct {
	Limit int
	At    time.Duration
}

func (e *QueueLimitError) Error() string {
	return fmt.Sprintf("the async backlog passed %d queued events at %s, the most a run holds in memory: the function cannot keep up "+
		"with its async arrivals (more instances or instance concurrency would drain it); "+
		"raise the bound with --set maxQueued=N (about 24 bytes an event) or simulate a shorter window", e.Limit, e.At)
}

// Config is every knob of the scheduler model. DefaultConfig fills it from
// the catalog; each field's comment names the catalog figure it defaults to.
type Config struct {
	Runtime  string
	MemoryMB int     // platform.memoryMB.default
	VCPU     float64 // explicit cpu, or memory x platform.vcpuPerGB
	DiskMB   int
	// Concurrency is the number of requests one instance runs at once
	// (platform.instanceConcurrency.default).
	Concurrency int
	// Timeout cuts an execution; the cut request is billed to the timeout
	// (platform.timeoutSeconds.default).
	Timeout time.Duration
	// MaxInstances caps live instances, min instances included
	// (platform.maxInstances).
	MaxInstances int
	// MinInstances is the floor of warm (provisioned) instances. They start
	// warm at time 0, are served first and are never reclaimed.
	MinInstances int
	// KeepAlive is the idle time after the end of an on-demand instance's
	// last execution before it is reclaimed (the billing era's keepAlive);
	// NoReclaim disables reclaim.
	KeepAlive time.Duration
	// DelayedRelease is the part of each idle gap of an on-demand instance
	// that is billed at the idle rate (the billing era's billedIdle).
	DelayedRelease time.Duration
	// Routing picks among warm instances (Pack by default: undocumented).
	Routing Routing
	// ScaleOutBurst instances may be created at once, then ScaleOutPerMinute
	// per minute (platform.scaleOut). Zero burst means no creation limit.
	ScaleOutBurst     int
	ScaleOutPerMinute int
	ColdStart         ColdStart
	// WarmOverhead is latency added to every request (platform.warmOverhead).
	WarmOverhead engine.Dist
	// Duration is the execution time of requests whose arrival has none.
	Duration engine.Dist
	// CPUSharing makes the concurrent requests of an instance share its
	// vCPUs: with a CPU-scaling Duration (`cpu:io=..,cpu=..@Nvcpu`) and
	// Concurrency > 1, a request's CPU part is stretched by the expected
	// number of requests computing beside it (see the package doc). Durations
	// from the arrivals (a trace) and plain distributions are used as given.
	// DefaultConfig turns it on: a modelling choice, not a platform figure.
	CPUSharing bool
	Async      AsyncPolicy
	// Hibernation: idle min instances are in light hibernation, billed at
	// idle rates, and a request that lands on one waits WakeUp
	// (platform.hibernation).
	Hibernation bool
	WakeUp      engine.Dist
	// Scheduled are the firings of scheduled scaling policies, in time order.
	Scheduled []FloorAction
	// Tracking are target-tracking policies, evaluated every TrackInterval
	// (platform.targetTracking.interval).
	Tracking      []Tracking
	TrackInterval time.Duration
	// FloorOverride, when set, says that an explicit minInstances replaced
	// the configuration's scaling policies (and which).
	FloorOverride string
	// EgressKB is the public outbound traffic of one execution in KiB
	// (billing only: the bill's outbound traffic line; 0 = none modelled).
	EgressKB float64
	// PoolSize is the downstream connections each instance opens at init
	// (per-instance pool pattern).
	PoolSize int
	// Warmup discards measurements before this time (the start-up ramp from
	// an empty platform). Zero counts the ramp.
	Warmup time.Duration
	// Window ends the run: arrivals at or after it are ignored and
	// measurements stop at it. Zero means the span of the arrivals rounded
	// up to a whole second, or until the last request completes if later.
	Window time.Duration
	// Seed selects the random streams.
	Seed uint64
}

// DefaultConfig returns the catalog defaults for a function of runtime in
// region (which selects the scale-out limits).
func DefaultConfig(cat *catalog.Catalog, runtime, region string) (Config, error) {
	p := &cat.Platform
	c := Config{
		Runtime:      runtime,
		MemoryMB:     p.MemoryMB.Default,
		Concurrency:  p.InstanceConcurrency.Default,
		Timeout:      time.Duration(p.TimeoutSeconds.Default) * time.Second,
		MaxInstances: p.MaxInstances.Value,
		Routing:      Pack,
		Async: AsyncPolicy{
			MaxRetries:  p.Async.MaxRetries.Value,
			BackoffMin:  p.Async.BackoffMin.Value.D(),
			BackoffMax:  p.Async.BackoffMax.Value.D(),
			MaxEventAge: p.Async.MaxEventAge.Value.D(),
		},
		Hibernation:   p.Hibernation.Enabled.Value,
		TrackInterval: p.TargetTracking.Interval.Value.D(),
		PoolSize:      1,
		CPUSharing:    true,
	}
	c.VCPU = p.DefaultVCPU(c.MemoryMB)
	era, err := cat.BillingEras.Era("")
	if err != nil {
		return c, err
	}
	c.UseEra(era)
	lim := p.ScaleOut.For(region)
	c.ScaleOutBurst, c.ScaleOutPerMinute = lim.Burst, lim.PerMinute
	parse := func(what, spec string) engine.Dist {
		if err != nil {
			return engine.Dist{}
		}
		d, e := engine.ParseDist(spec)
		if e != nil {
			err = fmt.Errorf("catalog platform.%s: %w", what, e)
		}
		return d
	}
	rt, fam := p.ColdStart.RuntimeStart(runtime)
	c.ColdStart = ColdStart{
		Sandbox:       parse("coldStart.sandbox", p.ColdStart.Sandbox.Spec),
		Runtime:       parse("coldStart.runtimes."+fam, rt.Spec),
		RuntimeFamily: fam,
		CodeFetchMBps: p.ColdStart.CodeFetchMBps.Value,
		VPCENI:        parse("coldStart.vpcENI", p.ColdStart.VPCENI.Spec),
		Initializer:   parse("coldStart.initializer", p.ColdStart.Initializer.Spec),
	}
	c.WarmOverhead = parse("warmOverhead", p.WarmOverhead.Spec)
	c.WakeUp = parse("hibernation.wakeUp", p.Hibernation.WakeUp.Spec)
	c.Duration = engine.FixedDist(100 * time.Millisecond).Named("fixed:100ms")
	return c, err
}

// UseEra sets how long an idle on-demand instance lives and which part of
// its idle time is billed from a billing era, so keep-alive and billing come
// from the same rules. Flags and --set applied afterwards still win.
func (c *Config) UseEra(e catalog.BillingEra) {
	c.KeepAlive = e.KeepAlive.D()
	c.DelayedRelease = e.BilledIdle.D()
}

// maxModelled bounds instance counts and concurrency far above any FC quota,
// so a typo cannot make the model allocate millions of instances.
const maxModelled = 1_000_000

// Validate checks the knobs' ranges.
func (c *Config) Validate() error {
	switch {
	case c.Concurrency < 1 || c.Concurrency > maxModelled:
		return fmt.Errorf("instance concurrency %d: must be between 1 and %d", c.Concurrency, maxModelled)
	case c.MaxInstances < 1 || c.MaxInstances > maxModelled:
		return fmt.Errorf("max instances %d: must be between 1 and %d", c.MaxInstances, maxModelled)
	case c.MinInstances < 0:
		return fmt.Errorf("min instances %d: must not be negative", c.MinInstances)
	case c.MinInstances > c.MaxInstances:
		return fmt.Errorf("min instances %d exceed max instances %d", c.MinInstances, c.MaxInstances)
	case c.Timeout <= 0:
		return fmt.Errorf("timeout %s: must be positive", c.Timeout)
	case c.KeepAlive < 0:
		return fmt.Errorf("keep-alive %s: must not be negative", c.KeepAlive)
	case c.ScaleOutBurst < 0 || c.ScaleOutPerMinute < 0:
		return fmt.Errorf("scale-out limit %d + %d/min: must not be negative", c.ScaleOutBurst, c.ScaleOutPerMinute)
	case c.Async.MaxRetries < 0:
		return fmt.Errorf("async max retries %d: must not be negative", c.Async.MaxRetries)
	case c.Warmup < 0 || c.Window < 0:
		return fmt.Errorf("warm-up %s and window %s: must not be negative", c.Warmup, c.Window)
	case c.Window > 0 && c.Warmup >= c.Window:
		return fmt.Errorf("warm-up %s: must be shorter than the window %s", c.Warmup, c.Window)
	case c.EgressKB < 0 || math.IsNaN(c.EgressKB) || math.IsInf(c.EgressKB, 0):
		return fmt.Errorf("egress %g KB per request: must be a finite number >= 0", c.EgressKB)
	case c.PoolSize < 0:
		return fmt.Errorf("pool size %d: must not be negative", c.PoolSize)
	case c.MemoryMB <= 0 || c.VCPU <= 0 || math.IsNaN(c.VCPU):
		return fmt.Errorf("memory %d MB / %g vCPU: must be positive", c.MemoryMB, c.VCPU)
	}
	for _, t := range c.Tracking {
		if !(t.Target > 0 && t.Target <= 1) {
			return fmt.Errorf("target-tracking policy %q: target %g must be in (0, 1]", t.Name, t.Target)
		}
		if t.Min < 0 || t.Max < t.Min {
			return fmt.Errorf("target-tracking policy %q: needs 0 <= min (%d) <= max (%d)", t.Name, t.Min, t.Max)
		}
	}
	if len(c.Tracking) > 0 && c.TrackInterval <= 0 {
		return fmt.Errorf("target-tracking interval %s: must be positive", c.TrackInterval)
	}
	for i := 1; i < len(c.Scheduled); i++ {
		if c.Scheduled[i].At < c.Scheduled[i-1].At {
			return fmt.Errorf("scheduled floor actions must be in time order (%s after %s)", c.Scheduled[i].At, c.Scheduled[i-1].At)
		}
	}
	return nil
}

// sample draws one cold start and returns it with its initializer part
// (billed as execution).
func (cs *ColdStart) sample(r *engine.Rand) (total, init time.Duration) {
	if cs.Override != nil {
		return stageCap(cs.Override.Sample(r)), 0
	}
	total = stageCap(cs.Sandbox.Sample(r)) + stageCap(cs.Runtime.Sample(r))
	if cs.CodeSizeMB > 0 && cs.CodeFetchMBps > 0 {
		total += stageCap(time.Duration(math.Min(cs.CodeSizeMB/cs.CodeFetchMBps, maxStage.Seconds()) * float64(time.Second)))
	}
	if cs.VPC {
		total += stageCap(cs.VPCENI.Sample(r))
	}
	init = stageCap(cs.Initializer.Sample(r))
	return total + init, init
}

// maxStage caps one sample of a cold-start stage. Set keeps each stage's
// 99.9th percentile under a day; the cap only cuts the far tail of a
// heavy-tailed distribution (or a value set in code) so that the sum of
// the stages stays far from overflowing a time.Duration.
const maxStage = 48 * time.Hour

func stageCap(d time.Duration) time.Duration {
	return min(max(d, 0), maxStage)
}
