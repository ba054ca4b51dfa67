// Package safefile is the one way fcplan reads a file that may come from an
// untrusted pull request: regular files only (a FIFO, a device or a symlink to
// /dev/stdin is refused before a byte is read, so nothing can hang or stream
// for ever), under a size cap per kind of file, and, for paths that come from
// inside a configuration rather than from the person running fcplan,
// confined to the project's directory tree after symlinks are resolved.
//
// The caps are process-wide: the CLI sets them once at start-up from
// --max-input (SetLimit) before any file is read.
package safefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// Kind names a kind of input file; each kind has its own size cap.
type Kind string

// The kinds of input file fcplan reads.
const (
	// Config is an s.yaml, a Terraform .tf or .tfvars file, or .fcplan.yaml.
	Config Kind = "config"
	// Plan is a `terraform show -json` plan.
	Plan Kind = "plan"
	// Baseline is a findings baseline.
	Baseline Kind = "baseline"
	// Catalog is a --catalog override file.
	Catalog Kind = "catalog"
	// Trace is a traffic trace (CSV, Azure, FC request logs). Traces are
	// streamed, so their cap bounds time rather than memory.
	Trace Kind = "trace"
	// Source is a Go or configuration file read for a finding's snippet or
	// its suppression comments, or a file read by a Terraform file function.
	Source Kind = "source"
)

// Default caps. A configuration of more than a few MiB is generated, not
// written, and the loaders use tens of bytes of memory per input byte.
var defaults = map[Kind]int64{
	Config:   16 << 20,
	Plan:     128 << 20,
	Baseline: 32 << 20,
	Catalog:  4 << 20,
	Trace:    16 << 30,
	Source:   4 << 20,
}

var limits = func() map[Kind]*atomic.Int64 {
	m := make(map[Kind]*atomic.Int64, len(defaults))
	for k, v := range defaults {
		a := new(atomic.Int64)
		a.Store(v)
		m[k] = a
	}
	return m
}()

// Kinds lists the kinds in a stable order.
func Kinds() []Kind {
	ks := make([]Kind, 0, len(defaults))
	for k := range defaults {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}

// Limit returns the size cap for kind in bytes.
func Limit(kind Kind) int64 {
	if a, ok := limits[kind]; ok {
		return a.Load()
	}
	return defaults[Source]
}

// DefaultLimit returns kind's built-in cap.
func DefaultLimit(kind Kind) int64 { return defaults[kind] }

// SetLimit changes kind's cap. It is meant for start-up, before files are read.
func SetLimit(kind Kind, bytes int64) error {
	a, ok := limits[kind]
	if !ok {
		return fmt.Errorf("unknown input kind %q (want one of %s)", kind, kindList())
	}
	if bytes <= 0 {
		return fmt.Errorf("input limit for %s must be positive", kind)
	}
	a.Store(bytes)
	return nil
}

// ParseLimit parses "KIND=SIZE" (SIZE such as 64MiB, 2GiB, 500KB or a byte
// count) and applies it with SetLimit.
func ParseLimit(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("--max-input %q: want KIND=SIZE, KIND one of %s", s, kindList())
	}
	n, err := ParseSize(v)
	if err != nil {
		return fmt.Errorf("--max-input %q: %w", s, err)
	}
	return SetLimit(Kind(strings.TrimSpace(k)), n)
}

func kindList() string {
	var parts []string
	for _, k := range Kinds() {
		parts = append(parts, string(k))
	}
	return strings.Join(parts, ", ")
}

// ParseSize parses a byte size: a count, or a number with B, KB, MB, GB, KiB,
// MiB or GiB (decimal and binary units as written).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
	}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			mult = u.mult
			t = strings.TrimSpace(strings.TrimSuffix(t, u.suffix))
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 || f*mult >= 1<<62 || f != f {
		return 0, fmt.Errorf("size %q: want a positive size such as 64MiB, 2GiB or 500000", s)
	}
	return int64(f * mult), nil
}

