// Package billing turns simulated usage into a monthly Function Compute
// bill (FC 3.0 compute units or the legacy FC 2.0 meters) and prices ECS
// fleets for comparison. Every rate comes from model/catalog.
//
// Instance time is billed, not request time: Usage carries instance-seconds
// measured by the simulator, so overlapping requests on one instance (with
// instance concurrency > 1) are billed once.
//
// A bill is always for a month (Options.Month, 720 h by default). Usage of a
// shorter or longer window is scaled linearly to the month first, and the
// free tier and tiered prices are applied to the monthly totals; the bill
// says so in ExtrapolatedFrom.
//
// Every bill is computed under one billing era (model/catalog billingEras):
// the legacy FC 2.0 meters, compute units since 2024-08-27, or the
// 2025-12-09 rules (the default: the current ones). Under the CU eras FC
// bills in one-hour cycles: each function's CU in each hour is rounded up
// to a whole CU, and since 2025-12-09 a function with calls or instances in
// an hour pays at least CNY 0.01 for it. Usage.Hours carries the per-hour
// usage the simulator measured; without it the usage is taken as spread
// evenly over the hours in which the function is used, and the bill says so.
package billing

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

// DefaultMonth is the month bills are computed for: 30 days.
const DefaultMonth = 720 * time.Hour

// Usage is what the simulator measured over Window for one function.
type Usage struct {
	Window      time.Duration // simulated span
	Invocations int64
	MemoryMB    int
	VCPU        float64
	DiskMB      int
	// ActiveInstanceSeconds is instance-seconds with >= 1 request executing
	// (instance time, not request time), on any kind of instance.
	ActiveInstanceSeconds float64
	// IdleMinInstanceSeconds is instance-seconds of min/provisioned
	// instances alive and idle.
	IdleMinInstanceSeconds float64
	// ProvisionedInstanceSeconds is FC 2.0 provisioned instances' whole
	// lifetime (active and idle). It overlaps the two fields above: under
	// fc2, elastic time is Active + IdleMin - Provisioned (never below 0)
	// and provisioned time is billed as a whole. fc3 ignores it (min
	// instances are billed through Active and IdleMin).
	ProvisionedInstanceSeconds float64
	OutboundGB                 float64
	// Hours is the usage per clock hour of Window, for the hourly rules of
	// the CU eras; nil means "spread evenly" (closed-form callers).
	Hours []HourUsage
}

// HourUsage is one function's usage in one clock hour, split as the CU
// meters need it.
type HourUsage struct {
	Invocations float64
	// Active is instance-seconds billed at the active rates; Idle those
	// billed at the idle rates (idle min instances in idle mode, on-demand
	// delayed release).
	Active, Idle float64
	// Used: the function had calls or instances in the hour.
	Used bool
	// Seconds is how much of the hour the window covers (the first and
	// last hour of a window may be partial); 0 means the whole hour. A
	// partial hour stands for that share of a whole hour at the same
	// rate when the window is scaled to the month.
	Seconds float64
}

// Options select the price list.
type Options struct {
	// Era is a catalog billing era (legacy, cu-2024-08, 2025-12); "" is
	// the catalog's default (current) era, or legacy when Pricing is fc2.
	Era string
	// Pricing names the meters, fc3 (compute units) or fc2 (legacy GiB-s +
	// calls); "" means the era's. It must agree with Era when both are set.
	Pricing  string
	Region   string // default cn-hangzhou
	Currency string // CNY or USD; default: the region's currency
	// FreeTier deducts the monthly free tier of the era, if it has one.
	FreeTier bool
	Month    time.Duration // default DefaultMonth
}

// Item is one line of a bill: Amount = Quantity * Rate.
type Item struct {
	Name     string  `json:"name"`
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	Rate     float64 `json:"rate"`
	Amount   float64 `json:"amount"`
}

