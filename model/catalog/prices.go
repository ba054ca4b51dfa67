package catalog

import (
	"fmt"
	"math"
	"sort"
)

// Prices is the catalog section in data/prices.yaml: Function Compute
// pay-as-you-go prices (FC 3.0 compute units and the legacy FC 2.0 meters),
// the regions fcplan knows, and the exchange rate used where a price is
// published in one currency only.
type Prices struct {
	// ExchangeRate converts between CNY and USD. It is used only where a
	// price is published in one currency (FC 2.0 meters, ECS); FC 3.0 has
	// its own published table per currency.
	ExchangeRate ExchangeRate `yaml:"exchangeRate" json:"exchangeRate"`
	// FC3 is the FC 3.0 compute-unit (CU) model, in force since 2024-08-27.
	FC3 FC3Prices `yaml:"fc3" json:"fc3"`
	// FC2 is the legacy FC 2.0 model (GiB-seconds + invocations).
	FC2 FC2Prices `yaml:"fc2" json:"fc2"`
	// Outbound is public outbound (internet) traffic.
	Outbound OutboundPrice `yaml:"outbound" json:"outbound"`
	// Regions maps a region ID (cn-hangzhou) to its pricing attributes.
	Regions map[string]Region `yaml:"regions" json:"regions"`
}

// ExchangeRate is the CNY/USD conversion rate.
type ExchangeRate struct {
	CNYPerUSD float64 `yaml:"cnyPerUSD" json:"cnyPerUSD"`
	Source    Source  `yaml:"source" json:"source"`
}

// Convert converts amount from one currency to the other. Same-currency
// conversion returns amount unchanged.
func (x ExchangeRate) Convert(amount float64, from, to string) (float64, error) {
	if from == to {
		return amount, nil
	}
	if x.CNYPerUSD <= 0 {
		return 0, fmt.Errorf("exchange rate: cnyPerUSD must be positive, got %g", x.CNYPerUSD)
	}
	switch {
	case from == "USD" && to == "CNY":
		return amount * x.CNYPerUSD, nil
	case from == "CNY" && to == "USD":
		return amount / x.CNYPerUSD, nil
	}
	return 0, fmt.Errorf("exchange rate: cannot convert %s to %s (expected CNY or USD)", from, to)
}

// Tier is one step of a tiered monthly price: usage up to UpTo units (0 =
// unbounded) is charged Rate per unit. Tiers are cumulative and ordered.
type Tier struct {
	UpTo float64 `yaml:"upTo" json:"upTo"`
	Rate float64 `yaml:"rate" json:"rate"`
}

// TieredPrice is a tiered price list in one currency.
type TieredPrice struct {
	Tiers  []Tier `yaml:"tiers" json:"tiers"`
	Source Source `yaml:"source" json:"source"`
}

// Cost charges quantity units against the tiers, each tier for the part of
// the quantity that falls inside it.
func (p TieredPrice) Cost(quantity float64) float64 {
	var cost, lower float64
	for _, t := range p.Tiers {
		if quantity <= lower {
			break
		}
		upper := t.UpTo
		if upper <= 0 || quantity < upper {
			upper = quantity
		}
		cost += (upper - lower) * t.Rate
		lower = upper
		if t.UpTo <= 0 {
			break
		}
	}
	return cost
}

// CUFactors converts FC 3.0 resource usage into compute units.
type CUFactors struct {
	// InvocationsPer10k is CU per 10,000 invocations.
	InvocationsPer10k float64 `yaml:"invocationsPer10k" json:"invocationsPer10k"`
	// ActiveVCPUSecond is CU per vCPU-second while a request executes.
	ActiveVCPUSecond float64 `yaml:"activeVCPUSecond" json:"activeVCPUSecond"`
	// IdleVCPUSecond is CU per vCPU-second of an idle provisioned/min
	// instance (idle mode, "light hibernation").
	IdleVCPUSecond float64 `yaml:"idleVCPUSecond" json:"idleVCPUSecond"`
	// MemoryGBSecond is CU per GB-second of instance memory.
	MemoryGBSecond float64 `yaml:"memoryGBSecond" json:"memoryGBSecond"`
	// IdleMemoryGBSecond is CU per GB-second of memory of an idle
	// provisioned/min instance.
	IdleMemoryGBSecond float64 `yaml:"idleMemoryGBSecond" json:"idleMemoryGBSecond"`
	// DiskGBSecond is CU per GB-second of disk beyond FreeDiskMB.
	DiskGBSecond float64 `yaml:"diskGBSecond" json:"diskGBSecond"`
	// FreeDiskMB is the disk size included at no charge.
	FreeDiskMB int    `yaml:"freeDiskMB" json:"freeDiskMB"`
	Source     Source `yaml:"source" json:"source"`
}

