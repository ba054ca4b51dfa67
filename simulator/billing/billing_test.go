package billing

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

func hasNote(b Bill, sub string) bool {
	for _, n := range b.Notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

func cents(v float64) float64 { return math.Round(v*100) / 100 }

func item(t *testing.T, b Bill, name string) Item {
	t.Helper()
	for _, it := range b.Items {
		if it.Name == name {
			return it
		}
	}
	t.Fatalf("bill has no item %q: %+v", name, b.Items)
	return Item{}
}

// The FC 2.0 worked examples of FACTS.md section 1, to the cent.
func TestFC2WorkedExamples(t *testing.T) {
	cat := catalog.Default()
	month := 720 * time.Hour

	t.Run("5M calls 512MiB 200ms free tier", func(t *testing.T) {
		u := Usage{Window: month, Invocations: 5_000_000, MemoryMB: 512, ActiveInstanceSeconds: 5_000_000 * 0.2}
		b, err := Compute(u, Options{Pricing: "fc2", Region: "cn-beijing", FreeTier: true}, cat)
		if err != nil {
			t.Fatal(err)
		}
		if got := cents(item(t, b, "compute").Amount); got != 11.06 {
			t.Errorf("compute = %.2f, want 11.06", got)
		}
		if got := cents(item(t, b, "invocations").Amount); got != 5.32 {
			t.Errorf("invocations = %.2f, want 5.32", got)
		}
		if got := cents(b.Total); got != 16.38 {
			t.Errorf("total = %.2f, want 16.38", got)
		}
		if !b.FreeTier || b.ExtrapolatedFrom != "" || b.Currency != "CNY" {
			t.Errorf("bill flags = %+v", b)
		}
	})

	t.Run("5 provisioned 512MiB for 30 days", func(t *testing.T) {
		life := 5 * 86400 * 30.0
		u := Usage{Window: month, MemoryMB: 512, ProvisionedInstanceSeconds: life, IdleMinInstanceSeconds: life}
		b, err := Compute(u, Options{Pricing: "fc2", Region: "cn-beijing"}, cat)
		if err != nil {
			t.Fatal(err)
		}
		if got := cents(b.Total); got != 716.64 {
			t.Errorf("total = %.2f, want 716.64 (%+v)", got, b.Items)
		}
		if len(b.Items) != 1 || b.Items[0].Name != "provisioned instances" {
			t.Errorf("items = %+v, want only provisioned instances", b.Items)
		}
	})

	t.Run("one call without free tier", func(t *testing.T) {
		u := Usage{Window: month, Invocations: 1, MemoryMB: 512, ActiveInstanceSeconds: 0.2}
		b, err := Compute(u, Options{Pricing: "fc2", Region: "cn-beijing"}, cat)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(b.Total-1.23892e-5) > 1e-15 {
			t.Errorf("total = %.10g, want 1.23892e-5", b.Total)
		}
		// 490 CNY buys ~39.55 M such calls.
		if got := math.Round(490/b.Total/1e4) / 100; got != 39.55 {
			t.Errorf("calls per 490 CNY = %.2f M, want 39.55 M", got)
		}
	})
}

// Instance time is billed, not request time: three overlapping 10 s
// requests are 10 instance-seconds with concurrency 3 and 30 with
// concurrency 1 (the simulator measures this; the bill must follow it).
func TestInstanceTimeIsBilled(t *testing.T) {
	cat := catalog.Default()
	for _, pricing := range []string{"fc2", "fc3"} {
		one, err := Compute(Usage{Window: time.Hour, Invocations: 3, MemoryMB: 1024, VCPU: 1, ActiveInstanceSeconds: 10}, Options{Pricing: pricing}, cat)
		if err != nil {
			t.Fatal(err)
		}
		three, err := Compute(Usage{Window: time.Hour, Invocations: 3, MemoryMB: 1024, VCPU: 1, ActiveInstanceSeconds: 30}, Options{Pricing: pricing}, cat)
		if err != nil {
			t.Fatal(err)
		}
		// The instance-time meter, not the total: under the CU eras the
		// hourly rounding and minimum come on top.
		meter := map[string]string{"fc2": "compute", "fc3": "active vCPU"}[pricing]
		if r := item(t, three, meter).Quantity / item(t, one, meter).Quantity; math.Abs(r-3) > 1e-9 {
			t.Errorf("%s: %s ratio = %g, want 3", pricing, meter, r)
		}
	}
}

// The FC 3.0 worked example of the official pay-as-you-go page
// (help.aliyun.com/en/functioncompute/fc-2-0/product-overview/pay-as-you-go-billing-method):
// 3,000,000 invocations, 0.5 GB, 200 ms, 0.25 vCPU ->
// 22,500 + 45,000 + 150,000 = 217,500 CU. The page ignores the hourly
// billing cycle; fcplan adds it: spread over the month's 720 hours that is
// 302.08 CU an hour, rounded up to 303, +660 CU (the total moves from 4.35
// to 4.3632 USD and from 23.925 to 23.9976 CNY).
func TestFC3WorkedExample(t *testing.T) {
	cat := catalog.Default()
	u := Usage{Window: 720 * time.Hour, Invocations: 3_000_000, MemoryMB: 512, VCPU: 0.25, ActiveInstanceSeconds: 3_000_000 * 0.2}
	wantCU := map[string]float64{"invocations": 22_500, "memory": 45_000, "active vCPU": 150_000}
	for _, tc := range []struct {
		region, currency string
		perCU, total     float64
	}{
		{"ap-southeast-1", "USD", 0.000020, 218_160 * 0.000020},
		{"cn-hangzhou", "CNY", 0.00011, 218_160 * 0.00011},
	} {
		t.Run(tc.currency, func(t *testing.T) {
			b, err := Compute(u, Options{Region: tc.region}, cat)
			if err != nil {
				t.Fatal(err)
			}
			if b.Currency != tc.currency {
				t.Errorf("currency = %s, want %s", b.Currency, tc.currency)
			}
			var cu float64
			for name, want := range wantCU {
				it := item(t, b, name)
				got := it.Amount / tc.perCU
				if math.Abs(got-want) > 1e-6 {
					t.Errorf("%s = %g CU, want %g", name, got, want)
				}
				cu += got
			}
			if math.Abs(cu-217_500) > 1e-6 {
				t.Errorf("total CU = %g, want 217500", cu)
			}
			if got := item(t, b, "hourly rounding").Amount / tc.perCU; math.Abs(got-660) > 1e-6 {
				t.Errorf("hourly rounding = %g CU, want 660", got)
			}
			if math.Abs(b.Total-tc.total) > 1e-9 {
				t.Errorf("total = %.6f %s, want %.3f", b.Total, b.Currency, tc.total)
			}
		})
	}
}

func TestFC3TiersAndIdle(t *testing.T) {
	cat := catalog.Default()
	// 300 M CU of active vCPU in CNY: 200 M at 0.00011 + 100 M at 0.00010,
	// plus the hourly rounding (416,666.67 CU an hour up to 416,667: +240
	// CU at 0.00010).
	b, err := Compute(Usage{Window: 720 * time.Hour, VCPU: 1, ActiveInstanceSeconds: 3e8}, Options{Region: "cn-shanghai"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if got := cents(b.Total); got != 32000.02 {
		t.Errorf("tiered total = %.2f, want 32000.02", got)
	}
	// Idle min instances pay memory, not vCPU: 1 instance, 2 vCPU, 1 GB, a
	// month idle = 2,592,000 GB-s x 0.15 CU.
	b, err = Compute(Usage{Window: 720 * time.Hour, VCPU: 2, MemoryMB: 1024, IdleMinInstanceSeconds: 2_592_000}, Options{Region: "cn-hangzhou"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Total, 2_592_000*0.15*0.00011; math.Abs(got-want) > 1e-9 {
		t.Errorf("idle min instance = %g, want %g", got, want)
	}
	for _, it := range b.Items {
		if it.Name == "idle vCPU" && it.Amount != 0 {
			t.Errorf("idle vCPU billed %g, want 0", it.Amount)
		}
	}
	// Disk beyond 512 MB: 1024 MB disk for 1000 s = 0.5 GB x 1000 x 0.05 CU.
	b, err = Compute(Usage{Window: 720 * time.Hour, DiskMB: 1024, ActiveInstanceSeconds: 1000}, Options{Region: "ap-southeast-1"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := item(t, b, "disk").Amount, 0.5*1000*0.05*0.000020; math.Abs(got-want) > 1e-15 {
		t.Errorf("disk = %g, want %g", got, want)
	}
}

// A short window is scaled to the month, and the free tier applies to the
// monthly totals: one day of the 5 M/month workload bills 16.38 CNY.
func TestExtrapolation(t *testing.T) {
	cat := catalog.Default()
	day := Usage{Window: 24 * time.Hour, Invocations: 5_000_000 / 30, MemoryMB: 512, ActiveInstanceSeconds: 5_000_000 / 30 * 0.2}
	b, err := Compute(day, Options{Pricing: "fc2", Region: "cn-beijing", FreeTier: true}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if got := cents(b.Total); math.Abs(got-16.38) > 0.011 {
		t.Errorf("total = %.4f, want ~16.38", b.Total)
	}
	if b.ExtrapolatedFrom != "1d scaled to 30d" {
		t.Errorf("ExtrapolatedFrom = %q", b.ExtrapolatedFrom)
	}
	b, err = Compute(Usage{Window: 90 * time.Minute, Invocations: 10}, Options{Month: 744 * time.Hour}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if b.ExtrapolatedFrom != "1h30m scaled to 31d" {
		t.Errorf("ExtrapolatedFrom = %q", b.ExtrapolatedFrom)
	}
}

func TestCurrencyConversion(t *testing.T) {
	cat := catalog.Default()
	u := Usage{Window: 720 * time.Hour, Invocations: 5_000_000, MemoryMB: 512, ActiveInstanceSeconds: 1e6}
	cny, err := Compute(u, Options{Pricing: "fc2", Region: "cn-beijing", FreeTier: true}, cat)
	if err != nil {
		t.Fatal(err)
	}
	usd, err := Compute(u, Options{Pricing: "fc2", Region: "cn-beijing", FreeTier: true, Currency: "usd"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	// Calls at the USD list price (0.2 per million, doc-detail/54301), the
	// GiB-s (no USD list price in the catalog) converted from CNY.
	if got := item(t, usd, "invocations"); math.Abs(got.Amount-4_000_000*0.2e-6) > 1e-12 {
		t.Errorf("USD calls = %g, want 0.80 (4 M x USD 0.2/M)", got.Amount)
	}
	if got, want := item(t, usd, "compute").Amount, item(t, cny, "compute").Amount/cat.Prices.ExchangeRate.CNYPerUSD; math.Abs(got-want) > 1e-12 {
		t.Errorf("USD compute = %g, want %g (converted)", got, want)
	}
	if !hasNote(usd, "converted at 7.2 CNY/USD: GiB-s") || !hasNote(usd, "USD list price, USD 0.2 per million") || hasNote(usd, "converted at 7.2 CNY/USD: GiB-s, provisioned GiB-s, calls") {
		t.Errorf("USD bill does not say what was converted and what is list price: %v", usd.Notes)
	}
	// FC 3.0 publishes both currencies: no conversion note.
	b, err := Compute(u, Options{Region: "cn-hangzhou", Currency: "USD"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if hasNote(b, "CU prices converted") {
		t.Errorf("FC 3.0 USD bill was converted: %v", b.Notes)
	}
}

func TestOutbound(t *testing.T) {
	cat := catalog.Default()
	for _, tc := range []struct {
		o      Options
		gb     float64
		want   float64
		status string
	}{
		// Legacy FC 2.0: 1 GB free.
		{Options{Pricing: "fc2", Region: "cn-beijing", FreeTier: true}, 11, 5.00, "+ 1 GB outbound"},
		// CU eras: the 200 GB CDT quota (FACTS.md), then 0.50 CNY/GB.
		{Options{Era: "2025-12", Region: "cn-beijing", FreeTier: true}, 250, 25.00, "200 GB of the CDT free outbound quota"},
		{Options{Era: "cu-2024-08", Region: "cn-beijing", FreeTier: true}, 150, 0, "150 GB of the CDT"},
		{Options{Era: "2025-12", Region: "cn-beijing"}, 10, 5.00, "not deducted"},
	} {
		b, err := Compute(Usage{Window: 720 * time.Hour, OutboundGB: tc.gb}, tc.o, cat)
		if err != nil {
			t.Fatal(err)
		}
		var out float64
		for _, it := range b.Items {
			if it.Name == "outbound traffic" {
				out = it.Amount
			}
		}
		if got := cents(out); got != tc.want || !strings.Contains(b.FreeTierStatus, tc.status) {
			t.Errorf("%+v, %g GB: outbound %.2f (%q), want %.2f (%q)", tc.o, tc.gb, out, b.FreeTierStatus, tc.want, tc.status)
		}
	}
}

func TestComputeErrors(t *testing.T) {
	cat := catalog.Default()
	ok := Usage{Window: time.Hour}
	for _, tc := range []struct {
		u    Usage
		o    Options
		want string
	}{
		{ok, Options{Pricing: "fc1"}, "expected fc3 or fc2"},
		{ok, Options{Region: "mars-1"}, "unknown region"},
		{ok, Options{Currency: "EUR"}, "expected CNY or USD"},
		{Usage{}, Options{}, "expected a positive duration"},
		{Usage{Window: time.Hour, ActiveInstanceSeconds: -1}, Options{}, "expected a finite number"},
		{Usage{Window: time.Hour, VCPU: math.NaN()}, Options{}, "expected a finite number"},
		{ok, Options{Month: -time.Hour}, "expected a positive duration"},
	} {
		_, err := Compute(tc.u, tc.o, cat)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Compute(%+v, %+v) error = %v, want %q", tc.u, tc.o, err, tc.want)
		}
	}
}

func TestTotalIsSumOfItems(t *testing.T) {
	cat := catalog.Default()
	u := Usage{Window: 6 * time.Hour, Invocations: 123456, MemoryMB: 2048, VCPU: 2, DiskMB: 10240,
		ActiveInstanceSeconds: 5e5, IdleMinInstanceSeconds: 7e4, ProvisionedInstanceSeconds: 3e4, OutboundGB: 3}
	for _, p := range []string{"fc2", "fc3"} {
		for _, region := range cat.Prices.RegionIDs() {
			for _, free := range []bool{false, true} {
				b, err := Compute(u, Options{Pricing: p, Region: region, FreeTier: free}, cat)
				if err != nil {
					t.Fatal(err)
				}
				var sum float64
				for _, it := range b.Items {
					sum += it.Amount
					if math.Abs(it.Quantity*it.Rate-it.Amount) > 1e-9*math.Max(1, it.Amount) {
						t.Errorf("%s %s: %s amount %g != %g x %g", p, region, it.Name, it.Amount, it.Quantity, it.Rate)
					}
				}
				if math.Abs(sum-b.Total) > 1e-9 || b.Total <= 0 {
					t.Errorf("%s %s free=%v: total %g, items sum %g", p, region, free, b.Total, sum)
				}
			}
		}
	}
}

func TestECSMonthly(t *testing.T) {
	cat := catalog.Default()
	c, err := ECSMonthly(2, ECSOptions{Type: "c7.large", Region: "cn-beijing"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	p := cat.ECS.Types["ecs.c7.large"].Prices["cn-beijing"]
	if c.Subscription != 2*490 || math.Abs(c.PayAsYouGo-2*p.HourlyPayAsYouGo*720) > 1e-9 {
		t.Errorf("ECS cost = %+v", c)
	}
	if c.Confirmed || len(c.Notes) == 0 {
		t.Errorf("estimate not flagged: %+v", c)
	}
	usd, err := ECSMonthly(1, ECSOptions{Type: "ecs.c7.large", Currency: "USD"}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(usd.Subscription*cat.Prices.ExchangeRate.CNYPerUSD-490) > 1e-9 {
		t.Errorf("USD subscription = %g", usd.Subscription)
	}
	for _, tc := range []struct {
		n    float64
		o    ECSOptions
		want string
	}{
		{1, ECSOptions{Type: "m9.huge"}, "unknown ECS instance type"},
		{1, ECSOptions{Type: "c7.large", Region: "us-west-1"}, "no price for ECS"},
		{-1, ECSOptions{Type: "c7.large"}, "expected >= 0"},
		{1, ECSOptions{Type: "c7.large", Currency: "EUR"}, "cannot convert"},
	} {
		if _, err := ECSMonthly(tc.n, tc.o, cat); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ECSMonthly(%g, %+v) error = %v, want %q", tc.n, tc.o, err, tc.want)
		}
	}
}

func TestFormatSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		720 * time.Hour: "30d", 24 * time.Hour: "1d", 90 * time.Minute: "1h30m", 36 * time.Hour: "36h", 1500 * time.Millisecond: "1.5s", 0: "0s",
	} {
		if got := FormatSpan(d); got != want {
			t.Errorf("FormatSpan(%s) = %q, want %q", d, got, want)
		}
	}
}
