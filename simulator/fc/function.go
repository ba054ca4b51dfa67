package fc

import (
	"fmt"
	"time"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
)

// SetRuntime switches the runtime and its cold-start profile.
func (c *Config) SetRuntime(cat *catalog.Catalog, runtime string) error {
	fig, fam := cat.Platform.ColdStart.RuntimeStart(runtime)
	d, err := engine.ParseDist(fig.Spec)
	if err != nil {
		return fmt.Errorf("catalog platform.coldStart.runtimes.%s: %w", fam, err)
	}
	c.Runtime, c.ColdStart.Runtime, c.ColdStart.RuntimeFamily = runtime, d, fam
	return nil
}

// ConfigFromFunction returns the model of a loaded function: catalog
// defaults (for region) overlaid with every setting the function states.
// Settings that are written but cannot be known statically keep the
// default and are listed in notes, as are settings the model cannot use.
// Scheduled policies are expanded over [epoch, epoch+horizon).
func ConfigFromFunction(cat *catalog.Catalog, f *model.Function, region string, epoch time.Time, horizon time.Duration) (Config, []string, error) {
	var notes []string
	unknown := func(what, text string, def any) {
		notes = append(notes, fmt.Sprintf("%s is not known statically (%s): using %v", what, text, def))
	}
	runtime := f.Runtime.Or("")
	if f.Runtime.IsUnknown() {
		unknown("runtime", f.Runtime.Unknown, "the default cold-start profile")
	}
	if runtime == "" && f.Container != nil {
		runtime = "custom-container"
	}
	cfg, err := DefaultConfig(cat, runtime, region)
	if err != nil {
		return cfg, nil, err
	}
	intVal := func(v model.Int, what string, dst *int) {
		switch {
		case v.IsKnown():
			*dst = v.V
		case v.IsUnknown():
			unknown(what, v.Unknown, *dst)
		}
	}
	intVal(f.MemoryMB, "memoryMB", &cfg.MemoryMB)
	cfg.VCPU = cat.Platform.DefaultVCPU(cfg.MemoryMB)
	switch {
	case f.VCPU.IsKnown():
		cfg.VCPU = f.VCPU.V
	case f.VCPU.IsUnknown():
		unknown("cpu", f.VCPU.Unknown, cfg.VCPU)
	}
	intVal(f.DiskMB, "diskMB", &cfg.DiskMB)
	timeout := int(cfg.Timeout / time.Second)
	intVal(f.TimeoutSeconds, "timeout", &timeout)
	cfg.Timeout = time.Duration(timeout) * time.Second
	intVal(f.InstanceConcurrency, "instanceConcurrency", &cfg.Concurrency)

	sc := &f.Scaling
	intVal(sc.MinInstances, "scalingConfig.minInstances", &cfg.MinInstances)
	if sc.ProvisionedTarget.IsKnown() && sc.ProvisionedTarget.V > cfg.MinInstances {
		cfg.MinInstances = sc.ProvisionedTarget.V
	} else if sc.ProvisionedTarget.IsUnknown() {
		unknown("provisioned target", sc.ProvisionedTarget.Unknown, cfg.MinInstances)
	}
	intVal(sc.MaxInstances, "max instances", &cfg.MaxInstances)
	if cfg.MinInstances > cfg.MaxInstances {
		notes = append(notes, fmt.Sprintf("min instances %d exceed max instances %d: max raised", cfg.MinInstances, cfg.MaxInstances))
		cfg.MaxInstances = cfg.MinInstances
	}
	if v, ok := sc.AlwaysAllocateCPU.Get(); ok {
		cfg.Hibernation = !v
	}
	for _, p := range sc.ScheduledPolicies {
		s, ok := scheduleFrom(p, &notes)
		if !ok {
			continue
		}
		acts, err := ScheduleActions([]Schedule{s}, epoch, horizon)
		if err != nil {
			return cfg, notes, fmt.Errorf("%s: %w", p.Pos, err)
		}
		cfg.Scheduled = append(cfg.Scheduled, acts...)
	}
	sortActions(cfg.Scheduled)
	for _, p := range sc.TargetTrackingPolicies {
		tr, ok := trackingFrom(p, epoch, &notes)
		if ok {
			cfg.Tracking = append(cfg.Tracking, tr)
		}
	}

	if f.VPC != nil {
		cfg.ColdStart.VPC = true
	}
	switch {
	case f.CodeSizeBytes.IsKnown():
		cfg.ColdStart.CodeSizeMB = float64(f.CodeSizeBytes.V) / (1 << 20)
	case f.Container != nil && f.Container.ImageSizeBytes.IsKnown():
		cfg.ColdStart.CodeSizeMB = float64(f.Container.ImageSizeBytes.V) / (1 << 20)
	}
	if f.Initializer != nil {
		notes = append(notes, "the function has an initializer whose duration is not known: give it with --set initializer=SPEC (for example lognormal:p50=300ms,p99=1s)")
	}
	if f.Async != nil {
		intVal(f.Async.MaxRetries, "async maxRetries", &cfg.Async.MaxRetries)
		age := int(cfg.Async.MaxEventAge / time.Second)
		intVal(f.Async.MaxEventAgeSeconds, "async maxEventAgeInSeconds", &age)
		cfg.Async.MaxEventAge = time.Duration(age) * time.Second
	}
	if f.GPU != nil {
		notes = append(notes, "GPU functions are modelled like CPU ones: GPU meters and GPU wake-up times are not simulated")
	}
	return cfg, notes, nil
}

