package simsetup

import (
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/workload"
)

func flags(changed ...string) *Flags {
	f := &Flags{Workload: "poisson:rate=1/s,duration=10m", FreeTier: true, Month: "720h", Seed: 3, Warmup: "0",
		Epoch: "2026-01-05T00:00:00Z", PoolSize: 1, Invocation: "auto"}
	set := map[string]bool{}
	for _, c := range changed {
		set[c] = true
	}
	f.Changed = func(name string) bool { return set[name] }
	return f
}

// A variant's execution time follows its own vCPU: the cpu: model is parsed
// after the variant's settings.
func TestConfigReparsesDurationForVariant(t *testing.T) {
	f := flags("memory")
	f.Memory = 512
	f.Duration = "cpu:io=50ms,cpu=140ms@1vcpu"
	s, err := Prepare(f, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	base, err := s.Config(nil)
	if err != nil {
		t.Fatal(err)
	}
	big, err := s.Config([]string{"memorySize=2048"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := base.Duration.Mean(), 450*time.Millisecond; got != want {
		t.Errorf("512 MB: %s, want %s (50ms + 140ms / 0.35 vCPU)", got, want)
	}
	if got, want := big.Duration.Mean(), 150*time.Millisecond; got != want {
		t.Errorf("2048 MB: %s, want %s (50ms + 140ms / 1.4 vCPU)", got, want)
	}
	if base.MemoryMB != 512 || big.MemoryMB != 2048 || big.Seed != 3 || big.Window != 10*time.Minute {
		t.Errorf("configs: %+v / %+v", base, big)
	}
	// A variant's duration= replaces the common one.
	fixed, err := s.Config([]string{"duration=fixed:20ms"})
	if err != nil || fixed.Duration.Mean() != 20*time.Millisecond {
		t.Errorf("duration= variant: %v, %v", fixed.Duration, err)
	}
	// The base setup is not changed by variants.
	again, _ := s.Config(nil)
	if again.MemoryMB != 512 || again.Duration.Mean() != 450*time.Millisecond {
		t.Errorf("base changed: %+v", again)
	}
	// Opening twice gives the same arrivals.
	a, _ := s.Open()
	b, _ := s.Open()
	defer a.Close()
	defer b.Close()
	if na, nb := count(t, a), count(t, b); na != nb || na == 0 {
		t.Errorf("two opens: %d and %d arrivals", na, nb)
	}
}

func TestPrepareErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*Flags)
		sets []string
		want string
	}{
		{"no traffic", func(f *Flags) { f.Workload = "" }, nil, "exactly one of --trace"},
		{"bad month", func(f *Flags) { f.Month = "-1h" }, nil, "--month"},
		{"bad set", func(f *Flags) { f.Sets = []string{"memory"} }, nil, "expected key=value"},
		{"bad pricing", func(f *Flags) { f.Pricing = "fc9" }, nil, "expected fc3 or fc2"},
		{"bad duration", func(f *Flags) { f.Duration = "cpu:io=1ms" }, nil, "--duration"},
		{"bad variant", nil, []string{"timeout=never"}, "timeout"},
	} {
		f := flags()
		if tc.mod != nil {
			tc.mod(f)
		}
		s, err := Prepare(f, catalog.Default())
		if err == nil && tc.sets != nil {
			_, err = s.Config(tc.sets)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func count(t *testing.T, src interface {
	Next(*workload.Arrival) (bool, error)
}) int {
	t.Helper()
	var a workload.Arrival
	n := 0
	for {
		ok, err := src.Next(&a)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return n
		}
		n++
	}
}
