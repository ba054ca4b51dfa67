package fc

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/simulator/engine"
)

// setKeys maps each --set key (normalised: lower case, no '-', '_' or '.')
// to its setter. Keys name the platform setting (memorySize, cpu, timeout,
// instanceConcurrency, minInstances...) or the model knob (keepAlive,
// routing, coldStart...).
var setKeys = map[string]func(c *Config, cat *catalog.Catalog, v string) error{
	"memory":     setMemory,
	"memorymb":   setMemory,
	"memorysize": setMemory,
	"cpu": func(c *Config, _ *catalog.Catalog, v string) error {
		return setFloat(&c.VCPU, v, "a vCPU count such as 0.5")
	},
	"vcpu": func(c *Config, _ *catalog.Catalog, v string) error {
		return setFloat(&c.VCPU, v, "a vCPU count such as 0.5")
	},
	"disk":                func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.DiskMB, v) },
	"diskmb":              func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.DiskMB, v) },
	"disksize":            func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.DiskMB, v) },
	"runtime":             func(c *Config, cat *catalog.Catalog, v string) error { return c.SetRuntime(cat, v) },
	"concurrency":         func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.Concurrency, v) },
	"instanceconcurrency": func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.Concurrency, v) },
	"timeout":             setTimeout,
	"mininstances":        setMinInstances,
	"provisioned":         setMinInstances,
	"maxinstances":        func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.MaxInstances, v) },
	"keepalive":           func(c *Config, _ *catalog.Catalog, v string) error { return SetKeepAlive(c, v) },
	"delayedrelease":      func(c *Config, _ *catalog.Catalog, v string) error { return setDelay(&c.DelayedRelease, v) },
	"egresskb": func(c *Config, _ *catalog.Catalog, v string) error {
		return setFloat(&c.EgressKB, v, "outbound KB per request such as 20")
	},
	"routing": func(c *Config, _ *catalog.Catalog, v string) error {
		r, err := ParseRouting(v)
		c.Routing = r
		return err
	},
	"maxqueued": func(c *Config, _ *catalog.Catalog, v string) error {
		if err := setInt(&c.Async.MaxQueued, v); err != nil {
			return err
		}
		if c.Async.MaxQueued < 1 {
			return fmt.Errorf("maxQueued %d: expected a positive number of events", c.Async.MaxQueued)
		}
		return nil
	},
	"scaleoutburst":     func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.ScaleOutBurst, v) },
	"scaleoutperminute": func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.ScaleOutPerMinute, v) },
	"coldstart": func(c *Config, _ *catalog.Catalog, v string) error {
		d, err := engine.ParseDist(v)
		if err == nil {
			c.ColdStart.Override = &d
		}
		return err
	},
	"sandbox":      func(c *Config, _ *catalog.Catalog, v string) error { return setDist(&c.ColdStart.Sandbox, v) },
	"runtimestart": func(c *Config, _ *catalog.Catalog, v string) error { return setDist(&c.ColdStart.Runtime, v) },
	"codesizemb": func(c *Config, _ *catalog.Catalog, v string) error {
		return setFloat(&c.ColdStart.CodeSizeMB, v, "a size in MB")
	},
	"codefetchmbps": func(c *Config, _ *catalog.Catalog, v string) error {
		return setFloat(&c.ColdStart.CodeFetchMBps, v, "MB per second")
	},
	"vpc":          func(c *Config, _ *catalog.Catalog, v string) error { return setBool(&c.ColdStart.VPC, v) },
	"vpceni":       func(c *Config, _ *catalog.Catalog, v string) error { return setDist(&c.ColdStart.VPCENI, v) },
	"initializer":  func(c *Config, _ *catalog.Catalog, v string) error { return setDist(&c.ColdStart.Initializer, v) },
	"warmoverhead": func(c *Config, _ *catalog.Catalog, v string) error { return setDist(&c.WarmOverhead, v) },
	"duration": func(c *Config, _ *catalog.Catalog, v string) error {
		d, err := ParseDuration(v, c.VCPU)
		if err == nil {
			c.Duration = d
		}
		return err
	},
	"asyncmaxretries":   func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.Async.MaxRetries, v) },
	"asyncmaxeventage":  func(c *Config, _ *catalog.Catalog, v string) error { return setDelay(&c.Async.MaxEventAge, v) },
	"asyncbackoffmin":   func(c *Config, _ *catalog.Catalog, v string) error { return setDelay(&c.Async.BackoffMin, v) },
	"asyncbackoffmax":   func(c *Config, _ *catalog.Catalog, v string) error { return setDelay(&c.Async.BackoffMax, v) },
	"hibernation":       func(c *Config, _ *catalog.Catalog, v string) error { return setBool(&c.Hibernation, v) },
	"hibernationwakeup": func(c *Config, _ *catalog.Catalog, v string) error { return setDist(&c.WakeUp, v) },
	"trackinterval":     func(c *Config, _ *catalog.Catalog, v string) error { return setDelay(&c.TrackInterval, v) },
	"poolsize":          func(c *Config, _ *catalog.Catalog, v string) error { return setInt(&c.PoolSize, v) },
	"cpusharing":        func(c *Config, _ *catalog.Catalog, v string) error { return setBool(&c.CPUSharing, v) },
}

