package catalog

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Platform is the catalog section in data/platform.yaml: Function Compute's
// limits, defaults and the figures the scheduler model needs (scale-out
// speed, cold-start profiles, async retry policy, hibernation).
//
// Distributions are kept as spec strings in the simulator's syntax
// (`lognormal:p50=60ms,p99=150ms`, `uniform:min=500ms,max=1.5s`, `fixed:0`);
// the catalog does not parse them because model imports nothing of fcplan,
// and the simulator's tests check that every spec here parses.
type Platform struct {
	// MemoryMB is the memory range, step and default of a function.
	MemoryMB IntRange `yaml:"memoryMB" json:"memoryMB"`
	// VCPU is the range and default of FC 3.0's explicit `cpu`.
	VCPU FloatRange `yaml:"vcpu" json:"vcpu"`
	// VCPUPerGB is used when a function gives memory but no cpu: vCPU =
	// memory in GB x this figure, within VCPU.Min..VCPU.Max (DefaultVCPU).
	VCPUPerGB FloatFigure `yaml:"vcpuPerGB" json:"vcpuPerGB"`
	// TimeoutSeconds is the function timeout range and default.
	TimeoutSeconds IntRange `yaml:"timeoutSeconds" json:"timeoutSeconds"`
	// InstanceConcurrency is the range and default of requests per instance.
	InstanceConcurrency IntRange `yaml:"instanceConcurrency" json:"instanceConcurrency"`
	// InstanceCount is the range a configured instance count may take
	// (scalingConfig.minInstances, provisionConfig.target, policy bounds).
	InstanceCount IntRange `yaml:"instanceCount" json:"instanceCount"`
	// MaxInstances is the default cap on live instances.
	MaxInstances IntFigure `yaml:"maxInstances" json:"maxInstances"`
	// ScaleOut limits how fast instances are created, per region.
	ScaleOut ScaleOut `yaml:"scaleOut" json:"scaleOut"`
	// ColdStart is the cold-start profile, one distribution per stage.
	ColdStart ColdStart `yaml:"coldStart" json:"coldStart"`
	// WarmOverhead is the platform's latency on a warm invocation (routing,
	// not billed).
	WarmOverhead DistFigure `yaml:"warmOverhead" json:"warmOverhead"`
	// Async is the default retry policy of asynchronous invocations.
	Async AsyncPolicy `yaml:"async" json:"async"`
	// Hibernation is the light-hibernation (idle mode) behaviour of min
	// instances.
	Hibernation Hibernation `yaml:"hibernation" json:"hibernation"`
	// TargetTracking is how often target-tracking scaling policies act.
	TargetTracking TargetTracking `yaml:"targetTracking" json:"targetTracking"`
}

// DefaultVCPU is the vCPU of a function of memoryMB that does not set cpu:
// memory in GB x VCPUPerGB (0.35 at the fc3 schema's default 512 MB), kept
// within the VCPU range when one is set.
func (p Platform) DefaultVCPU(memoryMB int) float64 {
	v := float64(memoryMB) / 1024 * p.VCPUPerGB.Value
	if p.VCPU.Max > 0 && v > p.VCPU.Max {
		v = p.VCPU.Max
	}
	if v < p.VCPU.Min {
		v = p.VCPU.Min
	}
	return v
}

// IntRange is a bounded integer setting with its default.
type IntRange struct {
	Min     int    `yaml:"min" json:"min"`
	Max     int    `yaml:"max" json:"max"`
	Step    int    `yaml:"step,omitempty" json:"step,omitempty"`
	Default int    `yaml:"default" json:"default"`
	Source  Source `yaml:"source" json:"source"`
}

// Check reports whether v is a valid value of the setting named what (for
// the message) whose catalog path is path.
func (r IntRange) Check(v int, what, unit, path string) error {
	if v < r.Min || v > r.Max || (r.Step > 0 && v%r.Step != 0) {
		step := ""
		if r.Step > 1 {
			step = fmt.Sprintf(" in steps of %d", r.Step)
		}
		return fmt.Errorf("%s %d%s: expected %d to %d%s%s (catalog %s)", what, v, unit, r.Min, r.Max, unit, step, path)
	}
	return nil
}

// CheckFunction reports the first of memory and instance concurrency that
// no function can be deployed with.
func (p *Platform) CheckFunction(memoryMB, concurrency int) error {
	if err := p.MemoryMB.Check(memoryMB, "memory", " MB", "platform.memoryMB"); err != nil {
		return err
	}
	return p.InstanceConcurrency.Check(concurrency, "instance concurrency", "", "platform.instanceConcurrency")
}

// FloatRange is a bounded real setting with its default.
type FloatRange struct {
	Min     float64 `yaml:"min" json:"min"`
	Max     float64 `yaml:"max" json:"max"`
	Default float64 `yaml:"default" json:"default"`
	Source  Source  `yaml:"source" json:"source"`
}

// IntFigure is one integer with its source.
type IntFigure struct {
	Value  int    `yaml:"value" json:"value"`
	Source Source `yaml:"source" json:"source"`
}

// FloatFigure is one real number with its source.
type FloatFigure struct {
	Value  float64 `yaml:"value" json:"value"`
	Source Source  `yaml:"source" json:"source"`
}

