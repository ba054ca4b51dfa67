package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/flagcheck"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/numfmt"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/cmd/fcplan/internal/simsetup"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/breakeven"
	"github.com/fcplan/fcplan/simulator/ecs"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

type costOptions struct {
	requests     string
	duration     string
	memory       int
	cpu          float64
	concurrency  int
	minInstances int
	pricing      string
	billingEra   string
	region       string
	currency     string
	freeTier     bool
	month        string
	ecsType      string
	ecsPricing   string
	bound        string
	peakToMean   float64
	headroom     float64
	format       string
	catalogFiles []string
	changed      func(string) bool
}

func init() {
	registerCommand(45, newCostCmd)
}

func newCostCmd(s *Streams) *cobra.Command {
	opts := &costOptions{}
	cmd := &cobra.Command{
		Use:   "cost --requests N --duration D [flags]",
		Short: "Closed-form monthly FC bill, the break-even against an ECS fleet, and a crossover table",
		Long: `cost answers "what will this cost on Function Compute, and when would
servers be cheaper?" without a trace. It prices --requests per month of
--duration each at --memory under a billing era (--billing-era: legacy FC
2.0 prices, cu-2024-08 compute units, or the default 2025-12 rules with the
CNY 0.01 hourly minimum), in a region and currency, with the era's free
tier deducted unless --free-tier=false,
sizes a fixed ECS fleet of --ecs-type for the peak (mean rate x
--peak-to-mean, plus --headroom), finds the request volume where the two
cost the same, and prints a crossover table to paste into a design doc.

FC, closed form: instance time is billed, not request time. Requests
running at once are Poisson with mean rate x duration; with instance
concurrency C they occupy ceil(N/C) instances (exact for C = 1, a lower
bound for C > 1). The hourly rules see the usage spread evenly over the
hours with calls. Cold starts, keep-alive and the idle-rate billing of
on-demand instances after each request are left out: fcplan simulate
measures them on a trace. Without an ECS price for the region in the
catalog, the FC bill is printed alone and the output says why.

ECS: a fixed fleet billed by subscription (--ecs-pricing payg for hourly),
sized ceil(peak/s x service x (1 + headroom) / slots per instance). Slots:
one request per vCPU for CPU-bound work; with --duration
cpu:io=..,cpu=..@1vcpu, vCPU x (io+cpu)/cpu; --workload-class io uses the
per-instance concurrency cap. The same rule sizes the simulated fleet
(simulator/ecs). ECS prices in the catalog are UNCONFIRMED estimates; the
output says so.

--requests takes K, M, B suffixes (100M = 100,000,000 a month).

Exit status: 0 on success, 2 on bad input.`,
		Example: `  # 100 M calls a month, 200 ms, 1 GB, against one c7.large per 2 vCPU of peak
  fcplan cost --requests 100M --duration 200ms --memory 1024

  # I/O-heavy handler, peak 3x the mean, Markdown for a design doc
  fcplan cost --requests 50M --duration cpu:io=180ms,cpu=20ms@1vcpu --peak-to-mean 3 --format markdown

  # FC 2.0 prices (legacy era) with its free tier, in USD, against a c7.xlarge fleet
  fcplan cost --requests 5M --duration 200ms --memory 512 --billing-era legacy --currency USD --ecs-type ecs.c7.xlarge

  # An hourly cron job under the current rules: 720 calls bill the hourly minimum
  fcplan cost --requests 720 --duration 100ms`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.changed = cmd.Flags().Changed
			return runCost(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.requests, "requests", "", "requests per month, e.g. 100M, 2.5B, 300000 (required)")
	f.StringVar(&opts.duration, "duration", "", "execution time: 200ms, a distribution (lognormal:p50=..,p99=..) or cpu:io=50ms,cpu=150ms@1vcpu (required)")
	f.IntVar(&opts.memory, "memory", 0, "memory in `MB` (default: catalog, 512)")
	f.Float64Var(&opts.cpu, "cpu", 0, "vCPUs (FC 3.0 cpu; default: in proportion to memory)")
	f.IntVar(&opts.concurrency, "concurrency", 1, "instance concurrency (requests per instance)")
	f.IntVar(&opts.minInstances, "min-instances", 0, "minimum instances kept alive all month")
	f.StringVar(&opts.pricing, "pricing", "", "meters: fc3 (compute units) or fc2 (legacy GiB-s + calls, the same as --billing-era legacy); default: the billing era's")
	f.StringVar(&opts.billingEra, "billing-era", "", "billing rules: legacy, cu-2024-08 or 2025-12 (default: the catalog's current era)")
	f.StringVar(&opts.region, "region", "cn-hangzhou", "region for FC and ECS prices")
	f.StringVar(&opts.currency, "currency", "", "CNY or USD (default: the region's)")
	f.BoolVar(&opts.freeTier, "free-tier", true, "deduct the billing era's monthly free tier, if it has one")
	f.StringVar(&opts.month, "month", "720h", "length of a billing month")
	f.StringVar(&opts.ecsType, "ecs-type", "", "ECS instance `type` to compare with (default: the catalog's ecs.defaultType, ecs.c7.large)")
	f.StringVar(&opts.ecsPricing, "ecs-pricing", "subscription", "ECS billing: subscription or payg")
	f.StringVar(&opts.bound, "workload-class", "cpu", "class of a plain --duration: cpu (1 request per vCPU) or io (concurrency cap)")
	f.Float64Var(&opts.peakToMean, "peak-to-mean", 3, "peak request rate / mean rate the ECS fleet must serve")
	f.Float64Var(&opts.headroom, "headroom", 0, "spare ECS capacity above the peak, e.g. 0.25 (default: catalog)")
	f.StringVarP(&opts.format, "format", "f", "text", "output format: text, json or markdown")
	f.StringArrayVar(&opts.catalogFiles, "catalog", nil, "catalog override `file` (repeatable)")
	return cmd
}

// Ranges of cost's own numeric flags (the others are simulate's).
var (
	// costRequests bounds --requests: 1e15 a month is 386 M requests a
	// second, far past any function, and keeps every count exact.
	costRequests = flagcheck.Range{Min: 0, Max: 1e15, Unit: " requests a month"}
	// costPeakToMean bounds --peak-to-mean: a peak is at least the mean.
	costPeakToMean = flagcheck.Range{Min: 1, Max: 1000}
	// costHeadroom bounds --headroom: up to ten times the peak spare.
	costHeadroom = flagcheck.Range{Min: 0, Max: 10}
)

// costExecution bounds the mean execution time: up to the platform's
// longest timeout.
func costExecution(cat *catalog.Catalog) flagcheck.Range {
	r := flagcheck.Timeout(cat)
	r.Min = 0
	return r
}

func (o *costOptions) flagChanged(name string) bool {
	return o.changed != nil && o.changed(name)
}

// costCheckNumbers checks cost's numeric flags with the messages every
// command uses.
func costCheckNumbers(o *costOptions, cat *catalog.Catalog, mem int) error {
	if err := flagcheck.Memory(cat).Int("--memory", int64(mem)); err != nil {
		return err
	}
	if o.flagChanged("cpu") {
		if err := flagcheck.VCPU(cat).Float("--cpu", o.cpu); err != nil {
			return err
		}
	}
	if err := flagcheck.Concurrency(cat).Int("--concurrency", int64(o.concurrency)); err != nil {
		return err
	}
	if err := flagcheck.MinInstances.Int("--min-instances", int64(o.minInstances)); err != nil {
		return err
	}
	if err := costPeakToMean.Float("--peak-to-mean", o.peakToMean); err != nil {
		return err
	}
	return costHeadroom.Float("--headroom", o.headroom)
}

func costInputErr(format string, args ...any) error {
	return withExitCode(ExitInput, fmt.Errorf(format, args...))
}

// parseCount parses 100M, 2.5B, 300K or a plain number.
func parseCount(s string) (float64, error) {
	t := strings.TrimSpace(strings.ReplaceAll(s, "_", ""))
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'k', 'K':
			mult = 1e3
		case 'm', 'M':
			mult = 1e6
		case 'b', 'B', 'g', 'G':
			mult = 1e9
		}
		if mult != 1 {
			t = t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("expected a count such as 100M, 2.5B or 300000")
	}
	return v * mult, nil
}

