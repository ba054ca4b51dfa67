package simulator

import (
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/billing"
)

// TestCPUSharingReported: the report says whether an instance's concurrent
// requests shared its CPU, and a note says how (or why not).
func TestCPUSharingReported(t *testing.T) {
	cat := catalog.Default()
	for _, tc := range []struct {
		name, conc, duration, sharing string
		want, note                    string
	}{
		{"concurrency 1", "1", "cpu:io=50ms,cpu=150ms", "true", "", ""},
		{"split model", "4", "cpu:io=50ms,cpu=150ms", "true", "on", "CPU sharing: the 4 concurrent requests of an instance share its 0.7 vCPU"},
		{"switched off", "4", "cpu:io=50ms,cpu=150ms", "false", "off", "cpuSharing=false: the 4 concurrent requests"},
		{"plain distribution", "4", "lognormal:p50=100ms,p99=1s", "true", "not applied", "execution times from the trace or a plain distribution are used as given"},
	} {
		cfg := exactConfig(t, 1024)
		for _, kv := range [][2]string{{"instanceConcurrency", tc.conc}, {"duration", tc.duration}, {"cpuSharing", tc.sharing}} {
			if err := cfg.Set(cat, kv[0], kv[1]); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := Run(cfg, open(t, "poisson:rate=20/s,duration=10m"), Options{Catalog: cat, Billing: billing.Options{Pricing: "fc3", Region: "cn-hangzhou", Currency: "CNY"}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Model.CPUSharing != tc.want {
			t.Errorf("%s: model cpuSharing %q, want %q", tc.name, rep.Model.CPUSharing, tc.want)
		}
		notes := strings.Join(rep.Notes, "\n")
		if tc.note != "" && !strings.Contains(notes, tc.note) {
			t.Errorf("%s: no note %q in\n%s", tc.name, tc.note, notes)
		}
		if tc.note == "" && strings.Contains(notes, "CPU sharing") {
			t.Errorf("%s: unexpected CPU-sharing note in\n%s", tc.name, notes)
		}
	}
}
