package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLint1000Files lints a directory of 1,000 s.yaml files (the app
// fixture with distinct function names: hard-coded keys, anonymous
// triggers, ignore comments) end to end: walk, load, link, every rule,
// ignore comments, and the JSON report.
func BenchmarkLint1000Files(b *testing.B) {
	src, err := os.ReadFile("testdata/lint/app/s.yaml")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for i := range 1000 {
		sub := filepath.Join(dir, fmt.Sprintf("svc%04d", i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		data := strings.ReplaceAll(string(src), "lint-api", fmt.Sprintf("lint-api-%04d", i))
		if err := os.WriteFile(filepath.Join(sub, "s.yaml"), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s := &Streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
	b.ResetTimer()
	for b.Loop() {
		if code := Execute([]string{"lint", dir, "--format", "json", "--fail-on", "never"}, s); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
	}
}
