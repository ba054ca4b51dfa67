package workload

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fixture is the path of a file under testdata/traces at the module root.
func fixture(name string) string {
	return filepath.Join("..", "..", "testdata", "traces", name)
}

// sharedTrace is a path under /work/shared/traces (the repo's ../shared),
// or skips the test when it is absent.
func sharedTrace(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "traces", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared trace %s not available: %v", name, err)
	}
	return p
}

func readAll(t testing.TB, src Source) []Arrival {
	t.Helper()
	var out []Arrival
	var a Arrival
	for {
		ok, err := src.Next(&a)
		if err != nil {
			t.Fatalf("Next after %d arrivals: %v", len(out), err)
		}
		if !ok {
			break
		}
		out = append(out, a)
	}
	return out
}

// drain reads src to the end and returns the arrivals and the error.
func drain(src Source) ([]Arrival, error) {
	var out []Arrival
	var a Arrival
	for {
		ok, err := src.Next(&a)
		if err != nil || !ok {
			return out, err
		}
		out = append(out, a)
	}
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func checkSorted(t testing.TB, arr []Arrival) {
	t.Helper()
	for i := 1; i < len(arr); i++ {
		if arr[i].At < arr[i-1].At {
			t.Fatalf("arrival %d at %s precedes arrival %d at %s", i, arr[i].At, i-1, arr[i-1].At)
		}
	}
}
