package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	zero := filepath.Join(dir, "main.tf")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	stdin := filepath.Join(dir, "plan.json")
	if err := os.Symlink("/dev/stdin", stdin); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, zero, stdin, dir} {
		_, err := Read(p, Config)
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("Read(%s) = %v, want ErrNotRegular", p, err)
		}
	}
}

func TestReadCapsSize(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(p, make([]byte, 2048), 0o600); err != nil {
		t.Fatal(err)
	}
	old := Limit(Config)
	t.Cleanup(func() { SetLimit(Config, old) })
	if err := SetLimit(Config, 1024); err != nil {
		t.Fatal(err)
	}
	_, err := Read(p, Config)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Read = %v, want ErrTooLarge", err)
	}
	for _, want := range []string{"2.0 KiB", "1.0 KiB", "--max-input config=SIZE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if err := SetLimit(Config, 2048); err != nil {
		t.Fatal(err)
	}
	b, err := Read(p, Config)
	if err != nil || len(b) != 2048 {
		t.Fatalf("Read at the cap = %d bytes, %v", len(b), err)
	}
}

func TestConfine(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "mod", "files"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p string) {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "mod", "files", "ok.txt"))
	write(filepath.Join(outside, "secret"))
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "mod", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/environ", filepath.Join(root, "mod", "env")); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(root, "mod")
	tests := []struct {
		path string
		ok   bool
	}{
		{"files/ok.txt", true},
		{filepath.Join(base, "files", "ok.txt"), true},
		{"../mod/files/ok.txt", true},
		{"../../" + filepath.Base(outside) + "/secret", false},
		{filepath.Join(outside, "secret"), false},
		{"/proc/self/environ", false},
		{"/etc/passwd", false},
		{"link", false},
		{"env", false},
	}
	for _, tt := range tests {
		_, err := Confine(root, base, tt.path)
		if (err == nil) != tt.ok {
			t.Errorf("Confine(%q) = %v, want ok=%v", tt.path, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrOutside) && !os.IsNotExist(err) {
			t.Errorf("Confine(%q) = %v, want ErrOutside", tt.path, err)
		}
	}
	// A root of "/" still never reaches the system directories.
	if _, err := Confine("/", "/", "/proc/self/environ"); !errors.Is(err, ErrOutside) {
		t.Errorf("Confine(/, /proc/self/environ) = %v, want ErrOutside", err)
	}
}

func TestParseLimit(t *testing.T) {
	old := Limit(Plan)
	t.Cleanup(func() { SetLimit(Plan, old) })
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"plan=64MiB", 64 << 20, true},
		{"plan=2GiB", 2 << 30, true},
		{"plan=500000", 500000, true},
		{"plan=1.5KB", 1500, true},
		{"plan=0", 0, false},
		{"plan=-1MiB", 0, false},
		{"plan=NaN", 0, false},
		{"nope=1MiB", 0, false},
		{"plan", 0, false},
	}
	for _, tt := range tests {
		err := ParseLimit(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseLimit(%q) = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && Limit(Plan) != tt.want {
			t.Errorf("ParseLimit(%q): limit %d, want %d", tt.in, Limit(Plan), tt.want)
		}
	}
}
