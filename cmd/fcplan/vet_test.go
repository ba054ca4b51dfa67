package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

// vetModule is a small module with handlers, suppressions and a package
// whose import cannot be resolved (analyzed degraded). Its FC SDK stub is
// replaced by a local directory, so nothing is downloaded.
var vetModule = filepath.Join("internal", "vetrun", "testdata", "vetmod")

// vetEnv keeps the go command offline and on the local toolchain.
func vetEnv(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOWORK", "off")
}

func runVetCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(append([]string{"vet"}, args...), &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	return out.String(), errb.String(), code
}

func vetGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("internal", "vetrun", "testdata", "golden", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("%s differs from the golden file (run go test -update after checking):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestVetGolden(t *testing.T) {
	vetEnv(t)
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			out, stderr, code := runVetCLI(t, "-C", vetModule, "--format", format, "--report-unused-ignores", "./...")
			if code != ExitFindings {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
			}
			vetGolden(t, "vetmod."+format, out)
		})
	}
}

func TestVetJSONContents(t *testing.T) {
	vetEnv(t)
	out, stderr, code := runVetCLI(t, "-C", vetModule, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
		Suppressed []struct {
			RuleID        string `json:"ruleId"`
			Justification string `json:"justification"`
		} `json:"suppressed"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	got := map[string]bool{}
	for _, f := range doc.Findings {
		got[f.RuleID+" "+f.Location.File] = true
	}
	for _, want := range []string{"GO001 broken/main.go", "GO001 handler/main.go", "GO003 handler/main.go", "FCP001 handler/main.go"} {
		if !got[want] {
			t.Errorf("missing finding %s in %v", want, got)
		}
	}
	if got["FCP002 handler/main.go"] {
		t.Errorf("FCP002 reported without --report-unused-ignores")
	}
	if len(doc.Suppressed) != 1 || doc.Suppressed[0].RuleID != "GO001" || doc.Suppressed[0].Justification != "admin function, invoked once an hour" {
		t.Errorf("suppressed = %+v, want the one GO001 with its reason", doc.Suppressed)
	}
	if len(doc.Notes) == 0 || !strings.Contains(doc.Notes[0], "1 degraded") || !strings.Contains(doc.Notes[0], "example.com/vetmod/broken") {
		t.Errorf("notes = %q, want the degraded package named", doc.Notes)
	}
}

func TestVetExitCodes(t *testing.T) {
	vetEnv(t)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"errors fail by default", []string{"-C", vetModule}, ExitFindings, ""},
		{"never", []string{"-C", vetModule, "--fail-on", "never"}, ExitOK, ""},
		{"pattern matches nothing", []string{"-C", vetModule, "./nothing-here/..."}, ExitInput, "no Go packages matched"},
		{"one directory matches nothing", []string{"-C", vetModule, "--fail-on", "never", "./handler", "./internal/handler"}, ExitInput, "pattern ./internal/handler matched no packages"},
		{"one tree matches nothing", []string{"-C", vetModule, "--fail-on", "never", "./...", "./internal/..."}, ExitInput, "pattern ./internal/... matched no packages"},
		{"one import path matches nothing", []string{"-C", vetModule, "--fail-on", "never", "example.com/vetmod/handler", "example.com/vetmod/nope"}, ExitInput, "pattern example.com/vetmod/nope matched no packages"},
		{"import path matches", []string{"-C", vetModule, "--fail-on", "never", "example.com/vetmod/handler", "example.com/vetmod/..."}, ExitOK, ""},
		{"bad format", []string{"-C", vetModule, "--format", "yaml"}, ExitInput, `--format "yaml"`},
		{"bad fail-on", []string{"-C", vetModule, "--fail-on", "fatal"}, ExitInput, "--fail-on"},
		{"missing dir", []string{"-C", filepath.Join(vetModule, "no-such-dir")}, ExitInput, "no-such-dir: no such file or directory; expected the directory of a Go module"},
		{"file as dir", []string{"-C", filepath.Join(vetModule, "go.mod")}, ExitInput, "go.mod: not a directory; expected the directory of a Go module"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runVetCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if tt.err != "" && !strings.Contains(stderr, tt.err) {
				t.Errorf("stderr %q lacks %q", stderr, tt.err)
			}
		})
	}
}

func TestVetConfigAndBaseline(t *testing.T) {
	vetEnv(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "fcplan.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  GO003: off\n  GO001:\n    severity: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runVetCLI(t, "-C", vetModule, "--config", cfg, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0 (GO001 lowered to warning, GO003 off); stderr:\n%s", code, stderr)
	}
	if strings.Contains(out, `"GO003"`) || !strings.Contains(out, `"severity": "warning"`) {
		t.Errorf("config not applied:\n%s", out)
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("rules:\n  GO009: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runVetCLI(t, "-C", vetModule, "--config", bad); code != ExitInput || !strings.Contains(stderr, "bad.yaml:2:3") {
		t.Errorf("bad config: exit %d, stderr %q; want 2 naming bad.yaml:2:3", code, stderr)
	}

	baseline := filepath.Join(dir, "baseline.json")
	if _, stderr, code := runVetCLI(t, "-C", vetModule, "--write-baseline", baseline); code != ExitOK {
		t.Fatalf("--write-baseline: exit %d; stderr:\n%s", code, stderr)
	}
	out, stderr, code = runVetCLI(t, "-C", vetModule, "--baseline", baseline, "--format", "json")
	if code != ExitOK {
		t.Fatalf("--baseline: exit %d, want 0; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(out, `"findings": []`) || !strings.Contains(out, `"kind": "baseline"`) {
		t.Errorf("baseline not applied:\n%s", out)
	}
}

func TestVetSARIF(t *testing.T) {
	vetEnv(t)
	out, stderr, code := runVetCLI(t, "-C", vetModule, "--format", "sarif", "--fail-on", "never", "./handler")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("sarif is not JSON: %v", err)
	}
	for _, want := range []string{`"ruleId": "GO001"`, `"ruleId": "GO003"`, `"id": "GO005"`, "rules/docs/GO001.md"} {
		if !strings.Contains(out, want) {
			t.Errorf("sarif lacks %s", want)
		}
	}
}

// TestVetBaselineRelativeToWorkingDirectory: with --dir, a relative
// --write-baseline and --baseline name the same file (the working
// directory's), so the recorded baseline is found again.
func TestVetBaselineRelativeToWorkingDirectory(t *testing.T) {
	vetEnv(t)
	mod, err := filepath.Abs(vetModule)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if _, stderr, code := runVetCLI(t, "-C", mod, "--write-baseline", "b.json"); code != ExitOK {
		t.Fatalf("--write-baseline: exit %d; stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat("b.json"); err != nil {
		t.Fatalf("baseline not written in the working directory: %v", err)
	}
	if _, stderr, code := runVetCLI(t, "-C", mod, "--baseline", "b.json"); code != ExitOK {
		t.Errorf("--baseline b.json: exit %d, want 0; stderr:\n%s", code, stderr)
	}
}

// TestVetSARIFPathsFromRepositoryRoot: 'vet -C dir' used to write
// "handler/main.go", relative to dir, which code scanning cannot place.
// The URIs are relative to the repository root (here --srcroot: this
// package's directory) with uriBaseId %SRCROOT%, the same from any working
// directory, and the run is named fcplan/vet/.
func TestVetSARIFPathsFromRepositoryRoot(t *testing.T) {
	vetEnv(t)
	out, stderr, code := runVetCLI(t, "-C", vetModule, "--format", "sarif", "--fail-on", "never", "--srcroot", ".", "./handler")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	uri := `"uri": "` + filepath.ToSlash(filepath.Join(vetModule, "handler", "main.go")) + `",
                  "uriBaseId": "%SRCROOT%"`
	for _, want := range []string{uri, `"id": "fcplan/vet/"`, `"%SRCROOT%": {`} {
		if !strings.Contains(out, want) {
			t.Errorf("sarif lacks %s", want)
		}
	}
	if strings.Contains(out, `"uri": "handler/main.go"`) {
		t.Errorf("sarif has a path relative to -C")
	}
	_, stderr, code = runVetCLI(t, "--srcroot", filepath.Join(vetModule, "nonexistent"), "./...")
	if code != ExitInput || !strings.Contains(stderr, "not a directory") {
		t.Errorf("--srcroot to a missing directory: exit %d, stderr %q", code, stderr)
	}
}
