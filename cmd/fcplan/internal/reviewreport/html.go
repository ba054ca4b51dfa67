package reviewreport

import (
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
)

// HTML writes the review as one self-contained page: inline CSS, inline SVG
// charts, no script, font, image or stylesheet from anywhere else.
func HTML(w io.Writer, r *Review) error {
	level, verdict := r.Verdict()
	d := htmlData{R: r, Level: level, Verdict: verdict, Workload: workloadLine(r),
		Findings: findingsTable(r), Sim: simTable(r), ECS: ecsTable(r),
		Connections: connectionLines(r), BreakEven: breakEvenLines(r), Assumptions: assumptions(r)}
	for i := range r.Functions {
		f := &r.Functions[i]
		charts, err := Charts(f, fmt.Sprintf("chart-%d", i+1))
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		hf := htmlFunction{F: f}
		for _, c := range charts {
			hf.Charts = append(hf.Charts, htmlChart{ID: c.ID, Title: c.Title, SVG: template.HTML(responsive(c.SVG))})
		}
		d.Functions = append(d.Functions, hf)
	}
	d.Counts = "No findings"
	if e, wn, in := r.Counts(); e+wn+in > 0 {
		d.Counts = countWords(e, wn, in)
	}
	// html/template escapes markup but passes control and bidi characters
	// (ESC, CR, U+202E) through; the safetext.Writer makes them visible.
	sw := safetext.NewWriter(w)
	if err := page.Execute(sw, d); err != nil {
		return err
	}
	return sw.Flush()
}

type htmlData struct {
	R                      *Review
	Level, Verdict         string
	Workload               string
	Findings, Sim, ECS     table
	Connections, BreakEven []string
	Assumptions            []string
	Functions              []htmlFunction
	Counts                 string
}

type htmlFunction struct {
	F      *Function
	Charts []htmlChart
}

type htmlChart struct {
	ID, Title string
	SVG       template.HTML
}

var svgSize = regexp.MustCompile(`<svg([^>]*?) width="([0-9.]+)(pt|px)?" height="([0-9.]+)(pt|px)?"`)

// responsive gives the chart a viewBox so that CSS can scale it to the
// page width.
func responsive(svg string) string {
	if strings.Contains(svg[:min(len(svg), 400)], "viewBox") {
		return svg
	}
	return svgSize.ReplaceAllString(svg, `<svg$1 viewBox="0 0 $2 $4" width="$2" height="$4" preserveAspectRatio="xMidYMid meet"`)
}

var funcs = template.FuncMap{
	"int":   Int,
	"money": Money,
	"ms":    Ms,
	"pct":   Pct,
	"upper": strings.ToUpper,
	"right": func(t table, i int) bool { return i < len(t.Align) && t.Align[i] },
	"sevclass": func(s string) string {
		return "sev-" + s
	},
}