// FC3Prices is the FC 3.0 CU model.
type FC3Prices struct {
	Factors CUFactors `yaml:"factors" json:"factors"`
	// PerCU maps a currency (CNY, USD) to its published tiered CU price.
	// The China site (CNY) and the international site (USD) publish
	// different tiers; neither is converted from the other.
	PerCU map[string]TieredPrice `yaml:"perCU" json:"perCU"`
	// FreeCUPerMonth is a monthly free CU allowance. FC 3.0 has none (new
	// users get a one-off trial CU plan, which fcplan does not model).
	FreeCUPerMonth float64 `yaml:"freeCUPerMonth" json:"freeCUPerMonth"`
	// FreeTierSource documents FreeCUPerMonth.
	FreeTierSource Source `yaml:"freeTierSource" json:"freeTierSource"`
	// Granularity documents how usage is metered and rounded; fcplan
	// bills continuous usage and does not apply per-hour rounding.
	Granularity Source `yaml:"granularity" json:"granularity"`
}

// FC2Prices is the FC 2.0 model, published in one currency.
type FC2Prices struct {
	Currency string `yaml:"currency" json:"currency"`
	// InvocationsPer10k is the price of 10,000 invocations.
	InvocationsPer10k float64 `yaml:"invocationsPer10k" json:"invocationsPer10k"`
	// GiBSecond is the price of one GiB-second of an elastic instance.
	GiBSecond float64 `yaml:"gibSecond" json:"gibSecond"`
	// ProvisionedGiBSecond is the price of one GiB-second of a
	// provisioned instance, billed for its whole lifetime.
	ProvisionedGiBSecond float64 `yaml:"provisionedGiBSecond" json:"provisionedGiBSecond"`
	// FreeInvocations and FreeGiBSeconds are the monthly free tier.
	FreeInvocations float64 `yaml:"freeInvocations" json:"freeInvocations"`
	FreeGiBSeconds  float64 `yaml:"freeGiBSeconds" json:"freeGiBSeconds"`
	Source          Source  `yaml:"source" json:"source"`
	// USD holds the international site's USD list prices where they are
	// published; a zero figure is converted from Currency instead.
	USD FC2ListPrices `yaml:"usd" json:"usd"`
}

// FC2ListPrices are FC 2.0 list prices in one currency; 0 means "not
// published here".
type FC2ListPrices struct {
	InvocationsPer10k    float64 `yaml:"invocationsPer10k" json:"invocationsPer10k"`
	GiBSecond            float64 `yaml:"gibSecond" json:"gibSecond"`
	ProvisionedGiBSecond float64 `yaml:"provisionedGiBSecond" json:"provisionedGiBSecond"`
	Source               Source  `yaml:"source" json:"source"`
}

// OutboundPrice is the price of public outbound traffic.
type OutboundPrice struct {
	Currency string  `yaml:"currency" json:"currency"`
	PerGB    float64 `yaml:"perGB" json:"perGB"`
	// FreeGB is the legacy FC 2.0 monthly free outbound traffic.
	FreeGB float64 `yaml:"freeGB" json:"freeGB"`
	Source Source  `yaml:"source" json:"source"`
	// CDTFreeGB is Cloud Data Transfer's monthly free outbound quota,
	// which applies to FC under the CU eras.
	CDTFreeGB float64 `yaml:"cdtFreeGB" json:"cdtFreeGB"`
	CDTSource Source  `yaml:"cdtSource" json:"cdtSource"`
}

// Region holds the pricing attributes of one region.
type Region struct {
	Name string `yaml:"name" json:"name"`
	// Site is "cn" (China site, prices in CNY) or "intl" (international
	// site, prices in USD); it picks the default currency.
	Site string `yaml:"site" json:"site"`
	// Multiplier scales every FC price in the region (1 = list price).
	Multiplier float64 `yaml:"multiplier" json:"multiplier"`
	Source     Source  `yaml:"source" json:"source"`
}

