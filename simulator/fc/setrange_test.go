package fc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model/catalog"
)

// TestSetRanges gives every --set key a value past its range and one at
// its edge: the first is refused naming the range, the second accepted.
func TestSetRanges(t *testing.T) {
	cases := map[string]struct{ bad, want, edge string }{
		"memory":              {"100", "from 128 to 32768 MB in steps of 64", "32768"},
		"cpu":                 {"NaN", "from 0.05 to 16 vCPU", "16"},
		"disk":                {"1e9", "a whole number from 0 to 10240 MB", "10240"},
		"concurrency":         {"0", "from 1 to 200", "200"},
		"timeout":             {"90000", "a duration from 1s to 24h", "86400"},
		"mininstances":        {"2000000000", "from 0 to 1000000", "5"},
		"maxinstances":        {"0", "from 1 to 1000000", "1000000"},
		"keepalive":           {"2562047h", "a duration from 0s to 24h", "24h"},
		"delayedrelease":      {"2562047h", "a duration from 0s to 24h", "24h"},
		"egresskb":            {"1e300", "from 0 to 1048576 KB", "1048576"},
		"maxqueued":           {"0", "from 1 to 1073741824", "1"},
		"scaleoutburst":       {"-1", "from 0 to 1000000", "0"},
		"scaleoutperminute":   {"99999999999", "from 0 to 1000000", "1000000"},
		"coldstart":           {"fixed:1000h", "99.9th percentile and mean are from 0s to 24h", "fixed:24h"},
		"sandbox":             {"lognormal:p50=1h,p99=1000h", "99.9th percentile", "fixed:0"},
		"runtimestart":        {"exp:mean=30h", "99.9th percentile", "fixed:1s"},
		"codesizemb":          {"1e12", "from 0 to 10240 MB", "10240"},
		"codefetchmbps":       {"1e-9", "from 0.125 to 100000 MB/s", "0.125"},
		"vpceni":              {"uniform:min=0s,max=100h", "99.9th percentile", "uniform:min=0s,max=1h"},
		"initializer":         {"fixed:25h", "99.9th percentile", "fixed:1h"},
		"warmoverhead":        {"fixed:25h", "99.9th percentile", "fixed:1ms"},
		"duration":            {"fixed:25h", "99.9th percentile", "fixed:24h"},
		"asyncmaxretries":     {"101", "from 0 to 100", "8"},
		"asyncmaxeventage":    {"2562047h", "a duration from 1s to 24h", "24h"},
		"asyncbackoffmin":     {"48h", "a duration from 0s to 24h", "1s"},
		"asyncbackoffmax":     {"48h", "a duration from 0s to 24h", "24h"},
		"hibernationwakeup":   {"fixed:48h", "99.9th percentile", "fixed:1s"},
		"trackinterval":       {"0s", "a duration from 1s to 24h", "1m"},
		"poolsize":            {"10001", "from 0 to 10000", "10000"},
		"hibernation":         {"maybe", "true or false", "true"},
		"cpusharing":          {"maybe", "true or false", "false"},
		"vpc":                 {"maybe", "true or false", "true"},
		"routing":             {"sideways", "", "spread"},
		"runtime":             {"", "", "go1"},
		"memorymb":            {"0", "from 128", "128"},
		"memorysize":          {"32832", "to 32768", "1024"},
		"vcpu":                {"17", "from 0.05 to 16", "0.05"},
		"diskmb":              {"-1", "from 0 to 10240", "512"},
		"disksize":            {"10241", "from 0 to 10240", "0"},
		"instanceconcurrency": {"201", "from 1 to 200", "1"},
		"provisioned":         {"-1", "from 0 to 1000000", "0"},
	}
	cat := catalog.Default()
	for _, key := range SetKeys() {
		tc, ok := cases[key]
		if !ok {
			t.Errorf("--set %s has no range case in this table", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			cfg, err := DefaultConfig(cat, "go1", "")
			if err != nil {
				t.Fatal(err)
			}
			if tc.bad == "" { // not numeric: the runtime's own checks apply
				if err := cfg.Set(cat, key, tc.edge); err != nil {
					t.Errorf("%s=%s refused: %v", key, tc.edge, err)
				}
				return
			}
			err = cfg.Set(cat, key, tc.bad)
			if err == nil {
				t.Fatalf("%s=%s accepted", key, tc.bad)
			}
			if !strings.HasPrefix(err.Error(), key+"="+tc.bad+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s=%s: error %q, want %q", key, tc.bad, err, tc.want)
			}
			if err := cfg.Set(cat, key, tc.edge); err != nil {
				t.Errorf("%s=%s refused: %v", key, tc.edge, err)
			}
		})
	}
}

// TestColdStartStaysFinite sets every cold-start stage to the edge of its
// range: the sum of one sample of each stage stays positive.
func TestColdStartStaysFinite(t *testing.T) {
	cat := catalog.Default()
	cfg, err := DefaultConfig(cat, "go1", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"codeSizeMB", "10240"}, {"codeFetchMBps", "0.125"}, {"sandbox", "lognormal:p50=1h,p99=10h"}, {"runtimeStart", "fixed:24h"}, {"vpc", "true"}, {"vpcENI", "fixed:24h"}, {"initializer", "fixed:24h"}} {
		if err := cfg.Set(cat, kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src := list{{At: 0}}
	res, err := s.Run(&src)
	if err != nil {
		t.Fatal(err)
	}
	if bad := badFigure(reflect.ValueOf(res), "Result"); bad != "" {
		t.Fatal(bad)
	}
	if res.Starting <= 0 {
		t.Errorf("starting instance-seconds %g, want > 0", res.Starting)
	}
}
