package fc

import (
	"fmt"
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
	"cpu":        setVCPU,
	"vcpu":       setVCPU,
	"disk":       func(c *Config, _ *catalog.Catalog, v string) error { return diskRange.setInt(&c.DiskMB, v) },
	"diskmb":     func(c *Config, _ *catalog.Catalog, v string) error { return diskRange.setInt(&c.DiskMB, v) },
	"disksize":   func(c *Config, _ *catalog.Catalog, v string) error { return diskRange.setInt(&c.DiskMB, v) },
	"runtime":    func(c *Config, cat *catalog.Catalog, v string) error { return c.SetRuntime(cat, v) },
	"concurrency": func(c *Config, cat *catalog.Catalog, v string) error {
		return concurrencyRange(cat).setInt(&c.Concurrency, v)
	},
	"instanceconcurrency": func(c *Config, cat *catalog.Catalog, v string) error {
		return concurrencyRange(cat).setInt(&c.Concurrency, v)
	},
	"timeout":      setTimeout,
	"mininstances": setMinInstances,
	"provisioned":  setMinInstances,
	"maxinstances": func(c *Config, _ *catalog.Catalog, v string) error {
		return maxInstancesRange.setInt(&c.MaxInstances, v)
	},
	"keepalive":      func(c *Config, _ *catalog.Catalog, v string) error { return SetKeepAlive(c, v) },
	"delayedrelease": func(c *Config, _ *catalog.Catalog, v string) error { return idleRange.setDelay(&c.DelayedRelease, v) },
	"egresskb":       func(c *Config, _ *catalog.Catalog, v string) error { return egressRange.setFloat(&c.EgressKB, v) },
	"routing": func(c *Config, _ *catalog.Catalog, v string) error {
		r, err := ParseRouting(v)
		c.Routing = r
		return err
	},
	"maxqueued": func(c *Config, _ *catalog.Catalog, v string) error {
		return maxQueuedRange.setInt(&c.Async.MaxQueued, v)
	},
	"scaleoutburst": func(c *Config, _ *catalog.Catalog, v string) error { return scaleOutRange.setInt(&c.ScaleOutBurst, v) },
	"scaleoutperminute": func(c *Config, _ *catalog.Catalog, v string) error {
		return scaleOutRange.setInt(&c.ScaleOutPerMinute, v)
	},
	"coldstart": func(c *Config, _ *catalog.Catalog, v string) error {
		var d engine.Dist
		if err := stageRange.setDist(&d, v); err != nil {
			return err
		}
		c.ColdStart.Override = &d
		return nil
	},
	"sandbox": func(c *Config, _ *catalog.Catalog, v string) error {
		return stageRange.setDist(&c.ColdStart.Sandbox, v)
	},
	"runtimestart": func(c *Config, _ *catalog.Catalog, v string) error {
		return stageRange.setDist(&c.ColdStart.Runtime, v)
	},
	"codesizemb": func(c *Config, _ *catalog.Catalog, v string) error {
		return codeSizeRange.setFloat(&c.ColdStart.CodeSizeMB, v)
	},
	"codefetchmbps": func(c *Config, _ *catalog.Catalog, v string) error {
		return codeFetchRange.setFloat(&c.ColdStart.CodeFetchMBps, v)
	},
	"vpc":    func(c *Config, _ *catalog.Catalog, v string) error { return setBool(&c.ColdStart.VPC, v) },
	"vpceni": func(c *Config, _ *catalog.Catalog, v string) error { return stageRange.setDist(&c.ColdStart.VPCENI, v) },
	"initializer": func(c *Config, _ *catalog.Catalog, v string) error {
		return stageRange.setDist(&c.ColdStart.Initializer, v)
	},
	"warmoverhead": func(c *Config, _ *catalog.Catalog, v string) error { return stageRange.setDist(&c.WarmOverhead, v) },
	"duration": func(c *Config, _ *catalog.Catalog, v string) error {
		d, err := ParseDuration(v, c.VCPU)
		if err != nil {
			return err
		}
		if err := executionRange.checkDist(d); err != nil {
			return err
		}
		c.Duration = d
		return nil
	},
	"asyncmaxretries": func(c *Config, _ *catalog.Catalog, v string) error {
		return retriesRange.setInt(&c.Async.MaxRetries, v)
	},
	"asyncmaxeventage": func(c *Config, _ *catalog.Catalog, v string) error {
		return eventAgeRange.setDelay(&c.Async.MaxEventAge, v)
	},
	"asyncbackoffmin": func(c *Config, _ *catalog.Catalog, v string) error {
		return backoffRange.setDelay(&c.Async.BackoffMin, v)
	},
	"asyncbackoffmax": func(c *Config, _ *catalog.Catalog, v string) error {
		return backoffRange.setDelay(&c.Async.BackoffMax, v)
	},
	"hibernation":       func(c *Config, _ *catalog.Catalog, v string) error { return setBool(&c.Hibernation, v) },
	"hibernationwakeup": func(c *Config, _ *catalog.Catalog, v string) error { return stageRange.setDist(&c.WakeUp, v) },
	"trackinterval":     func(c *Config, _ *catalog.Catalog, v string) error { return trackRange.setDelay(&c.TrackInterval, v) },
	"poolsize":          func(c *Config, _ *catalog.Catalog, v string) error { return poolRange.setInt(&c.PoolSize, v) },
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
		return &SetError{Key: strings.TrimSpace(key), Value: strings.TrimSpace(value), Err: err}
	}
	return nil
}

