package billing

import (
	"fmt"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

// ECSOptions describe an ECS fleet to price.
type ECSOptions struct {
	Type     string // instance type, e.g. ecs.c7.large (the "ecs." prefix is optional)
	Region   string // default cn-hangzhou
	Currency string // CNY or USD; default: the price's currency
	Month    time.Duration
}

// ECSCost is the monthly cost of an ECS fleet both ways.
type ECSCost struct {
	Type      string  `json:"type"`
	VCPU      float64 `json:"vcpu"`
	MemoryGiB float64 `json:"memoryGiB"`
	Currency  string  `json:"currency"`
	// Instances is the fleet size priced (may be fractional for
	// time-averaged autoscaled fleets).
	Instances float64 `json:"instances"`
	// PayAsYouGo is Instances x hourly price x hours in the month.
	PayAsYouGo float64 `json:"payAsYouGo"`
	// Subscription is Instances x monthly subscription price, scaled to
	// the month's length (a subscription month is taken as 30 days).
	Subscription float64 `json:"subscription"`
	// Confirmed is false when the catalog price is an estimate.
	Confirmed bool     `json:"confirmed"`
	Notes     []string `json:"notes,omitempty"`
}

// ECSMonthly prices n instances of a type for a month, pay-as-you-go and
// subscription. Use a fractional n for the time-average of an autoscaled
// fleet (pay-as-you-go only makes sense then).
func ECSMonthly(n float64, opts ECSOptions, cat *catalog.Catalog) (ECSCost, error) {
	if cat == nil {
		cat = catalog.Default()
	}
	if n < 0 {
		return ECSCost{}, fmt.Errorf("ECS instances %g: expected >= 0", n)
	}
	t, name, err := cat.ECS.Type(opts.Type)
	if err != nil {
		return ECSCost{}, err
	}
	region := opts.Region
	if region == "" {
		region = "cn-hangzhou"
	}
	p, err := t.Price(name, region)
	if err != nil {
		return ECSCost{}, err
	}
	month := opts.Month
	if month == 0 {
		month = DefaultMonth
	}
	if month < 0 {
		return ECSCost{}, fmt.Errorf("month %s: expected a positive duration", month)
	}
	cur := strings.ToUpper(opts.Currency)
	if cur == "" {
		cur = p.Currency
	}
	c := ECSCost{Type: name, VCPU: t.VCPU, MemoryGiB: t.MemoryGiB, Currency: cur, Instances: n, Confirmed: p.Confirmed}
	hourly, err := cat.Prices.ExchangeRate.Convert(p.HourlyPayAsYouGo, p.Currency, cur)
	if err != nil {
		return ECSCost{}, err
	}
	monthly, err := cat.Prices.ExchangeRate.Convert(p.MonthlySubscription, p.Currency, cur)
	if err != nil {
		return ECSCost{}, err
	}
	if cur != p.Currency {
		c.Notes = append(c.Notes, fmt.Sprintf("ECS prices are published in %s; converted at %g CNY/USD", p.Currency, cat.Prices.ExchangeRate.CNYPerUSD))
	}
	if !p.Confirmed {
		c.Notes = append(c.Notes, fmt.Sprintf("%s price in %s is an estimate: %s", name, region, p.Source.Note))
	}
	c.PayAsYouGo = n * hourly * month.Hours()
	c.Subscription = n * monthly * float64(month) / float64(DefaultMonth)
	return c, nil
}
