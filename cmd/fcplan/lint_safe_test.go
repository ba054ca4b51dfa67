package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileProject is a directory with a real s.yaml, and beside it the
// special files and broken inputs a pull request can add.
func specialFilesProject(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "projects", "fc3-vpc-app", "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	put := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("s.yaml", string(src))
	put("empty.yaml", "")
	put("garbage.yaml", "hello: [world\n")
	put("trunc.json", `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":`)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	if err := os.Symlink("/dev/stdin", filepath.Join(dir, "stdin.json")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	return dir
}

// runWithin runs fcplan and fails if it does not finish in time: a FIFO
// opened for reading blocks for ever.
func runWithin(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	go func() {
		o, e, c := lintRun(t, args...)
		done <- result{o, e, c}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code
	case <-time.After(60 * time.Second):
		t.Fatalf("fcplan %s hung", strings.Join(args, " "))
	}
	return "", "", 0
}

// TestLintHostileInputs runs lint, inspect and review as an attacker's
// pull request would make them run: every named file that is special,
// empty, garbage or truncated is an exit 2 naming the file and what was
// expected, never a hang, never exit 0 with "no findings".
func TestLintHostileInputs(t *testing.T) {
	dir := specialFilesProject(t)
	f := func(name string) string { return filepath.Join(dir, name) }
	fifo := f("fifo.yaml")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"named fifo", []string{"lint", fifo}, ExitInput, "fifo.yaml: error: cannot read: not a regular file (it is a named pipe); expected a Serverless Devs s.yaml"},
		{"named /dev/zero", []string{"lint", f("zero.yaml")}, ExitInput, "zero.yaml: error: cannot read: not a regular file (it is a device)"},
		{"named /dev/stdin", []string{"lint", f("stdin.json")}, ExitInput, "stdin.json: error: cannot read: not a regular file"},
		{"named empty", []string{"lint", f("empty.yaml")}, ExitInput, "empty.yaml:1:1: error: empty file"},
		{"named garbage", []string{"lint", f("garbage.yaml")}, ExitInput, "garbage.yaml:1:1: error: not a project file (expected s.yaml with edition and resources/services, *.tf or a terraform show -json plan)"},
		{"named truncated plan", []string{"lint", f("trunc.json")}, ExitInput, "trunc.json:1:"},
		{"named truncated plan, json", []string{"lint", "--format", "json", f("trunc.json")}, ExitInput, "trunc.json:1:"},
		{"inspect truncated plan", []string{"inspect", f("trunc.json")}, ExitInput, "trunc.json:1:"},
		{"inspect fifo", []string{"inspect", fifo}, ExitInput, "not a regular file (it is a named pipe)"},
		{"directory", []string{"lint", "--fail-on", "never", dir}, ExitInput, "fifo.yaml: info: skipped: not a regular file (it is a named pipe)"},
		{"config fifo", []string{"lint", "--config", fifo, f("s.yaml")}, ExitInput, "config " + fifo + ": not a regular file (it is a named pipe); expected a YAML configuration file"},
		{"config /dev/zero", []string{"lint", "--config", f("zero.yaml"), f("s.yaml")}, ExitInput, "not a regular file (it is a device)"},
		{"baseline fifo", []string{"lint", "--baseline", fifo, f("s.yaml")}, ExitInput, "baseline " + fifo + ": not a regular file (it is a named pipe)"},
		{"baseline /dev/zero", []string{"lint", "--baseline", "/dev/zero", f("s.yaml")}, ExitInput, "baseline /dev/zero: not a regular file (it is a device)"},
		{"catalog fifo", []string{"lint", "--catalog", fifo, f("s.yaml")}, ExitInput, "catalog override " + fifo + ": not a regular file (it is a named pipe)"},
		{"catalog /dev/zero", []string{"lint", "--catalog", f("zero.yaml"), f("s.yaml")}, ExitInput, "not a regular file (it is a device)"},
		{"var-file fifo", []string{"lint", "--var-file", fifo, f("s.yaml")}, ExitInput, "--var-file " + fifo + ": not a regular file (it is a named pipe); expected a Terraform variable file"},
		{"var-file /dev/zero, review", []string{"review", dir, "--var-file", f("zero.yaml")}, ExitInput, "not a regular file (it is a device)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := runWithin(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, stderr)
			}
			if !strings.Contains(out+stderr, tc.want) {
				t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", tc.want, out, stderr)
			}
		})
	}
}

