// Package simsetup turns the flags that describe a function, its traffic and
// its bill (-c, --function, --set, --memory, --workload, --duration,
// --pricing, ...) into an fc.Config, a workload source and simulator
// options. `fcplan simulate`, `fcplan compare` and `fcplan review` share it,
// so a function means the same thing in every command.
//
// Every error it returns is an input error (the caller exits with status 2).
package simsetup

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

// Flags are the values of the function, workload and billing flags.
type Flags struct {
	Configs  []string
	Function string
	Sets     []string
	// Maps are --map TRACE=PROJECT pairs: a trace function simulated
	// with a project function whose name differs.
	Maps []string
	// LoadOptions returns the project loader's options (--var, --env...);
	// it is called only when Configs are given.
	LoadOptions func() (load.Options, error)

	Trace       string
	TraceFormat string
	SkipBadRows bool
	Top         int
	Workload    string

	Duration  string
	ColdStart string
	KeepAlive string

	Pricing    string
	BillingEra string
	Region     string
	Currency   string
	FreeTier   bool
	Month      string

	Seed   int64
	Window string
	Warmup string
	Epoch  string

	Memory       int
	CPU          float64
	Runtime      string
	Concurrency  int
	MinInstances int
	MaxInstances int
	Timeout      string
	VPC          bool
	Routing      string
	PoolSize     int
	Invocation   string
	CatalogFiles []string

	// AllowFleet lets a project with several functions and no --function
	// through Prepare when a trace is given: a fleet run maps the trace's
	// functions to the project's (NeedsFunction says the single-run error).
	AllowFleet bool

	// Changed reports whether the user gave a flag (cobra's
	// cmd.Flags().Changed); Register sets it.
	Changed func(flag string) bool
}

