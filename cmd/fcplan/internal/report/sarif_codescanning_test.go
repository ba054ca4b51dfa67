package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/fcplan/fcplan/rules/finding"
)

// codeScanningReport is a vet report whose findings name files the ways
// fcplan meets them: relative to the directory it ran in, in a sibling
// directory ("../"), by an absolute path inside the repository, and outside
// the repository.
func codeScanningReport() Report {
	return Report{
		Version: "test",
		Command: "vet",
		Findings: []finding.Finding{
			{RuleID: "GO002", Severity: finding.Error, Location: finding.Location{File: "main.go", Line: 12, Column: 21},
				Message: "hard-coded AccessKey ID LTAI****...OpQr", Subject: "accessKeyID"},
			{RuleID: "GO001", Severity: finding.Error, Location: finding.Location{File: "../shared/db.go", Line: 8, Column: 9},
				Message: "sql.Open creates a database/sql connection pool in request context", Subject: "Open"},
			{RuleID: "GO004", Severity: finding.Warning, Location: finding.Location{File: "/repo/svc/api/state.go", Line: 3, Column: 2},
				Message: "HandleRequest writes package-level variable api.hits", Subject: "HandleRequest"},
			{RuleID: "GO003", Severity: finding.Warning, Location: finding.Location{File: "/elsewhere/vendor.go", Line: 5, Column: 2},
				Message: "time.Sleep in request context", Subject: "H"},
		},
		Rules: []RuleInfo{
			{ID: "GO001", Name: "connhandler", Summary: "Long-lived client or connection created per request", Severity: finding.Error,
				Help: "# GO001 connhandler: Long-lived client or connection created per request\n\nSeverity: error\n\n## What it finds\n\nA client per request.\n"},
			{ID: "GO002", Name: "secrets", Summary: "Hard-coded AccessKey ID or secret in Go code", Severity: finding.Error,
				Help: "# GO002 secrets\n\nDefault severity: **error**\n"},
			{ID: "GO003", Name: "handlerwait", Summary: "Billed idle time in a handler", Severity: finding.Warning},
			{ID: "GO004", Name: "sharedstate", Summary: "Unsynchronized write to package-level state in a handler", Severity: finding.Warning},
		},
	}
}

// TestSARIFForCodeScanning checks, against a golden file and the SARIF
// schema, what GitHub code scanning reads: paths relative to the repository
// root with uriBaseId %SRCROOT% whatever directory fcplan ran in (a file
// outside the repository as a file URI), the run's automationDetails.id,
// rule summaries as fullDescription (not the page's severity line), the
// page as help.markdown, and tags and security-severity in properties.
func TestSARIFForCodeScanning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the golden file uses Unix paths")
	}
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", codeScanningReport(), Options{SrcRoot: "/repo", BaseDir: "/repo/svc/api"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "codescanning.sarif", buf.Bytes())
	for _, e := range validateSARIF(t, buf.Bytes()) {
		t.Error(e)
	}

	var log struct {
		Runs []struct {
			AutomationDetails  struct{ ID string } `json:"automationDetails"`
			OriginalURIBaseIDs map[string]any      `json:"originalUriBaseIds"`
			Tool               struct {
				Driver struct {
					Rules []struct {
						ID              string
						FullDescription struct{ Text string } `json:"fullDescription"`
						Help            struct{ Markdown string }
						Properties      map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				}
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.AutomationDetails.ID != "fcplan/vet/" {
		t.Errorf("automationDetails.id = %q, want fcplan/vet/", run.AutomationDetails.ID)
	}
	if _, ok := run.OriginalURIBaseIDs["%SRCROOT%"]; !ok {
		t.Errorf("originalUriBaseIds lacks %%SRCROOT%%: %v", run.OriginalURIBaseIDs)
	}
	wantURI := map[string][2]string{
		"GO002": {"svc/api/main.go", "%SRCROOT%"},
		"GO001": {"svc/shared/db.go", "%SRCROOT%"},
		"GO004": {"svc/api/state.go", "%SRCROOT%"},
		"GO003": {"file:///elsewhere/vendor.go", ""},
	}
	for _, r := range run.Results {
		al := r.Locations[0].PhysicalLocation.ArtifactLocation
		if w := wantURI[r.RuleID]; al.URI != w[0] || al.URIBaseID != w[1] {
			t.Errorf("%s: uri %q base %q, want %q base %q", r.RuleID, al.URI, al.URIBaseID, w[0], w[1])
		}
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.FullDescription.Text == "" || r.FullDescription.Text[0] == '#' || bytes.Contains([]byte(r.FullDescription.Text), []byte("severity")) {
			t.Errorf("%s fullDescription = %q, want the summary", r.ID, r.FullDescription.Text)
		}
		if r.Properties["tags"] == nil {
			t.Errorf("%s has no tags", r.ID)
		}
		_, hasSev := r.Properties["security-severity"]
		if hasSev != (r.ID == "GO002") {
			t.Errorf("%s security-severity present = %v", r.ID, hasSev)
		}
	}
	if md := run.Tool.Driver.Rules[0].Help.Markdown; md == "" {
		t.Errorf("GO001 help.markdown is empty")
	}

	// Running from the repository root instead gives the same URIs and
	// fingerprints for the findings given relative to where fcplan ran.
	fromRoot := codeScanningReport()
	fromRoot.Findings[0].Location.File = "svc/api/main.go"
	fromRoot.Findings[1].Location.File = filepath.Join("svc", "shared", "db.go")
	var again bytes.Buffer
	if err := Write(&again, "sarif", fromRoot, Options{SrcRoot: "/repo", BaseDir: "/repo"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("SARIF differs when run from the repository root:\n%s", again.Bytes())
	}
}

// TestSARIFLintAndVetRunsDiffer: GitHub rejects two uploads of one tool
// without distinct categories; each command's run gets its own ID.
func TestSARIFLintAndVetRunsDiffer(t *testing.T) {
	ids := map[string]bool{}
	for _, cmd := range []string{"lint", "vet"} {
		var buf bytes.Buffer
		if err := Write(&buf, "sarif", Report{Command: cmd}, Options{}); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				AutomationDetails struct{ ID string } `json:"automationDetails"`
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		id := log.Runs[0].AutomationDetails.ID
		if id != "fcplan/"+cmd+"/" || ids[id] {
			t.Errorf("%s: automationDetails.id %q", cmd, id)
		}
		ids[id] = true
	}
}

func TestFindSrcRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	for _, d := range []string{filepath.Join(root, ".git"), deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	real, _ := filepath.EvalSymlinks(root)
	if got := FindSrcRoot(deep); got != root && got != real {
		t.Errorf("FindSrcRoot(%s) = %q, want %q", deep, got, root)
	}
}
