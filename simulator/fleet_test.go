package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
	"github.com/fcplan/fcplan/simulator/fc"
	"github.com/fcplan/fcplan/simulator/workload"
)

// fleetTrace writes a csv trace of n functions with rates falling from
// busy to rare, interleaved in time, and returns its path and the keys.
func fleetTrace(t *testing.T, n int) (string, []string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("timestamp,duration_ms,function\n")
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("fn-%02d", i)
	}
	// Function i is called every (i+1) * 0.2 s for an hour, with a
	// burst of 40 simultaneous calls at 30 min, and runs 150 ms + 10 ms*i.
	for ms := 0; ms < 3600_000; ms += 200 {
		for i, k := range keys {
			if (ms/200)%(i+1) == 0 {
				fmt.Fprintf(&b, "%.3f,%d,%s\n", float64(ms)/1000, 150+10*i, k)
			}
			if ms == 1800_000 {
				for range 40 {
					fmt.Fprintf(&b, "%.3f,%d,%s\n", float64(ms)/1000, 900, k)
				}
			}
		}
	}
	// Every function's span is the hour: the bills are comparable.
	for i, k := range keys {
		fmt.Fprintf(&b, "3599.%03d,%d,%s\n", 900+i, 100, k)
	}
	path := filepath.Join(t.TempDir(), "fleet.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, keys
}

func fleetConfig(t *testing.T, maxInstances int) fc.Config {
	t.Helper()
	cat := catalog.Default()
	cfg, err := fc.DefaultConfig(cat, "go1", "cn-hangzhou")
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxInstances = maxInstances
	return cfg
}

func fleetOptions(path string, cfg fc.Config) FleetOptions {
	return FleetOptions{
		Options: Options{Billing: billing.Options{Region: "cn-hangzhou"}, TraceDurations: true},
		Open: func() (workload.Source, error) {
			return workload.OpenFile(path, "csv", workload.FileOptions{})
		},
		Configure: func(string) (fc.Config, string, error) { return cfg, "defaults", nil },
		Seed:      7,
	}
}

// A fleet run is the sum of the functions run one by one (each on its own
// arrivals, with its own seed), and pooling them instead throttles.
func TestFleetIsTheSumOfItsFunctions(t *testing.T) {
	path, keys := fleetTrace(t, 5)
	cfg := fleetConfig(t, 60)
	fleet, err := RunFleet(fleetOptions(path, cfg))
	if err != nil {
		t.Fatal(err)
	}
	if len(fleet.Functions) != len(keys) {
		t.Fatalf("%d rows, want %d", len(fleet.Functions), len(keys))
	}
	var cold, throttled, requests int64
	var bill float64
	for _, k := range keys {
		one := cfg
		one.Seed = FunctionSeed(7, k)
		src, err := workload.OpenFile(path, "csv", workload.FileOptions{Function: k})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Run(one, src, Options{Billing: billing.Options{Region: "cn-hangzhou"}})
		src.Close()
		if err != nil {
			t.Fatal(err)
		}
		var row *FunctionRow
		for i := range fleet.Functions {
			if fleet.Functions[i].Function == k {
				row = &fleet.Functions[i]
			}
		}
		if row == nil {
			t.Fatalf("no row for %s", k)
		}
		if row.Requests != rep.Requests || row.ColdStarts != rep.ColdStarts || row.Throttled != rep.Throttled || row.PeakInstances != rep.Instances.Peak {
			t.Errorf("%s: fleet row %+v, alone requests %d cold %d throttled %d peak %d", k, *row, rep.Requests, rep.ColdStarts, rep.Throttled, rep.Instances.Peak)
		}
		if math.Abs(row.Bill-rep.Bill.Total) > 1e-9 {
			t.Errorf("%s: fleet bill %g, alone %g", k, row.Bill, rep.Bill.Total)
		}
		cold += rep.ColdStarts
		throttled += rep.Throttled
		requests += rep.Requests
		bill += rep.Bill.Total
	}
	f := fleet.Fleet
	if f.ColdStarts != cold || f.Throttled != throttled || f.Requests != requests || math.Abs(f.Bill-bill) > 0.01 {
		t.Errorf("fleet totals %+v, sum of functions: cold %d throttled %d requests %d bill %g", f, cold, throttled, requests, bill)
	}
	if f.Throttled != 0 {
		t.Errorf("fleet: %d throttled; each function's burst of 40 fits its own cap of 60", f.Throttled)
	}
	for i := 1; i < len(fleet.Functions); i++ {
		if fleet.Functions[i-1].Bill < fleet.Functions[i].Bill {
			t.Errorf("rows not sorted by bill: %g before %g", fleet.Functions[i-1].Bill, fleet.Functions[i].Bill)
		}
	}

	// Pooled into one function with the same cap, the five bursts of 40
	// meet at once (200 > 60) and the cap throttles.
	src, err := workload.OpenFile(path, "csv", workload.FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pooled, err := Run(cfg, src, Options{Billing: billing.Options{Region: "cn-hangzhou"}})
	if err != nil {
		t.Fatal(err)
	}
	if pooled.Throttled == 0 || pooled.ColdStarts >= f.ColdStarts {
		t.Errorf("pooled: %d throttled, %d cold starts; fleet %d cold starts: pooling should throttle and hide cold starts", pooled.Throttled, pooled.ColdStarts, f.ColdStarts)
	}
}

// The same seed gives byte-identical output whatever the batch size and
// the number of cores.
func TestFleetDeterministic(t *testing.T) {
	path, _ := fleetTrace(t, 6)
	cfg := fleetConfig(t, 100)
	var first []byte
	for _, c := range []struct{ procs, batch int }{{1, 0}, {2, 1}, {4, 4}, {runtime.NumCPU(), 2}} {
		old := runtime.GOMAXPROCS(c.procs)
		o := fleetOptions(path, cfg)
		o.Batch = c.batch
		rep, err := RunFleet(o)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Fatalf("GOMAXPROCS %d batch %d: output differs", c.procs, c.batch)
		}
	}
}

