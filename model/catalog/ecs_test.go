package catalog

import "testing"

// Every knob of the ECS fleet model is set and names its source.
func TestECSFleetDefaultsHaveSources(t *testing.T) {
	f := Default().ECS.Fleet
	figures := map[string]struct {
		ok  bool
		src Source
	}{
		"requestsPerVCPU":   {f.RequestsPerVCPU.Value > 0, f.RequestsPerVCPU.Source},
		"ioConcurrency":     {f.IOConcurrency.Value >= 1, f.IOConcurrency.Source},
		"headroom":          {f.Headroom.Value >= 0, f.Headroom.Source},
		"peakWindow":        {f.PeakWindow.Value > 0, f.PeakWindow.Source},
		"targetUtilization": {f.TargetUtilization.Value > 0 && f.TargetUtilization.Value <= 1, f.TargetUtilization.Source},
		"evalInterval":      {f.EvalInterval.Value > 0, f.EvalInterval.Source},
		"scaleOutLag":       {f.ScaleOutLag.Value > 0, f.ScaleOutLag.Source},
		"scaleInLag":        {f.ScaleInLag.Value > 0, f.ScaleInLag.Source},
		"bootTime":          {f.BootTime.Value >= 0, f.BootTime.Source},
		"cooldown":          {f.Cooldown.Value >= 0, f.Cooldown.Source},
		"queuePerInstance":  {f.QueuePerInstance.Value >= 0, f.QueuePerInstance.Source},
		"minInstances":      {f.MinInstances.Value >= 0, f.MinInstances.Source},
		"maxInstances":      {f.MaxInstances.Value >= f.MinInstances.Value && f.MaxInstances.Value > 0, f.MaxInstances.Source},
	}
	for name, fig := range figures {
		if !fig.ok {
			t.Errorf("ecs.fleet.%s: missing or out of range", name)
		}
		if fig.src.Ref == "" || fig.src.Note == "" {
			t.Errorf("ecs.fleet.%s: no source", name)
		}
	}
}