// Bill is a monthly bill.
type Bill struct {
	Currency string  `json:"currency"`
	Total    float64 `json:"total"`
	Items    []Item  `json:"items"`
	// FreeTier says whether a free tier was deducted.
	FreeTier bool `json:"freeTier"`
	// FreeTierStatus says in words what was deducted, or why nothing was.
	FreeTierStatus string `json:"freeTierStatus"`
	// Era is the billing era the bill was computed under (catalog
	// billingEras); EraFrom its start date ("" for the legacy era) and
	// EraSource its source.
	Era       string `json:"era"`
	EraFrom   string `json:"eraFrom"`
	EraSource string `json:"eraSource"`
	// ExtrapolatedFrom is "<window> scaled to <month>" when the usage
	// window is not a whole month, else "".
	ExtrapolatedFrom string `json:"extrapolatedFrom"`
	// Notes explain assumptions that change the figures (conversions,
	// unmodelled rules).
	Notes []string `json:"notes,omitempty"`
}

// Compute returns the monthly bill for u.
func Compute(u Usage, opts Options, cat *catalog.Catalog) (Bill, error) {
	if cat == nil {
		cat = catalog.Default()
	}
	o, region, era, err := resolve(opts, cat)
	if err != nil {
		return Bill{}, err
	}
	if err := validate(u); err != nil {
		return Bill{}, err
	}
	f := float64(o.Month) / float64(u.Window)
	m := u
	m.Invocations = 0
	monthlyInv := float64(u.Invocations) * f
	m.ActiveInstanceSeconds *= f
	m.IdleMinInstanceSeconds *= f
	m.ProvisionedInstanceSeconds *= f
	m.OutboundGB *= f

	b := Bill{Currency: o.Currency, Era: era.ID, EraFrom: era.From, EraSource: era.Source.Ref}
	b.Notes = append(b.Notes, era.Describe())
	if u.Window != o.Month {
		b.ExtrapolatedFrom = fmt.Sprintf("%s scaled to %s", FormatSpan(u.Window), FormatSpan(o.Month))
	}
	switch o.Pricing {
	case "fc3":
		err = billFC3(&b, m, monthlyInv, o, cat, era, hourGroups(u, f))
	case "fc2":
		err = billFC2(&b, m, monthlyInv, o, cat)
	}
	if err != nil {
		return Bill{}, err
	}
	if err := billOutbound(&b, m.OutboundGB, o, cat); err != nil {
		return Bill{}, err
	}
	if region.Multiplier != 1 {
		for i := range b.Items {
			b.Items[i].Rate *= region.Multiplier
			b.Items[i].Amount *= region.Multiplier
		}
		b.Notes = append(b.Notes, fmt.Sprintf("%s prices are %g x the list price", o.Region, region.Multiplier))
	}
	for _, it := range b.Items {
		b.Total += it.Amount
	}
	if b.FreeTierStatus == "" {
		b.FreeTierStatus = "not deducted (free tier off)"
	}
	return b, nil
}

// ResolveOptions fills the defaults of opts (era, meters, region,
// currency, month) and checks them; the returned Pricing is the era's
// meters, fc3 or fc2.
func ResolveOptions(opts Options, cat *catalog.Catalog) (Options, catalog.BillingEra, error) {
	if cat == nil {
		cat = catalog.Default()
	}
	o, _, era, err := resolve(opts, cat)
	return o, era, err
}

func resolve(opts Options, cat *catalog.Catalog) (Options, catalog.Region, catalog.BillingEra, error) {
	o := opts
	var era catalog.BillingEra
	if o.Pricing != "" && o.Pricing != "fc3" && o.Pricing != "fc2" {
		return o, catalog.Region{}, era, fmt.Errorf("pricing %q: expected fc3 or fc2", o.Pricing)
	}
	if o.Era == "" && o.Pricing == "fc2" {
		// --pricing fc2 names the newest era with FC 2.0 meters (legacy).
		for _, id := range cat.BillingEras.IDs() {
			if cat.BillingEras.Eras[id].Meters == catalog.MetersFC2 {
				o.Era = id
			}
		}
		if o.Era == "" {
			return o, catalog.Region{}, era, fmt.Errorf("pricing fc2: the catalog has no billing era with fc2 meters")
		}
	}
	era, err := cat.BillingEras.Era(o.Era)
	if err != nil {
		return o, catalog.Region{}, era, err
	}
	o.Era = era.ID
	meters := "fc3"
	if era.Meters == catalog.MetersFC2 {
		meters = "fc2"
	}
	if o.Pricing != "" && o.Pricing != meters {
		return o, catalog.Region{}, era, fmt.Errorf("pricing %s does not apply in billing era %s, which bills %s meters (FC 2.0 GiB-s + call prices are the legacy era)", o.Pricing, era.ID, meters)
	}
	o.Pricing = meters
	if o.Region == "" {
		o.Region = "cn-hangzhou"
	}
	region, err := cat.Prices.Region(o.Region)
	if err != nil {
		return o, region, era, err
	}
	if region.Multiplier == 0 {
		region.Multiplier = 1
	}
	if o.Currency == "" {
		o.Currency = region.DefaultCurrency()
	}
	o.Currency = strings.ToUpper(o.Currency)
	if o.Currency != "CNY" && o.Currency != "USD" {
		return o, region, era, fmt.Errorf("currency %q: expected CNY or USD", opts.Currency)
	}
	if o.Month == 0 {
		o.Month = DefaultMonth
	}
	if o.Month < 0 {
		return o, region, era, fmt.Errorf("month %s: expected a positive duration", o.Month)
	}
	return o, region, era, nil
}

