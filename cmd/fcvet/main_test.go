package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoVetVettool builds fcvet and runs 'go vet -vettool' on the
// multi-package sample module in testdata/sample, whose FC SDK stub is
// replaced by a local directory so nothing is downloaded. The GO001, GO003
// and GO004 findings in cmd/handler need facts exported by the store and
// cache packages, and cmd/external's finding needs two hops of facts.
func TestGoVetVettool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds fcvet and runs go vet: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	tool := filepath.Join(t.TempDir(), "fcvet")
	build := exec.Command(goTool, "build", "-o", tool, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build fcvet: %v\n%s", err, out)
	}

	vet := exec.Command(goTool, "vet", "-vettool="+tool, "./...")
	vet.Dir = filepath.Join("testdata", "sample")
	vet.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	var stderr bytes.Buffer
	vet.Stderr = &stderr
	err = vet.Run()
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("go vet: want exit status 1 with findings, got err=%v\n%s", err, stderr.String())
	}
	out := stderr.String()

	want := []string{
		"cmd/handler/main.go:15:13: GO001: store.Open creates a database/sql connection pool (sql.Open in store.go) in request context (handler passed to fc.Start)",
		"cmd/handler/main.go:12:21: GO002: hard-coded AccessKey ID LTAI****...OpQr",
		"cmd/handler/main.go:20:2: GO003: cache.Backoff sleeps (time.Sleep in cache.go)",
		"cmd/handler/main.go:19:2: GO004: HandleRequest calls cache.Put, which writes package-level variable cache.entries",
		"cmd/handler/main.go:28:2: GO005: fc.RegisterPreStopFunction is called after fc.Start",
		// Two hops of facts: store.Open -> handlers.Handle -> registration.
		"cmd/external/main.go:10:2: GO001: handlers.Handle creates a database/sql connection pool (sql.Open in store.go) in request context (handler passed to fc.Start)",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("go vet output lacks %q", w)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "cmd/clean/") || strings.Contains(line, "LTAI5tAbCdEfGhIjKlMnOpQr") {
			t.Errorf("unexpected line: %s", line)
		}
	}
	if t.Failed() {
		t.Logf("go vet output:\n%s", out)
	}
}
