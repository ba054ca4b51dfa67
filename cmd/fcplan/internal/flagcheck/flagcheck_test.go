package flagcheck

import (
	"math"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

func TestRanges(t *testing.T) {
	cat := catalog.Default()
	for _, tc := range []struct {
		name string
		err  error
		want string // "" = accepted
	}{
		{"float in range", Range{Min: 0, Max: 10}.Float("--headroom", 0.25), ""},
		{"float NaN", Range{Min: 0, Max: 10}.Float("--headroom", math.NaN()), "--headroom NaN: expected a number from 0 to 10"},
		{"float +Inf", Range{Min: 0, Max: 10}.Float("--headroom", math.Inf(1)), "--headroom +Inf: expected a number from 0 to 10"},
		{"float too large", Range{Min: 1, Max: 1000}.Float("--peak-to-mean", 1e308), "--peak-to-mean 1e+308: expected a number from 1 to 1000"},
		{"int in range", Memory(cat).Int("--memory", 1024), ""},
		{"int off the step", Memory(cat).Int("--memory", 1000), "--memory 1000: expected a whole number from 128 to 32768 MB in steps of 64 (catalog platform.memoryMB)"},
		{"int zero", Memory(cat).Int("--memory", 0), "--memory 0: expected a whole number from 128 to 32768 MB in steps of 64 (catalog platform.memoryMB)"},
		{"int huge", MinInstances.Int("--min-instances", 2000000000), "--min-instances 2000000000: expected a whole number from 0 to 1000000 (the simulator models at most 1000000 instances)"},
		{"set form", VCPU(cat).Float("--set cpu=", math.NaN()), "--set cpu=NaN: expected a number from 0.05 to 16 vCPU (catalog platform.vcpu)"},
		{"duration in range", Timeout(cat).Duration("--timeout", "60", time.Minute), ""},
		{"duration too long", Timeout(cat).Duration("--timeout", "48h", 48*time.Hour), "--timeout 48h: expected a duration from 1s to 24h (catalog platform.timeoutSeconds)"},
		{"duration in days", Month.Duration("--month", "400d", 400*24*time.Hour), "--month 400d: expected a duration from 1h to 8784h (366d)"},
		{"step too fine", TimelineStep.Duration("--timeline-step", "1ns", 1), "--timeline-step 1ns: expected a duration from 1ms to 24h"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.want == "" && tc.err != nil:
				t.Errorf("refused: %v", tc.err)
			case tc.want != "" && tc.err == nil:
				t.Errorf("accepted, want %q", tc.want)
			case tc.want != "" && tc.err.Error() != tc.want:
				t.Errorf("got  %q\nwant %q", tc.err, tc.want)
			}
		})
	}
}