// SetError is a value Set refused: "key=value: what was expected".
type SetError struct {
	Key, Value string
	Err        error // what was expected, and the range's source
}

func (e *SetError) Error() string { return e.Key + "=" + e.Value + ": " + e.Err.Error() }

// Unwrap returns what was expected.
func (e *SetError) Unwrap() error { return e.Err }

// SetKeepAlive parses a keep-alive: a duration up to a day (idleRange), or
// "never" for no reclaim.
func SetKeepAlive(c *Config, v string) error {
	if v == "never" || v == "inf" {
		c.KeepAlive = NoReclaim
		return nil
	}
	return keepAliveRange.setDelay(&c.KeepAlive, v)
}

func setMemory(c *Config, cat *catalog.Catalog, v string) error {
	old := c.MemoryMB
	if err := memoryRange(cat).setInt(&c.MemoryMB, v); err != nil {
		return err
	}
	// Keep the vCPU in proportion when it followed the old memory size.
	if old > 0 && c.VCPU == cat.Platform.DefaultVCPU(old) {
		c.VCPU = cat.Platform.DefaultVCPU(c.MemoryMB)
	}
	return nil
}

func setVCPU(c *Config, cat *catalog.Catalog, v string) error {
	return vcpuRange(cat).setFloat(&c.VCPU, v)
}

// setMinInstances sets the floor explicitly. An explicit minimum wins over
// the configuration's scaling policies: they are dropped (they would
// otherwise replace or raise the floor as soon as they act, and the setting
// would change nothing), and FloorOverride says so.
func setMinInstances(c *Config, _ *catalog.Catalog, v string) error {
	if err := minInstancesRange.setInt(&c.MinInstances, v); err != nil {
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

// setTimeout takes whole seconds or a duration, within the catalog's
// platform.timeoutSeconds.
func setTimeout(c *Config, cat *catalog.Catalog, v string) error {
	r := timeoutRange(cat)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if float64(n) < r.min || float64(n) > r.max {
			return r.refuseDelay()
		}
		c.Timeout = time.Duration(n) * time.Second
		return nil
	}
	return r.setDelay(&c.Timeout, v)
}

func setBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("expected true or false")
	}
	*dst = b
	return nil
}