// FormatSize prints a byte count in binary units.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ErrNotRegular is returned for a path that is not a regular file (a
// directory, FIFO, socket or device, possibly through a symlink).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned for a file over its kind's cap.
var ErrTooLarge = errors.New("file too large")

// ErrOutside is returned by Confine for a path that leaves the root.
var ErrOutside = errors.New("outside the project directory")

// TooLargeError says how large a file is and how to proceed.
type TooLargeError struct {
	Kind  Kind
	Size  int64 // -1 when only "more than Limit" is known
	Limit int64
}

func (e *TooLargeError) Error() string {
	size := "more than " + FormatSize(e.Limit)
	if e.Size >= 0 {
		size = FormatSize(e.Size)
	}
	return fmt.Sprintf("file is %s, over the %s limit for %s files (raise it with --max-input %s=SIZE)",
		size, FormatSize(e.Limit), e.Kind, e.Kind)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// Open opens path for reading if it is a regular file no larger than kind's
// cap, and returns it with its size. A FIFO is opened without blocking and
// refused, so a hostile FIFO cannot hang the caller.
func Open(path string, kind Kind) (*os.File, int64, error) {
	// Refuse what Stat already shows (devices, FIFOs, directories) before
	// opening: opening a tape or terminal device can have side effects.
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		return nil, 0, &fs.PathError{Op: "open", Path: path, Err: notRegular(st.Mode())}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	// The file may have been swapped since Stat: check what was opened.
	st, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, &fs.PathError{Op: "open", Path: path, Err: notRegular(st.Mode())}
	}
	if limit := Limit(kind); st.Size() > limit {
		f.Close()
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Kind: kind, Size: st.Size(), Limit: limit}}
	}
	return f, st.Size(), nil
}

func notRegular(m fs.FileMode) error {
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%w (it is %s)", ErrNotRegular, what)
}

// Read returns the contents of path if it is a regular file within kind's cap.
// A file that grows past the cap while it is read is refused too.
func Read(path string, kind Kind) ([]byte, error) {
	f, size, err := Open(path, kind)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	limit := Limit(kind)
	// bytes.Buffer.ReadFrom grows the buffer whenever less than MinRead
	// bytes are free: leave that much room, or every file is copied once.
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(buf.Len()) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Kind: kind, Size: -1, Limit: limit}}
	}
	return buf.Bytes(), nil
}

// systemDirs are never read through a configuration, whatever the root.
var systemDirs = []string{"/proc", "/dev", "/sys"}

// Confine resolves path (relative paths against base, a directory inside
// root) and returns the real path if it names something inside root after
// every symlink is resolved, and nowhere under /proc, /dev or /sys. It is for
// paths written in a configuration file (a Terraform file() argument, a
// baseline: key, a module source): those may come from an attacker and must
// not reach outside the project.
func Confine(root, base, path string) (string, error) {
	realRoot, err := realPath(root)
	if err != nil {
		return "", fmt.Errorf("project root %s: %w", root, err)
	}
	p := path
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	// Check the lexical path first so that "../../etc/passwd" is refused
	// with the same message whether or not it exists.
	if !within(realRoot, abs) {
		if rootAbs, err := filepath.Abs(root); err != nil || !within(rootAbs, abs) {
			return "", fmt.Errorf("%s: %w", path, ErrOutside)
		}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	if !within(realRoot, real) {
		return "", fmt.Errorf("%s: %w (through a symlink)", path, ErrOutside)
	}
	for _, d := range systemDirs {
		if within(d, real) {
			return "", fmt.Errorf("%s: %w (system directory %s)", path, ErrOutside, d)
		}
	}
	return real, nil
}

// ReadConfined is Confine followed by Read.
func ReadConfined(root, base, path string, kind Kind) ([]byte, error) {
	real, err := Confine(root, base, path)
	if err != nil {
		return nil, err
	}
	return Read(real, kind)
}

func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within reports whether p is dir or below it (both absolute and clean).
func within(dir, p string) bool {
	dir, p = filepath.Clean(dir), filepath.Clean(p)
	if dir == p {
		return true
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
