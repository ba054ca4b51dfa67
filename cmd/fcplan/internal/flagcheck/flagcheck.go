// Package flagcheck validates the numeric flags of every fcplan command in
// one place, so that a value out of range is refused the same way whatever
// the command: the message names the flag, the value given and the range
// accepted, and where the range comes from when it is a platform limit
// ("--memory 0: expected a whole number from 128 to 32768 MB in steps of 64
// (catalog platform.memoryMB)"). NaN and infinities are never in range.
package flagcheck

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

// Range is an accepted interval, inclusive at both ends.
type Range struct {
	Min, Max float64
	// Unit follows the numbers in messages (" MB", " vCPU"); may be "".
	Unit string
	// Step, when above 1, is a required multiple (whole numbers only).
	Step int64
	// Source says where the range comes from ("catalog
	// platform.memoryMB"); empty for a documented sane range.
	Source string
}

// FromInt turns a catalog range into a Range.
func FromInt(r catalog.IntRange, unit, path string) Range {
	return Range{Min: float64(r.Min), Max: float64(r.Max), Unit: unit, Step: int64(r.Step), Source: "catalog " + path}
}

// FromFloat turns a catalog range into a Range.
func FromFloat(r catalog.FloatRange, unit, path string) Range {
	return Range{Min: r.Min, Max: r.Max, Unit: unit, Source: "catalog " + path}
}

// Float checks a real-valued flag.
func (r Range) Float(flag string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < r.Min || v > r.Max {
		return r.refuse(flag, num(v), "a number")
	}
	return nil
}

// Int checks a whole-number flag.
func (r Range) Int(flag string, v int64) error {
	if float64(v) < r.Min || float64(v) > r.Max || (r.Step > 1 && v%r.Step != 0) {
		return r.refuse(flag, strconv.FormatInt(v, 10), "a whole number")
	}
	return nil
}

// Duration checks a duration flag; Min and Max are in seconds. given is
// the text the user wrote, shown as is.
func (r Range) Duration(flag, text string, d time.Duration) error {
	if s := d.Seconds(); s < r.Min || s > r.Max {
		return fmt.Errorf("%s: expected a duration from %s to %s%s", given(flag, text), fmtSeconds(r.Min), fmtSeconds(r.Max), r.source())
	}
	return nil
}

func (r Range) refuse(flag, v, what string) error {
	step := ""
	if r.Step > 1 {
		step = fmt.Sprintf(" in steps of %d", r.Step)
	}
	return fmt.Errorf("%s: expected %s from %s to %s%s%s%s", given(flag, v), what, num(r.Min), num(r.Max), r.Unit, step, r.source())
}

// given joins a flag and its value: "--memory 0", or "--set cpu=NaN" for
// a flag written as "--set cpu=" (or "--objective balanced:").
func given(flag, v string) string {
	if strings.HasSuffix(flag, "=") || strings.HasSuffix(flag, ":") {
		return flag + v
	}
	return flag + " " + v
}

func (r Range) source() string {
	if r.Source == "" {
		return ""
	}
	return " (" + r.Source + ")"
}

// num prints a bound or a value: whole numbers in full up to 1e15, others
// in %g.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) <= 1e15 {
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
	if s >= 2*86400 && math.Mod(s, 86400) == 0 {
		t += fmt.Sprintf(" (%gd)", s/86400)
	}
	return t
}

// Ranges shared by the commands. Platform limits come from the catalog
// (Memory, VCPU, Concurrency, Timeout); the others are documented sane
// ranges.
var (
	// MinInstances bounds --min-instances: the simulator models at most a
	// million instances (simulator/fc).
	MinInstances = Range{Min: 0, Max: 1e6, Source: "the simulator models at most 1000000 instances"}
	// MaxInstances bounds --max-instances.
	MaxInstances = Range{Min: 1, Max: 1e6, Source: "the simulator models at most 1000000 instances"}
	// PoolSize bounds --pool-size (connections an instance opens at init).
	PoolSize = Range{Min: 0, Max: 10000}
	// Top bounds --top (functions kept from a trace).
	Top = Range{Min: 0, Max: 1e6}
	// Month bounds --month: from an hour to a leap year.
	Month = Range{Min: 3600, Max: 366 * 86400}
	// Window bounds --window and --warmup: a generated trace spans at most
	// 366 days (simulator/workload).
	Window = Range{Min: 0, Max: 366 * 86400}
	// TimelineStep bounds --timeline-step: from a millisecond to a day
	// (the number of rows is checked separately against
	// --max-timeline-rows).
	TimelineStep = Range{Min: 0.001, Max: 86400}
)

// Memory is the catalog's memory range.
func Memory(cat *catalog.Catalog) Range {
	return FromInt(cat.Platform.MemoryMB, " MB", "platform.memoryMB")
}

// VCPU is the catalog's range for an explicit vCPU count.
func VCPU(cat *catalog.Catalog) Range {
	return FromFloat(cat.Platform.VCPU, " vCPU", "platform.vcpu")
}

// Concurrency is the catalog's instance concurrency range.
func Concurrency(cat *catalog.Catalog) Range {
	return FromInt(cat.Platform.InstanceConcurrency, "", "platform.instanceConcurrency")
}

// Timeout is the catalog's function timeout range, in seconds.
func Timeout(cat *catalog.Catalog) Range {
	return FromInt(cat.Platform.TimeoutSeconds, "", "platform.timeoutSeconds")
}
