package fc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fcplan/fcplan/simulator/engine"
)

// DurationSyntax describes the execution-time models ParseDuration accepts.
const DurationSyntax = engine.DistSyntax + ` | cpu:io=50ms,cpu=150ms@1vcpu (io + cpu x refVCPU / vCPU)`

// ParseDuration parses an execution-time model for a function with vcpu
// vCPUs. Besides the distributions of engine.ParseDist it accepts the
// CPU-scaling model `cpu:io=50ms,cpu=150ms@1vcpu`: an I/O part that does not
// depend on the instance size plus a CPU part measured at a reference vCPU
// count (default 1) and scaled by refVCPU / vcpu. FC gives CPU in proportion
// to memory (or as FC 3.0's explicit cpu), so a smaller instance runs the
// CPU part longer.
func ParseDuration(spec string, vcpu float64) (engine.Dist, error) {
	s := strings.TrimSpace(spec)
	if !strings.HasPrefix(s, "cpu:") {
		return engine.ParseDist(s)
	}
	if !(vcpu > 0) || math.IsInf(vcpu, 1) {
		return engine.Dist{}, fmt.Errorf("duration %q: the function's vCPU is unknown (give --cpu or --memory)", spec)
	}
	io, cpu, ref, err := parseSplit(spec)
	if err != nil {
		return engine.Dist{}, err
	}
	total := float64(io) + float64(cpu)*ref/vcpu
	if total > float64(366*24*time.Hour) {
		return engine.Dist{}, fmt.Errorf("duration %q: %s of execution at %g vCPU is beyond any timeout", spec, time.Duration(total), vcpu)
	}
	return engine.FixedDist(time.Duration(total)).Named(s), nil
}

// parseSplit parses the CPU-scaling model `cpu:io=..,cpu=..@Nvcpu` into its
// I/O part, its CPU part and the reference vCPU count of the CPU part.
func parseSplit(spec string) (io, cpu time.Duration, ref float64, err error) {
	rest, _ := strings.CutPrefix(strings.TrimSpace(spec), "cpu:")
	ref = 1.0
	var haveCPU bool
	for _, item := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return 0, 0, 0, fmt.Errorf("duration %q: %q: expected key=value (io=50ms, cpu=150ms@1vcpu)", spec, item)
		}
		switch strings.TrimSpace(k) {
		case "io":
			d, err := engine.ParseDelay(v)
			if err != nil {
				return 0, 0, 0, fmt.Errorf("duration %q: io=%q: expected a duration such as 50ms", spec, v)
			}
			io = d
		case "cpu":
			dv, at, hasAt := strings.Cut(v, "@")
			d, err := engine.ParseDelay(dv)
			if err != nil {
				return 0, 0, 0, fmt.Errorf("duration %q: cpu=%q: expected a duration such as 150ms@1vcpu", spec, v)
			}
			cpu, haveCPU = d, true
			if hasAt {
				num := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(at)), "vcpu")
				f, err := strconv.ParseFloat(num, 64)
				if err != nil || f <= 0 {
					return 0, 0, 0, fmt.Errorf("duration %q: reference %q: expected a positive vCPU count such as 1vcpu", spec, at)
				}
				ref = f
			}
		default:
			return 0, 0, 0, fmt.Errorf("duration %q: unknown key %q (io, cpu)", spec, k)
		}
	}
	if !haveCPU {
		return 0, 0, 0, fmt.Errorf("duration %q: cpu model needs cpu=DURATION[@Nvcpu]", spec)
	}
	return io, cpu, ref, nil
}

// WorkSplit returns the I/O part and the CPU part of an execution-time model
// built by ParseDuration from the CPU-scaling model: io, and the CPU part at
// the vCPU count the model was parsed for (what one request alone on an
// instance spends computing). ok is false for any other distribution (a
// plain distribution or a trace's durations carry no split).
func WorkSplit(d engine.Dist) (io, cpu time.Duration, ok bool) {
	spec := d.String()
	if d.Kind != engine.Fixed || !strings.HasPrefix(spec, "cpu:") {
		return 0, 0, false
	}
	io, _, _, err := parseSplit(spec)
	if err != nil {
		return 0, 0, false
	}
	total := d.Mean()
	if io > total {
		io = total
	}
	return io, total - io, true
}
