package main

import (
	"github.com/fcplan/fcplan/rules/finding"

	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/reviewreport"
	"github.com/fcplan/fcplan/model"
)

const (
	reviewExample = "../../testdata/projects/image-pipeline"
	reviewTrace   = "../../testdata/traces/image-pipeline.csv"
	reviewNoGo    = "testdata/review/http-api"
)

// reviewTraceRun is one CLI run on the example and its trace, shared by the
// tests that read its Markdown and its HTML (a run vets and simulates: a
// few seconds).
var reviewTraceRun = sync.OnceValues(func() (reviewCLIResult, error) {
	dir, err := os.MkdirTemp("", "fcplan-review-")
	if err != nil {
		return reviewCLIResult{}, err
	}
	defer os.RemoveAll(dir)
	htmlPath := filepath.Join(dir, "review.html")
	var out, errb bytes.Buffer
	code := Execute([]string{"review", reviewExample, "--trace", reviewTrace, "--format", "markdown", "--html", htmlPath},
		&Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	html, _ := os.ReadFile(htmlPath)
	return reviewCLIResult{stdout: out.String(), stderr: errb.String(), code: code, html: html}, nil
})

type reviewCLIResult struct {
	stdout, stderr string
	code           int
	html           []byte
}

func sharedTraceRun(t *testing.T) reviewCLIResult {
	t.Helper()
	r, err := reviewTraceRun()
	if err != nil {
		t.Fatal(err)
	}
	// GO001 in the handler is an error: exit 1 with the default --fail-on.
	if r.code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, ExitFindings, r.stderr)
	}
	return r
}

func reviewGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "review", name)
	if simulateUpdating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s", path, got)
	}
}

// TestReviewExampleGolden reviews the embedded example with no flags (the
// README's first command) and with its trace, as Markdown.
func TestReviewExampleGolden(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		out, stderr, code := runSimulateCLI(t, "review", reviewExample, "--format", "markdown")
		if code != ExitFindings {
			t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
		}
		reviewGolden(t, "image-pipeline-default.md", out)
	})
	t.Run("trace", func(t *testing.T) {
		reviewGolden(t, "image-pipeline-trace.md", sharedTraceRun(t).stdout)
	})
}

