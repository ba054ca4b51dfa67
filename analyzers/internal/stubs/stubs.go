// Package stubs gives analyzer tests one copy of the SDK stub packages
// (the FC Go SDK, aws-lambda-go, gin, go-redis, gorm, OSS, the Alibaba
// Cloud OpenAPI client, ...) instead of one per analyzer.
//
// The stubs live in analyzers/testdata/src. TestData builds a GOPATH-style
// tree for analysistest in a temporary directory: the shared stubs, with
// the calling analyzer's own testdata/src (its fixtures and any stub only
// it needs) copied over them.
package stubs

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// sharedSrc returns the directory of the shared stubs.
func sharedSrc() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "src")
}

// skipped are directories of analyzers/testdata/src that are fixtures of
// the analyzers package itself, not stubs.
var skipped = map[string]bool{"clean": true}

// TestData returns a directory to pass to analysistest.Run: its src holds
// the shared stubs and the current package's testdata/src.
func TestData(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	dst := filepath.Join(root, "src")
	shared := sharedSrc()
	if shared == "" {
		t.Fatal("stubs: cannot locate analyzers/testdata/src")
	}
	if err := copyTree(shared, dst, skipped); err != nil {
		t.Fatalf("stubs: copy shared stubs: %v", err)
	}
	own, err := filepath.Abs(filepath.Join("testdata", "src"))
	if err != nil {
		t.Fatalf("stubs: %v", err)
	}
	if err := copyTree(own, dst, nil); err != nil {
		t.Fatalf("stubs: copy %s: %v", own, err)
	}
	return root
}

// copyTree copies the regular files under src to dst, leaving out the
// top-level directories named in skip; files in src replace those in dst.
func copyTree(src, dst string, skip map[string]bool) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skip[rel] {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
}
