package billing

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

// cronDay is one day of an hourly cron function: one 100 ms call an hour on
// a 512 MB / 0.35 vCPU instance, the instance billed 1 minute idle after
// each call (delayed release).
func cronDay() Usage {
	u := Usage{Window: 24 * time.Hour, Invocations: 24, MemoryMB: 512, VCPU: 0.35, ActiveInstanceSeconds: 24 * 0.1, IdleMinInstanceSeconds: 24 * 60}
	for h := 0; h < 24; h++ {
		u.Hours = append(u.Hours, HourUsage{Invocations: 1, Active: 0.1, Idle: 60, Used: true})
	}
	return u
}

// The hourly cron case of issue 11: under the 2025-12 rules every hour
// with a call costs at least CNY 0.01, 24 h x 30 d x 0.01 = 7.20 CNY, where
// the metered CU alone cost a fraction of that.
func TestHourlyMinimumCron(t *testing.T) {
	cat := catalog.Default()
	for _, tc := range []struct {
		era       string
		want      float64
		minimum   bool
		roundedCU float64 // CU added by the hourly rounding over the month
	}{
		// 2025-12: each hour is 4.55 CU (calls 0.0075, vCPU 0.035, memory
		// 0.0075, idle memory 4.5), 5 after rounding = 0.00055 CNY < 0.01.
		{"2025-12", 7.20, true, 720 * (5 - 4.55)},
		// CU era: no billed idle time, rounding only: 720 CU x 0.00011.
		{"cu-2024-08", 0.0792, false, 720 * (1 - 0.05)},
	} {
		t.Run(tc.era, func(t *testing.T) {
			u := cronDay()
			if tc.era == "cu-2024-08" {
				// No delayed release in that era: no idle time billed.
				u.IdleMinInstanceSeconds = 0
				for i := range u.Hours {
					u.Hours[i].Idle = 0
				}
			}
			b, err := Compute(u, Options{Era: tc.era, Region: "cn-hangzhou"}, cat)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(b.Total-tc.want) > 1e-9 {
				t.Errorf("total = %.6f CNY, want %.4f (%+v)", b.Total, tc.want, b.Items)
			}
			if b.Era != tc.era || b.EraSource == "" {
				t.Errorf("bill era = %q (%q), want %q with its source", b.Era, b.EraSource, tc.era)
			}
			if got := item(t, b, "hourly rounding").Quantity; math.Abs(got-tc.roundedCU) > 1e-6 {
				t.Errorf("hourly rounding = %g CU, want %g", got, tc.roundedCU)
			}
			hasMin := false
			for _, it := range b.Items {
				if it.Name == "hourly minimum" {
					hasMin = true
					if it.Quantity != 720 {
						t.Errorf("hourly minimum over %g function-hours, want 720", it.Quantity)
					}
				}
			}
			if hasMin != tc.minimum {
				t.Errorf("hourly minimum item present = %v, want %v", hasMin, tc.minimum)
			}
		})
	}
}