func validate(u Usage) error {
	switch {
	case u.Window <= 0:
		return fmt.Errorf("usage window %s: expected a positive duration", u.Window)
	case u.Invocations < 0:
		return fmt.Errorf("invocations %d: expected >= 0", u.Invocations)
	case u.MemoryMB < 0 || u.DiskMB < 0:
		return fmt.Errorf("memory %d MB / disk %d MB: expected >= 0", u.MemoryMB, u.DiskMB)
	}
	for i, h := range u.Hours {
		for _, f := range []struct {
			name string
			v    float64
		}{{"invocations", h.Invocations}, {"active instance-seconds", h.Active}, {"idle instance-seconds (keep-alive billed as delayed release)", h.Idle}, {"seconds", h.Seconds}} {
			if v := f.v; v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("hour %d: %s %g: expected a finite number >= 0 (the simulation overflowed: --set keepAlive and delayedRelease are at most 24h, so this is a bug to report)", i, f.name, v)
			}
		}
	}
	for name, v := range map[string]float64{"vCPU": u.VCPU, "active instance-seconds": u.ActiveInstanceSeconds,
		"idle instance-seconds": u.IdleMinInstanceSeconds, "provisioned instance-seconds": u.ProvisionedInstanceSeconds, "outbound GB": u.OutboundGB} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s %g: expected a finite number >= 0", name, v)
		}
	}
	return nil
}

