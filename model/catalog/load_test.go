package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadOverrideRefusesSpecialFiles: a --catalog override that is a FIFO
// or a symlink to /dev/zero is refused at once with the file, what it is
// and what was expected; a regular override still applies.
func TestLoadOverrideRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 5<<20)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("version: test-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path, want string
	}{
		{fifo, "catalog override " + fifo + ": not a regular file (it is a named pipe); expected a catalog YAML file"},
		{zero, "catalog override " + zero + ": not a regular file (it is a device)"},
		{big, "over the 4 MiB limit for catalog files (raise it with --max-input catalog=SIZE)"},
		{empty, "catalog override " + empty + ": the file is empty; expected a catalog YAML mapping"},
		{good, ""},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			done := make(chan struct{})
			var (
				c   *Catalog
				err error
			)
			go func() { c, err = Load(tc.path); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Load hung")
			}
			if tc.want == "" {
				if err != nil || c.Version != "test-1" {
					t.Fatalf("Load = %v, %v", c, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load error %v, want %q", err, tc.want)
			}
		})
	}
}
