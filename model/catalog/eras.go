package catalog

import (
	"fmt"
	"math"
	"sort"
)

// Meter families of a billing era.
const (
	MetersFC2 = "fc2" // GiB-seconds + calls (prices.fc2)
	MetersCU  = "cu"  // compute units (prices.fc3)
)

// BillingEras is the catalog section in data/eras.yaml: the Function
// Compute billing rules in force at different times. A bill names the era
// it was computed under.
type BillingEras struct {
	// Default is the era used when none is chosen: the current rules.
	Default string `yaml:"default" json:"default"`
	// Eras maps an era ID (legacy, cu-2024-08, 2025-12) to its rules.
	Eras map[string]BillingEra `yaml:"eras" json:"eras"`
}

// BillingEra is one set of billing rules and the keep-alive behaviour that
// goes with them.
type BillingEra struct {
	// ID is the era's key in BillingEras.Eras (filled by Era).
	ID   string `yaml:"-" json:"id"`
	Name string `yaml:"name" json:"name"`
	// From is the date the rules took effect (YYYY-MM-DD), "" for the
	// earliest era.
	From string `yaml:"from" json:"from"`
	// Meters is MetersFC2 or MetersCU.
	Meters string `yaml:"meters" json:"meters"`
	// HourlyRounding rounds each function's CU in each one-hour billing
	// cycle up to a whole CU.
	HourlyRounding bool `yaml:"hourlyRounding" json:"hourlyRounding"`
	// HourlyMinimum is the least a function pays for an hour in which it
	// had calls or instances (0: none), in HourlyMinimumCurrency.
	HourlyMinimum         float64 `yaml:"hourlyMinimum" json:"hourlyMinimum"`
	HourlyMinimumCurrency string  `yaml:"hourlyMinimumCurrency,omitempty" json:"hourlyMinimumCurrency,omitempty"`
	// KeepAlive is how long an idle on-demand instance lives after the end
	// of its last execution before it is reclaimed.
	KeepAlive Duration `yaml:"keepAlive" json:"keepAlive"`
	// BilledIdle is the part of each idle gap of an on-demand instance that
	// is billed at the idle rate (the delayed release); 0: idle time is not
	// billed.
	BilledIdle Duration `yaml:"billedIdle" json:"billedIdle"`
	Source     Source   `yaml:"source" json:"source"`
}

// Era returns the era with id, or the default era when id is "".
func (b BillingEras) Era(id string) (BillingEra, error) {
	if id == "" {
		id = b.Default
	}
	e, ok := b.Eras[id]
	if !ok {
		return BillingEra{}, fmt.Errorf("billing era %q: expected one of %v (catalog billingEras)", id, b.IDs())
	}
	e.ID = id
	if e.Meters != MetersFC2 && e.Meters != MetersCU {
		return e, fmt.Errorf("catalog billingEras.eras.%s.meters %q: expected %s or %s", id, e.Meters, MetersFC2, MetersCU)
	}
	if !(e.HourlyMinimum >= 0) || math.IsInf(e.HourlyMinimum, 0) || e.KeepAlive < 0 || e.BilledIdle < 0 {
		return e, fmt.Errorf("catalog billingEras.eras.%s: hourlyMinimum %g, keepAlive %s and billedIdle %s must be finite and not negative", id, e.HourlyMinimum, e.KeepAlive.D(), e.BilledIdle.D())
	}
	if e.HourlyMinimum > 0 && e.HourlyMinimumCurrency == "" {
		e.HourlyMinimumCurrency = "CNY"
	}
	return e, nil
}

// IDs lists the known eras, oldest first (by From; the undated one first).
func (b BillingEras) IDs() []string {
	ids := make([]string, 0, len(b.Eras))
	for id := range b.Eras {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		fi, fj := b.Eras[ids[i]].From, b.Eras[ids[j]].From
		if fi != fj {
			return fi < fj
		}
		return ids[i] < ids[j]
	})
	return ids
}

// Describe is a one-line description of the era for reports: its ID, name,
// start date and source.
func (e BillingEra) Describe() string {
	from := "before 2024-08-27"
	if e.From != "" {
		from = "since " + e.From
	}
	return fmt.Sprintf("billing era %s (%s, %s; %s)", e.ID, e.Name, from, e.Source.Ref)
}