// billFC3 bills compute units: every meter is converted to CU, the CU the
// era's hourly rounding adds are added, the monthly CU total is priced
// through the tiers, and each meter's line carries its share at the
// resulting average CU price. The era's hourly minimum tops up the hours
// that cost less.
func billFC3(b *Bill, m Usage, invocations float64, o Options, cat *catalog.Catalog, era catalog.BillingEra, hours hourSpread) error {
	p := cat.Prices.FC3
	fx := p.Factors
	price, ok := p.PerCU[o.Currency]
	from := o.Currency
	if !ok {
		// Only the other currency is published: price in it, then convert.
		for _, cur := range []string{"CNY", "USD"} {
			if pr, found := p.PerCU[cur]; found {
				price, from, ok = pr, cur, true
				break
			}
		}
		if !ok {
			return fmt.Errorf("catalog: no FC 3.0 CU price in CNY or USD")
		}
		b.Notes = append(b.Notes, fmt.Sprintf("FC 3.0 CU prices converted from %s at %g CNY/USD", from, cat.Prices.ExchangeRate.CNYPerUSD))
		defer convertItems(b, from, o.Currency, cat)
	}
	cu := cuMeters{fx: fx, vcpu: m.VCPU, memGB: float64(m.MemoryMB) / 1024, diskGB: math.Max(0, float64(m.DiskMB-fx.FreeDiskMB)) / 1024}
	type meter struct {
		name, unit  string
		qty, factor float64
	}
	instSec := m.ActiveInstanceSeconds + m.IdleMinInstanceSeconds
	meters := []meter{
		{"invocations", "invocations", invocations, fx.InvocationsPer10k / 10000},
		{"active vCPU", "vCPU-s", m.VCPU * m.ActiveInstanceSeconds, fx.ActiveVCPUSecond},
		{"idle vCPU", "vCPU-s", m.VCPU * m.IdleMinInstanceSeconds, fx.IdleVCPUSecond},
		{"memory", "GB-s", cu.memGB * m.ActiveInstanceSeconds, fx.MemoryGBSecond},
		{"idle memory", "GB-s", cu.memGB * m.IdleMinInstanceSeconds, fx.IdleMemoryGBSecond},
		{"disk", "GB-s", cu.diskGB * instSec, fx.DiskGBSecond},
	}
	var meterCU float64
	for _, mt := range meters {
		meterCU += mt.qty * mt.factor
	}
	// Hourly rounding: each function-hour's CU up to a whole CU.
	var roundCU, usedHours float64
	if era.HourlyRounding || era.HourlyMinimum > 0 {
		for _, g := range hours.groups {
			usedHours += g.n
			if era.HourlyRounding {
				c := cu.of(g.u)
				roundCU += g.n * (ceilCU(c) - c)
			}
		}
		if hours.spread != "" {
			b.Notes = append(b.Notes, hours.spread)
		}
	}
	totalCU := meterCU + roundCU
	freeCU := 0.0
	if o.FreeTier {
		freeCU = math.Min(p.FreeCUPerMonth, totalCU)
		if p.FreeCUPerMonth > 0 {
			b.FreeTier = true
			b.FreeTierStatus = fmt.Sprintf("deducted %.0f CU a month", freeCU)
		} else {
			b.FreeTierStatus = "none in billing era " + era.ID + " (FC 3.0 CU billing has no monthly free tier; the one-off trial CU plan for new users is not modelled)"
		}
	}
	cost := price.Cost(totalCU - freeCU)
	avg := 0.0
	if totalCU > 0 {
		avg = cost / totalCU
	}
	for _, mt := range meters {
		if mt.qty == 0 {
			continue
		}
		rate := mt.factor * avg
		b.Items = append(b.Items, Item{Name: mt.name, Quantity: mt.qty, Unit: mt.unit, Rate: rate, Amount: mt.qty * rate})
	}
	if roundCU > 0 {
		b.Items = append(b.Items, Item{Name: "hourly rounding", Quantity: roundCU, Unit: "CU", Rate: avg, Amount: roundCU * avg})
		b.Notes = append(b.Notes, fmt.Sprintf("hourly billing cycle: each function-hour's CU rounded up to a whole CU (+%.0f CU over %.0f function-hours a month)", roundCU, usedHours))
	}
	if era.HourlyMinimum > 0 && usedHours > 0 {
		minimum, err := cat.Prices.ExchangeRate.Convert(era.HourlyMinimum, era.HourlyMinimumCurrency, from)
		if err != nil {
			return fmt.Errorf("billing era %s hourly minimum: %w", era.ID, err)
		}
		var short, topUp float64
		for _, g := range hours.groups {
			c := cu.of(g.u)
			if era.HourlyRounding {
				c = ceilCU(c)
			}
			if d := minimum - c*avg; d > 0 {
				short += g.n
				topUp += g.n * d
			}
		}
		if topUp > 0 {
			b.Items = append(b.Items, Item{Name: "hourly minimum", Quantity: short, Unit: "function-hours", Rate: topUp / short, Amount: topUp})
		}
		note := fmt.Sprintf("hourly minimum %g %s per function-hour with calls or instances: %.0f of %.0f function-hours a month were topped up", era.HourlyMinimum, era.HourlyMinimumCurrency, short, usedHours)
		if era.HourlyMinimumCurrency != from {
			note += fmt.Sprintf(" (converted to %s at %g CNY/USD: UNCONFIRMED on the international site)", from, cat.Prices.ExchangeRate.CNYPerUSD)
		}
		b.Notes = append(b.Notes, note)
	}
	if freeCU > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("free tier: %.0f CU deducted before tiered pricing", freeCU))
	}
	if totalCU > 0 {
		// 8 significant digits, never an exponent: 0.000090002349, not 9.0002349e-05.
		avg, _ := strconv.ParseFloat(strconv.FormatFloat(cost/totalCU, 'g', 8, 64), 64)
		b.Notes = append(b.Notes, fmt.Sprintf("FC 3.0: %.0f CU at an average %s %s/CU", totalCU, strconv.FormatFloat(avg, 'f', -1, 64), from))
	}
	return nil
}

// cuMeters converts one function's usage to compute units.
type cuMeters struct {
	fx                  catalog.CUFactors
	vcpu, memGB, diskGB float64
}

