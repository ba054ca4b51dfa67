package reviewreport

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart colours: FC in Alibaba Cloud orange, ECS in blue, secondary series
// in grey and red.
var (
	colFC    = color.RGBA{R: 0xff, G: 0x6a, B: 0x00, A: 0xff}
	colECS   = color.RGBA{R: 0x1f, G: 0x6f, B: 0xeb, A: 0xff}
	colBusy  = color.RGBA{R: 0x6e, G: 0x40, B: 0xc9, A: 0xff}
	colBad   = color.RGBA{R: 0xcf, G: 0x22, B: 0x2e, A: 0xff}
	colGrid  = color.RGBA{R: 0xe4, G: 0xe7, B: 0xeb, A: 0xff}
	colMuted = color.RGBA{R: 0x57, G: 0x60, B: 0x6a, A: 0xff}
)

// Chart is one rendered chart.
type Chart struct {
	ID    string // stable element id, e.g. "chart-resize-cost"
	Title string
	SVG   string // inline <svg> element
}

// maxPoints bounds the points of a time series so that the page stays small.
const maxPoints = 720

// Charts draws the charts of one function.
func Charts(f *Function, idPrefix string) ([]Chart, error) {
	var out []Chart
	add := func(id, title string, p *plot.Plot, err error) error {
		if err != nil {
			return fmt.Errorf("chart %s: %w", title, err)
		}
		svg, err := render(p, 6.4*vg.Inch, 2.9*vg.Inch)
		if err != nil {
			return fmt.Errorf("chart %s: %w", title, err)
		}
		out = append(out, Chart{ID: idPrefix + "-" + id, Title: title, SVG: svg})
		return nil
	}
	tl := downsample(f.Timeline, maxPoints)
	if len(tl.T) > 0 {
		p, err := requestsChart(tl)
		if err := add("requests", "Requests over time", p, err); err != nil {
			return nil, err
		}
		p, err = instancesChart(tl)
		if err := add("instances", "Instances over time", p, err); err != nil {
			return nil, err
		}
		p, err = coldStartChart(tl)
		if err := add("coldstarts", "Cold starts over time", p, err); err != nil {
			return nil, err
		}
	}
	if len(f.LatencyCDF) > 0 {
		p, err := cdfChart(f)
		if err := add("latency", "Latency CDF", p, err); err != nil {
			return nil, err
		}
	}
	if len(f.Cost.Rates) > 0 {
		p, err := costChart(f.Cost)
		if err := add("cost", "Monthly cost versus request rate", p, err); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(10.5)
		a.Label.TextStyle.Color = colMuted
		a.Tick.Label.Font.Size = vg.Points(10)
		a.Tick.Label.Color = colMuted
		a.Color = colMuted
		a.Tick.Color = colMuted
	}
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.Padding = vg.Points(2)
	p.X.Tick.Marker = shortTicks{}
	p.Y.Tick.Marker = shortTicks{}
	g := plotter.NewGrid()
	g.Vertical.Color = colGrid
	g.Horizontal.Color = colGrid
	p.Add(g)
	return p
}

func line(p *plot.Plot, label string, xys plotter.XYs, c color.Color, width vg.Length, dashed bool) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = width
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	p.Add(l)
	if label != "" {
		p.Legend.Add(label, l)
	}
	return nil
}

// hoursAxis picks the time unit of the x axis.
func timeAxis(tl Timeline) (unit string, div float64) {
	span := 0.0
	if n := len(tl.T); n > 0 {
		span = tl.T[n-1] + tl.StepSeconds
	}
	switch {
	case span > 3*86400:
		return "days since start", 86400
	case span > 2*3600:
		return "hours since start", 3600
	default:
		return "minutes since start", 60
	}
}

func series(tl Timeline, ys []float64, scale float64) plotter.XYs {
	_, div := timeAxis(tl)
	xys := make(plotter.XYs, len(tl.T))
	for i := range tl.T {
		xys[i] = plotter.XY{X: tl.T[i] / div, Y: ys[i] * scale}
	}
	return xys
}

func requestsChart(tl Timeline) (*plot.Plot, error) {
	unit, _ := timeAxis(tl)
	p := newPlot("Requests per second", unit, "requests/s")
	p.Y.Min = 0
	if err := line(p, "arrivals (mean over "+stepWord(tl.StepSeconds)+")", series(tl, tl.Arrivals, 1/tl.StepSeconds), colFC, vg.Points(1.2), false); err != nil {
		return nil, err
	}
	return p, nil
}

