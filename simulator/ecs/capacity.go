package ecs

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
	"github.com/fcplan/fcplan/simulator/fc"
)

// Workload classes of a plain execution-time distribution (one without an
// I/O and CPU split).
const (
	BoundCPU = "cpu"
	BoundIO  = "io"
)

// Work is an execution-time model split the way capacity needs it: the part
// of a request that waits on I/O, and the CPU time it needs on one vCPU.
// Split is false for a plain distribution, whose class (Bound) then decides
// the capacity.
type Work struct {
	IO    time.Duration
	CPU   time.Duration
	Split bool
}

// WorkOf recovers the split of the CPU-scaling model of fc.ParseDuration
// (`cpu:io=50ms,cpu=150ms@1vcpu`) from the distribution it built: that model
// is io + cpu x ref / vCPU, so evaluating it at 1 and 2 vCPU gives both parts.
// Any other distribution has no split.
func WorkOf(d engine.Dist) (Work, error) {
	spec := d.String()
	if !strings.HasPrefix(spec, "cpu:") {
		return Work{}, nil
	}
	d1, err := fc.ParseDuration(spec, 1)
	if err != nil {
		return Work{}, err
	}
	d2, err := fc.ParseDuration(spec, 2)
	if err != nil {
		return Work{}, err
	}
	one, two := d1.Mean(), d2.Mean()
	cpu := 2 * (one - two)
	return Work{IO: one - cpu, CPU: cpu, Split: true}, nil
}

// Service is the execution time of one request on an ECS instance. The
// split model runs each request on one vCPU (io + CPU time at one vCPU): a
// server process gives a request one thread, not the whole machine, so the
// FC model's speed-up with more vCPUs per instance does not carry over. A
// plain distribution is used as it is.
func (w Work) Service(d engine.Dist) engine.Dist {
	if !w.Split {
		return d
	}
	return engine.FixedDist(w.IO + w.CPU).Named(fmt.Sprintf("fixed:%s (io %s + cpu %s on 1 vCPU)", w.IO+w.CPU, w.IO, w.CPU))
}

// Slots is the capacity rule: how many requests one instance of vcpu vCPUs
// runs at once.
//
//   - Split work with a CPU part: the CPU is the bottleneck. A request keeps
//     a vCPU busy for CPU/(IO+CPU) of its life, so vcpu x requestsPerVCPU x
//     (IO+CPU)/CPU requests saturate the CPUs; capped at ioConcurrency.
//   - Split work with no CPU part, or a plain distribution with bound "io":
//     ioConcurrency requests (the worker-pool / connection cap).
//   - A plain distribution with bound "cpu" (the default): vcpu x
//     requestsPerVCPU requests, the duration being CPU time.
//
// The result is at least 1.
func (w Work) Slots(vcpu float64, bound string, f catalog.ECSFleet) int {
	perVCPU := f.RequestsPerVCPU.Value
	if perVCPU <= 0 {
		perVCPU = 1
	}
	ioCap := f.IOConcurrency.Value
	if ioCap < 1 {
		ioCap = 1
	}
	var n float64
	switch {
	case w.Split && w.CPU > 0:
		n = math.Floor(vcpu*perVCPU*float64(w.IO+w.CPU)/float64(w.CPU) + 1e-9)
		n = math.Min(n, float64(ioCap))
	case w.Split || bound == BoundIO:
		n = float64(ioCap)
	default:
		n = math.Floor(vcpu*perVCPU + 1e-9)
	}
	if n < 1 {
		n = 1
	}
	return int(n)
}

// FleetFor is the sizing rule of a fixed fleet: the fewest instances whose
// slots cover the peak offered load with headroom,
//
//	ceil(peakRate x meanService x (1 + headroom) / slots), at least 1,
//
// where peakRate x meanService is the peak's busy slots (Little's law). The
// closed form of `fcplan cost` and the simulated fixed fleet share it.
func FleetFor(peakRate float64, meanService time.Duration, slots int, headroom float64) int {
	if slots < 1 {
		slots = 1
	}
	if headroom < 0 {
		headroom = 0
	}
	need := peakRate * meanService.Seconds() * (1 + headroom) / float64(slots)
	n := math.Ceil(need - 1e-9)
	if n < 1 || math.IsNaN(n) {
		return 1
	}
	if n > maxInstances {
		return maxInstances
	}
	return int(n)
}

// maxInstances bounds fleet sizes so that a typo cannot ask for billions of
// instances.
const maxInstances = 10_000_000