// Register adds the flags to cmd. A command adds its own output flags
// (--format...) and the project loader's flags itself.
func (f *Flags) Register(cmd *cobra.Command) {
	fs := cmd.Flags()
	f.Changed = fs.Changed
	fs.StringArrayVarP(&f.Configs, "config", "c", nil, "project `path` (s.yaml, directory, Terraform plan JSON; repeatable)")
	fs.StringVar(&f.Function, "function", "", "function `name` or key in the project, or function key in a multi-function trace")
	fs.StringArrayVar(&f.Maps, "map", nil, "simulate trace function `TRACE=PROJECT` with the project's function PROJECT (repeatable; by default trace functions match project functions by name)")
	fs.StringArrayVar(&f.Sets, "set", nil, "override a setting `key=value` (repeatable; see above)")
	fs.StringVar(&f.Trace, "trace", "", "trace `file` (or Azure 2019 directory)")
	fs.StringVar(&f.TraceFormat, "trace-format", "", "trace format: csv, azure2019, azure2021 or fc-requestlog (default: detected)")
	fs.BoolVar(&f.SkipBadRows, "skip-bad-rows", false, "skip and count malformed trace rows instead of failing")
	fs.IntVar(&f.Top, "top", 0, "keep only the `N` busiest functions of the trace")
	fs.StringVar(&f.Workload, "workload", "", "generated workload `spec` (poisson:, diurnal:, burst:, cron:, replay:)")
	fs.StringVar(&f.Duration, "duration", "", "execution-time `model` for arrivals without one (default fixed:100ms)")
	fs.StringVar(&f.ColdStart, "cold-start", "", "cold-start `distribution` replacing the catalog profile (fixed:0 allowed)")
	fs.StringVar(&f.KeepAlive, "keep-alive", "", "idle time before an on-demand instance is reclaimed, or never (default: catalog)")
	fs.StringVar(&f.Pricing, "pricing", "", "meters: fc3 (compute units) or fc2 (legacy GiB-s + calls, the same as --billing-era legacy); default: the billing era's")
	fs.StringVar(&f.BillingEra, "billing-era", "", "billing rules and keep-alive: legacy, cu-2024-08 or 2025-12 (default: the catalog's current era)")
	fs.StringVar(&f.Region, "region", "", "region for prices and scale-out limits (default: the function's, else cn-hangzhou)")
	fs.StringVar(&f.Currency, "currency", "", "CNY or USD (default: the region's)")
	fs.BoolVar(&f.FreeTier, "free-tier", true, "deduct the billing era's monthly free tier, if it has one")
	fs.StringVar(&f.Month, "month", "720h", "length of a billing month")
	fs.Int64Var(&f.Seed, "seed", 1, "random seed: the same seed gives the same output")
	fs.StringVar(&f.Window, "window", "", "simulated span (arrivals after it are ignored), e.g. 24h or 30d")
	fs.StringVar(&f.Warmup, "warmup", "0", "discard measurements before this time (the start-up ramp)")
	fs.StringVar(&f.Epoch, "start", "2026-01-05T00:00:00Z", "wall-clock `time` of the trace start, for scheduled scaling policies")
	fs.IntVar(&f.Memory, "memory", 0, "memory in `MB` (default: catalog, 512)")
	fs.Float64Var(&f.CPU, "cpu", 0, "vCPUs (FC 3.0 cpu; default: in proportion to memory)")
	fs.StringVar(&f.Runtime, "runtime", "", "runtime, e.g. go1, nodejs18, python3.10, java17, custom-container")
	fs.IntVar(&f.Concurrency, "concurrency", 0, "instance concurrency (requests per instance)")
	fs.IntVar(&f.MinInstances, "min-instances", 0, "minimum (provisioned) instances, kept warm")
	fs.IntVar(&f.MaxInstances, "max-instances", 0, "maximum instances (default: catalog, 100)")
	fs.StringVar(&f.Timeout, "timeout", "", "function timeout (seconds or a duration)")
	fs.BoolVar(&f.VPC, "vpc", false, "the function has VPC access (adds an ENI attach to cold starts)")
	fs.StringVar(&f.Routing, "routing", "", "pick among warm instances: pack (most recent first, default) or spread (least recent)")
	fs.IntVar(&f.PoolSize, "pool-size", 1, "downstream connections each instance opens at init")
	fs.StringVar(&f.Invocation, "invocation", "auto", "auto (trace flag, or the function's triggers), sync or async")
	fs.StringArrayVar(&f.CatalogFiles, "catalog", nil, "catalog override `file` (repeatable)")
}

func (f *Flags) changed(name string) bool {
	return f.Changed != nil && f.Changed(name)
}

// Setup is a function, its traffic and its billing, ready to simulate.
// Config derives the model of a variant; a Setup is safe for concurrent use
// once Prepare has returned.
type Setup struct {
	Catalog *catalog.Catalog
	// Function is the loaded function, nil when flags describe it.
	Function *model.Function
	// Label names the function in reports.
	Label  string
	Region string
	// Window is the simulated span (0: the span of the arrivals); Warmup
	// the discarded start; Month the billing month.
	Window, Warmup, Month time.Duration
	Seed                  int64
	// Pricing is the meters (fc3 or fc2) and Era the billing era, both
	// resolved: the era also set the keep-alive and billed idle time.
	Pricing    string
	Era        catalog.BillingEra
	Invocation string
	// Notes are the assumptions made while setting up.
	Notes []string

	flags *Flags
	// project is the loaded project when it has several functions and
	// no --function picked one: a fleet run maps trace functions to them.
	project *model.Project
	// pickErr is why no single function could be picked from project.
	pickErr error
	maps    map[string]string
	epoch   time.Time
	horizon time.Duration
	// base is the model after catalog, project, flags and --set, without
	// the execution-time model (it depends on the final vCPU).
	base         fc.Config
	durationSpec string
}

