package fc

import (
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model/catalog"
)

// An explicit minInstances wins over the configuration's scaling policies:
// they would replace (scheduled) or raise (target tracking) the floor as
// soon as they act, and the setting would change nothing.
func TestSetMinInstancesOverridesPolicies(t *testing.T) {
	cat := catalog.Default()
	withPolicies := func() Config {
		c := bareConfig()
		c.MinInstances = 1
		c.Scheduled = []FloorAction{{At: time.Hour, Min: 5, Name: "day"}, {At: 25 * time.Hour, Min: 5, Name: "day"}}
		c.Tracking = []Tracking{{Name: "cpu", Target: 0.6, Min: 2, Max: 20}}
		return c
	}
	for _, key := range []string{"minInstances", "provisioned", "min-instances"} {
		c := withPolicies()
		if err := c.Set(cat, key, "0"); err != nil {
			t.Fatal(err)
		}
		if c.MinInstances != 0 || c.Scheduled != nil || c.Tracking != nil {
			t.Errorf("%s=0: min %d, %d scheduled, %d tracking; want 0 and no policies", key, c.MinInstances, len(c.Scheduled), len(c.Tracking))
		}
		if !strings.Contains(c.FloorOverride, "minInstances 0 all the time") || !strings.Contains(c.FloorOverride, "scheduled day, target-tracking cpu") {
			t.Errorf("%s: FloorOverride = %q", key, c.FloorOverride)
		}
	}
	// Without policies nothing is overridden.
	c := bareConfig()
	if err := c.Set(cat, "minInstances", "2"); err != nil || c.FloorOverride != "" || c.MinInstances != 2 {
		t.Errorf("no policies: min %d, override %q, %v", c.MinInstances, c.FloorOverride, err)
	}
	// The run follows the override: with the policies the floor is 5 after
	// an hour (min instances idle all day); overridden to 0, none stay.
	src := func() Source { l := list{{At: 2 * time.Hour}}; return &l }
	policy := withPolicies()
	policy.Window = 3 * time.Hour
	over := policy
	if err := over.Set(cat, "minInstances", "0"); err != nil {
		t.Fatal(err)
	}
	rp, ro := run(t, policy, src()), run(t, over, src())
	if rp.IdleProvisioned < 3600*5 || ro.IdleProvisioned != 0 {
		t.Errorf("idle min-instance seconds: policies %g (want >= 5 x 1 h), override %g (want 0)", rp.IdleProvisioned, ro.IdleProvisioned)
	}
}