// costDuration accepts a bare duration ("200ms") as fixed:200ms.
func costDuration(s string) string {
	t := strings.TrimSpace(s)
	if strings.Contains(t, ":") {
		return t
	}
	return "fixed:" + t
}

// costResult is the JSON form of `fcplan cost` (stable: keys are only added).
type costResult struct {
	Requests  float64        `json:"requestsPerMonth"`
	MeanRate  float64        `json:"meanRate"`
	Function  costFunction   `json:"function"`
	FC        billing.Bill   `json:"fc"`
	ECS       costECS        `json:"ecs"`
	BreakEven *breakeven.Row `json:"breakEven"`
	// ECSCheaperFrom is the volume from which ECS costs no more than FC at
	// every volume up to 100x the break-even (0 without a break-even).
	ECSCheaperFrom float64         `json:"ecsCheaperFrom"`
	Table          []breakeven.Row `json:"table"`
	Currency       string          `json:"currency"`
	Catalog        string          `json:"catalogVersion"`
	Notes          []string        `json:"notes"`
}

type costFunction struct {
	Duration     string  `json:"duration"`
	DurationMs   float64 `json:"durationMs"`
	MemoryMB     int     `json:"memoryMB"`
	VCPU         float64 `json:"vcpu"`
	Concurrency  int     `json:"concurrency"`
	MinInstances int     `json:"minInstances"`
	Pricing      string  `json:"pricing"`
	Region       string  `json:"region"`
	FreeTier     bool    `json:"freeTier"`
	// BillingEra is the billing era of the FC bill (also fc.era).
	BillingEra string `json:"billingEra"`
}