func (c cuMeters) of(h HourUsage) float64 {
	f := c.fx
	return h.Invocations*f.InvocationsPer10k/10000 +
		c.vcpu*(h.Active*f.ActiveVCPUSecond+h.Idle*f.IdleVCPUSecond) +
		c.memGB*(h.Active*f.MemoryGBSecond+h.Idle*f.IdleMemoryGBSecond) +
		c.diskGB*(h.Active+h.Idle)*f.DiskGBSecond
}

// ceilCU rounds a function-hour's CU up to a whole CU; a float sum that
// lands a hair above a whole number (3.0000000001) is that number.
func ceilCU(c float64) float64 {
	if c <= 0 {
		return 0
	}
	return math.Ceil(c - 1e-9)
}

// hourSpread is a month of function-hours in use, as groups of identical
// hours, scaled to the month.
type hourSpread struct {
	groups []hourGroup
	// spread, when not "", says the hours were not measured but assumed.
	spread string
}

type hourGroup struct {
	n float64 // function-hours a month like u
	u HourUsage
}

// hourGroups returns the function-hours in use of u scaled by f (the
// month over the window): the measured hours when u has them, else the
// usage spread evenly over the hours of the window in which the function
// is used - all of them with min or provisioned instances or at least as
// many calls as hours, else one hour per call.
func hourGroups(u Usage, f float64) hourSpread {
	if u.Hours != nil {
		var s hourSpread
		for _, h := range u.Hours {
			if !h.Used {
				continue
			}
			share := 1.0
			if h.Seconds > 0 && h.Seconds < 3600 {
				share = h.Seconds / 3600
				h.Invocations /= share
				h.Active /= share
				h.Idle /= share
			}
			s.groups = append(s.groups, hourGroup{n: f * share, u: h})
		}
		return s
	}
	hours := math.Max(1, math.Ceil(u.Window.Hours()-1e-9))
	used := hours
	if u.IdleMinInstanceSeconds == 0 && u.ProvisionedInstanceSeconds == 0 && u.Invocations > 0 {
		used = math.Min(hours, float64(u.Invocations))
	}
	if u.Invocations == 0 && u.ActiveInstanceSeconds == 0 && u.IdleMinInstanceSeconds == 0 && u.ProvisionedInstanceSeconds == 0 {
		return hourSpread{}
	}
	h := HourUsage{
		Invocations: float64(u.Invocations) / used,
		Active:      u.ActiveInstanceSeconds / used,
		Idle:        u.IdleMinInstanceSeconds / used,
		Used:        true,
	}
	return hourSpread{
		groups: []hourGroup{{n: used * f, u: h}},
		spread: fmt.Sprintf("hourly rules applied to usage spread evenly over %.0f of the window's %.0f hours (no per-hour usage: a simulation measures it)", used, hours),
	}
}

// convertItems converts every item added so far from one currency to
// another.
func convertItems(b *Bill, from, to string, cat *catalog.Catalog) {
	for i := range b.Items {
		r, _ := cat.Prices.ExchangeRate.Convert(b.Items[i].Rate, from, to)
		a, _ := cat.Prices.ExchangeRate.Convert(b.Items[i].Amount, from, to)
		b.Items[i].Rate, b.Items[i].Amount = r, a
	}
}