// Prepare checks the flags and builds the function's model. cat may be nil:
// the catalog is then loaded from the embedded data and --catalog files.
func Prepare(f *Flags, cat *catalog.Catalog) (*Setup, error) {
	if (f.Trace == "") == (f.Workload == "") {
		return nil, fmt.Errorf("give exactly one of --trace FILE or --workload SPEC")
	}
	if cat == nil {
		var err error
		if cat, err = catalog.Load(f.CatalogFiles...); err != nil {
			return nil, err
		}
	}
	s := &Setup{Catalog: cat, flags: f, Seed: f.Seed}
	if err := f.checkNumbers(cat); err != nil {
		return nil, err
	}
	month, err := workload.ParseDuration(f.Month)
	if err != nil || month <= 0 {
		return nil, fmt.Errorf("--month %q: expected a positive duration such as 720h or 30d", f.Month)
	}
	if err := flagcheck.Month.Duration("--month", f.Month, month); err != nil {
		return nil, err
	}
	s.Month = month
	if s.Window, err = optDuration("--window", f.Window); err != nil {
		return nil, err
	}
	if s.Window == 0 && f.Workload != "" {
		s.Window = SpecDuration(f.Workload)
	}
	if s.Warmup, err = optDuration("--warmup", f.Warmup); err != nil {
		return nil, err
	}
	epoch, err := fc.ParseTime(f.Epoch, time.UTC)
	if err != nil {
		return nil, fmt.Errorf("--start: %v", err)
	}
	horizon := s.Window
	if horizon == 0 {
		horizon = month
	}

	// 1. The function: catalog defaults, then the project, then flags,
	// then --set.
	fn := (*model.Function)(nil)
	region := f.Region
	if len(f.Configs) > 0 {
		p, err := loadProject(f)
		if err != nil {
			return nil, err
		}
		if fn, err = pickFunction(f, p); err != nil {
			if !f.AllowFleet || f.Trace == "" || f.Function != "" {
				return nil, err
			}
			// A multi-function trace maps its functions to these.
			s.project, s.pickErr = p, err
		}
		if region == "" && fn != nil {
			region = fn.Region.Or("")
		}
	}
	if region == "" {
		region = "cn-hangzhou"
	}
	s.Function, s.Region, s.Label = fn, region, f.Function
	s.epoch, s.horizon = epoch, horizon
	if s.maps, err = parseMaps(f.Maps, s.project, fn); err != nil {
		return nil, err
	}
	// The billing era sets keep-alive and the billed idle time before the
	// flags, which may still override them.
	bo, era, err := billing.ResolveOptions(billing.Options{Era: f.BillingEra, Pricing: f.Pricing}, cat)
	if err != nil {
		return nil, fmt.Errorf("--billing-era/--pricing: %v", err)
	}
	s.Era, s.Pricing = era, bo.Pricing
	cfg, spec, notes, err := s.baseFor(fn)
	if err != nil {
		return nil, err
	}
	s.Notes = append(s.Notes, notes...)
	if fn != nil {
		s.Label = fn.Name.Or(fn.Key)
	} else if f.Runtime == "" {
		s.Notes = append(s.Notes, "no --runtime: the catalog's default cold-start profile is used")
	}
	s.durationSpec = spec
	s.base = cfg
	if s.durationSpec == "" {
		s.Notes = append(s.Notes, "arrivals without a recorded execution time run for fixed:100ms (set --duration)")
	}
	// The unvaried model must be valid on its own.
	if _, err := s.config(nil, "--duration"); err != nil {
		return nil, err
	}

	// 2. How arrivals are invoked and billed.
	s.Invocation = simulator.InvokeTrace
	switch f.Invocation {
	case "auto":
		if fn != nil && fc.AsyncByTriggers(fn) {
			s.Invocation = simulator.InvokeAsync
			s.Notes = append(s.Notes, "every trigger of the function is asynchronous: arrivals are invoked async")
		}
	case "sync", "async":
		s.Invocation = f.Invocation
	default:
		return nil, fmt.Errorf("--invocation %q: expected auto, sync or async", f.Invocation)
	}
	if fn != nil && fn.Generation == model.FC2 && s.Pricing != "fc2" {
		s.Notes = append(s.Notes, "an FC 2.0 function is billed in compute units since 2024-08-27 like FC 3.0; --billing-era legacy bills the old GiB-s + call prices")
	}
	if c := f.Currency; c != "" && c != "CNY" && c != "USD" {
		return nil, fmt.Errorf("--currency %q: expected CNY or USD", c)
	}
	return s, nil
}

