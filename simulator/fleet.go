package simulator

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

// FleetOptions configure RunFleet. The embedded Options apply to every
// function (billing, catalog, invocation mode, notes); their Limits bound
// the whole fleet (MaxArrivals counts every function's arrivals).
type FleetOptions struct {
	Options
	// Open opens a fresh stream of the whole trace; every call must yield
	// the same arrivals. RunFleet reads the trace once to count its
	// functions, then once per batch of functions.
	Open func() (workload.Source, error)
	// Configure returns the model of the trace function key and where it
	// came from (e.g. "defaults", "project function api"). Its Seed is
	// replaced by FunctionSeed(Seed, key).
	Configure func(key string) (cfg fc.Config, source string, err error)
	// CheckKeys, when set, is called with the trace's function keys
	// (sorted) before any simulation, to refuse a bad mapping early.
	CheckKeys func(keys []string) error
	// Window, when set, is the fleet's window; otherwise it is the span of
	// the trace's arrivals rounded up to a whole second.
	Window time.Duration
	// Seed is the run's seed; each function's stream is
	// FunctionSeed(Seed, key).
	Seed uint64
	// Batch is how many functions are in memory at once (0: 128, about 0.5 MB each); each
	// batch is one more pass over the trace. The functions of a batch run
	// in parallel on every core (GOMAXPROCS). It never changes the output.
	Batch int
	// MaxReads, when positive, caps the arrivals read over every pass
	// (the census and one pass per batch): a trace of many rare functions
	// would otherwise be read once per batch, quadratic in its size.
	MaxReads int64
	// FunctionDone, when set, is called after each function with the
	// number done and the total (from one goroutine at a time).
	FunctionDone func(done, total int)
}

// FunctionRow is one function of a fleet run. Its JSON keys are part of
// the `fcplan simulate --format json` contract.
type FunctionRow struct {
	Function string `json:"function"`
	// Config says where the function's model came from.
	Config        string  `json:"config"`
	Requests      int64   `json:"requests"`
	Invocations   int64   `json:"invocations"`
	ColdStarts    int64   `json:"coldStarts"`
	ColdStartRate float64 `json:"coldStartRate"`
	Throttled     int64   `json:"throttled"`
	TimedOut      int64   `json:"timedOut"`
	AsyncRetries  int64   `json:"asyncRetries"`
	AsyncDropped  int64   `json:"asyncDropped"`
	AsyncPending  int64   `json:"asyncPending"`
	// ZeroDurationRows counts arrivals without a recorded execution time.
	ZeroDurationRows int64   `json:"zeroDurationRows"`
	PeakInstances    int64   `json:"peakInstances"`
	InstancesStarted int64   `json:"instancesStarted"`
	LatencyP99Ms     float64 `json:"latencyP99Ms"`
	MemoryMB         int     `json:"memoryMB"`
	Concurrency      int     `json:"concurrency"`
	MaxInstances     int     `json:"maxInstances"`
	TimeoutSeconds   float64 `json:"timeoutSeconds"`
	// Bill is the function's monthly bill, without the free tier.
	Bill float64 `json:"bill"`

	// window and extrapolated are the function's billed window (the
	// fleet's, or longer when its last request ran past it) and its
	// bill's extrapolation.
	window       float64
	extrapolated string
	currency     string
}

// FleetTotals sum a fleet's functions.
type FleetTotals struct {
	Functions   int   `json:"functions"`
	Requests    int64 `json:"requests"`
	Invocations int64 `json:"invocations"`
	ColdStarts  int64 `json:"coldStarts"`
	// ColdStartRate is ColdStarts per request.
	ColdStartRate    float64 `json:"coldStartRate"`
	Throttled        int64   `json:"throttled"`
	TimedOut         int64   `json:"timedOut"`
	TimedOutShare    float64 `json:"timedOutShare"`
	AsyncRetries     int64   `json:"asyncRetries"`
	AsyncDropped     int64   `json:"asyncDropped"`
	AsyncPending     int64   `json:"asyncPending"`
	ZeroDurationRows int64   `json:"zeroDurationRows"`
	// PeakInstancesSum adds the functions' own peaks: an upper bound of
	// the fleet's simultaneous peak (the functions' peaks need not
	// coincide).
	PeakInstancesSum int64 `json:"peakInstancesSum"`
	InstancesStarted int64 `json:"instancesStarted"`
	// Bill is the sum of the functions' monthly bills, without the free
	// tier (one allowance per account, and a trace may hold many).
	Bill     float64 `json:"bill"`
	Currency string  `json:"currency"`
	Era      string  `json:"era"`
	// ExtrapolatedFrom is "<window> scaled to <month>" when the window is
	// not a whole month.
	ExtrapolatedFrom string `json:"extrapolatedFrom"`
	// ByConfig counts the functions by where their model came from.
	ByConfig map[string]int `json:"byConfig"`
}