// billFC2 bills GiB-seconds and invocations; provisioned instances are
// billed for their whole lifetime. The free tier is taken from invocations
// and from elastic GiB-s first, then provisioned GiB-s.
func billFC2(b *Bill, m Usage, invocations float64, o Options, cat *catalog.Catalog) error {
	p := cat.Prices.FC2
	// A USD bill uses the international list price where the catalog has
	// one, and converts the CNY price for the rest.
	var converted []string
	rate := func(name string, v, usd float64) (float64, error) {
		if o.Currency == "USD" && p.Currency != "USD" && usd > 0 {
			return usd, nil
		}
		if p.Currency != o.Currency {
			converted = append(converted, name)
		}
		return cat.Prices.ExchangeRate.Convert(v, p.Currency, o.Currency)
	}
	memGiB := float64(m.MemoryMB) / 1024
	elastic := memGiB * math.Max(0, m.ActiveInstanceSeconds+m.IdleMinInstanceSeconds-m.ProvisionedInstanceSeconds)
	provisioned := memGiB * m.ProvisionedInstanceSeconds
	if o.FreeTier {
		b.FreeTier = true
		free := p.FreeGiBSeconds
		d := math.Min(free, elastic)
		elastic -= d
		free -= d
		provisioned -= math.Min(free, provisioned)
		invocations = math.Max(0, invocations-p.FreeInvocations)
		b.FreeTierStatus = fmt.Sprintf("deducted %s calls + %s GiB-s a month (legacy FC 2.0 free tier)", groupThousands(p.FreeInvocations), groupThousands(p.FreeGiBSeconds))
	}
	gibRate, err := rate("GiB-s", p.GiBSecond, p.USD.GiBSecond)
	if err != nil {
		return err
	}
	provRate, err := rate("provisioned GiB-s", p.ProvisionedGiBSecond, p.USD.ProvisionedGiBSecond)
	if err != nil {
		return err
	}
	invRate, err := rate("calls", p.InvocationsPer10k/10000, p.USD.InvocationsPer10k/10000)
	if err != nil {
		return err
	}
	if len(converted) > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("FC 2.0 prices are published in %s; converted at %g CNY/USD: %s", p.Currency, cat.Prices.ExchangeRate.CNYPerUSD, strings.Join(converted, ", ")))
	}
	if o.Currency == "USD" && p.USD.InvocationsPer10k > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("FC 2.0 calls at the USD list price, USD %g per million (%s)", p.USD.InvocationsPer10k*100, p.USD.Source.Ref))
	}
	add := func(name, unit string, qty, r float64) {
		if qty > 0 {
			b.Items = append(b.Items, Item{Name: name, Quantity: qty, Unit: unit, Rate: r, Amount: qty * r})
		}
	}
	add("compute", "GiB-s", elastic, gibRate)
	add("provisioned instances", "GiB-s", provisioned, provRate)
	add("invocations", "invocations", invocations, invRate)
	return nil
}

func billOutbound(b *Bill, gb float64, o Options, cat *catalog.Catalog) error {
	if gb <= 0 {
		return nil
	}
	p := cat.Prices.Outbound
	if o.FreeTier {
		// Legacy FC 2.0: FC's own free outbound GB; CU eras: the shared
		// Cloud Data Transfer quota.
		free, what := p.FreeGB, "FC 2.0 free outbound traffic"
		if o.Pricing != "fc2" {
			free, what = p.CDTFreeGB, "CDT free outbound quota (shared with other products)"
		}
		if free > 0 {
			d := math.Min(free, gb)
			gb -= d
			b.FreeTier = true
			b.Notes = append(b.Notes, fmt.Sprintf("outbound traffic: %g of %g GB free a month deducted (%s)", d, free, what))
			if o.Pricing == "fc2" {
				b.FreeTierStatus += fmt.Sprintf(" + %g GB outbound", d)
			} else {
				b.FreeTierStatus = fmt.Sprintf("deducted %g GB of the CDT free outbound quota; no monthly CU free tier in billing era %s", d, b.Era)
			}
		}
	}
	r, err := cat.Prices.ExchangeRate.Convert(p.PerGB, p.Currency, o.Currency)
	if err != nil {
		return err
	}
	if gb > 0 {
		b.Items = append(b.Items, Item{Name: "outbound traffic", Quantity: gb, Unit: "GB", Rate: r, Amount: gb * r})
	}
	return nil
}

// groupThousands prints a whole number with thousands separators.
func groupThousands(v float64) string {
	d := fmt.Sprintf("%.0f", v)
	var out []byte
	for i := range d {
		if i > 0 && (len(d)-i)%3 == 0 && d[i-1] != '-' {
			out = append(out, ',')
		}
		out = append(out, d[i])
	}
	return string(out)
}

// RoundSpan rounds a duration shown to people to the precision that means
// something at its size: whole seconds from a minute up ("24h40m31s", not
// "24h40m30.885613183s"), milliseconds from a second up, microseconds
// below. Values computed with it keep the exact duration elsewhere.
func RoundSpan(d time.Duration) time.Duration {
	a := d.Abs()
	switch {
	case a >= time.Minute:
		return d.Round(time.Second)
	case a >= time.Second:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}

// FormatSpan prints a duration in days when it is a whole number of days
// ("30d"), else as Go does ("36h0m0s" -> "36h"), rounded by RoundSpan.
func FormatSpan(d time.Duration) string {
	d = RoundSpan(d)
	if d > 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
