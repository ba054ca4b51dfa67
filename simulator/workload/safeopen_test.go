package workload

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/safefile"
)

// A trace path that names a FIFO or a device (directly or through a
// symlink) is refused with ErrNotRegular before a byte is read: nothing
// hangs waiting for a writer or streams /dev/zero for ever.
func TestOpenFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "trace.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zero := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	stdin := filepath.Join(dir, "stdin.csv")
	if err := os.Symlink("/dev/stdin", stdin); err != nil {
		t.Fatal(err)
	}
	// An Azure 2019 directory whose durations file is a FIFO.
	az := filepath.Join(dir, "az")
	if err := os.Mkdir(az, 0o755); err != nil {
		t.Fatal(err)
	}
	inv, err := os.ReadFile(fixture("azure2019-mini/invocations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(az, "invocations.csv"), inv, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(az, "durations.csv"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, format string }{
		{fifo, ""}, {zero, ""}, {stdin, ""},
		{fifo, "csv"}, {zero, "csv"}, {stdin, "csv"},
		{fifo, "azure2021"}, {zero, "fc-requestlog"}, {fifo, "azure2019"},
		{az, ""},
	} {
		done := make(chan error, 1)
		go func() {
			src, err := OpenFile(tc.path, tc.format, FileOptions{})
			if err == nil {
				_, err = drain(src)
				src.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			// A symlink into /dev is refused as a system directory before
			// its target is even looked at; a FIFO as not regular.
			if !errors.Is(err, safefile.ErrNotRegular) && !errors.Is(err, safefile.ErrOutside) {
				t.Errorf("%s (%q): err = %v, want %v or %v", tc.path, tc.format, err, safefile.ErrNotRegular, safefile.ErrOutside)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s (%q): still reading after 10s", tc.path, tc.format)
		}
	}
	if _, err := DetectFormat(fifo); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("DetectFormat(fifo): err = %v", err)
	}
}

// A trace over the --max-input cap for traces is refused with the size
// and how to raise the cap.
func TestOpenFileSizeCap(t *testing.T) {
	old := safefile.Limit(safefile.Trace)
	defer safefile.SetLimit(safefile.Trace, old)
	if err := safefile.SetLimit(safefile.Trace, 10); err != nil {
		t.Fatal(err)
	}
	_, err := OpenFile(fixture("simple.csv"), "csv", FileOptions{})
	if !errors.Is(err, safefile.ErrTooLarge) {
		t.Fatalf("err = %v, want %v", err, safefile.ErrTooLarge)
	}
}

// A trace named inside the working directory must stay inside it after
// symlinks, so a checked-in symlink cannot make fcplan read (and echo in
// an error) a file from elsewhere; no trace is read from /proc.
func TestOpenFileConfined(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(outside, []byte("aws_secret_access_key=SECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wd := t.TempDir()
	t.Chdir(wd)
	if err := os.Mkdir("traces", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join("traces", "prod.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/environ", filepath.Join("traces", "env.csv")); err != nil {
		t.Fatal(err)
	}
	inside := filepath.Join("traces", "real.csv")
	if err := os.WriteFile(inside, []byte("timestamp\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.csv", filepath.Join("traces", "link.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("az", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join("az", "invocations.csv")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, format string }{
		{"traces/prod.csv", ""}, {"traces/prod.csv", "csv"}, {"traces/prod.csv", "fc-requestlog"}, {"traces/prod.csv", "azure2021"},
		{"traces/env.csv", "csv"}, {"/proc/self/environ", "csv"}, {"az", ""},
	} {
		src, err := OpenFile(tc.path, tc.format, FileOptions{})
		if err == nil {
			_, err = drain(src)
			src.Close()
		}
		if !errors.Is(err, safefile.ErrOutside) || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%s (%q): err = %v, want %v", tc.path, tc.format, err, safefile.ErrOutside)
		}
	}
	// Symlinks within the directory, and traces named outside it (the
	// person running fcplan chose those), are read.
	chosen := filepath.Join(filepath.Dir(outside), "chosen.csv")
	if err := os.WriteFile(chosen, []byte("timestamp\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"traces/link.csv", chosen} {
		src, err := OpenFile(p, "csv", FileOptions{})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		src.Close()
	}
}
