package safefile

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestReadAllocatesOnce: Read holds a file's bytes once; a buffer that
// grows on the last read would copy every file and double the memory a
// 16 MiB s.yaml costs before it is parsed.
func TestReadAllocatesOnce(t *testing.T) {
	const size = 4 << 20
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	data, err := Read(p, Config)
	runtime.ReadMemStats(&after)
	if err != nil || len(data) != size {
		t.Fatalf("Read: %d bytes, %v", len(data), err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > size+size/4 {
		t.Errorf("Read allocated %d bytes for a %d-byte file, want about one copy", got, size)
	}
}