// TestReviewHostileDirectory: review refuses a directory whose plan is
// truncated, as lint does, and says which file.
func TestReviewHostileDirectory(t *testing.T) {
	dir := specialFilesProject(t)
	_, stderr, code := runWithin(t, "review", dir, "--workload", "poisson:rate=1/s,duration=1m")
	if code != ExitInput || !strings.Contains(stderr, "trunc.json:1:") || !strings.Contains(stderr, "could not be loaded") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// TestLintConfigBaselineConfined: .fcplan.yaml may come from the pull
// request: its baseline: must not name a file outside the project.
// --baseline on the command line may point anywhere.
func TestLintConfigBaselineConfined(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "projects", "fc3-vpc-app", "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "base.json")
	if _, stderr, code := lintRun(t, "lint", "--write-baseline", elsewhere, filepath.Join("..", "..", "testdata", "projects", "fc3-vpc-app")); code != ExitOK {
		t.Fatalf("write baseline: exit %d: %s", code, stderr)
	}
	cases := []struct {
		name, baseline string
		code           int
		want           string
	}{
		{"absolute", "/etc/passwd", ExitInput, `.fcplan.yaml:2:1: baseline "/etc/passwd": outside the project directory`},
		{"dot-dot", "../../x", ExitInput, `.fcplan.yaml:2:1: baseline "../../x": outside the project directory`},
		{"outside, absolute", elsewhere, ExitInput, "outside the project directory"},
		{"symlink out", "link.json", ExitInput, "outside the project directory (through a symlink)"},
		{"inside", "base.json", ExitOK, `"baselined": 2`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "s.yaml"), src, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, stderr, code := lintRun(t, "lint", "--write-baseline", filepath.Join(dir, "base.json"), dir); code != ExitOK {
				t.Fatalf("write baseline: exit %d: %s", code, stderr)
			}
			if err := os.Symlink(elsewhere, filepath.Join(dir, "link.json")); err != nil {
				t.Fatal(err)
			}
			cfg := "disable: [COST003]\nbaseline: " + tc.baseline + "\n"
			if err := os.WriteFile(filepath.Join(dir, ".fcplan.yaml"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			out, stderr, code := lintRun(t, "lint", "--format", "json", dir)
			if code != tc.code || !strings.Contains(out+stderr, tc.want) {
				t.Errorf("exit %d (want %d), output lacks %q\nstdout:\n%s\nstderr:\n%s", code, tc.code, tc.want, out, stderr)
			}
		})
	}
	// On the command line, a baseline outside the project is the user's
	// choice.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := lintRun(t, "lint", "--baseline", elsewhere, dir); code != ExitOK {
		t.Errorf("--baseline outside the project: exit %d: %s", code, stderr)
	}
}

// TestReadSnippetSource: a file read again for a snippet goes through
// safefile (a FIFO that replaced a loaded file must not block the report),
// under the config cap for s.yaml and Terraform, the source cap otherwise.
func TestReadSnippetSource(t *testing.T) {
	dir := specialFilesProject(t)
	done := make(chan error, 1)
	go func() { _, err := readSnippetSource(filepath.Join(dir, "fifo.yaml")); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("FIFO: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a FIFO for a snippet hung")
	}
	if data, err := readSnippetSource(filepath.Join(dir, "s.yaml")); err != nil || len(data) == 0 {
		t.Errorf("s.yaml: %d bytes, %v", len(data), err)
	}
}

// TestLintFoundConfigConfined: a .fcplan.yaml found in the project that is
// a symlink to a file elsewhere is not read (its lines would be quoted in
// the parse error); --config may name any file.
func TestLintFoundConfigConfined(t *testing.T) {
	dir := specialFilesProject(t)
	outside := filepath.Join(t.TempDir(), "elsewhere.yaml")
	if err := os.WriteFile(outside, []byte("Zq8XpL3mQ7rTw2: Vw27nB5kJ9dYh4Kp\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, ".fcplan.yaml")); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := lintRun(t, "lint", filepath.Join(dir, "s.yaml"))
	if code != ExitInput || !strings.Contains(stderr, "outside the project directory (through a symlink)") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if strings.Contains(out+stderr, "Zq8XpL") {
		t.Errorf("the file behind the symlink was read:\n%s%s", out, stderr)
	}
	if _, stderr, code := lintRun(t, "lint", "--config", outside, filepath.Join(dir, "s.yaml")); code != ExitInput || !strings.Contains(stderr, "unknown key") {
		t.Errorf("--config elsewhere must be read: exit %d, stderr:\n%s", code, stderr)
	}
}
