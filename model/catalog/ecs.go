package catalog

import (
	"errors"
	"fmt"
	"sort"
)

// ECS is the catalog section in data/ecs.yaml: the ECS instance types fcplan
// can put beside Function Compute, with prices per region.
type ECS struct {
	// DefaultType is the instance type cost, compare and review compare
	// with when --ecs-type is not given.
	DefaultType string `yaml:"defaultType" json:"defaultType"`
	// Types maps an instance type (ecs.c7.large) to its size and prices.
	Types map[string]ECSType `yaml:"types" json:"types"`
	// Fleet holds the defaults of the ECS fleet model (simulator/ecs): how
	// many requests an instance serves at once, how a fixed fleet is sized
	// and how an autoscaled fleet reacts.
	Fleet ECSFleet `yaml:"fleet" json:"fleet"`
}

// ECSFleet is the ECS fleet model's knobs. None of them is an Alibaba Cloud
// price; most are planning assumptions, and each says so in its source.
type ECSFleet struct {
	// RequestsPerVCPU is how many CPU-bound requests one vCPU runs at once.
	RequestsPerVCPU FloatFigure `yaml:"requestsPerVCPU" json:"requestsPerVCPU"`
	// IOConcurrency caps the requests one instance runs at once when the
	// work is mostly waiting on I/O (worker pool / connection limit).
	IOConcurrency IntFigure `yaml:"ioConcurrency" json:"ioConcurrency"`
	// Headroom is the spare capacity a fixed fleet keeps above the peak:
	// capacity >= peak x (1 + headroom).
	Headroom FloatFigure `yaml:"headroom" json:"headroom"`
	// PeakWindow is the width of the windows the peak arrival rate is
	// measured over.
	PeakWindow DurationFigure `yaml:"peakWindow" json:"peakWindow"`
	// TargetUtilization is the autoscaling target (busy slots / slots).
	TargetUtilization FloatFigure `yaml:"targetUtilization" json:"targetUtilization"`
	// EvalInterval is how often the autoscaler reads its metric.
	EvalInterval DurationFigure `yaml:"evalInterval" json:"evalInterval"`
	// ScaleOutLag is how long the load must stay above target before a
	// scale-out starts (alarm periods).
	ScaleOutLag DurationFigure `yaml:"scaleOutLag" json:"scaleOutLag"`
	// ScaleInLag is how long the load must stay below target before a
	// scale-in.
	ScaleInLag DurationFigure `yaml:"scaleInLag" json:"scaleInLag"`
	// BootTime is from the scale-out decision's launch to serving traffic.
	BootTime DurationFigure `yaml:"bootTime" json:"bootTime"`
	// Cooldown blocks further scaling activities after one.
	Cooldown DurationFigure `yaml:"cooldown" json:"cooldown"`
	// QueuePerInstance is the backlog each live instance adds to the
	// fleet's FIFO queue; arrivals beyond it are dropped.
	QueuePerInstance IntFigure `yaml:"queuePerInstance" json:"queuePerInstance"`
	// MinInstances and MaxInstances bound an autoscaled fleet.
	MinInstances IntFigure `yaml:"minInstances" json:"minInstances"`
	MaxInstances IntFigure `yaml:"maxInstances" json:"maxInstances"`
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
		return ECSPrice{}, &NoECSPriceError{Type: name, Region: region, Regions: regions}
	}
	return p, nil
}

// ErrNoECSPrice means the catalog has no price for an ECS instance type in
// a region; errors.Is matches a *NoECSPriceError with it.
var ErrNoECSPrice = errors.New("no ECS price")

// NoECSPriceError names the type and region without a price and the
// regions that have one.
type NoECSPriceError struct {
	Type, Region string
	Regions      []string
}

func (e *NoECSPriceError) Error() string {
	return fmt.Sprintf("no price for ECS %s in region %q (the catalog has %v; add one with a catalog override)", e.Type, e.Region, e.Regions)
}

// Is reports whether target is ErrNoECSPrice.
func (e *NoECSPriceError) Is(target error) bool { return target == ErrNoECSPrice }