type costECS struct {
	Type           string  `json:"type"`
	VCPU           float64 `json:"vcpu"`
	MemoryGiB      float64 `json:"memoryGiB"`
	Pricing        string  `json:"pricing"`
	UnitMonthly    float64 `json:"unitMonthly"`
	PriceConfirmed bool    `json:"priceConfirmed"`
	PeakToMean     float64 `json:"peakToMean"`
	PeakRate       float64 `json:"peakRate"`
	Headroom       float64 `json:"headroom"`
	ServiceMs      float64 `json:"serviceMs"`
	Slots          int     `json:"slotsPerInstance"`
	Instances      int     `json:"instances"`
	Monthly        float64 `json:"monthly"`
	Capacity       string  `json:"capacity"`
	// PerInstance is the monthly volume one instance serves at the
	// peak-to-mean ratio and headroom.
	PerInstance float64 `json:"perInstanceRequestsPerMonth"`
	// Missing, when set, says why the ECS side (and the break-even and
	// table) is left out: the catalog has no price for the type in the
	// region. The FC bill is complete without it.
	Missing string `json:"missing,omitempty"`
}

func runCost(s *Streams, o *costOptions) error {
	switch o.format {
	case "text", "json", "markdown":
	default:
		return costInputErr("--format %q: expected text, json or markdown", o.format)
	}
	if o.requests == "" || o.duration == "" {
		return costInputErr("give --requests (e.g. 100M) and --duration (e.g. 200ms)")
	}
	reqs, err := parseCount(o.requests)
	if err != nil {
		return costInputErr("--requests %q: %v", o.requests, err)
	}
	if err := costRequests.Float("--requests", reqs); err != nil {
		return withExitCode(ExitInput, err)
	}
	cat, err := catalog.Load(o.catalogFiles...)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	month, err := workload.ParseDuration(o.month)
	if err != nil || month <= 0 {
		return costInputErr("--month %q: expected a positive duration such as 720h or 30d", o.month)
	}
	if err := flagcheck.Month.Duration("--month", o.month, month); err != nil {
		return withExitCode(ExitInput, err)
	}
	if o.ecsType == "" {
		o.ecsType = cat.ECS.DefaultType
	}
	mem := o.memory
	if !o.flagChanged("memory") {
		mem = cat.Platform.MemoryMB.Default
	}
	if err := costCheckNumbers(o, cat, mem); err != nil {
		return withExitCode(ExitInput, err)
	}
	if _, err := fc.ParseDuration(costDuration(o.duration), 1); err != nil {
		return withExitCode(ExitInput, simsetup.DurationError("--duration", o.duration, err))
	}
	headroom := o.headroom
	if o.changed != nil && o.changed("headroom") && headroom == 0 {
		headroom = -1 // explicitly none
	}
	in := breakeven.Input{
		RequestsPerMonth: reqs,
		Duration:         costDuration(o.duration),
		MemoryMB:         mem,
		VCPU:             o.cpu,
		Concurrency:      o.concurrency,
		MinInstances:     o.minInstances,
		Billing:          billing.Options{Era: o.billingEra, Pricing: o.pricing, Region: o.region, Currency: strings.ToUpper(o.currency), FreeTier: o.freeTier, Month: month},
		ECSType:          o.ecsType,
		Bound:            o.bound,
		PeakToMean:       o.peakToMean,
		Headroom:         headroom,
		ECSPricing:       o.ecsPricing,
	}
	m, err := breakeven.New(in, cat)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	// An execution time no function can have (past the platform's
	// timeout) would price nothing real.
	if err := costExecution(cat).Duration("--duration", o.duration, m.FCDuration()); err != nil {
		return withExitCode(ExitInput, fmt.Errorf("%w: the mean execution time is %s", err, m.FCDuration()))
	}
	res, err := buildCost(m, in, reqs, month.Seconds(), cat)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		enc := json.NewEncoder(safetext.JSONWriter{W: s.Out})
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "markdown":
		sw := safetext.NewWriter(s.Out)
		if err := writeCostMarkdown(sw, res); err != nil {
			return err
		}
		return sw.Flush()
	}
	sw := safetext.NewWriter(s.Out) // backstop for anything not passed through safetext.Text
	if err := writeCostText(sw, res); err != nil {
		return err
	}
	return sw.Flush()
}

