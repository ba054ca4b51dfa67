package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/comparereport"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/simsetup"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/ecs"
	"github.com/fcplan/fcplan/simulator/fc"
)

// maxVariants bounds the cartesian product of --vary lists.
const maxVariants = 512

type compareOptions struct {
	sim    simsetup.Flags
	load   loadFlags
	budget simsetup.Budget

	vary      []string
	variants  []string
	sweep     string
	objective string
	ecsType   string
	ecsMode   string
	format    string
	parallel  int
}

func init() {
	registerCommand(45, newCompareCmd)
}

func newCompareCmd(s *Streams) *cobra.Command {
	opts := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare (--trace FILE | --workload SPEC) (--vary KEY=V1,V2 | --variant NAME:K=V,... | --sweep memory | -c A -c B) [flags]",
		Short: "Simulate variants of one function on the same traffic, side by side, and recommend one",
		Long: `compare simulates several variants of one function on identical arrivals
(each variant reads the workload with the same seed) and prints one table:
cold-start rate, p50/p99 latency, throttles, timeouts, peak instances, peak
downstream connections (a pool per instance / one per request), the monthly
FC bill and the monthly cost of an ECS fleet serving the same arrivals.

Variants come from:
  --vary KEY=V1,V2,...       every combination of the listed values (cartesian
                             product, first --vary outermost); KEY is any --set
                             key of fcplan simulate (memorySize,
                             instanceConcurrency, minInstances, timeout,
                             keepAlive, duration...). Separate values with ';'
                             when a value contains commas.
  --variant NAME:K=V,K=V     a named variant (repeatable; ';' separates
                             settings when a value contains commas)
  -c A -c B                  several projects: each file is a variant (crossed
                             with --vary/--variant when given)
  --sweep memory             (or --vary memorySize=auto) memory sizes from the
                             catalog's range: 128 MB doubling with the
                             midpoints (x1.5) up to the size whose vCPU reaches
                             the catalog's maximum (16 GB), then sizes in the
                             catalog's 64 MB steps around the cheapest; pair it with --duration cpu:io=..,cpu=..
                             so that execution time falls as vCPU grows with
                             memory. The curve and the cost-optimal size (the
                             cheapest that neither times out nor throttles) are
                             printed.

Rows marked * are Pareto-optimal over four figures, all minimised: monthly FC
bill, p99 latency, cold-start rate and throttled requests. --objective names
one recommended variant: cost (lowest bill), latency (lowest p99) or
balanced[:W] (lowest W x normalised bill + (1-W) x normalised p99, each
scaled to 0..1 over the candidates; W is the share of cost, default 0.5).
Variants that throttle, time out or drop requests are only recommended when
all do.

The ECS column is a --ecs-mode fleet (fixed: sized for the peak with
headroom; autoscale) of --ecs-type instances serving the same arrivals
(simulator/ecs); n/a when it cannot be simulated.

Variants run in parallel on --parallel workers (default: all cores); the
output does not depend on scheduling: the same inputs and --seed give
byte-identical output. Every other flag means what it means for simulate.

Exit status: 0 on success, 2 on bad input.`,
		Example: `  # Memory x instance concurrency on a day of diurnal traffic
  fcplan compare --workload diurnal:mean=20/s,peak=200/s,period=24h,duration=24h --runtime go1 \
    --vary memorySize=512,1024,2048 --vary instanceConcurrency=1,10,50

  # Two named variants of a function from s.yaml, recommend by cost
  fcplan compare -c s.yaml --function api --workload poisson:rate=5/s,duration=6h \
    --variant small:memorySize=512,minInstances=0 --variant warm:memorySize=1024,minInstances=2 --objective cost

  # Offline power tuning: the cost-optimal memory size for CPU-bound work
  fcplan compare --workload poisson:rate=10/s,duration=1h --duration cpu:io=50ms,cpu=400ms@1vcpu --sweep memory

  # Two projects side by side, Markdown for a PR comment
  fcplan compare -c before/s.yaml -c after/s.yaml --function api --trace trace.csv --format markdown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCompare(s, opts)
		},
	}
	opts.sim.Register(cmd)
	opts.sim.LoadOptions = opts.load.options
	f := cmd.Flags()
	f.StringArrayVar(&opts.vary, "vary", nil, "vary a setting over values `KEY=V1,V2,...` (repeatable: cartesian product)")
	f.StringArrayVar(&opts.variants, "variant", nil, "a named variant `NAME:KEY=VALUE,...` (repeatable)")
	f.StringVar(&opts.sweep, "sweep", "", "sweep a setting over its valid range: memory")
	f.StringVar(&opts.objective, "objective", "balanced", "pick the recommended variant: cost, latency or balanced[:W] (W = share of cost, 0..1)")
	f.StringVar(&opts.ecsType, "ecs-type", "", "ECS instance `type` from the catalog for the ECS column (default: the catalog's ecs.defaultType, ecs.c7.large)")
	f.StringVar(&opts.ecsMode, "ecs-mode", ecs.ModeFixed, "ECS fleet: fixed (sized for the peak) or autoscale")
	f.StringVarP(&opts.format, "format", "f", "text", "output format: text, json, markdown or csv")
	f.IntVar(&opts.parallel, "parallel", 0, "simulations run at once (default: GOMAXPROCS; at most the number of simulations and 4 x GOMAXPROCS)")
	opts.budget.Register(cmd)
	opts.load.register(cmd)
	return cmd
}

// variantSpec is one variant before it is simulated.
type variantSpec struct {
	name  string
	setup *simsetup.Setup
	file  string // the -c file when files are compared
	sets  []string
	cfg   fc.Config
	ecs   int // index of the ECS run serving its arrivals
}

// axis is one --vary dimension.
type axis struct {
	key    string
	values []string
}

func runCompare(s *Streams, opts *compareOptions) error {
	if !hasString(comparereport.Formats, opts.format) {
		return inputErr("--format %q: expected one of %s", opts.format, strings.Join(comparereport.Formats, ", "))
	}
	obj, err := comparereport.ParseObjective(opts.objective)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if opts.ecsMode != ecs.ModeFixed && opts.ecsMode != ecs.ModeAutoscale {
		return inputErr("--ecs-mode %q: expected %s or %s", opts.ecsMode, ecs.ModeFixed, ecs.ModeAutoscale)
	}
	if err := parallelRange.Int("--parallel", int64(opts.parallel)); err != nil {
		return withExitCode(ExitInput, err)
	}
	if err := opts.budget.Validate(); err != nil {
		return withExitCode(ExitInput, err)
	}
	sweep := false
	switch opts.sweep {
	case "":
	case "memory":
		sweep = true
	default:
		return inputErr("--sweep %q: expected memory", opts.sweep)
	}
	axes, err := parseVary(opts.vary)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	for i := 0; i < len(axes); i++ {
		if len(axes[i].values) == 1 && axes[i].values[0] == "auto" {
			if normKey(axes[i].key) != "memorysize" && normKey(axes[i].key) != "memory" && normKey(axes[i].key) != "memorymb" {
				return inputErr("--vary %s=auto: only memorySize has an automatic range", axes[i].key)
			}
			sweep = true
			axes = append(axes[:i], axes[i+1:]...)
			i--
		}
	}
	named, err := parseVariants(opts.variants)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if sweep && (len(axes) > 0 || len(named) > 0 || len(opts.sim.Configs) > 1) {
		return inputErr("the memory sweep (--sweep memory, --vary memorySize=auto) varies memory alone: drop the other --vary, --variant and extra -c")
	}
	if !sweep && len(axes) == 0 && len(named) == 0 && len(opts.sim.Configs) < 2 {
		return inputErr("nothing to compare: give --vary KEY=V1,V2, --variant NAME:K=V, --sweep memory or several -c files")
	}
	// Count the variants before building any: a product of long --vary
	// lists must be refused, not allocated.
	if !sweep {
		if err := countVariants(axes, len(named), len(opts.sim.Configs)); err != nil {
			return withExitCode(ExitInput, err)
		}
	}

	cat, err := catalog.Load(opts.sim.CatalogFiles...)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if opts.ecsType == "" {
		opts.ecsType = cat.ECS.DefaultType
	}
	if _, _, err := cat.ECS.Type(opts.ecsType); err != nil {
		return inputErr("--ecs-type: %v (catalog types: %s)", err, strings.Join(cat.ECS.TypeNames(), ", "))
	}

	// One setup per project file (or one for the flags).
	type fileSetup struct {
		file  string
		setup *simsetup.Setup
	}
	var files []fileSetup
	if len(opts.sim.Configs) > 1 {
		for _, path := range opts.sim.Configs {
			fl := opts.sim
			fl.Configs = []string{path}
			st, err := simsetup.Prepare(&fl, cat)
			if err != nil {
				return inputErr("-c %s: %v", path, err)
			}
			files = append(files, fileSetup{path, st})
		}
	} else {
		st, err := simsetup.Prepare(&opts.sim, cat)
		if err != nil {
			return withExitCode(ExitInput, err)
		}
		files = append(files, fileSetup{"", st})
	}
	base := files[0].setup
	region, err := cat.Prices.Region(base.Region)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	currency := opts.sim.Currency
	if currency == "" {
		currency = region.DefaultCurrency()
		for _, fs := range files[1:] {
			if r, err := cat.Prices.Region(fs.setup.Region); err == nil && r.DefaultCurrency() != currency {
				return inputErr("-c %s is billed in %s and %s in %s: give --currency to compare them", fs.file, r.DefaultCurrency(), files[0].file, currency)
			}
		}
	}

	// The variants, in output order.
	var settings [][]string
	var names []string
	if sweep {
		for _, mb := range memoryGrid(cat) {
			settings = append(settings, []string{"memorySize=" + strconv.Itoa(mb)})
			names = append(names, "memorySize="+strconv.Itoa(mb))
		}
	} else {
		settings, names = product(axes)
		for _, n := range named {
			settings = append(settings, n.sets)
			names = append(names, n.name)
		}
	}
	if len(settings) == 0 {
		// Only project files vary.
		settings, names = [][]string{nil}, []string{""}
	}
	var specs []*variantSpec
	for _, fs := range files {
		for i := range settings {
			name := names[i]
			if fs.file != "" {
				name = strings.TrimSpace(fs.file + " " + name)
			}
			specs = append(specs, &variantSpec{name: name, setup: fs.setup, file: fs.file, sets: settings[i]})
		}
	}
	if len(specs) > maxVariants {
		return inputErr("%d variants: at most %d (narrow the --vary lists)", len(specs), maxVariants)
	}
	if err := checkNames(specs); err != nil {
		return withExitCode(ExitInput, err)
	}
	for _, sp := range specs {
		if err := sp.prepare(cat); err != nil {
			return withExitCode(ExitInput, err)
		}
	}

	est, err := base.Estimate()
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	run := &compareRun{opts: opts, cat: cat, currency: currency, traffic: est, errOut: s.ErrOut}
	if isTerminal(s.ErrOut) {
		run.progress = progressLine(s.ErrOut)
		defer fmt.Fprint(s.ErrOut, "\r\033[K")
	}
	rows, reps, err := run.simulate(specs)
	if err != nil {
		return err
	}
	if sweep {
		// Refine around the cheapest coarse size, in the catalog's steps.
		coarse := comparereport.SweepOptimum(rows, base.DurationSpec(), currency)
		var more []*variantSpec
		for _, mb := range refineGrid(cat, memoryGrid(cat), coarse.OptimumMB) {
			sp := &variantSpec{name: "memorySize=" + strconv.Itoa(mb), setup: base, sets: []string{"memorySize=" + strconv.Itoa(mb)}}
			if err := sp.prepare(cat); err != nil {
				return withExitCode(ExitInput, err)
			}
			more = append(more, sp)
		}
		moreRows, moreReps, err := run.simulate(more)
		if err != nil {
			return err
		}
		rows, reps = append(rows, moreRows...), append(reps, moreReps...)
		idx := make([]int, len(rows))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return rows[idx[a]].MemoryMB < rows[idx[b]].MemoryMB })
		sortedRows := make([]comparereport.Variant, len(rows))
		sortedReps := make([]*simulator.Report, len(reps))
		for k, i := range idx {
			sortedRows[k], sortedReps[k] = rows[i], reps[i]
		}
		rows, reps = sortedRows, sortedReps
	}

	c := &comparereport.Comparison{
		Function:       base.Label,
		Traffic:        traffic(&opts.sim),
		Window:         reps[0].Window,
		Seed:           opts.sim.Seed,
		Pricing:        base.Pricing,
		Currency:       currency,
		ParetoCriteria: comparereport.ParetoCriteria,
		Variants:       rows,
	}
	if reps[0].Bill.ExtrapolatedFrom != "" {
		c.ExtrapolatedFrom = reps[0].Bill.ExtrapolatedFrom
	}
	c.Notes = commonNotes(reps)
	if sweep {
		lim := sweepLimit(cat)
		c.Notes = append(c.Notes, fmt.Sprintf("memory sweep: %d to %d MB (vCPU follows memory at %g per GB up to the catalog's %g vCPU)",
			lim.Min, lim.Max, cat.Platform.VCPUPerGB.Value, cat.Platform.VCPU.Max))
	}
	if sweep && len(rows) > 1 && rows[0].VCPU == rows[len(rows)-1].VCPU {
		c.Notes = append(c.Notes, fmt.Sprintf("the function sets cpu explicitly (%g vCPU): vCPU does not follow memory, so execution time does not change across the sweep", rows[0].VCPU))
	} else if sweep && !strings.HasPrefix(strings.TrimSpace(base.DurationSpec()), "cpu:") {
		c.Notes = append(c.Notes, "the execution-time model does not depend on memory (give --duration cpu:io=..,cpu=..@1vcpu): the sweep shows the price of memory alone")
	}
	for _, r := range reps {
		if r.Model.CPUSharing == "on" {
			c.Notes = append(c.Notes, "variants with instanceConcurrency > 1 share each instance's vCPUs among its concurrent requests: the CPU part of cpu: execution times is stretched by the requests computing beside it (cpuSharing; --set cpuSharing=false runs them at full speed each)")
			break
		}
	}
	for _, r := range reps {
		if r.Model.Concurrency > 1 && r.Model.CPUSharing != "on" {
			c.Notes = append(c.Notes, "with execution times from a trace or a plain distribution (or cpuSharing=false) the FC model runs the concurrent requests of an instance at full speed each (no CPU sharing between them): for CPU-bound work, variants with instanceConcurrency > 1 look faster and cheaper than they will be; give --duration cpu:io=..,cpu=..@1vcpu to model the sharing, or compare with a trace whose durations were measured at that concurrency")
			break
		}
	}
	comparereport.MarkPareto(c.Variants)
	c.Recommended = comparereport.Recommend(c.Variants, obj, currency)
	if sweep {
		spec := base.DurationSpec()
		if spec == "" {
			spec = "fixed:100ms (catalog default)"
		}
		c.Sweep = comparereport.SweepOptimum(c.Variants, spec, currency)
	}
	return comparereport.Write(s.Out, c, opts.format)
}

// prepare builds and checks the variant's model.
func (sp *variantSpec) prepare(cat *catalog.Catalog) error {
	cfg, err := sp.setup.Config(sp.sets)
	if err != nil {
		return fmt.Errorf("variant %q: %v", sp.name, err)
	}
	sp.cfg = cfg
	return nil
}

// compareRun simulates variants on a pool of workers.
type compareRun struct {
	opts     *compareOptions
	cat      *catalog.Catalog
	currency string
	// traffic is the estimated workload every simulation reads.
	traffic simsetup.Traffic
	errOut  io.Writer
	clamped bool // the --parallel note was printed
	// progress, when set, is told each time a simulation ends.
	progress func(done, total int)
}

// ecsJob is one ECS fleet simulation, shared by the variants whose
// arrivals and execution-time model are the same.
type ecsJob struct {
	setup *simsetup.Setup
	cfg   ecs.Config
	rep   *ecs.Report
	err   error
}

// simulate runs the FC model of every variant and the ECS fleet for each
// distinct (project, execution-time model), all in parallel; results are in
// the order of specs whatever the scheduling.
func (r *compareRun) simulate(specs []*variantSpec) ([]comparereport.Variant, []*simulator.Report, error) {
	var ecsJobs []*ecsJob
	ecsKeys := map[string]int{}
	for _, sp := range specs {
		key := fmt.Sprintf("%p|%s", sp.setup, ecsServiceKey(sp.cfg))
		i, ok := ecsKeys[key]
		if !ok {
			i = len(ecsJobs)
			ecsKeys[key] = i
			cfg := ecs.DefaultConfig(r.cat, r.opts.ecsType, sp.setup.Region)
			cfg.Mode = r.opts.ecsMode
			cfg.Currency = r.currency
			cfg.Duration = sp.cfg.Duration
			cfg.Seed = uint64(sp.setup.Seed)
			cfg.Month = sp.setup.Month
			cfg.Window = sp.setup.Window
			cfg.Reopen = sp.setup.Open
			ecsJobs = append(ecsJobs, &ecsJob{setup: sp.setup, cfg: cfg})
		}
		sp.ecs = i
	}
	// Every FC run reads the arrivals once, every ECS run twice (its
	// peak, then its service): check the whole before the first starts.
	runs := len(specs) + 2*len(ecsJobs)
	if err := r.opts.budget.CheckEvents(r.traffic, runs); err != nil {
		return nil, nil, withExitCode(ExitInput, err)
	}
	limits := r.opts.budget.Limits(runs, 0, 0)
	workers := r.workers(len(specs) + len(ecsJobs))
	reps := make([]*simulator.Report, len(specs))
	errs := make([]error, len(specs))
	jobs := make(chan func(), workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, total := 0, len(specs)+len(ecsJobs)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				job()
				if r.progress != nil {
					mu.Lock()
					done++
					r.progress(done, total)
					mu.Unlock()
				}
			}
		}()
	}
	// ECS runs read the arrivals twice (peak, then service): start them
	// first so they do not finish last.
	for _, j := range ecsJobs {
		jobs <- func() {
			src, err := j.setup.Open()
			if err != nil {
				j.err = err
				return
			}
			defer src.Close()
			j.rep, j.err = ecs.Run(j.cfg, src, r.cat)
		}
	}
	for i, sp := range specs {
		jobs <- func() { reps[i], errs[i] = runVariant(sp, limits) }
	}
	close(jobs)
	wg.Wait()
	for i, err := range errs {
		var le *simulator.LimitError
		if errors.As(err, &le) {
			return nil, nil, withExitCode(ExitInput, fmt.Errorf("variant %q: %w", specs[i].name, simsetup.LimitMessage(r.traffic, le)))
		}
		if err != nil {
			return nil, nil, withExitCode(ExitInput, fmt.Errorf("variant %q: %w", specs[i].name, err))
		}
	}
	rows := make([]comparereport.Variant, len(specs))
	for i, sp := range specs {
		rows[i] = variantRow(sp, reps[i], ecsJobs[sp.ecs], r.opts.ecsMode)
	}
	return rows, reps, nil
}

// progressLine shows finished simulations on a terminal once a comparison
// has taken more than two seconds.
func progressLine(w io.Writer) func(done, total int) {
	start := time.Now()
	return func(done, total int) {
		if time.Since(start) >= 2*time.Second {
			fmt.Fprintf(w, "\r\033[Kcomparing: %d of %d simulations done", done, total)
		}
	}
}

// ecsServiceKey identifies what the ECS fleet sees of a variant: its
// execution-time model as ECS runs it (the CPU-scaling model on one vCPU
// per request, whatever the FC instance's size), so memory variants share
// one fleet simulation.
func ecsServiceKey(cfg fc.Config) string {
	if w, err := ecs.WorkOf(cfg.Duration); err == nil && w.Split {
		return fmt.Sprintf("work:%d+%d", w.IO, w.CPU)
	}
	return fmt.Sprintf("dist:%+v", cfg.Duration)
}

func runVariant(sp *variantSpec, limits simulator.Limits) (*simulator.Report, error) {
	src, err := sp.setup.Open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	o := sp.setup.Options(sp.cfg)
	o.Limits = limits
	return simulator.Run(sp.cfg, src, o)
}

// parallelRange bounds --parallel itself; the workers actually started
// are clamped further (compareRun.workers).
var parallelRange = flagcheck.Range{Min: 0, Max: math.MaxInt32}

// maxWorkersPerCPU caps workers at a multiple of GOMAXPROCS: simulations
// are CPU-bound, more workers only add memory.
const maxWorkersPerCPU = 4

// workers is the pool size for jobs simulations: --parallel (default
// GOMAXPROCS), clamped to the jobs and to 4 x GOMAXPROCS; a clamped
// --parallel is said on stderr, once.
func (r *compareRun) workers(jobs int) int {
	procs := runtime.GOMAXPROCS(0)
	want := r.opts.parallel
	if want == 0 {
		want = procs
	}
	n := min(want, jobs, maxWorkersPerCPU*procs)
	n = max(n, 1)
	if r.opts.parallel > 0 && n < r.opts.parallel && r.opts.parallel > maxWorkersPerCPU*procs && !r.clamped && r.errOut != nil {
		r.clamped = true
		fmt.Fprintf(r.errOut, "fcplan: --parallel %d: running %d simulations at once (at most the %d simulations and %d x GOMAXPROCS = %d)\n",
			r.opts.parallel, n, jobs, maxWorkersPerCPU, maxWorkersPerCPU*procs)
	}
	return n
}

// countVariants refuses a comparison of more than maxVariants variants
// before the --vary product is built: the count is multiplied out with a
// stop at the cap, so 500 x 200 x 200 values cost nothing.
func countVariants(axes []axis, named, files int) error {
	n := 1
	var sizes []string
	for _, a := range axes {
		sizes = append(sizes, strconv.Itoa(len(a.values)))
		if n > maxVariants/len(a.values) {
			n = maxVariants + 1
		} else {
			n *= len(a.values)
		}
	}
	if len(axes) == 0 {
		n = 0
	}
	n = min(n+named, maxVariants+1)
	if files > 1 {
		if n == 0 {
			n = 1
		}
		n = min(n*files, maxVariants+1)
	}
	if n > maxVariants {
		what := "variants"
		if len(sizes) > 0 {
			what = "variants (--vary lists of " + strings.Join(sizes, " x ") + " values"
			if named > 0 {
				what += fmt.Sprintf(", %d --variant", named)
			}
			if files > 1 {
				what += fmt.Sprintf(", %d -c files", files)
			}
			what += ")"
		}
		return fmt.Errorf("more than %d %s: at most %d (narrow the --vary lists)", maxVariants, what, maxVariants)
	}
	return nil
}

func variantRow(sp *variantSpec, rep *simulator.Report, ej *ecsJob, mode string) comparereport.Variant {
	v := comparereport.Variant{
		Name:          sp.name,
		Settings:      append([]string{}, sp.sets...),
		Config:        sp.file,
		MemoryMB:      rep.Model.MemoryMB,
		VCPU:          rep.Model.VCPU,
		Concurrency:   rep.Model.Concurrency,
		Requests:      rep.Requests,
		ColdStarts:    rep.ColdStarts,
		ColdStartRate: rep.ColdStartRate,
		LatencyMs:     comparereport.Latency{P50: rep.LatencyMs.P50, P99: rep.LatencyMs.P99},
		ExecutionMs:   comparereport.Latency{P50: rep.ExecutionMs.P50, P99: rep.ExecutionMs.P99},
		Throttled:     rep.Throttled,
		TimedOut:      rep.TimedOut,
		AsyncDropped:  rep.AsyncDropped,
		PeakInstances: rep.Instances.Peak,
		Connections: comparereport.Connections{
			PerInstancePeak: rep.Connections.PerInstancePeak,
			PerRequestPeak:  rep.Connections.PerRequestPeak,
			PoolSize:        rep.Connections.PoolSize,
		},
		FCMonthly: rep.Bill.Total,
	}
	if rep.WindowSeconds > 0 {
		v.RequestsPerMonth = math.Round(float64(rep.Requests) * sp.setup.Month.Seconds() / rep.WindowSeconds)
	}
	e := &comparereport.ECS{Type: ej.cfg.InstanceType, Mode: mode}
	switch {
	case ej.err != nil:
		e.Error = ej.err.Error()
	case ej.rep != nil:
		e.Type, e.Mode = ej.rep.Cost.Type, ej.rep.Mode
		e.Monthly, e.Currency = ej.rep.Monthly, ej.rep.Cost.Currency
		e.InstancesPeak, e.Dropped, e.LatencyP99Ms = ej.rep.Instances.Peak, ej.rep.Dropped, ej.rep.LatencyMs.P99
	}
	v.ECS = e
	return v
}

// parseVary parses --vary KEY=V1,V2 (';' separates values that contain
// commas).
func parseVary(list []string) ([]axis, error) {
	var out []axis
	seen := map[string]string{}
	for _, kv := range list {
		k, vals, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("--vary %q: expected KEY=V1,V2,...", kv)
		}
		if !validKey(k) {
			return nil, fmt.Errorf("--vary %q: unknown setting %q (valid keys: %s)", kv, k, strings.Join(fc.SetKeys(), ", "))
		}
		if prev, dup := seen[normKey(k)]; dup {
			return nil, fmt.Errorf("--vary %q: %s is already varied by --vary %q", kv, k, prev)
		}
		seen[normKey(k)] = kv
		values := splitList(vals)
		if len(values) == 0 {
			return nil, fmt.Errorf("--vary %q: no values", kv)
		}
		out = append(out, axis{key: k, values: values})
	}
	return out, nil
}

// namedVariant is a parsed --variant.
type namedVariant struct {
	name string
	sets []string
}

func parseVariants(list []string) ([]namedVariant, error) {
	var out []namedVariant
	for _, s := range list {
		name, body, ok := strings.Cut(s, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("--variant %q: expected NAME:KEY=VALUE,...", s)
		}
		var sets []string
		for _, kv := range splitList(body) {
			k, _, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("--variant %q: %q: expected KEY=VALUE", s, kv)
			}
			if !validKey(k) {
				return nil, fmt.Errorf("--variant %q: unknown setting %q (valid keys: %s)", s, strings.TrimSpace(k), strings.Join(fc.SetKeys(), ", "))
			}
			sets = append(sets, kv)
		}
		out = append(out, namedVariant{name: name, sets: sets})
	}
	return out, nil
}

// splitList splits on ';' when there is one, else on ','; empty items are
// dropped.
func splitList(s string) []string {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []string
	for _, v := range strings.Split(s, sep) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func normKey(k string) string {
	return strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(strings.TrimSpace(k)))
}

func validKey(k string) bool {
	n := normKey(k)
	for _, key := range fc.SetKeys() {
		if key == n {
			return true
		}
	}
	return false
}

// product returns every combination of the axes' values, the first axis
// outermost, and a name for each.
func product(axes []axis) (sets [][]string, names []string) {
	if len(axes) == 0 {
		return nil, nil
	}
	sets = [][]string{nil}
	for _, a := range axes {
		var next [][]string
		for _, prefix := range sets {
			for _, v := range a.values {
				next = append(next, append(append([]string(nil), prefix...), a.key+"="+v))
			}
		}
		sets = next
	}
	for _, s := range sets {
		names = append(names, strings.Join(s, " "))
	}
	return sets, names
}

func checkNames(specs []*variantSpec) error {
	seen := map[string]bool{}
	for _, sp := range specs {
		if seen[sp.name] {
			return fmt.Errorf("two variants are named %q: names must be unique", sp.name)
		}
		seen[sp.name] = true
	}
	return nil
}

// memoryGrid is the sweep's coarse grid: from the catalog's minimum memory
// doubling to its maximum, with the midpoint (x1.5) between each pair,
// rounded to the catalog's step. Sizes whose vCPU (following memory) would
// pass the catalog's vCPU maximum are left out.
func memoryGrid(cat *catalog.Catalog) []int {
	lim := sweepLimit(cat)
	step := max(lim.Step, 1)
	var out []int
	for m := lim.Min; m > 0 && m <= lim.Max; m *= 2 {
		out = append(out, m)
		if mid := m * 3 / 2 / step * step; mid < 2*m && mid <= lim.Max && mid > m {
			out = append(out, mid)
		}
	}
	return out
}

// sweepLimit is the catalog's memory range, capped where the vCPU that
// follows memory reaches the catalog's vCPU maximum.
func sweepLimit(cat *catalog.Catalog) catalog.IntRange {
	lim := cat.Platform.MemoryMB
	if per, vmax := cat.Platform.VCPUPerGB.Value, cat.Platform.VCPU.Max; per > 0 && vmax > 0 {
		step := max(lim.Step, 1)
		if capMB := int(vmax/per*1024) / step * step; capMB < lim.Max && capMB >= lim.Min {
			lim.Max = capMB
		}
	}
	return lim
}

// refineGrid returns up to 8 sizes, in the catalog's steps, strictly
// between the coarse grid's neighbours of best.
func refineGrid(cat *catalog.Catalog, grid []int, best int) []int {
	lim := sweepLimit(cat)
	step := max(lim.Step, 1)
	lo, hi := lim.Min, lim.Max
	for i, m := range grid {
		if m == best {
			if i > 0 {
				lo = grid[i-1]
			}
			if i+1 < len(grid) {
				hi = grid[i+1]
			}
		}
	}
	inGrid := map[int]bool{}
	for _, m := range grid {
		inGrid[m] = true
	}
	n := (hi - lo) / step // steps in the interval
	stride := max(1, (n+8)/9)
	var out []int
	for m := lo + stride*step; m < hi; m += stride * step {
		if !inGrid[m] {
			out = append(out, m)
		}
	}
	return out
}

// commonNotes are the notes every variant's report carries, in the order of
// the first; notes of single variants (their CU totals...) are left to
// `fcplan simulate`.
func commonNotes(reps []*simulator.Report) []string {
	counts := map[string]int{}
	for _, r := range reps {
		seen := map[string]bool{}
		for _, n := range append(append([]string(nil), r.Bill.Notes...), r.Notes...) {
			if !seen[n] {
				seen[n] = true
				counts[n]++
			}
		}
	}
	out := []string{}
	var first []string
	if len(reps) > 0 {
		first = append(append([]string(nil), reps[0].Bill.Notes...), reps[0].Notes...)
	}
	for _, n := range first {
		if counts[n] == len(reps) {
			out = append(out, n)
		}
	}
	if len(out) < len(counts) {
		out = append(out, "notes that differ between variants are left out: run fcplan simulate with a variant's settings to see them")
	}
	return out
}

func traffic(f *simsetup.Flags) string {
	if f.Workload != "" {
		return f.Workload
	}
	return f.Trace
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