// FleetReport is the result of a fleet run: every function of a trace
// simulated as its own function (own instances, keep-alive, concurrency,
// cap, cold starts), one row per function sorted by bill, and the totals.
type FleetReport struct {
	Window        string        `json:"window"`
	WindowSeconds float64       `json:"windowSeconds"`
	Seed          int64         `json:"seed"`
	Fleet         FleetTotals   `json:"fleet"`
	Functions     []FunctionRow `json:"functions"`
	BadRows       int           `json:"badRows"`
	Notes         []string      `json:"notes"`
}

// FunctionSeed derives a function's random stream from the run's seed and
// the function key, so a function's figures do not depend on which other
// functions run or on how many run at once.
func FunctionSeed(seed uint64, key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	x := seed ^ h.Sum64()
	// splitmix64 finaliser: neighbouring seeds give unrelated streams.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// ErrOneFunction is RunFleet's answer for a trace with fewer than two
// functions: the caller runs it as one function (Run).
var ErrOneFunction = errors.New("the trace has fewer than two functions")

// FleetTooLargeError is a fleet whose trace would be read more often than
// the budget allows: one pass per batch of functions.
type FleetTooLargeError struct {
	Functions     int
	Arrivals      int64
	Passes, Reads int64
	Max           int64
}

func (e *FleetTooLargeError) Error() string {
	return fmt.Sprintf("the trace has %d functions and %d arrivals: simulating them as a fleet reads it %d times (%d arrivals), past the budget of %d; raise --max-events, or keep fewer functions with --top N or --function PREFIX", e.Functions, e.Arrivals, e.Passes+1, e.Reads, e.Max)
}

// census is the first pass over a fleet's trace.
type census struct {
	counts  map[string]int64
	last    time.Duration
	total   int64
	badRows int
}

func takeCensus(open func() (workload.Source, error), lim Limits) (*census, error) {
	src, err := open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	c := &census{counts: map[string]int64{}}
	var a workload.Arrival
	for {
		ok, err := src.Next(&a)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		c.total++
		if (lim.MaxArrivals > 0 && c.total > lim.MaxArrivals) || (lim.MaxSpan > 0 && a.At > lim.MaxSpan) {
			return nil, &LimitError{Limits: lim, Arrivals: c.total, At: a.At, Span: lim.MaxSpan > 0 && a.At > lim.MaxSpan}
		}
		c.counts[a.Function]++
		c.last = a.At
	}
	c.badRows = workload.BadRows(src)
	return c, nil
}

// chunk carries arrivals of one function from the reader to its scheduler.
const chunkSize = 512

// chanSource feeds a scheduler from chunks of arrivals.
type chanSource struct {
	in  <-chan []workload.Arrival
	buf []workload.Arrival
	i   int
}

func (c *chanSource) Next(a *workload.Arrival) (bool, error) {
	for c.i >= len(c.buf) {
		b, ok := <-c.in
		if !ok {
			c.buf = nil
			return false, nil
		}
		c.buf, c.i = b, 0
	}
	*a = c.buf[c.i]
	c.i++
	return true, nil
}

func (c *chanSource) Close() error { return nil }

// drain empties the channel after a failed run, so the reader never
// blocks on a scheduler that stopped.
func (c *chanSource) drain() {
	for range c.in {
	}
}

// RunFleet simulates every function of a trace as its own function and
// returns one row per function and the fleet's totals. The output depends
// only on the trace, the models and the seed: never on Workers or Batch.
func RunFleet(opts FleetOptions) (*FleetReport, error) {
	cat := opts.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	c, err := takeCensus(opts.Open, opts.Limits)
	if err != nil {
		return nil, err
	}
	if len(c.counts) < 2 {
		return nil, ErrOneFunction
	}
	keys := make([]string, 0, len(c.counts))
	for k := range c.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if opts.CheckKeys != nil {
		if err := opts.CheckKeys(keys); err != nil {
			return nil, err
		}
	}
	window := opts.Window
	if window == 0 {
		window = (c.last + time.Second) / time.Second * time.Second
	}
	mode := opts.Invocation
	if mode == "" {
		mode = InvokeTrace
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = 128
	}

	passes := int64((len(keys) + batch - 1) / batch)
	if reads := c.total * (1 + passes); opts.MaxReads > 0 && reads > opts.MaxReads {
		return nil, &FleetTooLargeError{Functions: len(keys), Arrivals: c.total, Passes: passes, Reads: reads, Max: opts.MaxReads}
	}

	// Models first: a bad one fails before any simulation. They are
	// built again when their function runs, so memory holds only the
	// models of one batch.
	model := func(k string) (fc.Config, string, error) {
		cfg, source, err := opts.Configure(k)
		if err != nil {
			return cfg, "", fmt.Errorf("function %q: %w", k, err)
		}
		cfg.Seed = FunctionSeed(opts.Seed, k)
		return cfg, source, nil
	}
	var bo billing.Options
	var era catalog.BillingEra
	for i, k := range keys {
		cfg, _, err := model(k)
		if err != nil {
			return nil, err
		}
		b, e, err := checkBilling(cfg, opts.Options, cat)
		if err != nil {
			return nil, fmt.Errorf("function %q: %w", k, err)
		}
		if i == 0 {
			bo, era = b, e
		}
	}
	// Per-function bills leave the free tier out: it is one allowance per
	// account, not per function.
	fnBilling := bo
	fnBilling.FreeTier = false

	rows := make([]FunctionRow, len(keys))
	done := 0
	var mu sync.Mutex
	for lo := 0; lo < len(keys); lo += batch {
		hi := min(lo+batch, len(keys))
		idx := make(map[string]int, hi-lo)
		chans := make([]chan []workload.Arrival, hi-lo)
		for i := lo; i < hi; i++ {
			idx[keys[i]] = i - lo
			chans[i-lo] = make(chan []workload.Arrival, 4)
		}
		errs := make([]error, hi-lo)
		var wg sync.WaitGroup
		for i := lo; i < hi; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				// Every function of the batch drains its own channel
				// from the start, so the reader never waits on a
				// function that waits for it; GOMAXPROCS spreads them
				// over the cores.
				cs := &chanSource{in: chans[i-lo]}
				cfg, source, err := model(keys[i])
				var rep *Report
				if err == nil {
					rep, err = runOne(cfg, cs, opts.Options, cat, fnBilling, era, mode, window, keys[i])
				}
				if err != nil {
					errs[i-lo] = err
					cs.drain()
					return
				}
				rows[i] = fleetRow(keys[i], source, cfg, rep)
				mu.Lock()
				done++
				if opts.FunctionDone != nil {
					opts.FunctionDone(done, len(keys))
				}
				mu.Unlock()
			}(i)
		}
		rerr := demux(opts.Open, idx, chans)
		wg.Wait()
		if rerr != nil {
			return nil, rerr
		}
		for i, err := range errs {
			if err != nil {
				return nil, fmt.Errorf("function %q: %w", keys[lo+i], err)
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b FunctionRow) int {
		if c := cmp.Compare(b.Bill, a.Bill); c != 0 {
			return c
		}
		return cmp.Compare(a.Function, b.Function)
	})
	rep := &FleetReport{
		Window:        window.String(),
		WindowSeconds: window.Seconds(),
		Seed:          int64(opts.Seed),
		Functions:     rows,
		BadRows:       c.badRows,
	}
	t := &rep.Fleet
	t.Functions, t.Era = len(rows), era.ID
	t.ByConfig = map[string]int{}
	var bill float64
	shortest := math.Inf(1)
	for _, r := range rows {
		// The fleet's extrapolation is that of its window: the shortest
		// function window (the others ran past it).
		if r.window < shortest {
			shortest, t.ExtrapolatedFrom, t.Currency = r.window, r.extrapolated, r.currency
		}
		t.Requests += r.Requests
		t.Invocations += r.Invocations
		t.ColdStarts += r.ColdStarts
		t.Throttled += r.Throttled
		t.TimedOut += r.TimedOut
		t.AsyncRetries += r.AsyncRetries
		t.AsyncDropped += r.AsyncDropped
		t.AsyncPending += r.AsyncPending
		t.ZeroDurationRows += r.ZeroDurationRows
		t.PeakInstancesSum += r.PeakInstances
		t.InstancesStarted += r.InstancesStarted
		t.ByConfig[r.Config]++
		bill += r.Bill
	}
	t.Bill = round(bill, 2)
	if t.Requests > 0 {
		t.ColdStartRate = sig(float64(t.ColdStarts) / float64(t.Requests))
	}
	if t.Invocations > 0 {
		t.TimedOutShare = sig(float64(t.TimedOut) / float64(t.Invocations))
	}
	rep.Notes = append(rep.Notes, opts.Notes...)
	rep.Notes = append(rep.Notes, fmt.Sprintf("each of the %d functions of the trace is simulated as its own function (own instances, keep-alive, concurrency, max instances, cold starts); no instance cap is shared between them", len(rows)))
	if bo.FreeTier {
		rep.Notes = append(rep.Notes, "the free tier is not deducted from the fleet's bills: it is one monthly allowance per account, and a trace may hold many accounts")
	}
	rep.Notes = append(rep.Notes, "peakInstancesSum adds each function's own peak: an upper bound of the fleet's simultaneous peak")
	if t.TimedOut > 0 {
		cut := 0
		for _, r := range rows {
			if r.TimedOut > 0 {
				cut++
			}
		}
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d executions (%s%% of %d) in %d functions hit their timeout and were cut (and billed to it); async retries %d, events to the failure destination %d: check --timeout against the trace's execution times",
			t.TimedOut, pctString(t.TimedOut, t.Invocations), t.Invocations, cut, t.AsyncRetries, t.AsyncDropped))
	}
	if t.ZeroDurationRows > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d of %d arrivals had no recorded execution time (zero or missing in the trace) and ran for each function's execution-time model instead", t.ZeroDurationRows, t.Requests))
	}
	return rep, nil
}