// baseFor builds the model of fn (nil: the catalog defaults) in the
// order every command uses: catalog, project, billing era, flags, --set.
// It returns the execution-time spec (--duration or --set duration=).
func (s *Setup) baseFor(fn *model.Function) (fc.Config, string, []string, error) {
	f, cat := s.flags, s.Catalog
	var cfg fc.Config
	var notes []string
	var err error
	if fn != nil {
		if cfg, notes, err = fc.ConfigFromFunction(cat, fn, s.Region, s.epoch, s.horizon); err != nil {
			return cfg, "", nil, err
		}
	} else if cfg, err = fc.DefaultConfig(cat, f.Runtime, s.Region); err != nil {
		return cfg, "", nil, err
	}
	cfg.UseEra(s.Era)
	if err := applyFlags(&cfg, cat, f); err != nil {
		return cfg, "", nil, err
	}
	spec := f.Duration
	for _, kv := range f.Sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return cfg, "", nil, fmt.Errorf("--set %q: expected key=value", kv)
		}
		if err := checkSet(cat, "--set "+strings.TrimSpace(k)+"=", k, v); err != nil {
			return cfg, "", nil, err
		}
		if err := cfg.Set(cat, k, v); err != nil {
			return cfg, "", nil, fmt.Errorf("--set %v", err)
		}
		if IsDurationKey(k) {
			spec = v
		}
	}
	return cfg, spec, notes, nil
}

// NeedsFunction is the error for a single-function run on a project with
// several functions and no --function, or nil. Fleet runs map the trace's
// functions to the project's instead.
func (s *Setup) NeedsFunction() error { return s.pickErr }

// FleetConfig returns the validated model of the trace function key and
// where it came from: the project function --map names, else the project
// function of that name or key, else the single function -c gave, else
// the defaults (with the flags and --set on top in every case).
func (s *Setup) FleetConfig(key string) (fc.Config, string, error) {
	source := "defaults"
	if s.Function != nil {
		source = "-c " + s.Label
	}
	cfg, spec := s.base, s.durationSpec
	var fn *model.Function
	if s.project != nil {
		name, mapped := s.maps[key]
		if !mapped {
			name = key
		}
		if fn = s.project.Function(name); fn != nil {
			source = "project function " + fn.Name.Or(fn.Key)
			if mapped {
				source += " (--map)"
			}
		}
	}
	if fn != nil {
		var err error
		if cfg, spec, _, err = s.baseFor(fn); err != nil {
			return cfg, "", err
		}
	}
	if spec != "" {
		d, err := fc.ParseDuration(spec, cfg.VCPU)
		if err != nil {
			return cfg, "", DurationError("--duration", spec, err)
		}
		cfg.Duration = d
	}
	cfg.Seed = uint64(s.Seed)
	cfg.Window = s.Window
	cfg.Warmup = s.Warmup
	if err := cfg.Validate(); err != nil {
		return cfg, "", err
	}
	if err := s.Catalog.Platform.CheckFunction(cfg.MemoryMB, cfg.Concurrency); err != nil {
		return cfg, "", err
	}
	return cfg, source, nil
}

