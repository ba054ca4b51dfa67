package fc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
)

// setRange is the interval a --set value must fall in, inclusive at both
// ends, so that no accepted value can make a run overflow a time.Duration or
// print a negative or non-finite figure. Platform limits come from the
// catalog; the others are documented sane ranges (see below), each far
// beyond what Function Compute allows or a real project uses.
type setRange struct {
	min, max float64
	// unit follows the numbers in messages (" MB"); for durations min and
	// max are seconds.
	unit string
	// step, when above 1, is a required multiple (whole numbers only).
	step int64
	// source says where the range comes from.
	source string
}

// Documented sane ranges of the --set keys with no platform limit in the
// catalog. Together they keep every derived duration finite: the code
// fetch time is at most codeSizeRange.max / codeFetchRange.min = 81,920 s,
// every cold-start stage and the execution time at most a day, and the
// keep-alive, delayed release and async times at most a day.
var (
	// diskRange: FC offers 512 MB or 10 GB of disk.
	diskRange = setRange{min: 0, max: 10240, unit: " MB", source: "sane range: FC disks are 512 MB or 10 GB"}
	// minInstancesRange, maxInstancesRange, scaleOutRange: the simulator
	// models at most maxModelled instances.
	minInstancesRange = setRange{min: 0, max: maxModelled, source: "the simulator models at most 1000000 instances"}
	maxInstancesRange = setRange{min: 1, max: maxModelled, source: "the simulator models at most 1000000 instances"}
	scaleOutRange     = setRange{min: 0, max: maxModelled, source: "the simulator models at most 1000000 instances"}
	// idleRange bounds keepAlive and delayedRelease (use keepAlive=never
	// for no reclaim): an idle instance kept a day is already "forever" for
	// billing, and a longer one overflows hourly usage sums.
	idleRange      = setRange{min: 0, max: 86400, source: "sane range: at most a day"}
	keepAliveRange = setRange{min: 0, max: 86400, source: "sane range: at most a day; keepAlive=never for no reclaim"}
	// egressRange: 1 GiB out per request, far above FC's 32 MB response.
	egressRange = setRange{min: 0, max: 1 << 20, unit: " KB", source: "sane range: at most 1 GiB per request"}
	// maxQueuedRange: 2^30 queued events is already tens of GB of memory.
	maxQueuedRange = setRange{min: 1, max: 1 << 30, source: "sane range: 2^30 events need tens of GB"}
	// stageRange bounds each cold-start stage, the warm overhead and the
	// wake-up: the distribution's 99.9th percentile is at most a day.
	stageRange = setRange{min: 0, max: 86400, source: "sane range: the 99.9th percentile is at most a day"}
	// executionRange bounds duration=: at most the longest FC timeout.
	executionRange = setRange{min: 0, max: 86400, source: "sane range: the 99.9th percentile is at most a day, the longest FC timeout"}
	// codeSizeRange: the largest FC container image is 10 GB.
	codeSizeRange = setRange{min: 0, max: 10240, unit: " MB", source: "sane range: the largest FC image is 10 GB"}
	// codeFetchRange: from 1/8 MB/s (10 GB in under a day) to 100 GB/s.
	codeFetchRange = setRange{min: 0.125, max: 100000, unit: " MB/s", source: "sane range: 10 GB fetched in under a day"}
	// retriesRange: FC allows 0 to 8 async retries; 100 is a sane ceiling.
	retriesRange = setRange{min: 0, max: 100, source: "sane range"}
	// eventAgeRange: FC keeps an async event at most 86,400 s.
	eventAgeRange = setRange{min: 1, max: 86400, source: "sane range: FC keeps an async event at most a day"}
	// backoffRange bounds the async retry backoff.
	backoffRange = setRange{min: 0, max: 86400, source: "sane range: at most a day"}
	// trackRange bounds how often target-tracking policies act.
	trackRange = setRange{min: 1, max: 86400, source: "sane range: from a second to a day"}
	// poolRange bounds the connections an instance opens at init.
	poolRange = setRange{min: 0, max: 10000, source: "sane range"}
)

func memoryRange(cat *catalog.Catalog) setRange {
	r := cat.Platform.MemoryMB
	return setRange{min: float64(r.Min), max: float64(r.Max), step: int64(r.Step), unit: " MB", source: "catalog platform.memoryMB"}
}

func vcpuRange(cat *catalog.Catalog) setRange {
	r := cat.Platform.VCPU
	return setRange{min: r.Min, max: r.Max, unit: " vCPU", source: "catalog platform.vcpu"}
}

func concurrencyRange(cat *catalog.Catalog) setRange {
	r := cat.Platform.InstanceConcurrency
	return setRange{min: float64(r.Min), max: float64(r.Max), source: "catalog platform.instanceConcurrency"}
}

func timeoutRange(cat *catalog.Catalog) setRange {
	r := cat.Platform.TimeoutSeconds
	return setRange{min: float64(r.Min), max: float64(r.Max), source: "catalog platform.timeoutSeconds"}
}

func (r setRange) refuse(what string) error {
	step := ""
	if r.step > 1 {
		step = fmt.Sprintf(" in steps of %d", r.step)
	}
	return fmt.Errorf("expected %s from %s to %s%s%s (%s)", what, fmtNum(r.min), fmtNum(r.max), r.unit, step, r.source)
}

func (r setRange) refuseDelay() error {
	return fmt.Errorf("expected a duration from %s to %s (%s)", fmtSeconds(r.min), fmtSeconds(r.max), r.source)
}

func (r setRange) setFloat(dst *float64, v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < r.min || f > r.max {
		return r.refuse("a number")
	}
	*dst = f
	return nil
}

func (r setRange) setInt(dst *int, v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || float64(n) < r.min || float64(n) > r.max || (r.step > 1 && n%r.step != 0) {
		return r.refuse("a whole number")
	}
	*dst = int(n)
	return nil
}

func (r setRange) setDelay(dst *time.Duration, v string) error {
	d, err := engine.ParseDelay(v)
	if err != nil || d.Seconds() < r.min || d.Seconds() > r.max {
		return r.refuseDelay()
	}
	*dst = d
	return nil
}

func (r setRange) setDist(dst *engine.Dist, v string) error {
	d, err := engine.ParseDist(v)
	if err != nil {
		return err
	}
	if err := r.checkDist(d); err != nil {
		return err
	}
	*dst = d
	return nil
}

// checkDist refuses a distribution whose 99.9th percentile or mean is
// outside the range (negative, NaN or past the maximum).
func (r setRange) checkDist(d engine.Dist) error {
	for _, x := range []time.Duration{d.Quantile(0.999), d.Mean()} {
		if s := x.Seconds(); !(s >= r.min && s <= r.max) {
			return fmt.Errorf("distribution %s: expected one whose 99.9th percentile and mean are from %s to %s (%s)", d, fmtSeconds(r.min), fmtSeconds(r.max), r.source)
		}
	}
	return nil
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func fmtSeconds(s float64) string {
	t := time.Duration(s * float64(time.Second)).String()
	if strings.HasSuffix(t, "h0m0s") {
		t = strings.TrimSuffix(t, "0m0s")
	} else if strings.HasSuffix(t, "m0s") {
		t = strings.TrimSuffix(t, "0s")
	}
	return t
}
