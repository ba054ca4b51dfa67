package reviewreport

import (
	"encoding/json"
	"io"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/rules/finding"
	"github.com/fcplan/fcplan/simulator"
	"github.com/fcplan/fcplan/simulator/ecs"
)

// JSONSchemaVersion is the version of `fcplan review --format json`. Keys
// are only added; the version changes when one is removed or changes
// meaning.
const JSONSchemaVersion = 1

type jsonDoc struct {
	SchemaVersion  int              `json:"schemaVersion"`
	Title          string           `json:"title"`
	Version        string           `json:"version"`
	CatalogVersion string           `json:"catalogVersion"`
	Verdict        jsonVerdict      `json:"verdict"`
	Lint           jsonSection      `json:"lint"`
	Vet            jsonSection      `json:"vet"`
	Workload       jsonWorkload     `json:"workload"`
	Functions      []jsonFunction   `json:"functions"`
	NotSimulated   []jsonNotSimFunc `json:"notSimulated"`
	Assumptions    []string         `json:"assumptions"`
}

type jsonVerdict struct {
	Level  string `json:"level"` // pass, attention or fail
	Text   string `json:"text"`
	FailOn string `json:"failOn"`
}

type jsonSection struct {
	Skipped    string            `json:"skipped,omitempty"`
	Findings   []finding.Finding `json:"findings"`
	Suppressed int               `json:"suppressed"`
	Problems   []string          `json:"problems"`
	Notes      []string          `json:"notes"`
}

type jsonWorkload struct {
	Source         string  `json:"source"`
	Default        bool    `json:"default"`
	Why            string  `json:"why,omitempty"`
	Requests       int64   `json:"requests"`
	WindowSeconds  float64 `json:"windowSeconds"`
	MeanPerSecond  float64 `json:"meanPerSecond"`
	PeakPerMinute  float64 `json:"peakPerMinute"`
	Invocation     string  `json:"invocation"`
	DurationSource string  `json:"durationSource,omitempty"`
}

type jsonFunction struct {
	Name        string            `json:"name"`
	Source      string            `json:"source"`
	Model       string            `json:"model"`
	FC          *simulator.Report `json:"fc"`
	ECSType     string            `json:"ecsType"`
	ECS         *ecs.Report       `json:"ecs"`
	ECSError    string            `json:"ecsError,omitempty"`
	Connections jsonConnections   `json:"connections"`
	BreakEven   jsonBreakEven     `json:"breakEven"`
	Notes       []string          `json:"notes"`
}

type jsonConnections struct {
	Peak            int64  `json:"peak"`
	PerRequest      bool   `json:"perRequest"`
	Evidence        string `json:"evidence"`
	PerRequestPeak  int64  `json:"perRequestPeak"`
	PerInstancePeak int64  `json:"perInstancePeak"`
	PoolSize        int    `json:"poolSize"`
}

type jsonBreakEven struct {
	Currency string `json:"currency,omitempty"`
	// PerSecond is the mean request rate above which ECS is cheaper; 0
	// when the curves do not cross in the range searched (see Note).
	PerSecond float64 `json:"perSecond"`
	Note      string  `json:"note,omitempty"`
	Method    string  `json:"method,omitempty"`
}

type jsonNotSimFunc struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Why    string `json:"why"`
}

// JSON writes the review as one JSON document, the stable contract for CI
// pipelines: the verdict, the findings (secrets already masked), and per
// function the FC report (the `fcplan simulate --format json` keys), the ECS
// report, the joined connection figure and the break-even. Chart series are
// left to the HTML report.
func JSON(w io.Writer, r *Review) error {
	level, text := r.Verdict()
	d := jsonDoc{
		SchemaVersion: JSONSchemaVersion, Title: r.Title, Version: r.Version, CatalogVersion: r.CatalogVersion,
		Verdict:      jsonVerdict{Level: level, Text: text, FailOn: r.FailOn},
		Lint:         section(r.Lint),
		Vet:          section(r.Vet),
		Functions:    []jsonFunction{},
		NotSimulated: []jsonNotSimFunc{},
		Assumptions:  nonNil(assumptions(r)),
		Workload: jsonWorkload{
			Source: r.Workload.Source, Default: r.Workload.Default, Why: r.Workload.Why,
			Requests: r.Workload.Requests, WindowSeconds: r.Workload.WindowSeconds,
			MeanPerSecond: r.Workload.MeanPerSecond, PeakPerMinute: r.Workload.PeakPerMinute,
			Invocation: r.Workload.Invocation, DurationSource: r.Workload.DurationSource,
		},
	}
	for _, f := range r.Functions {
		c := f.Connections
		d.Functions = append(d.Functions, jsonFunction{
			Name: f.Name, Source: f.Source, Model: f.Model, FC: f.FC,
			ECSType: f.ECSType, ECS: f.ECS, ECSError: f.ECSError,
			Connections: jsonConnections{Peak: c.Peak, PerRequest: c.PerRequest, Evidence: c.Evidence,
				PerRequestPeak: c.PerRequestPeak, PerInstancePeak: c.PerInstancePeak, PoolSize: c.PoolSize},
			BreakEven: jsonBreakEven{Currency: f.Cost.Currency, PerSecond: f.Cost.BreakEven,
				Note: f.Cost.BreakEvenNote, Method: f.Cost.Method},
			Notes: nonNil(f.Notes),
		})
	}
	for _, n := range r.NotSimulated {
		d.NotSimulated = append(d.NotSimulated, jsonNotSimFunc(n))
	}
	enc := json.NewEncoder(safetext.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func section(s Section) jsonSection {
	fs := s.Findings
	if fs == nil {
		fs = []finding.Finding{}
	}
	return jsonSection{Skipped: s.Skipped, Findings: fs, Suppressed: s.Suppressed,
		Problems: nonNil(s.Problems), Notes: nonNil(s.Notes)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
