// Package breakeven is the closed-form side of the FC/ECS comparison: the
// monthly FC bill for a request volume without simulating it, the ECS fleet
// that volume needs at a peak-to-mean ratio, the request volume where the
// two cost the same, and a crossover table around it.
//
// # FC, in closed form
//
// Requests arrive at a mean rate lambda = requests / month and run d (the
// mean of the execution-time model at the function's vCPU). The requests
// running at once, N, are Poisson with mean lambda x d (an M/G/infinity
// system). With instance concurrency C, instances are packed: N requests
// occupy ceil(N/C) instances, and instance time (not request time) is
// billed, so active instance-seconds = month x E[ceil(N/C)]. For C = 1 this
// is exactly requests x d. For C > 1 it is a lower bound: FC's routing does
// not keep instances full (requests stay where they started), and the
// simulator's pack routing bills about 14% more at 10 busy requests and
// C = 10; use `fcplan simulate` for such functions. Min instances are alive all
// month: E[max(0, min - ceil(N/C))] of them are idle (billed at the idle
// rate with hibernation, else as active, as the simulator does).
//
// Not in the closed form: cold starts (not billed), keep-alive and the
// delayed-release idle billing of on-demand instances (up to a minute of
// idle-rate time after each request), traffic peaks (FC bills the same
// request count the same whatever its shape, apart from that idle time).
// At high steady rates the idle time is small; at low rates the simulation
// bills more than the closed form.
//
// # ECS, in closed form
//
// A fixed fleet sized by ecs.FleetFor for the peak rate lambda x
// peak-to-mean, with the capacity rule of ecs.Work.Slots: the same code the
// simulated fixed fleet uses, so the two agree wherever the measured peak
// equals lambda x peak-to-mean (a flat trace and ratio 1).
//
// # Break-even
//
// ECS cost is a staircase in the request volume (one more instance each
// time the peak outgrows the fleet), FC cost a rising curve. The break-even
// is the smallest volume at which FC costs at least as much as the ECS fleet
// for that volume; above it the winner can still alternate right after each
// step, which the crossover table shows.
package breakeven

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/ecs"
	"github.com/fcplan/fcplan/simulator/fc"
)

// Input is everything the closed form needs.
type Input struct {
	// RequestsPerMonth is the volume the bill is computed for.
	RequestsPerMonth float64
	// Duration is the execution-time spec (fc.ParseDuration syntax).
	Duration     string
	MemoryMB     int
	VCPU         float64 // 0 = memory x the catalog's vCPU per GB
	Concurrency  int     // 0 = 1
	MinInstances int
	// Hibernation bills idle min instances at the idle rate (default: the
	// catalog's).
	Hibernation *bool
	Billing     billing.Options

	ECSType string
	// Bound is the class of a plain Duration distribution (ecs.BoundCPU or
	// ecs.BoundIO).
	Bound      string
	PeakToMean float64 // >= 1
	// Headroom is the fixed fleet's spare capacity (0 = catalog default,
	// negative = none).
	Headroom   float64
	ECSPricing string // ecs.PricingSubscription (default) or ecs.PricingPayAsYouGo
}

// Model is Input resolved against the catalog.
type Model struct {
	in          Input
	cat         *catalog.Catalog
	month       time.Duration
	fcDuration  time.Duration // mean at the function's vCPU
	ecsService  time.Duration // mean on one ECS vCPU
	slots       int
	headroom    float64
	hibernation bool
	ecsType     string
	capacity    string
	ecsUnit     billing.ECSCost // one instance
	// ecsMissing is why the ECS side cannot be priced (no catalog price
	// in the region); the FC side still can.
	ecsMissing error
}

