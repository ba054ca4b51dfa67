package rules

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/rules/finding"
)

// TestLoadConfigBaselineConfined: the baseline: path of a configuration
// file (which may come from the pull request under review) must stay inside
// the file's directory; an error names the baseline key's line and column.
func TestLoadConfigBaselineConfined(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{"version":1,"findings":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, baseline string
		want           string // "" = accepted
	}{
		{"absolute outside", "/etc/passwd", ".fcplan.yaml:3:1: baseline \"/etc/passwd\": outside the project directory"},
		{"dot-dot", "../../x.json", ".fcplan.yaml:3:1: baseline \"../../x.json\": outside the project directory"},
		{"proc", "/proc/self/environ", "outside the project directory"},
		{"symlink out", "link.json", "outside the project directory (through a symlink)"},
		{"symlinked dir out", "linkdir/secret.json", "outside the project directory (through a symlink)"},
		{"inside", "ci/base.json", ""},
		{"inside, not written yet", "new-baseline.json", ""},
		{"inside through ..", "ci/../ci/base.json", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, filepath.Join(dir, "ci", "base.json"), `{"version":1,"findings":[]}`)
			if err := os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(dir, "link.json")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, "linkdir")); err != nil {
				t.Fatal(err)
			}
			cfgPath := filepath.Join(dir, ConfigFileName)
			mustWrite(t, cfgPath, "disable: [COST003]\n\nbaseline: "+tc.baseline+"\n")
			cfg, err := LoadConfig(cfgPath)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("LoadConfig: %v", err)
				}
				if want := filepath.Join(dir, tc.baseline); cfg.Baseline != want {
					t.Errorf("Baseline %q, want %q", cfg.Baseline, want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadConfig error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestReadsRefuseSpecialFiles: a configuration or a baseline that is a FIFO
// or a symlink to a device is refused at once, naming the file and what was
// expected; a source file over its cap is reported, not silently unread.
func TestReadsRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	within := func(f func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { f(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("hung on a special file")
		}
	}
	for _, p := range []string{fifo, zero} {
		within(func() {
			_, err := LoadConfig(p)
			if err == nil || !strings.Contains(err.Error(), "config "+p+": not a regular file") ||
				!strings.Contains(err.Error(), "expected a YAML configuration file") {
				t.Errorf("LoadConfig(%s) = %v", p, err)
			}
		})
		within(func() {
			res := Apply(Batch{Findings: []finding.Finding{fnd("RAM001", finding.Error, "s.yaml", 1, "m")}}, Config{Baseline: p})
			if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "baseline "+p+": not a regular file") {
				t.Errorf("baseline %s: errors %v", p, res.Errors)
			}
			if len(res.Findings) != 1 {
				t.Errorf("a refused baseline must not hide findings")
			}
		})
	}

	big := filepath.Join(dir, "big.go")
	mustWrite(t, big, "package x\n//fcplan:ignore GO001 -- pooled\n"+strings.Repeat("// pad\n", 1<<10))
	if err := safefile.SetLimit(safefile.Source, 1<<10); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { safefile.SetLimit(safefile.Source, safefile.DefaultLimit(safefile.Source)) })
	res := Apply(Batch{Findings: []finding.Finding{fnd("GO001", finding.Warning, big, 3, "m")}, Files: []string{big}}, Config{})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "big.go: fcplan:ignore comments not read: file is") ||
		!strings.Contains(res.Errors[0].Error(), "--max-input source=SIZE") {
		t.Errorf("over-cap source: errors %v", res.Errors)
	}
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