// runOne simulates one function of a fleet on its own arrivals.
func runOne(cfg fc.Config, src workload.Source, opts Options, cat *catalog.Catalog, bo billing.Options, era catalog.BillingEra, mode string, window time.Duration, key string) (*Report, error) {
	s, err := fc.New(cfg)
	if err != nil {
		return nil, err
	}
	ad := &arrivals{src: src, mode: mode}
	res, err := s.Run(ad)
	if err != nil {
		return nil, err
	}
	o := opts
	o.Function = key
	o.Notes = nil
	in := reportInput{opts: o, cat: cat, bo: bo, era: era, mode: mode, window: window}
	if opts.TraceDurations {
		in.zeroDuration = ad.zero
	}
	return report(cfg, res, in)
}

// demux reads the trace once and hands each arrival of a function in idx
// to that function's channel, in chunks; it closes every channel.
func demux(open func() (workload.Source, error), idx map[string]int, chans []chan []workload.Arrival) error {
	bufs := make([][]workload.Arrival, len(chans))
	defer func() {
		for i, ch := range chans {
			if len(bufs[i]) > 0 {
				ch <- bufs[i]
			}
			close(ch)
		}
	}()
	src, err := open()
	if err != nil {
		return err
	}
	defer src.Close()
	var a workload.Arrival
	for {
		ok, err := src.Next(&a)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		i, in := idx[a.Function]
		if !in {
			continue
		}
		if bufs[i] == nil {
			bufs[i] = make([]workload.Arrival, 0, chunkSize)
		}
		bufs[i] = append(bufs[i], a)
		if len(bufs[i]) == chunkSize {
			chans[i] <- bufs[i]
			bufs[i] = nil
		}
	}
}