func instancesChart(tl Timeline) (*plot.Plot, error) {
	unit, _ := timeAxis(tl)
	p := newPlot("Instances and requests in flight", unit, "count (max per "+stepWord(tl.StepSeconds)+")")
	p.Y.Min = 0
	if err := line(p, "FC instances", series(tl, tl.InstancesMax, 1), colFC, vg.Points(1.4), false); err != nil {
		return nil, err
	}
	if err := line(p, "FC requests in flight", series(tl, tl.BusyMax, 1), colBusy, vg.Points(1), true); err != nil {
		return nil, err
	}
	if len(tl.ECSInstances) == len(tl.T) {
		if err := line(p, "ECS instances", series(tl, tl.ECSInstances, 1), colECS, vg.Points(1.4), false); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func coldStartChart(tl Timeline) (*plot.Plot, error) {
	unit, _ := timeAxis(tl)
	title := "FC cold starts"
	if sum(tl.ECSDropped) > 0 {
		title = "FC cold starts and ECS drops"
	}
	p := newPlot(title, unit, "per "+stepWord(tl.StepSeconds))
	p.Y.Min = 0
	if err := line(p, "cold starts", series(tl, tl.ColdStarts, 1), colFC, vg.Points(1.2), false); err != nil {
		return nil, err
	}
	if sum(tl.Throttled) > 0 {
		if err := line(p, "FC throttled (429)", series(tl, tl.Throttled, 1), colBad, vg.Points(1), true); err != nil {
			return nil, err
		}
	}
	if sum(tl.ECSDropped) > 0 {
		if err := line(p, "ECS dropped (queue full)", series(tl, tl.ECSDropped, 1), colECS, vg.Points(1.2), true); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func cdfChart(f *Function) (*plot.Plot, error) {
	p := newPlot("End-to-end latency (CDF)", "latency (ms, log scale)", "fraction of requests")
	p.X.Scale = plot.LogScale{}
	p.Y.Min, p.Y.Max = 0, 1
	// A CDF's bottom-right corner is always empty.
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(6)
	if err := line(p, "FC", cdfXY(f.LatencyCDF), colFC, vg.Points(1.6), false); err != nil {
		return nil, err
	}
	if len(f.ECSLatencyCDF) > 0 {
		xys := cdfXY(f.ECSLatencyCDF)
		if err := line(p, "", xys, colECS, vg.Points(1), true); err != nil {
			return nil, err
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		s.GlyphStyle.Radius = vg.Points(2.5)
		s.GlyphStyle.Color = colECS
		p.Add(s)
		p.Legend.Add("ECS (p50, p90, p99, p99.9, max)", s)
	}
	xmin, xmax := math.Inf(1), 0.0
	for _, pts := range [][]CDFPoint{f.LatencyCDF, f.ECSLatencyCDF} {
		for _, q := range pts {
			v := math.Max(q.Ms, 0.01)
			xmin, xmax = math.Min(xmin, v), math.Max(xmax, v)
		}
	}
	p.X.Tick.Marker = niceLogTicks{}
	p.X.Min, p.X.Max = xmin/1.5, xmax*1.5
	return p, nil
}

func cdfXY(pts []CDFPoint) plotter.XYs {
	xys := make(plotter.XYs, 0, len(pts))
	for _, q := range pts {
		xys = append(xys, plotter.XY{X: math.Max(q.Ms, 0.01), Y: q.Quantile})
	}
	return xys
}

func costChart(c CostCurve) (*plot.Plot, error) {
	p := newPlot("Monthly cost versus mean request rate", "mean requests/s (log scale)", "cost per month, "+c.Currency+" (log scale)")
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = niceLogTicks{}
	p.Y.Tick.Marker = niceLogTicks{}
	fc, ecs := make(plotter.XYs, 0, len(c.Rates)), make(plotter.XYs, 0, len(c.Rates))
	lo := math.Inf(1)
	for i, r := range c.Rates {
		if c.FC[i] > 0 {
			fc = append(fc, plotter.XY{X: r, Y: c.FC[i]})
			lo = math.Min(lo, c.FC[i])
		}
		if c.ECS[i] > 0 {
			ecs = append(ecs, plotter.XY{X: r, Y: c.ECS[i]})
			lo = math.Min(lo, c.ECS[i])
		}
	}
	if len(fc) < 2 || len(ecs) < 2 {
		return nil, fmt.Errorf("not enough positive costs to draw")
	}
	if err := line(p, "Function Compute", fc, colFC, vg.Points(1.6), false); err != nil {
		return nil, err
	}
	if err := line(p, "ECS fleet sized for the peak", ecs, colECS, vg.Points(1.6), false); err != nil {
		return nil, err
	}
	if c.Observed > 0 {
		if err := line(p, "simulated rate", plotter.XYs{{X: c.Observed, Y: lo}, {X: c.Observed, Y: math.Max(fc[len(fc)-1].Y, ecs[len(ecs)-1].Y)}}, colMuted, vg.Points(0.8), true); err != nil {
			return nil, err
		}
	}
	if c.BreakEven > 0 {
		y := interp(c.Rates, c.FC, c.BreakEven)
		s, err := plotter.NewScatter(plotter.XYs{{X: c.BreakEven, Y: y}})
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		s.GlyphStyle.Radius = vg.Points(4.5)
		s.GlyphStyle.Color = colBad
		p.Add(s)
		p.Legend.Add("break-even "+trim(c.BreakEven)+"/s", s)
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: c.BreakEven, Y: y}}, Labels: []string{"  break-even " + trim(c.BreakEven) + "/s"}})
		if err != nil {
			return nil, err
		}
		lbl.TextStyle[0].Color = colBad
		lbl.TextStyle[0].Font.Size = vg.Points(9)
		lbl.TextStyle[0].YAlign = draw.YTop
		p.Add(lbl)
	}
	return p, nil
}

// shortTicks are gonum/plot's default ticks with short labels (2K, 1.5M).
type shortTicks struct{}

func (shortTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = short(ticks[i].Value)
		}
	}
	return ticks
}

