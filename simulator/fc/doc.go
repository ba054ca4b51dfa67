// Package fc is the discrete-event model of the Function Compute scheduler.
//
// A Scheduler takes arrivals in time order and decides, for each one, which
// instance runs it, whether it waits for a cold start, queues (async) or is
// throttled (sync, HTTP 429), and measures latency, instance counts and
// instance time. Every behaviour is a field of Config with a default from
// the catalog (model/catalog, platform section) that names its source;
// behaviours FC does not document are knobs whose default says so.
//
// # The model
//
//   - Instances have Concurrency slots. A request goes to a warm instance
//     with a free slot: min (provisioned) instances first, then on-demand
//     ones. Among them Routing decides: Pack (default) takes the most
//     recently used instance, a partially busy one before an idle one;
//     Spread takes the least recently used idle instance. Idle instances
//     are kept in a deque ordered by the time they went idle, so both
//     policies and keep-alive expiry are O(1) per request.
//   - With no free slot a new on-demand instance starts if fewer than
//     MaxInstances are alive and the creation limit (a token bucket of
//     ScaleOutBurst tokens refilled at ScaleOutPerMinute) allows; otherwise
//     a sync request is throttled and an async event waits in a FIFO queue
//     until a slot frees, and goes to the failure destination once older
//     than MaxEventAge.
//   - A cold start is sandbox + code fetch (CodeSizeMB / CodeFetchMBps) +
//     runtime start + VPC ENI attach (when VPC) + initializer, each sampled
//     from its distribution; --cold-start replaces the sum. Requests routed
//     to a starting instance wait for it and count as cold starts.
//   - Execution time comes from the arrival, else from Config.Duration. An
//     execution longer than Timeout is cut at the timeout and billed to it;
//     an async one is retried MaxRetries times with exponential backoff
//     (BackoffMin doubling up to BackoffMax), then sent to the failure
//     destination.
//   - With Concurrency > 1 the requests of an instance share its vCPUs
//     (CPUSharing, on by default), when the model knows the CPU share of
//     the work: the CPU-scaling Duration `cpu:io=..,cpu=..@Nvcpu`. See CPU
//     sharing below.
//   - An idle on-demand instance is reclaimed KeepAlive after the end of its
//     last execution. Min instances are never reclaimed; they start warm at
//     time 0, and scheduled actions and target-tracking policies move their
//     number over time. With Hibernation, idle min instances are billed at
//     idle rates and a request landing on one waits WakeUp.
//
// # CPU sharing
//
// The CPU-scaling model gives one request alone on an instance of v vCPU an
// I/O part io and a CPU part c = cpu x ref / v: a lone request uses every
// vCPU. Requests running beside it take their share, so a request that
// starts on an instance already running k requests runs io + c x f(k),
// where f(k) = 1 + Q(k) and Q(k) is the mean number of requests computing
// among k that alternate between their I/O part (not shared) and their CPU
// part (processor-shared). Q comes from exact mean-value analysis of that
// closed system, Q(0) = 0, R(n) = c x (1 + Q(n-1)), Q(n) = n x R(n) / (io +
// R(n)): f(k) = k+1 for pure CPU work (n requests each get v/n vCPU, so an
// instance serves v CPU-seconds of work per second however many requests
// it packs), 1 + k x c/(io+c) for one competitor, and tends to the
// CPU-bound n x c as k grows; pure I/O work (c = 0) is never stretched.
// The factors are computed once per run (one per slot), so the cost per
// request is one table look-up.
//
// Limits: the stretch is a snapshot taken when the request starts: requests
// that arrive later do not slow it down and requests that finish early do
// not speed it up, so a request that starts alone on an instance that then
// fills runs at full speed, and one that joins a full instance keeps its
// stretch after the others leave. It is exact while an instance's number
// of requests stays constant (a full instance under a steady stream, which
// the tests check) and an approximation otherwise. The requests waiting for a starting instance count as running
// beside it. The I/O part is assumed not to contend (no network or disk
// bandwidth limit). Execution times carried by the arrivals (a trace or
// request-metric log) and plain distributions (fixed:, lognormal:...) are
// used as given and never stretched: a trace was measured at its own
// concurrency, and a plain distribution does not say which part is CPU.
// CPUSharing=false (--set cpuSharing=false) runs concurrent requests at
// full speed each, the model before sharing.
//
// # Measurements
//
// Instance time is measured per instance as the union of its requests'
// execution intervals, so overlapping requests are billed once (the
// platform's rule). Busy slots are a time-weighted gauge updated at every
// start and end of execution; by Little's law its mean equals the arrival
// rate times the mean execution time, which the tests check. Latency is
// kept in log-linear histograms: memory does not grow with the run.
//
// # Calibration
//
// The undocumented knobs (routing, keep-alive, sandbox and code-fetch time,
// wake-up latency, tracking interval) should be fitted to the user's own
// platform behaviour: replay a day of the function's request-metric logs
// (`--trace requests.jsonl --trace-format fc-requestlog`, which carries each
// request's real duration), compare the simulated cold-start count and
// instance count with the ones the logs and the console's metrics show, and
// adjust --keep-alive and --routing until they agree; fit --cold-start
// (lognormal:p50=..,p99=..) to the cold-start latencies the logs record.
// With the ramp discarded (--warmup), the cold-start rate of a Poisson
// workload on one instance is exp(-rate x keep-alive), which gives a quick
// first estimate of the keep-alive from an observed cold-start rate.
//
// # Performance
//
// The hot path allocates nothing: events are values in a reused heap,
// instances live in a slice indexed by int32, arrivals are merged with the
// heap instead of being pushed into it, and keep-alive expiries are
// processed lazily from the front of the idle deque rather than scheduled
// as events. The async queue stores waiting events by value in 64 KiB
// chunks, one 8-byte word for an event whose execution time is sampled at
// dispatch (up to three for retries), so a burst that parks tens of
// millions of events costs a few hundred MB, grows without copying and
// gives its memory back as it drains.
package fc
