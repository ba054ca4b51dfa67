package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A review of a project on a multi-function trace simulates a project
// function named like a trace function on that function's arrivals only,
// and says so; the others still get the whole trace.
func TestReviewMatchesTraceFunctionsByName(t *testing.T) {
	project, trace := fleetProject(t)
	out, stderr, code := runSimulateCLI(t, "review", filepath.Dir(project), "--trace", trace, "--format", "json", "--fail-on", "never")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Assumptions []string `json:"assumptions"`
		Functions   []struct {
			Name string `json:"name"`
			FC   struct {
				Requests int64 `json:"requests"`
			} `json:"fc"`
		} `json:"functions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := map[string]int64{"resize": 600, "thumb": 1800}
	for _, f := range doc.Functions {
		if w, ok := want[f.Name]; !ok || f.FC.Requests != w {
			t.Errorf("%s: %d requests, want %d", f.Name, f.FC.Requests, w)
		}
		delete(want, f.Name)
	}
	if len(want) > 0 {
		t.Errorf("functions missing from the review: %v", want)
	}
	if !strings.Contains(strings.Join(doc.Assumptions, "\n"), "1 project function is simulated on the arrivals of the trace function of the same name (resize); the other 1 on the whole trace") {
		t.Errorf("assumptions do not say which functions were matched:\n%s", strings.Join(doc.Assumptions, "\n"))
	}
}