// niceLogTicks labels a log axis at 1-2-5 steps when it spans few decades
// and at powers of ten otherwise, with short labels (500, 2K, 10M).
type niceLogTicks struct{}

func (niceLogTicks) Ticks(min, max float64) []plot.Tick {
	if min <= 0 || max <= min {
		return nil
	}
	decades := math.Log10(max / min)
	mult := []float64{1, 2, 5}
	if decades > 4 {
		mult = []float64{1}
	}
	// Label every decade up to six of them, every other one beyond.
	every := 1.0
	if decades > 6 {
		every = 2
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		p := math.Pow(10, e)
		for _, m := range mult {
			v := m * p
			if v < min*0.999 || v > max*1.001 {
				continue
			}
			label := short(v)
			if math.Mod(e, every) != 0 {
				label = ""
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: label})
		}
		for m := 2.0; m < 10 && len(mult) == 1; m++ {
			if v := m * p; v >= min && v <= max {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// short formats a tick value: 0.01, 0.5, 20, 500, 2K, 10M.
func short(v float64) string {
	if math.Abs(v) < 1e-9 {
		return "0"
	}
	switch {
	case v >= 1e9:
		return strings.TrimSuffix(fmt.Sprintf("%gB", v/1e9), ".")
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gK", v/1e3)
	default:
		return fmt.Sprintf("%g", v)
	}
}

// interp interpolates ys at x on a log-log scale.
func interp(xs, ys []float64, x float64) float64 {
	for i := 1; i < len(xs); i++ {
		if xs[i] >= x {
			if ys[i-1] <= 0 || ys[i] <= 0 {
				return ys[i]
			}
			f := (math.Log(x) - math.Log(xs[i-1])) / (math.Log(xs[i]) - math.Log(xs[i-1]))
			return math.Exp(math.Log(ys[i-1]) + f*(math.Log(ys[i])-math.Log(ys[i-1])))
		}
	}
	return ys[len(ys)-1]
}

func stepWord(s float64) string {
	switch {
	case s == 60:
		return "minute"
	case s == 1:
		return "second"
	case s == 3600:
		return "hour"
	case math.Mod(s, 60) == 0:
		return fmt.Sprintf("%g minutes", s/60)
	default:
		return fmt.Sprintf("%g s", s)
	}
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}

// downsample merges adjacent steps so that at most n remain: counts add
// up, maxima take the maximum.
func downsample(tl Timeline, n int) Timeline {
	if len(tl.T) <= n {
		return tl
	}
	k := (len(tl.T) + n - 1) / n
	out := Timeline{StepSeconds: tl.StepSeconds * float64(k)}
	merge := func(src []float64, i, j int, isMax bool) float64 {
		v := 0.0
		for _, x := range src[i:j] {
			if isMax {
				v = math.Max(v, x)
			} else {
				v += x
			}
		}
		return v
	}
	hasECS := len(tl.ECSInstances) == len(tl.T)
	for i := 0; i < len(tl.T); i += k {
		j := min(i+k, len(tl.T))
		out.T = append(out.T, tl.T[i])
		out.Arrivals = append(out.Arrivals, merge(tl.Arrivals, i, j, false))
		out.ColdStarts = append(out.ColdStarts, merge(tl.ColdStarts, i, j, false))
		out.Throttled = append(out.Throttled, merge(tl.Throttled, i, j, false))
		out.AsyncQueued = append(out.AsyncQueued, merge(tl.AsyncQueued, i, j, true))
		out.InstancesMax = append(out.InstancesMax, merge(tl.InstancesMax, i, j, true))
		out.BusyMax = append(out.BusyMax, merge(tl.BusyMax, i, j, true))
		if hasECS {
			out.ECSInstances = append(out.ECSInstances, merge(tl.ECSInstances, i, j, true))
		}
		if len(tl.ECSDropped) == len(tl.T) {
			out.ECSDropped = append(out.ECSDropped, merge(tl.ECSDropped, i, j, false))
		}
	}
	return out
}

// render draws p as an inline <svg> element (the XML prolog dropped).
func render(p *plot.Plot, w, h vg.Length) (string, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	s := buf.String()
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return s, nil
}