// Hours without calls or instances cost nothing; the minimum applies only
// to hours in use.
func TestHourlyMinimumSkipsUnusedHours(t *testing.T) {
	u := cronDay()
	for i := range u.Hours {
		if i%2 == 1 {
			u.Hours[i] = HourUsage{}
		}
	}
	u.Invocations, u.ActiveInstanceSeconds, u.IdleMinInstanceSeconds = 12, 1.2, 12*60
	b, err := Compute(u, Options{}, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if got := cents(b.Total); got != 3.60 {
		t.Errorf("12 used hours a day = %.4f CNY a month, want 3.60", b.Total)
	}
}

// Without per-hour usage (closed form), usage is spread over the hours in
// use: 720 calls a month are one an hour, and the hourly cron bill follows.
func TestHourlySpreadClosedForm(t *testing.T) {
	u := Usage{Window: 720 * time.Hour, Invocations: 720, MemoryMB: 512, VCPU: 0.35, ActiveInstanceSeconds: 72}
	b, err := Compute(u, Options{}, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if got := cents(b.Total); got != 7.20 {
		t.Errorf("720 calls a month = %.4f CNY, want 7.20", b.Total)
	}
	if !hasNote(b, "spread evenly over 720") {
		t.Errorf("bill does not say the hours were assumed: %v", b.Notes)
	}
	// 10 calls a month use at most 10 function-hours.
	u = Usage{Window: 720 * time.Hour, Invocations: 10, MemoryMB: 512, VCPU: 0.35, ActiveInstanceSeconds: 1}
	if b, err = Compute(u, Options{}, catalog.Default()); err != nil {
		t.Fatal(err)
	}
	if got := cents(b.Total); got != 0.10 {
		t.Errorf("10 calls a month = %.4f CNY, want 0.10", b.Total)
	}
}

// One era flag selects the meters, the hourly rules and the free tier; the
// bill names the era and says whether a free tier was deducted.
func TestEraSelection(t *testing.T) {
	cat := catalog.Default()
	u := Usage{Window: 720 * time.Hour, Invocations: 5_000_000, MemoryMB: 512, VCPU: 0.35, ActiveInstanceSeconds: 1e6}
	for _, tc := range []struct {
		o          Options
		era        string
		freeTier   bool
		statusHas  string
		firstItem  string
		wantErrHas string
	}{
		{o: Options{FreeTier: true}, era: "2025-12", statusHas: "none in billing era 2025-12", firstItem: "invocations"},
		{o: Options{Pricing: "fc2", FreeTier: true}, era: "legacy", freeTier: true, statusHas: "deducted 1,000,000 calls + 400,000 GiB-s", firstItem: "compute"},
		{o: Options{Era: "legacy"}, era: "legacy", statusHas: "not deducted", firstItem: "compute"},
		{o: Options{Era: "cu-2024-08", FreeTier: true}, era: "cu-2024-08", statusHas: "none in billing era", firstItem: "invocations"},
		{o: Options{Era: "legacy", Pricing: "fc3"}, wantErrHas: "does not apply in billing era legacy"},
		{o: Options{Era: "2025-12", Pricing: "fc2"}, wantErrHas: "FC 2.0 GiB-s + call prices are the legacy era"},
		{o: Options{Era: "2019"}, wantErrHas: "expected one of [legacy cu-2024-08 2025-12]"},
	} {
		b, err := Compute(u, tc.o, cat)
		if tc.wantErrHas != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErrHas) {
				t.Errorf("%+v: error = %v, want %q", tc.o, err, tc.wantErrHas)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if b.Era != tc.era || b.FreeTier != tc.freeTier || !strings.Contains(b.FreeTierStatus, tc.statusHas) || b.Items[0].Name != tc.firstItem {
			t.Errorf("%+v: era %q free %v (%q), first item %q", tc.o, b.Era, b.FreeTier, b.FreeTierStatus, b.Items[0].Name)
		}
		if !hasNote(b, "billing era "+tc.era) {
			t.Errorf("%+v: no note names the era: %v", tc.o, b.Notes)
		}
	}
	o, era, err := ResolveOptions(Options{Pricing: "fc2"}, cat)
	if err != nil || o.Era != "legacy" || era.ID != "legacy" || o.Pricing != "fc2" {
		t.Errorf("ResolveOptions(fc2) = %+v, %s, %v", o, era.ID, err)
	}
}

func TestHoursValidated(t *testing.T) {
	for _, tc := range []struct {
		set  func(h *HourUsage)
		want string
	}{
		{func(h *HourUsage) { h.Active = math.Inf(1) }, "hour 3: active instance-seconds +Inf"},
		// An overflowed keep-alive made the idle part negative: the
		// message names it and the --set bound.
		{func(h *HourUsage) { h.Idle = -1.47e6 }, "hour 3: idle instance-seconds (keep-alive billed as delayed release) -1.47e+06: expected a finite number >= 0 (the simulation overflowed: --set keepAlive and delayedRelease are at most 24h"},
		{func(h *HourUsage) { h.Invocations = math.NaN() }, "hour 3: invocations NaN"},
	} {
		u := cronDay()
		tc.set(&u.Hours[3])
		if _, err := Compute(u, Options{}, catalog.Default()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}