// fleetRow condenses a function's report to its fleet row.
func fleetRow(key, source string, cfg fc.Config, r *Report) FunctionRow {
	return FunctionRow{
		Function:         key,
		Config:           source,
		Requests:         r.Requests,
		Invocations:      r.Invocations,
		ColdStarts:       r.ColdStarts,
		ColdStartRate:    r.ColdStartRate,
		Throttled:        r.Throttled,
		TimedOut:         r.TimedOut,
		AsyncRetries:     r.AsyncRetries,
		AsyncDropped:     r.AsyncDropped,
		AsyncPending:     r.AsyncPending,
		ZeroDurationRows: r.ZeroDurationRows,
		PeakInstances:    r.Instances.Peak,
		InstancesStarted: r.Instances.Started,
		LatencyP99Ms:     r.LatencyMs.P99,
		MemoryMB:         cfg.MemoryMB,
		Concurrency:      cfg.Concurrency,
		MaxInstances:     cfg.MaxInstances,
		TimeoutSeconds:   cfg.Timeout.Seconds(),
		Bill:             r.Bill.Total,
		window:           r.WindowSeconds,
		extrapolated:     r.Bill.ExtrapolatedFrom,
		currency:         r.Bill.Currency,
	}
}

// TraceFunctions returns the function keys of a trace (one pass), at most
// limit of them (a trace with more reports ok=false): callers match them
// to project functions by name.
func TraceFunctions(src workload.Source, limit int) (keys map[string]bool, ok bool, err error) {
	keys = map[string]bool{}
	var a workload.Arrival
	for {
		more, err := src.Next(&a)
		if err != nil || !more {
			return keys, true, err
		}
		if !keys[a.Function] {
			if len(keys) >= limit {
				return nil, false, nil
			}
			keys[a.Function] = true
		}
	}
}

// OnlyFunction passes on the arrivals of one trace function (exact key).
func OnlyFunction(src workload.Source, key string) workload.Source {
	return &onlyFunction{Source: src, key: key}
}

type onlyFunction struct {
	workload.Source
	key string
}

func (o *onlyFunction) Next(a *workload.Arrival) (bool, error) {
	for {
		ok, err := o.Source.Next(a)
		if err != nil || !ok {
			return ok, err
		}
		if a.Function == o.key {
			return true, nil
		}
	}
}

// BadRows passes on the wrapped source's count.
func (o *onlyFunction) BadRows() int { return workload.BadRows(o.Source) }