func buildCost(m *breakeven.Model, in breakeven.Input, reqs, monthSecs float64, cat *catalog.Catalog) (*costResult, error) {
	bill, err := m.FC(reqs)
	if err != nil {
		return nil, err
	}
	if missing := m.ECSMissing(); missing != nil {
		return buildCostFCOnly(m, in, reqs, monthSecs, cat, bill, missing)
	}
	unit := m.ECSUnit()
	n, ecsCost := m.ECS(reqs)
	pricing := in.ECSPricing
	if pricing == "" {
		pricing = ecs.PricingSubscription
	}
	unitPrice := unit.Subscription
	if pricing == ecs.PricingPayAsYouGo {
		unitPrice = unit.PayAsYouGo
	}
	u := m.Usage(1)
	bo, _, err := billing.ResolveOptions(in.Billing, cat)
	if err != nil {
		return nil, err
	}
	res := &costResult{
		Requests: reqs,
		MeanRate: costRound6(reqs / monthSecs),
		Function: costFunction{Duration: in.Duration, DurationMs: float64(m.FCDuration().Microseconds()) / 1000, MemoryMB: in.MemoryMB,
			VCPU: u.VCPU, Concurrency: in.Concurrency, MinInstances: in.MinInstances, Pricing: bo.Pricing,
			Region: bo.Region, FreeTier: bill.FreeTier, BillingEra: bill.Era},
		FC: bill,
		ECS: costECS{Type: m.ECSType(), VCPU: unit.VCPU, MemoryGiB: unit.MemoryGiB, Pricing: pricing, UnitMonthly: unitPrice,
			PriceConfirmed: unit.Confirmed, PeakToMean: in.PeakToMean, PeakRate: costRound6(m.PeakRate(reqs)), Headroom: m.Headroom(),
			ServiceMs: float64(m.ECSService().Microseconds()) / 1000, Slots: m.Slots(), Instances: n, Monthly: ecsCost, Capacity: m.Capacity(),
			PerInstance: math.Round(float64(m.Slots()) * monthSecs / (in.PeakToMean * m.ECSService().Seconds() * (1 + m.Headroom())))},
		Currency: bill.Currency,
		Catalog:  cat.Version,
	}
	center := reqs
	be, err := m.BreakEven()
	switch {
	case err == nil:
		row, err := m.Row(be)
		if err != nil {
			return nil, err
		}
		row.BreakEven = true
		res.BreakEven = &row
		center = be
		if res.ECSCheaperFrom, err = m.ECSStaysCheaper(be, 100*be); err != nil {
			return nil, err
		}
	case errors.Is(err, breakeven.ErrNoBreakEven):
	default:
		return nil, err
	}
	res.Table, err = m.Table(center, res.BreakEven != nil)
	if err != nil {
		return nil, err
	}
	res.Notes = append(res.Notes, costClosedFormNote(in, cat))
	if in.Concurrency > 1 {
		res.Notes = append(res.Notes, "instance concurrency > 1: the closed form assumes packed instances, a lower bound (the simulator's pack routing bills ~14% more at 10 busy requests, C=10)")
	}
	res.Notes = append(res.Notes, fmt.Sprintf("ECS: a fixed fleet sized for the peak (mean x %g) with %g%% headroom; %s", in.PeakToMean, 100*m.Headroom(), m.Capacity()))
	if !unit.Confirmed {
		res.Notes = append(res.Notes, "UNCONFIRMED ECS price: "+strings.Join(unit.Notes, "; "))
	}
	res.Notes = append(res.Notes, bill.Notes...)
	return res, nil
}