// CheckTraceKeys fails when a --map names a trace function the trace
// does not have (a typo would otherwise silently use the defaults).
func (s *Setup) CheckTraceKeys(keys []string) error {
	have := make(map[string]bool, len(keys))
	for _, k := range keys {
		have[k] = true
	}
	var missing []string
	for k := range s.maps {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("--map: no function %q in the trace %s", missing[0], s.flags.Trace)
}

// parseMaps parses --map TRACE=PROJECT pairs; PROJECT must be a function
// of the project.
func parseMaps(pairs []string, p *model.Project, single *model.Function) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	if p == nil {
		if single != nil {
			return nil, fmt.Errorf("--map: the project has one function (%s), used for every trace function: --map needs a project with several", single.Name.Or(single.Key))
		}
		return nil, fmt.Errorf("--map: needs a project with several functions (-c)")
	}
	m := map[string]string{}
	for _, kv := range pairs {
		t, pf, ok := strings.Cut(kv, "=")
		t, pf = strings.TrimSpace(t), strings.TrimSpace(pf)
		if !ok || t == "" || pf == "" {
			return nil, fmt.Errorf("--map %q: expected TRACE=PROJECT (a trace function key and a project function name)", kv)
		}
		if p.Function(pf) == nil {
			return nil, fmt.Errorf("--map %q: no function %q in the project (functions: %s)", kv, pf, functionNames(p))
		}
		if _, dup := m[t]; dup {
			return nil, fmt.Errorf("--map %q: trace function %q is mapped twice", kv, t)
		}
		m[t] = pf
	}
	return m, nil
}

// IsDurationKey reports whether a --set key names the execution-time model.
func IsDurationKey(key string) bool {
	return strings.EqualFold(strings.TrimSpace(key), "duration")
}

// Config returns the validated model with the settings sets (key=value,
// applied after the flags and --set) on top. The execution-time model is
// parsed last, for the final vCPU: a variant with more memory runs the CPU
// part of `cpu:` durations faster.
func (s *Setup) Config(sets []string) (fc.Config, error) {
	return s.config(sets, "--set duration")
}

func (s *Setup) config(sets []string, durationFlag string) (fc.Config, error) {
	cfg := s.base
	spec := s.durationSpec
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return cfg, fmt.Errorf("%q: expected key=value", kv)
		}
		if err := checkSet(s.Catalog, strings.TrimSpace(k)+"=", k, v); err != nil {
			return cfg, err
		}
		if err := cfg.Set(s.Catalog, k, v); err != nil {
			return cfg, err
		}
		if IsDurationKey(k) {
			spec = v
		}
	}
	if spec != "" {
		d, err := fc.ParseDuration(spec, cfg.VCPU)
		if err != nil {
			return cfg, DurationError(durationFlag, spec, err)
		}
		cfg.Duration = d
	}
	cfg.Seed = uint64(s.Seed)
	cfg.Window = s.Window
	cfg.Warmup = s.Warmup
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	// A model no function can be deployed with would give figures for
	// nothing: memory and instance concurrency stay within the platform's
	// limits.
	if err := s.Catalog.Platform.CheckFunction(cfg.MemoryMB, cfg.Concurrency); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// DurationError is the message for an execution-time model that does not
// parse: the model's own reason, and the accepted forms once.
func DurationError(flag, spec string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "expected fixed:") {
		// The distribution parser already listed its forms; list them
		// once, with the cpu: form only execution times take.
		return fmt.Errorf("%s %q: expected %s", flag, spec, fc.DurationSyntax)
	}
	return fmt.Errorf("%s %q: %v (expected %s)", flag, spec, err, fc.DurationSyntax)
}

// DurationSpec is the execution-time model given by --duration or
// --set duration=, or "" for the catalog default.
func (s *Setup) DurationSpec() string { return s.durationSpec }

// Open opens a fresh stream of the workload. Every call yields the same
// arrivals (same seed), so variants can be compared on identical traffic.
func (s *Setup) Open() (workload.Source, error) {
	f := s.flags
	if f.Workload != "" {
		return workload.OpenSpec(f.Workload, f.Seed)
	}
	fopts := workload.FileOptions{SkipBadRows: f.SkipBadRows, TopN: f.Top, Seed: f.Seed}
	if len(f.Configs) == 0 {
		// Without a project, --function selects a function of the trace.
		fopts.Function = f.Function
	}
	return workload.OpenFile(f.Trace, f.TraceFormat, fopts)
}