func TestFleetLimitsAndErrors(t *testing.T) {
	path, keys := fleetTrace(t, 3)
	cfg := fleetConfig(t, 100)
	tests := []struct {
		name string
		edit func(*FleetOptions)
		want string
	}{
		{"arrivals over the whole fleet", func(o *FleetOptions) { o.Limits.MaxArrivals = 1000 }, "more than 1000 arrivals"},
		{"span", func(o *FleetOptions) { o.Limits.MaxSpan = time.Minute }, "past the 1m0s"},
		{"reads over every pass", func(o *FleetOptions) { o.Batch = 1; o.MaxReads = 40_000 }, "reads it 4 times"},
		{"bad model names its function", func(o *FleetOptions) {
			o.Configure = func(k string) (fc.Config, string, error) {
				if k == keys[1] {
					return cfg, "", errors.New("memory 7 MB: expected 128..32768")
				}
				return cfg, "defaults", nil
			}
		}, `function "fn-01": memory 7 MB`},
		{"key check", func(o *FleetOptions) {
			o.CheckKeys = func(k []string) error { return fmt.Errorf("--map: no function %q", "zz") }
		}, `--map: no function "zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := fleetOptions(path, cfg)
			tt.edit(&o)
			_, err := RunFleet(o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// One function is not a fleet.
	one := filepath.Join(t.TempDir(), "one.csv")
	os.WriteFile(one, []byte("timestamp,duration_ms,function\n0,100,a\n1,100,a\n"), 0o644)
	o := fleetOptions(one, cfg)
	if _, err := RunFleet(o); !errors.Is(err, ErrOneFunction) {
		t.Fatalf("one function: err = %v, want ErrOneFunction", err)
	}
}

// The shared Azure 2019 100-function sample: the fleet equals its
// functions simulated one by one (within seed noise) and throttles no more
// than they do on their own.
func TestFleetAzure2019Sample(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "traces", "azure2019-invitro-sampled-100")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared traces absent (%v)", err)
	}
	if testing.Short() {
		t.Skip("600k arrivals")
	}
	cfg := fleetConfig(t, 100)
	cfg.Timeout = time.Hour
	open := func(fn string) (workload.Source, error) {
		return workload.OpenFile(dir, "azure2019", workload.FileOptions{Seed: 1, Function: fn})
	}
	o := fleetOptions("", cfg)
	o.Open = func() (workload.Source, error) { return open("") }
	fleet, err := RunFleet(o)
	if err != nil {
		t.Fatal(err)
	}
	if fleet.Fleet.Functions != 100 {
		t.Fatalf("%d functions, want 100", fleet.Fleet.Functions)
	}
	var cold, throttled int64
	for _, r := range fleet.Functions {
		one := cfg
		one.Seed = 1 // another seed than the fleet's: seed noise
		src, err := open(r.Function)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Run(one, src, Options{Billing: billing.Options{Region: "cn-hangzhou"}})
		src.Close()
		if err != nil {
			t.Fatal(err)
		}
		cold += rep.ColdStarts
		throttled += rep.Throttled
	}
	f := fleet.Fleet
	if d := math.Abs(float64(f.ColdStarts-cold)) / float64(cold); d > 0.02 {
		t.Errorf("fleet cold starts %d, one by one %d (%.1f%% apart)", f.ColdStarts, cold, 100*d)
	}
	if d := math.Abs(float64(f.Throttled - throttled)); d > 0.05*float64(throttled)+10 {
		t.Errorf("fleet throttled %d, one by one %d", f.Throttled, throttled)
	}
	// Pooled, the same sample had 100 cold starts and a third throttled.
	if f.ColdStarts < 10_000 {
		t.Errorf("fleet cold starts %d: the functions look pooled", f.ColdStarts)
	}
	t.Logf("fleet: %d requests, %d cold starts, %d throttled; one by one: %d cold starts, %d throttled", f.Requests, f.ColdStarts, f.Throttled, cold, throttled)
}