// buildCostFCOnly is the result when the ECS side cannot be priced: the FC
// bill in full, the ECS type named and why it is missing.
func buildCostFCOnly(m *breakeven.Model, in breakeven.Input, reqs, monthSecs float64, cat *catalog.Catalog, bill billing.Bill, missing error) (*costResult, error) {
	bo, _, err := billing.ResolveOptions(in.Billing, cat)
	if err != nil {
		return nil, err
	}
	u := m.Usage(1)
	res := &costResult{
		Requests: reqs,
		MeanRate: costRound6(reqs / monthSecs),
		Function: costFunction{Duration: in.Duration, DurationMs: float64(m.FCDuration().Microseconds()) / 1000, MemoryMB: in.MemoryMB,
			VCPU: u.VCPU, Concurrency: in.Concurrency, MinInstances: in.MinInstances, Pricing: bo.Pricing,
			Region: bo.Region, FreeTier: bill.FreeTier, BillingEra: bill.Era},
		FC:       bill,
		ECS:      costECS{Type: m.ECSType(), PeakToMean: in.PeakToMean, Missing: missing.Error()},
		Table:    []breakeven.Row{},
		Currency: bill.Currency,
		Catalog:  cat.Version,
	}
	res.Notes = append(res.Notes, costClosedFormNote(in, cat))
	res.Notes = append(res.Notes, "ECS side left out: "+missing.Error())
	res.Notes = append(res.Notes, bill.Notes...)
	return res, nil
}

// costClosedFormNote says what the closed form leaves out, naming the
// billed idle time of the era when it has one.
func costClosedFormNote(in breakeven.Input, cat *catalog.Catalog) string {
	n := "FC closed form: instance time = month x E[ceil(N/C)], N ~ Poisson(mean rate x duration); cold starts and keep-alive are not included"
	if _, era, err := billing.ResolveOptions(in.Billing, cat); err == nil && era.BilledIdle > 0 {
		return n + fmt.Sprintf(", nor billing era %s's delayed release (up to %s idle after each request billed at the idle rate): fcplan simulate measures them, and bills more for the same traffic", era.ID, era.BilledIdle.D())
	}
	return n + " (fcplan simulate measures them)"
}

func costOrDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func costRound6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// costHuman writes a count with K/M/B and at most 4 significant digits,
// never in exponent form.
func costHuman(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e9:
		return numfmt.Significant(v/1e9, 4) + " B"
	case a >= 1e6:
		return numfmt.Significant(v/1e6, 4) + " M"
	case a >= 1e3:
		return numfmt.Significant(v/1e3, 4) + " K"
	}
	return numfmt.Significant(v, 4)
}

func costMoney(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// costRate writes a request rate with 4 significant digits and thousands
// separators: 11,570/s, not 1.157e+04/s.
func costRate(v float64) string { return numfmt.Significant(v, 4) + "/s" }

func (r *costResult) ecsLine() string {
	conf := "UNCONFIRMED estimate"
	if r.ECS.PriceConfirmed {
		conf = "catalog price"
	}
	return fmt.Sprintf("%s (%g vCPU, %g GiB), %s %s %s/month each (%s)", r.ECS.Type, r.ECS.VCPU, r.ECS.MemoryGiB, r.ECS.Pricing, costMoney(r.ECS.UnitMonthly), r.Currency, conf)
}

func (r *costResult) breakEvenLine() string {
	if r.BreakEven == nil {
		return fmt.Sprintf("none: FC is cheaper than the %s fleet sized for a peak %gx the mean at every volume (one instance serves at most %s requests/month at that ratio, %.3g %s per million on a full fleet)",
			r.ECS.Type, r.ECS.PeakToMean, costHuman(r.ECS.PerInstance), r.ECS.UnitMonthly/math.Max(r.ECS.PerInstance, 1)*1e6, r.Currency)
	}
	b := r.BreakEven
	line := fmt.Sprintf("%s requests/month (mean %s, peak %s): FC %s = ECS %d x %s %s",
		costHuman(b.RequestsPerMonth), costRate(b.MeanRate), costRate(b.PeakRate), costMoney(b.FC), b.ECSInstances, costMoney(r.ECS.UnitMonthly), r.Currency)
	if r.ECSCheaperFrom > b.RequestsPerMonth {
		return line + fmt.Sprintf("; above it FC wins again just after each fleet step (one more instance for a little more traffic) up to %s requests/month, and ECS stays cheaper from there (checked to 100x)", costHuman(r.ECSCheaperFrom))
	}
	return line + "; ECS is cheaper at every volume above it (checked to 100x)"
}

func writeCostText(w io.Writer, r *costResult) error {
	f := r.Function
	t := safetext.Text
	fmt.Fprintf(w, "FC monthly bill, closed form: %s requests/month (mean %s), %s (%gms), %d MB, %g vCPU, concurrency %d, min instances %d\n",
		costHuman(r.Requests), costRate(r.MeanRate), t(f.Duration), f.DurationMs, f.MemoryMB, f.VCPU, f.Concurrency, f.MinInstances)
	fmt.Fprintf(w, "  billing era %s (%s meters), region %s, free tier: %s\n", t(f.BillingEra), t(f.Pricing), t(f.Region), t(r.FC.FreeTierStatus))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, it := range r.FC.Items {
		fmt.Fprintf(tw, "  %s\t%s %s\t%s\t\n", t(it.Name), costHuman(it.Quantity), t(it.Unit), costMoney(it.Amount))
	}
	fmt.Fprintf(tw, "  total\t\t%s %s\t\n", costMoney(r.FC.Total), t(r.Currency))
	tw.Flush()
	if r.ECS.Missing != "" {
		fmt.Fprintf(w, "\nECS: not compared: %s\n", t(r.ECS.Missing))
		return writeCostNotes(w, r)
	}
	fmt.Fprintf(w, "\nECS: %s\n", t(r.ecsLine()))
	fmt.Fprintf(w, "  peak %s (mean x %g), %d slots per instance, %gms per request: %d instances, %s %s/month\n",
		costRate(r.ECS.PeakRate), r.ECS.PeakToMean, r.ECS.Slots, r.ECS.ServiceMs, r.ECS.Instances, costMoney(r.ECS.Monthly), t(r.Currency))
	fmt.Fprintf(w, "\nBreak-even: %s\n\n", t(r.breakEvenLine()))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "requests/month\tmean\tpeak\tFC %s\tECS instances\tECS %s\twinner\t\n", t(r.Currency), t(r.Currency))
	for _, row := range r.Table {
		mark := ""
		if row.BreakEven {
			mark = " <- break-even"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s%s\t\n", costHuman(row.RequestsPerMonth), costRate(row.MeanRate), costRate(row.PeakRate), costMoney(row.FC), row.ECSInstances, costMoney(row.ECS), t(row.Winner), mark)
	}
	tw.Flush()
	return writeCostNotes(w, r)
}

func writeCostNotes(w io.Writer, r *costResult) error {
	t := safetext.Text
	fmt.Fprintf(w, "\nNotes (catalog %s):\n", t(r.Catalog))
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  - %s\n", t(n))
	}
	return nil
}