var page = template.Must(template.New("review").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fcplan review: {{.R.Title}}</title>
<style>
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--fc:#ff6a00;--ecs:#1f6feb;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
header{background:linear-gradient(90deg,#24292f,#3b4148);color:#fff;padding:22px 40px}
header h1{margin:0;font-size:22px;font-weight:600}
header .sub{color:#c9d1d9;font-size:13px;margin-top:4px}
main{max-width:1180px;margin:0 auto;padding:20px 40px 40px}
h2{font-size:18px;margin:32px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:22px 0 8px}
.verdict{display:flex;gap:14px;align-items:flex-start;border-radius:8px;padding:14px 18px;margin:8px 0 18px;border:1px solid}
.verdict .badge{font-weight:700;font-size:12px;letter-spacing:.06em;padding:3px 10px;border-radius:12px;color:#fff;white-space:nowrap}
.verdict-fail{background:#ffebe9;border-color:#ff8182}.verdict-fail .badge{background:var(--bad)}
.verdict-attention{background:#fff8c5;border-color:#d4a72c}.verdict-attention .badge{background:var(--warn)}
.verdict-pass{background:#dafbe1;border-color:#4ac26b}.verdict-pass .badge{background:var(--ok)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--bg)}
.card .k{color:var(--muted);font-size:12px}
.card .v{font-size:20px;font-weight:600;margin-top:2px}
.card .v.fc{color:var(--fc)}.card .v.ecs{color:var(--ecs)}.card .v.bad{color:var(--bad)}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}
th,td{border:1px solid var(--line);padding:6px 9px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td code{font-size:12px}
.sev{font-weight:600;text-transform:uppercase;font-size:11px;padding:2px 7px;border-radius:10px;color:#fff}
.sev-error{background:var(--bad)}.sev-warning{background:var(--warn)}.sev-info{background:var(--muted)}
ul{padding-left:20px}li{margin:3px 0}
.muted{color:var(--muted)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:12px;color:var(--muted);padding:2px 4px}
footer{color:var(--muted);font-size:12px;margin-top:30px;border-top:1px solid var(--line);padding-top:10px}
</style>
</head>
<body>
<header><h1>fcplan review: {{.R.Title}}</h1><div class="sub">Pre-deployment review: configuration lint, Go vet, Function Compute simulation and ECS comparison on the same traffic</div></header>
<main>
<div class="verdict verdict-{{.Level}}"><span class="badge">{{upper .Level}}</span><div>{{.Verdict}}</div></div>
{{range .Functions}}{{with .F}}{{if .FC}}
<div class="cards">
<div class="card"><div class="k">{{.Name}} · cold starts</div><div class="v fc">{{pct .FC.ColdStartRate}}</div></div>
<div class="card"><div class="k">p99 latency (FC)</div><div class="v">{{ms .FC.LatencyMs.P99}}</div></div>
<div class="card"><div class="k">peak DB connections</div><div class="v{{if .Connections.PerRequest}} bad{{end}}">{{int .Connections.Peak}}</div></div>
<div class="card"><div class="k">FC per month</div><div class="v fc">{{money .FC.Bill.Total .FC.Bill.Currency}}</div></div>
<div class="card"><div class="k">ECS per month</div><div class="v ecs">{{if .ECS}}{{money .ECS.Monthly .ECS.Cost.Currency}}{{else}}n/a{{end}}</div></div>
</div>{{end}}{{end}}{{end}}

<h2>Findings</h2>
<p>{{.Counts}}.
{{with .R.Lint}}Lint (configuration): {{if .Skipped}}skipped - {{.Skipped}}{{else}}{{len .Findings}} active, {{.Suppressed}} suppressed{{range .Notes}}; {{.}}{{end}}{{end}}.{{end}}
{{with .R.Vet}}Vet (Go code): {{if .Skipped}}skipped - {{.Skipped}}{{else}}{{len .Findings}} active, {{.Suppressed}} suppressed{{range .Notes}}; {{.}}{{end}}{{end}}.{{end}}</p>
{{range .R.Lint.Problems}}<p class="muted">lint problem: {{.}}</p>{{end}}{{range .R.Vet.Problems}}<p class="muted">vet problem: {{.}}</p>{{end}}
{{if .Findings.Rows}}<table id="findings"><tr><th>severity</th><th>rule</th><th>location</th><th>message</th></tr>
{{range .Findings.Rows}}<tr><td><span class="sev {{sevclass (index . 0)}}">{{index . 0}}</span></td><td><a href="https://github.com/fcplan/fcplan/blob/main/rules/docs/{{index . 1}}.md">{{index . 1}}</a></td><td><code>{{index . 2}}</code></td><td>{{index . 3}}</td></tr>
{{end}}</table>{{end}}

<h2>Function Compute simulation</h2>
<p class="muted">Workload: {{.Workload}}</p>
{{template "table" .Sim}}
{{with .R.NotSimulated}}<ul>{{range .}}<li>{{.Line}}</li>{{end}}</ul>{{end}}
<h3>Database connections a burst opens</h3>
<ul>{{range .Connections}}<li>{{.}}</li>{{end}}</ul>

<h2>ECS on the same arrivals</h2>
{{template "table" .ECS}}
<ul>{{range .R.Functions}}{{if not .ECS}}<li>{{.Name}}: ECS side not available: {{.ECSError}}</li>{{else}}{{$n := .Name}}{{range .ECS.Notes}}<li>{{$n}}: {{.}}</li>{{end}}{{end}}{{end}}</ul>

<h2>Break-even</h2>
<ul>{{range .BreakEven}}<li>{{.}}</li>{{end}}</ul>
{{range .R.Functions}}{{if .Cost.Method}}<p class="muted">{{.Cost.Method}}</p>{{break}}{{end}}{{end}}

<h2>Charts</h2>
{{range .Functions}}<h3>{{.F.Name}}</h3>
<div class="charts">{{range .Charts}}<figure id="{{.ID}}" class="chart">{{.SVG}}<figcaption>{{.Title}}</figcaption></figure>
{{end}}</div>
{{end}}

<h2>Assumptions</h2>
<ul>{{range .Assumptions}}<li>{{.}}</li>{{end}}</ul>
<footer>fcplan {{.R.Version}} · catalog {{.R.CatalogVersion}} · generated offline; every price and limit comes from the catalog with its source</footer>
</main>
</body>
</html>
{{define "table"}}<table><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{$t := .}}{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if right $t $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</table>{{end}}`))