// DefaultCurrency is the currency prices are published in for the region.
func (r Region) DefaultCurrency() string {
	if r.Site == "intl" {
		return "USD"
	}
	return "CNY"
}

// Region returns the named region or an error listing the known ones.
func (p Prices) Region(id string) (Region, error) {
	r, ok := p.Regions[id]
	if !ok {
		return Region{}, fmt.Errorf("unknown region %q (expected one of %v; add it with a catalog override)", id, p.RegionIDs())
	}
	return r, nil
}

// RegionIDs lists the known regions, sorted.
func (p Prices) RegionIDs() []string {
	ids := make([]string, 0, len(p.Regions))
	for id := range p.Regions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// CUPrice returns the FC 3.0 CU price table in currency.
func (p Prices) CUPrice(currency string) (TieredPrice, bool) {
	tp, ok := p.FC3.PerCU[currency]
	return tp, ok
}

// Validate checks that every price figure is a finite number >= 0 (the
// exchange rate > 0) and tiers ascend, so a malformed override file cannot
// produce negative or NaN bills silently. Errors name the catalog path.
func (p Prices) Validate() error {
	bad := func(path string, v float64, positive bool) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (positive && v == 0) {
			want := ">= 0"
			if positive {
				want = "> 0"
			}
			return fmt.Errorf("prices.%s %g: expected a finite number %s", path, v, want)
		}
		return nil
	}
	type fig struct {
		path     string
		v        float64
		positive bool
	}
	f3, f2, fo := p.FC3.Factors, p.FC2, p.Outbound
	figs := []fig{
		{"exchangeRate.cnyPerUSD", p.ExchangeRate.CNYPerUSD, true},
		{"fc3.factors.invocationsPer10k", f3.InvocationsPer10k, false},
		{"fc3.factors.activeVCPUSecond", f3.ActiveVCPUSecond, false},
		{"fc3.factors.idleVCPUSecond", f3.IdleVCPUSecond, false},
		{"fc3.factors.memoryGBSecond", f3.MemoryGBSecond, false},
		{"fc3.factors.idleMemoryGBSecond", f3.IdleMemoryGBSecond, false},
		{"fc3.factors.diskGBSecond", f3.DiskGBSecond, false},
		{"fc3.factors.freeDiskMB", float64(f3.FreeDiskMB), false},
		{"fc3.freeCUPerMonth", p.FC3.FreeCUPerMonth, false},
		{"fc2.invocationsPer10k", f2.InvocationsPer10k, false},
		{"fc2.gibSecond", f2.GiBSecond, false},
		{"fc2.provisionedGiBSecond", f2.ProvisionedGiBSecond, false},
		{"fc2.freeInvocations", f2.FreeInvocations, false},
		{"fc2.freeGiBSeconds", f2.FreeGiBSeconds, false},
		{"fc2.usd.invocationsPer10k", f2.USD.InvocationsPer10k, false},
		{"fc2.usd.gibSecond", f2.USD.GiBSecond, false},
		{"fc2.usd.provisionedGiBSecond", f2.USD.ProvisionedGiBSecond, false},
		{"outbound.perGB", fo.PerGB, false},
		{"outbound.freeGB", fo.FreeGB, false},
		{"outbound.cdtFreeGB", fo.CDTFreeGB, false},
	}
	for _, cur := range sortedKeys(p.FC3.PerCU) {
		for i, t := range p.FC3.PerCU[cur].Tiers {
			figs = append(figs, fig{fmt.Sprintf("fc3.perCU.%s.tiers[%d].rate", cur, i), t.Rate, false},
				fig{fmt.Sprintf("fc3.perCU.%s.tiers[%d].upTo", cur, i), t.UpTo, false})
		}
	}
	for _, id := range p.RegionIDs() {
		figs = append(figs, fig{"regions." + id + ".multiplier", p.Regions[id].Multiplier, false})
	}
	for _, f := range figs {
		if err := bad(f.path, f.v, f.positive); err != nil {
			return err
		}
	}
	for _, cur := range sortedKeys(p.FC3.PerCU) {
		tiers := p.FC3.PerCU[cur].Tiers
		for i := 1; i < len(tiers); i++ {
			if tiers[i-1].UpTo <= 0 || (tiers[i].UpTo > 0 && tiers[i].UpTo <= tiers[i-1].UpTo) {
				return fmt.Errorf("prices.fc3.perCU.%s.tiers: upTo must ascend, with 0 (unbounded) only last", cur)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