func writeCostMarkdown(w io.Writer, r *costResult) error {
	f := r.Function
	md := safetext.Markdown
	fmt.Fprintf(w, "### FC vs ECS: %s requests/month\n\n", costHuman(r.Requests))
	fmt.Fprintf(w, "- **FC** (billing era %s, %s, free tier: %s): %s, %d MB, %g vCPU, concurrency %d, min instances %d: **%s %s/month** (closed form)\n",
		md(f.BillingEra), md(f.Region), md(r.FC.FreeTierStatus), md(f.Duration), f.MemoryMB, f.VCPU, f.Concurrency, f.MinInstances, costMoney(r.FC.Total), md(r.Currency))
	if r.ECS.Missing != "" {
		fmt.Fprintf(w, "- **ECS** %s: not compared: %s\n", md(r.ECS.Type), md(r.ECS.Missing))
		fmt.Fprintf(w, "\n<sub>fcplan cost, catalog %s.", md(r.Catalog))
		for _, n := range r.Notes {
			fmt.Fprintf(w, " %s.", md(strings.TrimSuffix(n, ".")))
		}
		fmt.Fprintf(w, "</sub>\n")
		return nil
	}
	fmt.Fprintf(w, "- **ECS** %s: peak %s (mean x %g), %d slots per instance: %d instances, **%s %s/month**\n",
		md(r.ecsLine()), costRate(r.ECS.PeakRate), r.ECS.PeakToMean, r.ECS.Slots, r.ECS.Instances, costMoney(r.ECS.Monthly), md(r.Currency))
	fmt.Fprintf(w, "- **Break-even**: %s\n\n", md(r.breakEvenLine()))
	fmt.Fprintf(w, "| requests/month | mean | peak | FC (%s) | ECS instances | ECS (%s) | cheaper |\n", md(r.Currency), md(r.Currency))
	fmt.Fprintf(w, "|---:|---:|---:|---:|---:|---:|:---|\n")
	for _, row := range r.Table {
		win := md(row.Winner)
		if row.BreakEven {
			win = "**break-even**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d | %s | %s |\n", costHuman(row.RequestsPerMonth), costRate(row.MeanRate), costRate(row.PeakRate), costMoney(row.FC), row.ECSInstances, costMoney(row.ECS), win)
	}
	fmt.Fprintf(w, "\n<sub>fcplan cost, catalog %s.", md(r.Catalog))
	for _, n := range r.Notes {
		fmt.Fprintf(w, " %s.", md(strings.TrimSuffix(n, ".")))
	}
	fmt.Fprintf(w, "</sub>\n")
	return nil
}