// SetKeys returns the keys Set accepts, sorted.
func SetKeys() []string {
	out := make([]string, 0, len(setKeys))
	for k := range setKeys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Set changes one setting by name (see SetKeys; case, '-', '_' and '.' are
// ignored). Setting memory also moves the vCPU when the vCPU follows memory.
func (c *Config) Set(cat *catalog.Catalog, key, value string) error {
	norm := strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(strings.TrimSpace(key)))
	f, ok := setKeys[norm]
	if !ok {
		return fmt.Errorf("unknown setting %q (known: %s)", key, strings.Join(SetKeys(), ", "))
	}
	if err := f(c, cat, strings.TrimSpace(value)); err != nil {
		return fmt.Errorf("setting %s=%s: %w", key, value, err)
	}
	return nil
}

// SetKeepAlive parses a keep-alive: a duration, or "never" for no reclaim.
func SetKeepAlive(c *Config, v string) error {
	if v == "never" || v == "inf" {
		c.KeepAlive = NoReclaim
		return nil
	}
	return setDelay(&c.KeepAlive, v)
}

func setMemory(c *Config, cat *catalog.Catalog, v string) error {
	old := c.MemoryMB
	if err := setInt(&c.MemoryMB, v); err != nil {
		return err
	}
	// Keep the vCPU in proportion when it followed the old memory size.
	if old > 0 && c.VCPU == cat.Platform.DefaultVCPU(old) {
		c.VCPU = cat.Platform.DefaultVCPU(c.MemoryMB)
	}
	return nil
}

// setMinInstances sets the floor explicitly. An explicit minimum wins over
// the configuration's scaling policies: they are dropped (they would
// otherwise replace or raise the floor as soon as they act, and the setting
// would change nothing), and FloorOverride says so.
func setMinInstances(c *Config, _ *catalog.Catalog, v string) error {
	if err := setInt(&c.MinInstances, v); err != nil {
		return err
	}
	if len(c.Scheduled) == 0 && len(c.Tracking) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var names []string
	for _, a := range c.Scheduled {
		if !seen[a.Name] {
			seen[a.Name] = true
			names = append(names, "scheduled "+a.Name)
		}
	}
	for _, t := range c.Tracking {
		names = append(names, "target-tracking "+t.Name)
	}
	c.FloorOverride = fmt.Sprintf("minInstances %d all the time: the explicit setting replaces the configuration's scaling policies (%s)", c.MinInstances, strings.Join(names, ", "))
	c.Scheduled, c.Tracking = nil, nil
	return nil
}

func setTimeout(c *Config, _ *catalog.Catalog, v string) error {
	if n, err := strconv.Atoi(v); err == nil {
		if n <= 0 {
			return fmt.Errorf("expected a positive number of seconds")
		}
		c.Timeout = time.Duration(n) * time.Second
		return nil
	}
	return setDelay(&c.Timeout, v)
}

func setInt(dst *int, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("expected an integer")
	}
	*dst = n
	return nil
}

func setFloat(dst *float64, v, what string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= 0) || math.IsInf(f, 0) { // NaN and infinities too
		return fmt.Errorf("expected %s (a finite number >= 0)", what)
	}
	*dst = f
	return nil
}

func setBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("expected true or false")
	}
	*dst = b
	return nil
}

func setDelay(dst *time.Duration, v string) error {
	d, err := engine.ParseDelay(v)
	if err != nil {
		return fmt.Errorf("expected a duration such as 10m")
	}
	*dst = d
	return nil
}

func setDist(dst *engine.Dist, v string) error {
	d, err := engine.ParseDist(v)
	if err != nil {
		return err
	}
	*dst = d
	return nil
}
