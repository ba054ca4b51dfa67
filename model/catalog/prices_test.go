package catalog

import (
	"math"
	"testing"
)

func TestPricesSourced(t *testing.T) {
	p := Default().Prices
	check := func(what string, s Source) {
		t.Helper()
		if s.Ref == "" || s.Retrieved == "" {
			t.Errorf("%s: source needs ref and retrieved date, got %+v", what, s)
		}
	}
	check("exchangeRate", p.ExchangeRate.Source)
	check("fc3.factors", p.FC3.Factors.Source)
	check("fc3.freeTierSource", p.FC3.FreeTierSource)
	check("fc3.granularity", p.FC3.Granularity)
	check("fc2", p.FC2.Source)
	check("outbound", p.Outbound.Source)
	for _, cur := range []string{"CNY", "USD"} {
		tp, ok := p.CUPrice(cur)
		if !ok {
			t.Fatalf("fc3.perCU has no %s table", cur)
		}
		check("fc3.perCU."+cur, tp.Source)
		for i, tier := range tp.Tiers {
			last := i == len(tp.Tiers)-1
			if (tier.UpTo == 0) != last || tier.Rate <= 0 || i > 0 && !last && tier.UpTo <= tp.Tiers[i-1].UpTo {
				t.Errorf("fc3.perCU.%s tier %d malformed: %+v", cur, i, tp.Tiers)
			}
		}
	}
	for _, id := range []string{"cn-hangzhou", "cn-beijing", "cn-shanghai", "cn-shenzhen", "ap-southeast-1", "us-west-1"} {
		r, err := p.Region(id)
		if err != nil {
			t.Fatal(err)
		}
		check("regions."+id, r.Source)
		if r.Multiplier <= 0 || (r.Site != "cn" && r.Site != "intl") {
			t.Errorf("region %s malformed: %+v", id, r)
		}
	}
}

func TestTieredCost(t *testing.T) {
	tp := TieredPrice{Tiers: []Tier{{UpTo: 100, Rate: 2}, {UpTo: 500, Rate: 1}, {Rate: 0.5}}}
	for q, want := range map[float64]float64{0: 0, 50: 100, 100: 200, 300: 400, 500: 600, 700: 700} {
		if got := tp.Cost(q); math.Abs(got-want) > 1e-12 {
			t.Errorf("Cost(%g) = %g, want %g", q, got, want)
		}
	}
}

func TestExchangeRate(t *testing.T) {
	x := ExchangeRate{CNYPerUSD: 7}
	if v, _ := x.Convert(2, "USD", "CNY"); v != 14 {
		t.Errorf("2 USD = %g CNY", v)
	}
	if v, _ := x.Convert(14, "CNY", "USD"); v != 2 {
		t.Errorf("14 CNY = %g USD", v)
	}
	if _, err := x.Convert(1, "EUR", "CNY"); err == nil {
		t.Error("EUR converted")
	}
	if _, err := (ExchangeRate{}).Convert(1, "USD", "CNY"); err == nil {
		t.Error("zero rate accepted")
	}
}

func TestECSCatalog(t *testing.T) {
	e := Default().ECS
	if len(e.Types) == 0 {
		t.Fatal("no ECS types")
	}
	for _, name := range e.TypeNames() {
		typ := e.Types[name]
		if typ.VCPU <= 0 || typ.MemoryGiB <= 0 || typ.Source.Ref == "" {
			t.Errorf("%s malformed: %+v", name, typ)
		}
		for region, p := range typ.Prices {
			if p.Currency != "CNY" && p.Currency != "USD" || p.HourlyPayAsYouGo <= 0 || p.MonthlySubscription <= 0 || p.Source.Ref == "" || p.Source.Retrieved == "" {
				t.Errorf("%s %s price malformed: %+v", name, region, p)
			}
		}
	}
	if _, name, err := e.Type("c7.large"); err != nil || name != "ecs.c7.large" {
		t.Errorf("Type(c7.large) = %q, %v", name, err)
	}
}