// Options returns the simulator options for cfg (a model from Config).
// Each call returns fresh slices, so concurrent runs share nothing.
func (s *Setup) Options(cfg fc.Config) simulator.Options {
	f := s.flags
	o := simulator.Options{
		Billing:    billing.Options{Era: s.Era.ID, Pricing: s.Pricing, Region: s.Region, Currency: f.Currency, FreeTier: f.FreeTier, Month: s.Month},
		Catalog:    s.Catalog,
		Function:   s.Label,
		Invocation: s.Invocation,
		Notes:      append([]string(nil), s.Notes...),
		// A trace records execution times: arrivals without one are
		// counted and said.
		TraceDurations: f.Trace != "",
	}
	if f.Duration == "" && s.durationSpec == "" && f.Trace != "" {
		o.Describe.Duration = "from the trace, else " + cfg.Duration.String()
	}
	return o
}

// applyFlags applies the function-describing flags the user gave.
func applyFlags(cfg *fc.Config, cat *catalog.Catalog, o *Flags) error {
	set := func(flag, key, value string) error {
		if !o.changed(flag) {
			return nil
		}
		if err := cfg.Set(cat, key, value); err != nil {
			if se := (*fc.SetError)(nil); errors.As(err, &se) {
				return fmt.Errorf("--%s %s: %v", flag, value, se.Err)
			}
			return fmt.Errorf("--%s: %v", flag, err)
		}
		return nil
	}
	steps := []struct{ flag, key, value string }{
		{"runtime", "runtime", o.Runtime},
		{"memory", "memory", fmt.Sprint(o.Memory)},
		{"cpu", "cpu", fmt.Sprint(o.CPU)},
		{"concurrency", "concurrency", fmt.Sprint(o.Concurrency)},
		{"min-instances", "minInstances", fmt.Sprint(o.MinInstances)},
		{"max-instances", "maxInstances", fmt.Sprint(o.MaxInstances)},
		{"timeout", "timeout", o.Timeout},
		{"vpc", "vpc", fmt.Sprint(o.VPC)},
		{"routing", "routing", o.Routing},
		{"pool-size", "poolSize", fmt.Sprint(o.PoolSize)},
		{"keep-alive", "keepAlive", o.KeepAlive},
		{"cold-start", "coldStart", o.ColdStart},
	}
	for _, st := range steps {
		if err := set(st.flag, st.key, st.value); err != nil {
			return err
		}
	}
	if o.changed("min-instances") && !o.changed("max-instances") && cfg.MinInstances > cfg.MaxInstances {
		cfg.MaxInstances = cfg.MinInstances
	}
	return nil
}

func optDuration(flag, v string) (time.Duration, error) {
	if v == "" || v == "0" {
		return 0, nil
	}
	d, err := workload.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s %q: expected a duration such as 24h or 30d", flag, v)
	}
	if err := flagcheck.Window.Duration(flag, v, d); err != nil {
		return 0, err
	}
	return d, nil
}

