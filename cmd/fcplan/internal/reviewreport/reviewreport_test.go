package reviewreport

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/rules/finding"
	"github.com/fcplan/fcplan/simulator"
)

// sample is a small review with every chart's data, a crossover and one
// finding of each severity.
func sample() *Review {
	tl := Timeline{StepSeconds: 60}
	for i := 0; i < 1500; i++ {
		tl.T = append(tl.T, float64(i*60))
		tl.Arrivals = append(tl.Arrivals, float64(600+i%7))
		tl.ColdStarts = append(tl.ColdStarts, float64(i%3))
		tl.Throttled = append(tl.Throttled, 0)
		tl.AsyncQueued = append(tl.AsyncQueued, 0)
		tl.InstancesMax = append(tl.InstancesMax, float64(3+i%5))
		tl.BusyMax = append(tl.BusyMax, float64(5+i%9))
		tl.ECSInstances = append(tl.ECSInstances, 2)
		tl.ECSDropped = append(tl.ECSDropped, float64(i%11))
	}
	cost := CostCurve{Currency: "CNY", Observed: 10, BreakEven: 20, Method: "test"}
	for _, r := range []float64{1, 5, 10, 20, 50, 100} {
		cost.Rates = append(cost.Rates, r)
		cost.FC = append(cost.FC, 50*r)
		cost.ECS = append(cost.ECS, 1000)
		cost.ECSInstances = append(cost.ECSInstances, 2)
	}
	return &Review{
		Title: "sample", Version: "test", FailOn: "error", CatalogVersion: "c1",
		Lint: Section{Findings: []finding.Finding{
			{RuleID: "SEC001", Severity: finding.Warning, Location: finding.Location{File: "s.yaml", Line: 3, Column: 5}, Message: "a | pipe"},
		}},
		Vet:      Section{Skipped: "no Go module"},
		Workload: Workload{Source: "poisson:rate=10/s", Requests: 900_000, WindowSeconds: 90_000, MeanPerSecond: 10, PeakPerMinute: 606, Invocation: "trace"},
		Functions: []Function{{
			Name: "api", Model: "go1",
			FC:          &simulator.Report{Requests: 900_000, ColdStarts: 12, ColdStartRate: 0.0001, Instances: simulator.Instances{Peak: 7}},
			ECSError:    "ecs: not implemented yet",
			Connections: Connections{Peak: 7, PoolSize: 1, PerInstancePeak: 7, PerRequestPeak: 13, Evidence: "no GO001"},
			Timeline:    tl,
			LatencyCDF:  []CDFPoint{{Ms: 90, Quantile: 0.1}, {Ms: 100, Quantile: 0.5}, {Ms: 300, Quantile: 0.99}, {Ms: 900, Quantile: 1}},
			Cost:        cost,
		}},
	}
}

func TestChartsDrawEverySeries(t *testing.T) {
	f := &sample().Functions[0]
	charts, err := Charts(f, "c")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"c-requests", "c-instances", "c-coldstarts", "c-latency", "c-cost"}
	if len(charts) != len(want) {
		t.Fatalf("%d charts, want %d", len(charts), len(want))
	}
	path := regexp.MustCompile(`<path[^>]* d="M[^"]*L`)
	for i, c := range charts {
		if c.ID != want[i] {
			t.Errorf("chart %d id %q, want %q", i, c.ID, want[i])
		}
		if !strings.HasPrefix(c.SVG, "<svg") || len(path.FindAllString(c.SVG, -1)) < 3 {
			t.Errorf("chart %s: not an <svg> with plotted paths", c.ID)
		}
	}
	if !strings.Contains(charts[4].SVG, "break-even 20/s") {
		t.Error("the cost chart does not mark the crossover")
	}
	if !strings.Contains(charts[2].SVG, "ECS dropped") {
		t.Error("the cold-start chart does not show ECS drops")
	}
}

func TestDownsampleKeepsTotalsAndPeaks(t *testing.T) {
	tl := sample().Functions[0].Timeline
	d := downsample(tl, 720)
	if len(d.T) > 720 || d.StepSeconds != 180 {
		t.Fatalf("%d points of %gs, want <= 720 of 180s", len(d.T), d.StepSeconds)
	}
	if sum(d.Arrivals) != sum(tl.Arrivals) || sum(d.ECSDropped) != sum(tl.ECSDropped) {
		t.Error("downsampling changed the totals")
	}
	if maxOf(d.InstancesMax...) != 7 || maxOf(d.BusyMax...) != 13 {
		t.Errorf("peaks %g/%g, want 7/13", maxOf(d.InstancesMax...), maxOf(d.BusyMax...))
	}
}

func maxOf(v ...float64) float64 {
	m := 0.0
	for _, x := range v {
		if x > m {
			m = x
		}
	}
	return m
}

func TestFormatsSayWhatIsMissing(t *testing.T) {
	r := sample()
	var md, txt, html bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := Text(&txt, r); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&html, r); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "text": txt.String(), "html": html.String()} {
		for _, want := range []string{"ECS side not available: ecs: not implemented yet", "skipped - no Go module", "ECS becomes cheaper above a mean of 20/s"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	if !strings.Contains(md.String(), `a \| pipe`) {
		t.Error("markdown does not escape | in a cell")
	}
	if level, _ := r.Verdict(); level != "attention" {
		t.Errorf("verdict %s, want attention (a warning below fail-on error)", level)
	}
}

func TestNiceLogTicks(t *testing.T) {
	var labels []string
	for _, tk := range (niceLogTicks{}).Ticks(80, 3000) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, " "); got != "100 200 500 1K 2K" {
		t.Errorf("ticks %q", got)
	}
}

// BenchmarkHTML renders the page of a one-function review: five SVG charts
// over a 1,500-step timeline.
func BenchmarkHTML(b *testing.B) {
	r := sample()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := HTML(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "CNY 0.00"},
		{4681.625, "CNY 4,681.63"},
		{99_999.994, "CNY 99,999.99"},
		{105_203.4, "CNY 105,203"},
		{1_531_250, "CNY 1,531,250"},
		{-12.5, "CNY -12.50"},
	} {
		if got := Money(tc.v, "CNY"); got != tc.want {
			t.Errorf("Money(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
