package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputFlag: -o writes the report to the file (stdout stays empty) and
// a file that cannot be created is a usage error, for every command with -o.
func TestOutputFlag(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"inspect", "../../testdata/projects/legacy-fc"},
		{"lint", "../../testdata/projects/legacy-fc", "--fail-on", "never"},
	} {
		path := filepath.Join(dir, args[0]+".out")
		out, stderr, code := lintRun(t, append(args, "-o", path)...)
		if code != ExitOK || out != "" {
			t.Errorf("%v -o: exit %d, stdout %q, stderr %s", args, code, out, stderr)
		}
		if data, err := os.ReadFile(path); err != nil || len(data) == 0 {
			t.Errorf("%v -o: report file empty or missing: %v", args, err)
		}
		_, stderr, code = lintRun(t, append(args, "-o", filepath.Join(dir, "no", "such", "dir", "x"))...)
		if code != ExitInput || !strings.Contains(stderr, "-o") {
			t.Errorf("%v -o into a missing directory: exit %d, stderr %q; want %d naming -o", args, code, stderr, ExitInput)
		}
	}
}