// New checks in and resolves it against cat.
func New(in Input, cat *catalog.Catalog) (*Model, error) {
	if cat == nil {
		cat = catalog.Default()
	}
	m := &Model{in: in, cat: cat}
	switch {
	case in.RequestsPerMonth < 0 || math.IsNaN(in.RequestsPerMonth) || math.IsInf(in.RequestsPerMonth, 0):
		return nil, fmt.Errorf("requests %g: expected a finite number >= 0", in.RequestsPerMonth)
	case in.MemoryMB <= 0:
		return nil, fmt.Errorf("memory %d MB: expected > 0", in.MemoryMB)
	case in.VCPU < 0:
		return nil, fmt.Errorf("cpu %g: expected > 0", in.VCPU)
	case in.Concurrency < 0 || in.Concurrency > 1_000_000:
		return nil, fmt.Errorf("concurrency %d: expected 1..1000000", in.Concurrency)
	case in.MinInstances < 0:
		return nil, fmt.Errorf("min instances %d: expected >= 0", in.MinInstances)
	case in.PeakToMean != 0 && (in.PeakToMean < 1 || math.IsInf(in.PeakToMean, 0)):
		return nil, fmt.Errorf("peak-to-mean %g: expected a ratio >= 1", in.PeakToMean)
	}
	if m.in.Concurrency == 0 {
		m.in.Concurrency = 1
	}
	if m.in.PeakToMean == 0 {
		m.in.PeakToMean = 1
	}
	if m.in.VCPU == 0 {
		m.in.VCPU = cat.Platform.DefaultVCPU(in.MemoryMB)
	}
	m.hibernation = cat.Platform.Hibernation.Enabled.Value
	if in.Hibernation != nil {
		m.hibernation = *in.Hibernation
	}
	m.month = in.Billing.Month
	if m.month == 0 {
		m.month = billing.DefaultMonth
	}
	dist, err := fc.ParseDuration(in.Duration, m.in.VCPU)
	if err != nil {
		return nil, err
	}
	m.fcDuration = dist.Mean()
	if m.fcDuration <= 0 {
		return nil, fmt.Errorf("duration %q: expected a positive mean execution time", in.Duration)
	}
	work, err := ecs.WorkOf(dist)
	if err != nil {
		return nil, err
	}
	m.ecsService = work.Service(dist).Mean()
	typ, name, err := cat.ECS.Type(in.ECSType)
	if err != nil {
		return nil, err
	}
	m.ecsType = name
	if m.in.Bound == "" {
		m.in.Bound = ecs.BoundCPU
	}
	if m.in.Bound != ecs.BoundCPU && m.in.Bound != ecs.BoundIO {
		return nil, fmt.Errorf("workload class %q: expected cpu or io", in.Bound)
	}
	m.slots = work.Slots(typ.VCPU, m.in.Bound, cat.ECS.Fleet)
	d := ecs.DefaultConfig(cat, name, "")
	m.headroom = in.Headroom
	if m.headroom == 0 {
		m.headroom = d.Headroom
	} else if m.headroom < 0 {
		m.headroom = 0
	}
	switch m.in.ECSPricing {
	case "":
		m.in.ECSPricing = ecs.PricingSubscription
	case ecs.PricingSubscription, ecs.PricingPayAsYouGo:
	default:
		return nil, fmt.Errorf("ECS pricing %q: expected subscription or payg", in.ECSPricing)
	}
	m.ecsUnit, err = billing.ECSMonthly(1, billing.ECSOptions{Type: name, Region: in.Billing.Region, Currency: m.currency(), Month: m.month}, cat)
	if errors.Is(err, catalog.ErrNoECSPrice) {
		// The FC bill does not depend on ECS: keep the model for it and
		// report the missing side (ECSMissing).
		m.ecsMissing, err = err, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := m.FC(1); err != nil {
		return nil, err
	}
	return m, nil
}

// currency is the bill's currency, so FC and ECS are in the same one.
func (m *Model) currency() string {
	if m.in.Billing.Currency != "" {
		return m.in.Billing.Currency
	}
	r, err := m.cat.Prices.Region(orDefault(m.in.Billing.Region, "cn-hangzhou"))
	if err != nil {
		return ""
	}
	return r.DefaultCurrency()
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// Slots is the ECS instance's capacity in concurrent requests.
func (m *Model) Slots() int { return m.slots }

// Headroom is the fixed fleet's spare capacity used.
func (m *Model) Headroom() float64 { return m.headroom }

// FCDuration is the mean execution time on FC; ECSService on ECS.
func (m *Model) FCDuration() time.Duration { return m.fcDuration }

// ECSService is the mean execution time of a request on ECS.
func (m *Model) ECSService() time.Duration { return m.ecsService }

// ECSType is the resolved instance type name.
func (m *Model) ECSType() string { return m.ecsType }

// ECSMissing is why the ECS side cannot be priced (the catalog has no
// price for the type in the region, errors.Is catalog.ErrNoECSPrice), or
// nil. When it is set, only FC, FCDuration and Usage are meaningful; the
// ECS, break-even and table methods return it as their error.
func (m *Model) ECSMissing() error { return m.ecsMissing }

// ECSUnit is the price of one instance for a month.
func (m *Model) ECSUnit() billing.ECSCost { return m.ecsUnit }

// Usage is the closed-form FC usage of requests in a month.
func (m *Model) Usage(requests float64) billing.Usage {
	secs := m.month.Seconds()
	busy := requests / secs * m.fcDuration.Seconds()
	active, idle := packed(busy, m.in.Concurrency, m.in.MinInstances)
	u := billing.Usage{
		Window:      m.month,
		Invocations: int64(math.Round(requests)),
		MemoryMB:    m.in.MemoryMB,
		VCPU:        m.in.VCPU,
	}
	if m.in.Billing.Pricing == "fc2" {
		u.ActiveInstanceSeconds = active * secs
		u.IdleMinInstanceSeconds = idle * secs
		u.ProvisionedInstanceSeconds = float64(m.in.MinInstances) * secs
		return u
	}
	if !m.hibernation {
		active += idle
		idle = 0
	}
	u.ActiveInstanceSeconds = active * secs
	u.IdleMinInstanceSeconds = idle * secs
	return u
}

// FC is the closed-form monthly FC bill for requests.
func (m *Model) FC(requests float64) (billing.Bill, error) {
	o := m.in.Billing
	o.Currency = m.currency()
	o.Month = m.month
	b, err := billing.Compute(m.Usage(requests), o, m.cat)
	if err != nil {
		return b, fmt.Errorf("FC bill: %w", err)
	}
	return b, nil
}

// PeakRate is the peak request rate of a monthly volume.
func (m *Model) PeakRate(requests float64) float64 {
	return requests / m.month.Seconds() * m.in.PeakToMean
}

// Instances is the fixed ECS fleet for a monthly volume.
func (m *Model) Instances(requests float64) int {
	return ecs.FleetFor(m.PeakRate(requests), m.ecsService, m.slots, m.headroom)
}

// ECS is the monthly cost of the fixed fleet for requests.
func (m *Model) ECS(requests float64) (n int, cost float64) {
	n = m.Instances(requests)
	return n, float64(n) * m.unitPrice()
}

func (m *Model) unitPrice() float64 {
	if m.in.ECSPricing == ecs.PricingPayAsYouGo {
		return m.ecsUnit.PayAsYouGo
	}
	return m.ecsUnit.Subscription
}

// capacityPerInstance is the monthly volume one instance serves at the
// peak-to-mean ratio: the top of the first step of the staircase.
func (m *Model) capacityPerInstance() float64 {
	return float64(m.slots) * m.month.Seconds() / (m.in.PeakToMean * m.ecsService.Seconds() * (1 + m.headroom))
}

// maxSteps bounds the staircase walk.
const maxSteps = 1_000_000

// ErrNoBreakEven means FC stays cheaper over the volumes searched.
var ErrNoBreakEven = errors.New("FC is cheaper at every volume searched")

// BreakEven returns the smallest monthly volume at which FC costs at least as
// much as the fixed ECS fleet sized for it.
func (m *Model) BreakEven() (float64, error) {
	if m.ecsMissing != nil {
		return 0, m.ecsMissing
	}
	step := m.capacityPerInstance()
	price := m.unitPrice()
	lo := 0.0
	for k := 1; k <= maxSteps; k++ {
		hi := step * float64(k) // ECS costs k x price on (lo, hi]
		target := price * float64(k)
		fhi, err := m.fcTotal(hi)
		if err != nil {
			return 0, err
		}
		if fhi >= target {
			flo, err := m.fcTotal(lo)
			if err != nil {
				return 0, err
			}
			if flo >= target {
				return lo, nil // right after a step
			}
			for range 100 {
				mid := (lo + hi) / 2
				f, err := m.fcTotal(mid)
				if err != nil {
					return 0, err
				}
				if f >= target {
					hi = mid
				} else {
					lo = mid
				}
				if hi-lo <= 1e-9*hi {
					break
				}
			}
			return hi, nil
		}
		lo = hi
		// FC must outgrow the steps: when its cost per request is below
		// the fleet's at full use and the gap is not closing, stop.
		if k >= 64 && fhi/hi < price/step*0.999 {
			break
		}
	}
	return 0, ErrNoBreakEven
}

// ECSStaysCheaper returns the volume from which ECS costs no more than FC at
// every volume up to upTo: from is at or above the break-even be, later when
// FC wins again just above a fleet step (one more instance bought for a
// little more traffic). It walks the staircase, so upTo should be a modest
// multiple of be.
func (m *Model) ECSStaysCheaper(be, upTo float64) (float64, error) {
	if m.ecsMissing != nil {
		return 0, m.ecsMissing
	}
	step := m.capacityPerInstance()
	price := m.unitPrice()
	from := be
	k := int(math.Floor(be/step)) + 1
	for ; k <= maxSteps; k++ {
		lo, hi := step*float64(k-1), step*float64(k)
		if lo >= upTo {
			break
		}
		lo = math.Max(lo, be)
		if lo >= hi {
			continue
		}
		target := price * float64(k)
		flo, err := m.fcTotal(lo)
		if err != nil {
			return 0, err
		}
		if flo >= target {
			continue
		}
		// FC wins on the left part of this step: find where it stops.
		fhi, err := m.fcTotal(hi)
		if err != nil {
			return 0, err
		}
		if fhi < target {
			from = hi // FC wins the whole step; ECS may win again later
			continue
		}
		a, b := lo, hi
		for range 100 {
			mid := (a + b) / 2
			f, err := m.fcTotal(mid)
			if err != nil {
				return 0, err
			}
			if f >= target {
				b = mid
			} else {
				a = mid
			}
			if b-a <= 1e-9*b {
				break
			}
		}
		from = b
	}
	return from, nil
}

func (m *Model) fcTotal(requests float64) (float64, error) {
	b, err := m.FC(requests)
	return b.Total, err
}

// Row is one line of the crossover table.
type Row struct {
	RequestsPerMonth float64 `json:"requestsPerMonth"`
	MeanRate         float64 `json:"meanRate"` // requests/s
	PeakRate         float64 `json:"peakRate"`
	FC               float64 `json:"fc"`
	ECSInstances     int     `json:"ecsInstances"`
	ECS              float64 `json:"ecs"`
	Winner           string  `json:"winner"` // "FC", "ECS" or "tie"
	BreakEven        bool    `json:"breakEven,omitempty"`
}

// Row computes one row of the table.
func (m *Model) Row(requests float64) (Row, error) {
	if m.ecsMissing != nil {
		return Row{}, m.ecsMissing
	}
	fcCost, err := m.fcTotal(requests)
	if err != nil {
		return Row{}, err
	}
	n, ecsCost := m.ECS(requests)
	r := Row{
		RequestsPerMonth: requests,
		MeanRate:         requests / m.month.Seconds(),
		PeakRate:         m.PeakRate(requests),
		FC:               fcCost,
		ECSInstances:     n,
		ECS:              ecsCost,
		Winner:           "FC",
	}
	switch {
	case math.Abs(fcCost-ecsCost) <= 1e-9*math.Max(fcCost, ecsCost):
		r.Winner = "tie"
	case ecsCost < fcCost:
		r.Winner = "ECS"
	}
	return r, nil
}

// Table is the crossover table: rows at 1-2-5 steps of requests/month from
// a hundredth to a hundred times center, plus center itself marked as the
// break-even when it is one.
func (m *Model) Table(center float64, isBreakEven bool) ([]Row, error) {
	if center <= 0 {
		center = 1e6
	}
	lo, hi := center/100, center*100
	var vols []float64
	for e := math.Floor(math.Log10(lo)); ; e++ {
		base := math.Pow(10, e)
		done := false
		for _, k := range []float64{1, 2, 5} {
			v := k * base
			if v > hi {
				done = true
				break
			}
			if v >= lo {
				vols = append(vols, v)
			}
		}
		if done {
			break
		}
	}
	var rows []Row
	inserted := false
	for _, v := range vols {
		if isBreakEven && !inserted && v >= center {
			r, err := m.Row(center)
			if err != nil {
				return nil, err
			}
			r.BreakEven = true
			rows = append(rows, r)
			inserted = true
			if v == center {
				continue
			}
		}
		r, err := m.Row(v)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// Capacity states the capacity rule used, in words.
func (m *Model) Capacity() string {
	return fmt.Sprintf("%d concurrent requests per %s (%s per request on ECS); fleet = ceil(peak/s x %s x %g / %d)",
		m.slots, m.ecsType, m.ecsService, m.ecsService, 1+m.headroom, m.slots)
}

// packed returns E[ceil(N/c)] and E[max(0, min - ceil(N/c))] for N Poisson
// with mean busy: the active and idle-min instances of a packed fleet.
func packed(busy float64, c, minInst int) (active, idle float64) {
	if busy <= 0 {
		return 0, float64(minInst)
	}
	if c == 1 && minInst == 0 {
		return busy, 0
	}
	sd := math.Sqrt(busy)
	lo := math.Max(0, math.Floor(busy-12*sd-10))
	hi := math.Ceil(busy + 12*sd + 10)
	if hi-lo > 2e6 {
		// Far too many terms: the normal limit, ceil adds half an instance.
		a := busy/float64(c) + 0.5
		return a, math.Max(0, float64(minInst)-a)
	}
	var sum float64
	for k := lo; k <= hi; k++ {
		lg, _ := math.Lgamma(k + 1)
		p := math.Exp(k*math.Log(busy) - busy - lg)
		sum += p
		inst := math.Ceil(k / float64(c))
		active += p * inst
		idle += p * math.Max(0, float64(minInst)-inst)
	}
	return active / sum, idle / sum
}