// AsyncByTriggers reports whether every trigger of f invokes it
// asynchronously (and it has at least one trigger).
func AsyncByTriggers(f *model.Function) bool {
	if len(f.Triggers) == 0 {
		return false
	}
	for _, t := range f.Triggers {
		if !t.IsAsync() {
			return false
		}
	}
	return true
}

func scheduleFrom(p model.ScheduledPolicy, notes *[]string) (Schedule, bool) {
	name := p.Name.Or("(unnamed)")
	expr, ok1 := p.ScheduleExpression.Get()
	target, ok2 := p.Target.Get()
	if !ok1 || !ok2 {
		*notes = append(*notes, fmt.Sprintf("scheduled policy %s: expression or target not known statically: ignored", name))
		return Schedule{}, false
	}
	loc := time.UTC
	if tz, ok := p.TimeZone.Get(); ok && tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			*notes = append(*notes, fmt.Sprintf("scheduled policy %s: time zone %q unknown here: UTC used", name, tz))
		} else {
			loc = l
		}
	}
	s := Schedule{Name: name, Expression: expr, Target: target, Location: loc}
	if v, ok := p.StartTime.Get(); ok && v != "" {
		if t, err := ParseTime(v, loc); err == nil {
			s.Start = t
		} else {
			*notes = append(*notes, fmt.Sprintf("scheduled policy %s: startTime: %v", name, err))
		}
	}
	if v, ok := p.EndTime.Get(); ok && v != "" {
		if t, err := ParseTime(v, loc); err == nil {
			s.End = t
		} else {
			*notes = append(*notes, fmt.Sprintf("scheduled policy %s: endTime: %v", name, err))
		}
	}
	return s, true
}

func trackingFrom(p model.TargetTrackingPolicy, epoch time.Time, notes *[]string) (Tracking, bool) {
	name := p.Name.Or("(unnamed)")
	target, ok1 := p.MetricTarget.Get()
	lo, ok2 := p.MinInstances.Get()
	hi, ok3 := p.MaxInstances.Get()
	if !ok1 || !ok2 || !ok3 {
		*notes = append(*notes, fmt.Sprintf("target-tracking policy %s: target, min or max not known statically: ignored", name))
		return Tracking{}, false
	}
	if target > 1 && target <= 100 {
		target /= 100 // written as a percentage
	}
	tr := Tracking{Name: name, Target: target, Min: lo, Max: hi}
	if m := p.MetricType.Or(""); m != "" {
		*notes = append(*notes, fmt.Sprintf("target-tracking policy %s: metric %s is modelled as the utilisation of the floor's concurrency slots", name, m))
	}
	if v, ok := p.StartTime.Get(); ok && v != "" {
		if t, err := ParseTime(v, time.UTC); err == nil {
			tr.From = max(0, t.Sub(epoch))
		}
	}
	if v, ok := p.EndTime.Get(); ok && v != "" {
		if t, err := ParseTime(v, time.UTC); err == nil {
			tr.Until = max(1, t.Sub(epoch))
		}
	}
	return tr, true
}

func sortActions(a []FloorAction) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j].At < a[j-1].At; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
