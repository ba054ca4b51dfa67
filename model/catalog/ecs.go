package catalog

import (
	"fmt"
	"sort"
)

// ECS is the catalog section in data/ecs.yaml: the ECS instance types fcplan
// can put beside Function Compute, with prices per region.
type ECS struct {
	// Types maps an instance type (ecs.c7.large) to its size and prices.
	Types map[string]ECSType `yaml:"types" json:"types"`
}

// ECSType is one ECS instance type.
type ECSType struct {
	VCPU      float64 `yaml:"vcpu" json:"vcpu"`
	MemoryGiB float64 `yaml:"memoryGiB" json:"memoryGiB"`
	// Prices maps a region ID to the instance's prices there.
	Prices map[string]ECSPrice `yaml:"prices" json:"prices"`
	Source Source              `yaml:"source" json:"source"`
}

// ECSPrice is the price of one instance in one region.
type ECSPrice struct {
	Currency string `yaml:"currency" json:"currency"`
	// HourlyPayAsYouGo is the pay-as-you-go price per instance-hour.
	HourlyPayAsYouGo float64 `yaml:"hourlyPayAsYouGo" json:"hourlyPayAsYouGo"`
	// MonthlySubscription is the subscription price per instance-month.
	MonthlySubscription float64 `yaml:"monthlySubscription" json:"monthlySubscription"`
	// Confirmed is false for estimates; reports flag them.
	Confirmed bool   `yaml:"confirmed" json:"confirmed"`
	Source    Source `yaml:"source" json:"source"`
}

// Type returns the named instance type. The "ecs." prefix is optional.
func (e ECS) Type(name string) (ECSType, string, error) {
	if t, ok := e.Types[name]; ok {
		return t, name, nil
	}
	if t, ok := e.Types["ecs."+name]; ok {
		return t, "ecs." + name, nil
	}
	return ECSType{}, "", fmt.Errorf("unknown ECS instance type %q (expected one of %v; add it with a catalog override)", name, e.TypeNames())
}

// TypeNames lists the known instance types, sorted.
func (e ECS) TypeNames() []string {
	names := make([]string, 0, len(e.Types))
	for n := range e.Types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Price returns the type's price in region.
func (t ECSType) Price(name, region string) (ECSPrice, error) {
	p, ok := t.Prices[region]
	if !ok {
		regions := make([]string, 0, len(t.Prices))
		for r := range t.Prices {
			regions = append(regions, r)
		}
		sort.Strings(regions)
		return ECSPrice{}, fmt.Errorf("no price for ECS %s in region %q (the catalog has %v; add one with a catalog override)", name, region, regions)
	}
	return p, nil
}
