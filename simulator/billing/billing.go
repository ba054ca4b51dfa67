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
package billing

import (
	"fmt"
	"math"
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
}

// Options select the price list.
type Options struct {
	Pricing  string // fc3 (default) or fc2
	Region   string // default cn-hangzhou
	Currency string // CNY or USD; default: the region's currency
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
	o, region, err := resolve(opts, cat)
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

	b := Bill{Currency: o.Currency}
	if u.Window != o.Month {
		b.ExtrapolatedFrom = fmt.Sprintf("%s scaled to %s", FormatSpan(u.Window), FormatSpan(o.Month))
	}
	switch o.Pricing {
	case "fc3":
		err = billFC3(&b, m, monthlyInv, o, cat)
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
	return b, nil
}

func resolve(opts Options, cat *catalog.Catalog) (Options, catalog.Region, error) {
	o := opts
	if o.Pricing == "" {
		o.Pricing = "fc3"
	}
	if o.Pricing != "fc3" && o.Pricing != "fc2" {
		return o, catalog.Region{}, fmt.Errorf("pricing %q: expected fc3 or fc2", o.Pricing)
	}
	if o.Region == "" {
		o.Region = "cn-hangzhou"
	}
	region, err := cat.Prices.Region(o.Region)
	if err != nil {
		return o, region, err
	}
	if region.Multiplier == 0 {
		region.Multiplier = 1
	}
	if o.Currency == "" {
		o.Currency = region.DefaultCurrency()
	}
	o.Currency = strings.ToUpper(o.Currency)
	if o.Currency != "CNY" && o.Currency != "USD" {
		return o, region, fmt.Errorf("currency %q: expected CNY or USD", opts.Currency)
	}
	if o.Month == 0 {
		o.Month = DefaultMonth
	}
	if o.Month < 0 {
		return o, region, fmt.Errorf("month %s: expected a positive duration", o.Month)
	}
	return o, region, nil
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
	for name, v := range map[string]float64{"vCPU": u.VCPU, "active instance-seconds": u.ActiveInstanceSeconds,
		"idle instance-seconds": u.IdleMinInstanceSeconds, "provisioned instance-seconds": u.ProvisionedInstanceSeconds, "outbound GB": u.OutboundGB} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s %g: expected a finite number >= 0", name, v)
		}
	}
	return nil
}

// billFC3 bills compute units: every meter is converted to CU, the monthly
// CU total is priced through the tiers, and each meter's line carries its
// share at the resulting average CU price.
func billFC3(b *Bill, m Usage, invocations float64, o Options, cat *catalog.Catalog) error {
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
	memGB := float64(m.MemoryMB) / 1024
	diskGB := math.Max(0, float64(m.DiskMB-fx.FreeDiskMB)) / 1024
	instSec := m.ActiveInstanceSeconds + m.IdleMinInstanceSeconds
	type meter struct {
		name, unit  string
		qty, factor float64
	}
	meters := []meter{
		{"invocations", "invocations", invocations, fx.InvocationsPer10k / 10000},
		{"active vCPU", "vCPU-s", m.VCPU * m.ActiveInstanceSeconds, fx.ActiveVCPUSecond},
		{"idle vCPU", "vCPU-s", m.VCPU * m.IdleMinInstanceSeconds, fx.IdleVCPUSecond},
		{"memory", "GB-s", memGB * m.ActiveInstanceSeconds, fx.MemoryGBSecond},
		{"idle memory", "GB-s", memGB * m.IdleMinInstanceSeconds, fx.IdleMemoryGBSecond},
		{"disk", "GB-s", diskGB * instSec, fx.DiskGBSecond},
	}
	var totalCU float64
	for _, mt := range meters {
		totalCU += mt.qty * mt.factor
	}
	freeCU := 0.0
	if o.FreeTier {
		freeCU = math.Min(p.FreeCUPerMonth, totalCU)
		if p.FreeCUPerMonth > 0 {
			b.FreeTier = true
		} else {
			b.Notes = append(b.Notes, "FC 3.0 has no monthly free tier (the one-off trial CU plan for new users is not modelled)")
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
	if freeCU > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("free tier: %.0f CU deducted before tiered pricing", freeCU))
	}
	if totalCU > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("FC 3.0: %.0f CU at an average %.8g %s/CU", totalCU, cost/totalCU, from))
	}
	return nil
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
	rate := func(v float64) (float64, error) {
		return cat.Prices.ExchangeRate.Convert(v, p.Currency, o.Currency)
	}
	if p.Currency != o.Currency {
		b.Notes = append(b.Notes, fmt.Sprintf("FC 2.0 prices are published in %s; converted at %g CNY/USD", p.Currency, cat.Prices.ExchangeRate.CNYPerUSD))
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
	}
	gibRate, err := rate(p.GiBSecond)
	if err != nil {
		return err
	}
	provRate, err := rate(p.ProvisionedGiBSecond)
	if err != nil {
		return err
	}
	invRate, err := rate(p.InvocationsPer10k / 10000)
	if err != nil {
		return err
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
	if o.FreeTier && o.Pricing == "fc2" {
		gb = math.Max(0, gb-p.FreeGB)
		b.FreeTier = true
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

// FormatSpan prints a duration in days when it is a whole number of days
// ("30d"), else as Go does ("36h0m0s" -> "36h").
func FormatSpan(d time.Duration) string {
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