// TestReviewExampleFindings checks that the example's findings are the
// real ones: GO001 on the sql.Open in the handler, joined with the
// simulated peak of requests in flight (more than the instances, since
// each instance runs 4 requests at once).
func TestReviewExampleFindings(t *testing.T) {
	out := sharedTraceRun(t).stdout
	if !strings.Contains(out, "GO001.md) | `../../testdata/projects/image-pipeline/code/main.go:52:13` | sql.Open creates") {
		t.Errorf("no GO001 at code/main.go:52:13:\n%s", out)
	}
	if n := strings.Count(out, "| error |") + strings.Count(out, "| warning |"); n != 1 {
		t.Errorf("%d error/warning findings, want only GO001", n)
	}
	m := regexp.MustCompile(`image-resize: (\d+) connections at the peak - GO001 opens a connection per request .* it would be (\d+) \((\d+) instances x 1\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no per-request connection line:\n%s", out)
	}
	perRequest, _ := strconv.Atoi(m[1])
	instances, _ := strconv.Atoi(m[3])
	if perRequest <= instances || instances < 2 {
		t.Errorf("per-request peak %d, instances %d: the trace's burst must need several instances and more connections", perRequest, instances)
	}
	if !strings.Contains(out, "| image-resize | 5,700 |") {
		t.Errorf("the trace's 5,700 requests are not in the table:\n%s", out)
	}
}

// TestReviewBurst is the done criterion of issue 6: a burst of 50,000
// requests/s for 10 minutes over a base of 100/s shows the ECS autoscaling
// lag as queueing and drops, and the FC side as cold starts and connections.
func TestReviewBurst(t *testing.T) {
	// Sync: the FC async queue would hold 30 M events (slow and not the
	// point); sync shows the same capacity limit as throttles.
	opts := reviewTestOptions("--workload", "burst:base=100/s,peak=50000/s,at=2h,for=10m,duration=2h30m", "--invocation", "sync")
	rv, err := buildReview(&Streams{ErrOut: &bytes.Buffer{}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	fn := rv.Functions[0]
	if fn.ECS == nil {
		t.Fatalf("ECS side not available: %s", fn.ECSError)
	}
	fc, e := fn.FC, fn.ECS
	if fc.Requests < 30_000_000 || fc.Requests > 31_000_000 {
		t.Errorf("FC requests %d, want about 30 M (10 min at 50,000/s + 2h20m at 100/s)", fc.Requests)
	}
	if e.Requests != fc.Requests {
		t.Errorf("ECS saw %d requests, FC %d: not the same arrivals", e.Requests, fc.Requests)
	}
	if fc.ColdStarts <= 0 || fc.Instances.Peak <= 1 {
		t.Errorf("FC cold starts %d, peak instances %d: want a scale-out", fc.ColdStarts, fc.Instances.Peak)
	}
	if fn.Connections.Peak <= fc.Instances.Peak {
		t.Errorf("connections %d, want more than the %d instances (GO001: one per request)", fn.Connections.Peak, fc.Instances.Peak)
	}
	if e.Dropped <= 0 && e.WaitMs.P99 <= 0 {
		t.Errorf("ECS dropped %d, wait p99 %g ms: the scale-out lag must show", e.Dropped, e.WaitMs.P99)
	}
	if e.Instances.Peak <= 1 {
		t.Errorf("ECS peak fleet %d: want a scale-out", e.Instances.Peak)
	}
	var md bytes.Buffer
	if err := reviewreport.Markdown(&md, rv); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{
		reviewreport.Int(fc.ColdStarts) + " (",
		reviewreport.Int(fn.Connections.Peak) + " (per request)",
		reviewreport.Int(e.Dropped),
		reviewreport.Int(e.Queued),
		reviewreport.Ms(e.WaitMs.P99),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

// TestReviewHTMLInChromium renders the HTML report in headless Chromium,
// takes a screenshot and checks that every chart is drawn.
func TestReviewHTMLInChromium(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not installed (.ci/run installs it with apt-get install chromium chromium-driver)", chromium)
	}
	page := sharedTraceRun(t).html
	dir := t.TempDir()
	htmlPath := filepath.Join(dir, "review.html")
	if err := os.WriteFile(htmlPath, page, 0o644); err != nil {
		t.Fatal(err)
	}
	// Self-contained: nothing is fetched from anywhere.
	for _, re := range []string{`<script`, `<link`, `<img`, `@import`, `url\(`, `src=`} {
		if regexp.MustCompile(re).Match(page) {
			t.Errorf("the page contains %s: it must be self-contained", re)
		}
	}
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "review.png")
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--window-size=1280,4000", "--screenshot="+shot, "--dump-dom", "file://"+abs)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := stdout.String()

	// Every chart is a figure with an <svg> holding plotted paths.
	wantCharts := []string{"requests", "instances", "coldstarts", "latency", "cost"}
	figure := regexp.MustCompile(`(?s)<figure id="chart-1-([a-z]+)" class="chart">(.*?)</figure>`)
	got := map[string]string{}
	for _, m := range figure.FindAllStringSubmatch(dom, -1) {
		got[m[1]] = m[2]
	}
	path := regexp.MustCompile(`<path[^>]* d="M[^"]*L[^"]*"`)
	for _, c := range wantCharts {
		body, ok := got[c]
		if !ok {
			t.Errorf("chart %s missing from the rendered DOM", c)
			continue
		}
		if !strings.Contains(body, "<svg") {
			t.Errorf("chart %s has no <svg>", c)
		}
		if n := len(path.FindAllString(body, -1)); n < 3 {
			t.Errorf("chart %s has %d plotted paths, want axes and data", c, n)
		}
	}

	// The screenshot is a real rendering, not a blank page.
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if n := reviewColours(img); n < 50 {
		t.Errorf("screenshot has %d distinct colours: blank?", n)
	}
	t.Logf("screenshot: %s", shot)
	if keep := os.Getenv("FCPLAN_REVIEW_SCREENSHOT"); keep != "" {
		b, _ := os.ReadFile(shot)
		if err := os.WriteFile(keep, b, 0o644); err != nil {
			t.Error(err)
		}
	}
}

func reviewColours(img image.Image) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[r>>11<<10|g>>11<<5|bl>>11] = true
		}
	}
	return len(seen)
}

// TestReviewDeterministic: the same inputs and seed give byte-identical
// Markdown and HTML.
func TestReviewDeterministic(t *testing.T) {
	render := func() (string, string) {
		opts := reviewTestOptions("--workload", "poisson:rate=20/s,duration=30m", "--seed", "7")
		opts.dir = reviewNoGo
		rv, err := buildReview(&Streams{ErrOut: &bytes.Buffer{}}, opts)
		if err != nil {
			t.Fatal(err)
		}
		var md, html bytes.Buffer
		if err := reviewreport.Markdown(&md, rv); err != nil {
			t.Fatal(err)
		}
		if err := reviewreport.HTML(&html, rv); err != nil {
			t.Fatal(err)
		}
		return md.String(), html.String()
	}
	m1, h1 := render()
	m2, h2 := render()
	if m1 != m2 || h1 != h2 {
		t.Error("two runs with the same seed differ")
	}
}

func TestReviewExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"warnings below fail-on", []string{"review", reviewNoGo, "--workload", "poisson:rate=1/s,duration=10m"}, ExitOK, ""},
		{"fail-on warning", []string{"review", reviewNoGo, "--workload", "poisson:rate=1/s,duration=10m", "--fail-on", "warning"}, ExitFindings, ""},
		{"missing directory", []string{"review", "testdata/review/nope"}, ExitInput, "review testdata/review/nope: no such file or directory; expected a project directory"},
		{"a file, not a directory", []string{"review", "testdata/review/image-pipeline-default.md"}, ExitInput, "image-pipeline-default.md: not a directory; expected a project directory"},
		{"no functions", []string{"review", "testdata/review/no-functions"}, ExitInput, "no functions found"},
		{"bad format", []string{"review", reviewExample, "--format", "sarif"}, ExitInput, "--format"},
		{"trace and workload", []string{"review", reviewExample, "--trace", reviewTrace, "--workload", "poisson:rate=1/s"}, ExitInput, "at most one"},
		{"bad workload", []string{"review", reviewExample, "--workload", "poisson:rate=oops"}, ExitInput, "rate"},
		{"bad ecs type", []string{"review", reviewExample, "--ecs-type", "ecs.nope"}, ExitInput, "unknown ECS instance type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runSimulateCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.msg) {
				t.Errorf("stderr %q lacks %q", stderr, tc.msg)
			}
		})
	}
}

// reviewTestOptions parses review flags for the example project.
func reviewTestOptions(args ...string) *reviewOptions {
	opts := &reviewOptions{}
	cmd := newReviewCommand(&Streams{}, opts)
	if err := cmd.ParseFlags(args); err != nil {
		panic(err)
	}
	opts.dir = reviewExample
	return opts
}

// TestReviewSkipsVetWithoutGo: a project without Go code says why vet did
// not run, and the connection figure falls back to the per-instance pool.
func TestReviewSkipsVetWithoutGo(t *testing.T) {
	opts := reviewTestOptions("--workload", "poisson:rate=20/s,duration=30m")
	opts.dir = reviewNoGo
	rv, err := buildReview(&Streams{ErrOut: &bytes.Buffer{}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rv.Vet.Skipped, "no Go module") {
		t.Errorf("vet skipped %q, want the reason", rv.Vet.Skipped)
	}
	c := rv.Functions[0].Connections
	if c.PerRequest || c.Peak != c.PerInstancePeak || !strings.Contains(c.Evidence, "vet did not run") {
		t.Errorf("connections %+v: want the pool figure, saying vet did not run", c)
	}
	if rv.Workload.Default {
		t.Error("a --workload is not the default workload")
	}
	// Flat traffic on a concurrency-1 function: the curves cross, and the
	// break-even is the first grid interval where FC stops being cheaper.
	cc := rv.Functions[0].Cost
	if cc.BreakEven <= 0 {
		t.Fatalf("no break-even: %s", cc.BreakEvenNote)
	}
	for i, r := range cc.Rates {
		if r < cc.BreakEven && cc.FC[i] >= cc.ECS[i] {
			t.Errorf("at %g/s FC %g >= ECS %g, below the break-even %g/s", r, cc.FC[i], cc.ECS[i], cc.BreakEven)
		}
		if r >= cc.BreakEven {
			if cc.FC[i] < cc.ECS[i] {
				t.Errorf("just above the break-even %g/s, at %g/s, FC %g < ECS %g", cc.BreakEven, r, cc.FC[i], cc.ECS[i])
			}
			break
		}
	}
}

// BenchmarkReviewNoGo is a whole review without vet: load, lint, FC and ECS
// simulation of one day at 20 requests/s (1.7 M arrivals), cost curve.
func BenchmarkReviewNoGo(b *testing.B) {
	opts := reviewTestOptions("--workload", "poisson:rate=20/s,duration=24h")
	opts.dir = reviewNoGo
	for b.Loop() {
		if _, err := buildReview(&Streams{ErrOut: &bytes.Buffer{}}, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReviewCodeBelongs: in a project of several functions, a GO001
// finding joins the function whose code directory (or the sources next to
// its build output) holds the file.
func TestReviewCodeBelongs(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"code/resize", "code/render"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, d, "main.go"), []byte("package main\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	yaml := filepath.Join(dir, "s.yaml")
	fn := func(file, code string) *model.Function {
		return &model.Function{Source: model.Pos{File: file, Line: 1}, CodeURI: model.Known(code, model.Pos{})}
	}
	for _, tc := range []struct {
		fn   *model.Function
		file string
		want bool
	}{
		{fn("p/s.yaml", "./code/target"), "p/code/main.go", true},                     // sources beside a build output
		{fn("p/s.yaml", "./code"), "p/code/cmd/x.go", true},                           // below the code directory
		{fn(yaml, "./code/resize"), filepath.Join(dir, "code/resize/main.go"), true},  // its own sources
		{fn(yaml, "./code/resize"), filepath.Join(dir, "code/render/main.go"), false}, // a sibling function's
		{fn("p/s.yaml", "./api"), "q/api/main.go", false},                             // another project
		{fn("p/s.yaml", ""), "p/main.go", false},                                      // no code directory
	} {
		if got := reviewCodeBelongs(tc.fn, tc.file); got != tc.want {
			t.Errorf("code %q of %s, file %s: got %v, want %v", tc.fn.CodeURI.Or(""), tc.fn.Source.File, tc.file, got, tc.want)
		}
	}
}

// TestReviewUnpricedRegions: a function in a region the catalog does not
// price is listed as not simulated, with why, and the others are still
// reviewed; a region FC prices but ECS does not keeps the FC side and says
// the ECS side is not available.
func TestReviewUnpricedRegions(t *testing.T) {
	dir := t.TempDir()
	yaml := `edition: 3.0.0
name: regions
resources:
  home:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: home
      runtime: nodejs18
      handler: index.handler
      code: ./code
  hk:
    component: fc3
    props:
      region: cn-hongkong
      functionName: hk
      runtime: nodejs18
      handler: index.handler
      code: ./code
  mars:
    component: fc3
    props:
      region: mars-north-1
      functionName: mars
      runtime: nodejs18
      handler: index.handler
      code: ./code
`
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := reviewTestOptions("--workload", "poisson:rate=5/s,duration=10m")
	opts.dir = dir
	rv, err := buildReview(&Streams{ErrOut: &bytes.Buffer{}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Functions) != 2 || rv.Functions[0].Name != "home" || rv.Functions[1].Name != "hk" {
		t.Fatalf("simulated %d functions, want home and hk", len(rv.Functions))
	}
	if rv.Functions[0].ECS == nil {
		t.Errorf("home: ECS side missing: %s", rv.Functions[0].ECSError)
	}
	if hk := rv.Functions[1]; hk.FC == nil || hk.ECS != nil || !strings.Contains(hk.ECSError, "cn-hongkong") {
		t.Errorf("hk: want the FC side and an ECS error naming the region, got ECS error %q", hk.ECSError)
	}
	if len(rv.NotSimulated) != 1 || rv.NotSimulated[0].Name != "mars" || !strings.Contains(rv.NotSimulated[0].Why, "mars-north-1") {
		t.Fatalf("not simulated = %+v, want mars with its region", rv.NotSimulated)
	}
	var out bytes.Buffer
	code := Execute([]string{"review", dir, "--workload", "poisson:rate=5/s,duration=10m", "--fail-on", "never"}, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &bytes.Buffer{}})
	if code != ExitOK || !strings.Contains(out.String(), "mars (") || !strings.Contains(out.String(), "not simulated") {
		t.Errorf("exit %d; the text report must list mars as not simulated:\n%s", code, out.String())
	}
}

// TestReviewJSON: the JSON document is the CI contract - valid JSON with
// the documented keys, the verdict, the findings and the joined figures,
// identical across runs.
func TestReviewJSON(t *testing.T) {
	args := []string{"review", reviewExample, "--workload", "poisson:rate=5/s,duration=30m", "--format", "json"}
	run := func() (string, int) {
		var out bytes.Buffer
		code := Execute(args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &bytes.Buffer{}})
		return out.String(), code
	}
	a, code := run()
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d (GO001 is an error)", code, ExitFindings)
	}
	if b, _ := run(); a != b {
		t.Error("two runs of review --format json differ")
	}
	var doc struct {
		SchemaVersion int `json:"schemaVersion"`
		Verdict       struct {
			Level string `json:"level"`
		} `json:"verdict"`
		Vet struct {
			Findings []struct {
				RuleID string `json:"ruleId"`
			} `json:"findings"`
		} `json:"vet"`
		Functions []struct {
			Name string `json:"name"`
			FC   *struct {
				Requests int64 `json:"requests"`
			} `json:"fc"`
			ECS *struct {
				Monthly float64 `json:"monthly"`
			} `json:"ecs"`
			Connections struct {
				Peak       int64 `json:"peak"`
				PerRequest bool  `json:"perRequest"`
			} `json:"connections"`
		} `json:"functions"`
		NotSimulated []any `json:"notSimulated"`
	}
	if err := json.Unmarshal([]byte(a), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, a)
	}
	if doc.SchemaVersion != 1 || doc.Verdict.Level != "fail" || len(doc.Vet.Findings) == 0 || doc.Vet.Findings[0].RuleID != "GO001" {
		t.Errorf("schema %d, verdict %q, vet findings %+v", doc.SchemaVersion, doc.Verdict.Level, doc.Vet.Findings)
	}
	if len(doc.Functions) != 1 || doc.Functions[0].FC == nil || doc.Functions[0].FC.Requests == 0 || doc.Functions[0].ECS == nil ||
		!doc.Functions[0].Connections.PerRequest || doc.Functions[0].Connections.Peak <= 0 || doc.NotSimulated == nil {
		t.Errorf("functions %+v, notSimulated %v", doc.Functions, doc.NotSimulated)
	}
}

func TestConnectsPerRequest(t *testing.T) {
	tests := []struct {
		rule string
		sev  finding.Severity
		want bool
	}{
		{"GO001", finding.Error, true},
		{"GO001", finding.Warning, true}, // a client per request from STS credentials
		{"GO001", finding.Info, false},   // lazy init behind a nil check: once per instance
		{"GO004", finding.Warning, false},
	}
	for _, tt := range tests {
		if got := connectsPerRequest(finding.Finding{RuleID: tt.rule, Severity: tt.sev}); got != tt.want {
			t.Errorf("connectsPerRequest(%s, %s) = %v, want %v", tt.rule, tt.sev, got, tt.want)
		}
	}
}