// DurationFigure is one duration with its source.
type DurationFigure struct {
	Value  Duration `yaml:"value" json:"value"`
	Source Source   `yaml:"source" json:"source"`
}

// DistFigure is a distribution spec with its source.
type DistFigure struct {
	Spec   string `yaml:"spec" json:"spec"`
	Source Source `yaml:"source" json:"source"`
}

// Duration is a time.Duration written in Go syntax ("5m", "1.5s") in YAML
// and JSON.
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return fmt.Errorf("line %d: expected a duration such as 5m: %w", n.Line, err)
	}
	if s == "0" {
		*d = 0
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d: expected a duration such as 5m, got %q", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration in Go syntax.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// MarshalJSON writes the duration in Go syntax.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// ScaleOut is the instance creation limit: Burst instances may be created at
// once, then PerMinute more each minute (a token bucket).
type ScaleOut struct {
	// Regions maps a region ID to its limits; regions not listed use Default.
	Regions map[string]ScaleOutLimit `yaml:"regions" json:"regions"`
	Default ScaleOutLimit            `yaml:"default" json:"default"`
	Source  Source                   `yaml:"source" json:"source"`
}

// ScaleOutLimit is one region's burst and growth rate.
type ScaleOutLimit struct {
	Burst     int `yaml:"burst" json:"burst"`
	PerMinute int `yaml:"perMinute" json:"perMinute"`
}

// For returns the limits of region (Default when not listed or empty).
func (s ScaleOut) For(region string) ScaleOutLimit {
	if l, ok := s.Regions[region]; ok {
		return l
	}
	return s.Default
}

// ColdStart is the cold-start profile. A cold start is the sum of a sample
// of each stage: sandbox, code fetch (size / CodeFetchMBps), runtime start,
// VPC ENI attach when the function has VPC access, and the initializer.
type ColdStart struct {
	Sandbox DistFigure `yaml:"sandbox" json:"sandbox"`
	// Runtimes maps a runtime family (go, nodejs, python, java, dotnet, php,
	// custom, custom-container, default) to its runtime-start distribution.
	Runtimes      map[string]DistFigure `yaml:"runtimes" json:"runtimes"`
	CodeFetchMBps FloatFigure           `yaml:"codeFetchMBps" json:"codeFetchMBps"`
	VPCENI        DistFigure            `yaml:"vpcENI" json:"vpcENI"`
	Initializer   DistFigure            `yaml:"initializer" json:"initializer"`
}

// RuntimeFamily maps an FC runtime ID (go1, nodejs18, python3.10, java17,
// dotnetcore3.1, php7.2, custom.debian10, custom-container) to the family
// key used in ColdStart.Runtimes; unknown IDs give "default".
func RuntimeFamily(runtime string) string {
	r := strings.ToLower(strings.TrimSpace(runtime))
	switch {
	case r == "custom-container" || strings.HasPrefix(r, "custom-container"):
		return "custom-container"
	case strings.HasPrefix(r, "custom"):
		return "custom"
	case strings.HasPrefix(r, "go"):
		return "go"
	case strings.HasPrefix(r, "nodejs"):
		return "nodejs"
	case strings.HasPrefix(r, "python"):
		return "python"
	case strings.HasPrefix(r, "java"):
		return "java"
	case strings.HasPrefix(r, "dotnet"):
		return "dotnet"
	case strings.HasPrefix(r, "php"):
		return "php"
	}
	return "default"
}

// RuntimeStart returns the runtime-start figure of runtime and the family it
// was found under.
func (c ColdStart) RuntimeStart(runtime string) (DistFigure, string) {
	fam := RuntimeFamily(runtime)
	if f, ok := c.Runtimes[fam]; ok {
		return f, fam
	}
	return c.Runtimes["default"], "default"
}

// RuntimeFamilies returns the families with a profile, sorted.
func (c ColdStart) RuntimeFamilies() []string {
	out := make([]string, 0, len(c.Runtimes))
	for k := range c.Runtimes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// AsyncPolicy is the default handling of asynchronous invocations.
type AsyncPolicy struct {
	MaxRetries  IntFigure      `yaml:"maxRetries" json:"maxRetries"`
	BackoffMin  DurationFigure `yaml:"backoffMin" json:"backoffMin"`
	BackoffMax  DurationFigure `yaml:"backoffMax" json:"backoffMax"`
	MaxEventAge DurationFigure `yaml:"maxEventAge" json:"maxEventAge"`
}

// Hibernation describes idle min instances in light hibernation (idle mode).
type Hibernation struct {
	// WakeUp is the latency added to a request that lands on a hibernated
	// instance.
	WakeUp DistFigure `yaml:"wakeUp" json:"wakeUp"`
	// Enabled says whether idle mode is on by default.
	Enabled BoolFigure `yaml:"enabled" json:"enabled"`
}

// BoolFigure is one yes/no default with its source.
type BoolFigure struct {
	Value  bool   `yaml:"value" json:"value"`
	Source Source `yaml:"source" json:"source"`
}

// TargetTracking is the evaluation period of target-tracking policies.
type TargetTracking struct {
	Interval DurationFigure `yaml:"interval" json:"interval"`
}