// checkNumbers checks the numeric flags the user gave against the
// platform's limits (catalog) or the simulator's ranges, before any is
// applied: a value out of range is named by its own flag.
func (f *Flags) checkNumbers(cat *catalog.Catalog) error {
	ints := []struct {
		flag string
		v    int
		r    flagcheck.Range
	}{
		{"memory", f.Memory, flagcheck.Memory(cat)},
		{"concurrency", f.Concurrency, flagcheck.Concurrency(cat)},
		{"min-instances", f.MinInstances, flagcheck.MinInstances},
		{"max-instances", f.MaxInstances, flagcheck.MaxInstances},
		{"pool-size", f.PoolSize, flagcheck.PoolSize},
		{"top", f.Top, flagcheck.Top},
	}
	for _, c := range ints {
		if f.changed(c.flag) {
			if err := c.r.Int("--"+c.flag, int64(c.v)); err != nil {
				return err
			}
		}
	}
	if f.changed("cpu") {
		if err := flagcheck.VCPU(cat).Float("--cpu", f.CPU); err != nil {
			return err
		}
	}
	if f.changed("timeout") {
		if err := checkTimeout(cat, "--timeout", f.Timeout); err != nil {
			return err
		}
	}
	return nil
}

// checkTimeout checks a timeout (seconds or a duration) against the
// platform's range; a value that does not parse is left to the model's
// own message.
func checkTimeout(cat *catalog.Catalog, flag, v string) error {
	var c fc.Config
	if err := c.Set(cat, "timeout", v); err != nil {
		return nil
	}
	return flagcheck.Timeout(cat).Duration(flag, v, c.Timeout)
}

// checkSet checks a --set value against the same ranges as its flag.
func checkSet(cat *catalog.Catalog, flag, key, v string) error {
	switch strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(strings.TrimSpace(key))) {
	case "cpu", "vcpu":
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil // the model says what it expects
		}
		return flagcheck.VCPU(cat).Float(flag, x)
	case "timeout":
		return checkTimeout(cat, flag, v)
	case "mininstances", "provisioned":
		return intSet(flagcheck.MinInstances, flag, v)
	case "maxinstances":
		return intSet(flagcheck.MaxInstances, flag, v)
	case "poolsize":
		return intSet(flagcheck.PoolSize, flag, v)
	}
	return nil
}

func intSet(r flagcheck.Range, flag, v string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return nil // the model says what it expects
	}
	return r.Int(flag, n)
}

// SpecDuration returns the span of a generator spec - its duration=, or
// the generator's default (a diurnal spec spans one period) - or 0 when the
// spec does not fix one.
func SpecDuration(spec string) time.Duration {
	if d, err := workload.SpecSpan(spec); err == nil && d > 0 {
		return d
	}
	_, args, ok := strings.Cut(spec, ":")
	if !ok {
		return 0
	}
	for _, kv := range strings.Split(args, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && strings.TrimSpace(k) == "duration" {
			d, err := workload.ParseDuration(strings.TrimSpace(v))
			if err == nil {
				return d
			}
		}
	}
	return 0
}

func loadProject(o *Flags) (*model.Project, error) {
	var lo load.Options
	if o.LoadOptions != nil {
		var err error
		if lo, err = o.LoadOptions(); err != nil {
			return nil, err
		}
	}
	p := load.Paths(o.Configs, lo)
	if p.HasErrors() {
		p.SortDiagnostics()
		var msgs []string
		for _, d := range p.Diagnostics {
			if d.Severity == model.DiagError {
				msgs = append(msgs, d.String())
			}
		}
		return nil, fmt.Errorf("cannot load the project:\n  %s", strings.Join(msgs, "\n  "))
	}
	if len(p.Functions) == 0 {
		return nil, fmt.Errorf("no functions found in %s", strings.Join(o.Configs, ", "))
	}
	return p, nil
}

func pickFunction(o *Flags, p *model.Project) (*model.Function, error) {
	if o.Function != "" {
		if f := p.Function(o.Function); f != nil {
			return f, nil
		}
		return nil, fmt.Errorf("--function %q: not in the project (functions: %s)", o.Function, functionNames(p))
	}
	if len(p.Functions) > 1 {
		return nil, fmt.Errorf("the project has %d functions: pick one with --function (%s)", len(p.Functions), functionNames(p))
	}
	return p.Functions[0], nil
}

func functionNames(p *model.Project) string {
	var names []string
	for _, f := range p.Functions {
		names = append(names, f.Name.Or(f.Key))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
