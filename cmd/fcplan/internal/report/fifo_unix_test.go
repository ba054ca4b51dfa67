//go:build unix

package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fcplan/fcplan/rules/finding"
)

// TestSnippetReaderRefusesFIFO: the default snippet reader is safefile's,
// so a finding in a named pipe prints no snippet instead of blocking.
func TestSnippetReaderRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "s.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := Report{Findings: []finding.Finding{
		{RuleID: "X001", Severity: finding.Warning, Location: finding.Location{File: "s.yaml", Line: 1, Column: 1}, Message: "m"},
		{RuleID: "X001", Severity: finding.Warning, Location: finding.Location{File: "ok.yaml", Line: 1, Column: 1}, Message: "m"},
	}}
	done := make(chan string, 1)
	go func() {
		var buf bytes.Buffer
		if err := Write(&buf, "text", r, Options{ReadFile: ReadSourceFrom(dir)}); err != nil {
			t.Error(err)
		}
		done <- buf.String()
	}()
	select {
	case out := <-done:
		if !strings.Contains(out, "1 | a: 1") || strings.Count(out, " | ") != 2 {
			t.Errorf("want the regular file's snippet only:\n%s", out)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the report blocked on a FIFO")
	}
}
