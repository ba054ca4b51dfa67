package fc

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
)

func TestParseDurationCPUModel(t *testing.T) {
	for _, tc := range []struct {
		spec string
		vcpu float64
		want time.Duration
	}{
		{"cpu:io=50ms,cpu=150ms@1vcpu", 1, 200 * time.Millisecond},
		{"cpu:io=50ms,cpu=150ms@1vcpu", 0.5, 350 * time.Millisecond},
		{"cpu:io=50ms,cpu=150ms@2vcpu", 1, 350 * time.Millisecond},
		{"cpu:cpu=100ms", 4, 25 * time.Millisecond},
		{"fixed:200ms", 0.1, 200 * time.Millisecond},
	} {
		d, err := ParseDuration(tc.spec, tc.vcpu)
		if err != nil {
			t.Errorf("%s: %v", tc.spec, err)
			continue
		}
		if got := d.Mean(); got != tc.want {
			t.Errorf("%s at %g vCPU: %s, want %s", tc.spec, tc.vcpu, got, tc.want)
		}
	}
	for _, tc := range []struct{ spec, want string }{
		{"cpu:io=50ms", "needs cpu="},
		{"cpu:io=50ms,cpu=1s@0vcpu", "positive vCPU"},
		{"cpu:io=x,cpu=1s", "io="},
		{"cpu:disk=1s,cpu=1s", `unknown key "disk"`},
		{"cpu:cpu", "expected key=value"},
	} {
		if _, err := ParseDuration(tc.spec, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseDuration(%q) = %v, want %q", tc.spec, err, tc.want)
		}
	}
	if _, err := ParseDuration("cpu:cpu=1s", 0); err == nil {
		t.Error("an unknown vCPU was accepted")
	}
}

func TestSetKeys(t *testing.T) {
	cat := catalog.Default()
	cfg, _ := DefaultConfig(cat, "go1", "")
	for _, kv := range [][2]string{
		{"memory-size", "2048"}, {"instance_concurrency", "10"}, {"timeout", "60"}, {"keepAlive", "never"},
		{"routing", "spread"}, {"coldStart", "fixed:0"}, {"vpc", "true"}, {"minInstances", "2"},
		{"initializer", "lognormal:p50=300ms,p99=1s"}, {"runtime", "java17"}, {"duration", "cpu:io=0,cpu=1s"},
	} {
		if err := cfg.Set(cat, kv[0], kv[1]); err != nil {
			t.Fatalf("Set(%s=%s): %v", kv[0], kv[1], err)
		}
	}
	if cfg.MemoryMB != 2048 || cfg.VCPU != cat.Platform.DefaultVCPU(2048) || math.Abs(cfg.VCPU-1.4) > 1e-12 || cfg.Concurrency != 10 || cfg.Timeout != time.Minute ||
		cfg.KeepAlive != NoReclaim || cfg.Routing != Spread || cfg.ColdStart.Override == nil || !cfg.ColdStart.VPC ||
		cfg.MinInstances != 2 || cfg.ColdStart.RuntimeFamily != "java" || math.Abs(float64(cfg.Duration.Mean())-float64(time.Second)/1.4) > 1 {
		t.Errorf("config after Set: %+v", cfg)
	}
	// An explicit cpu no longer follows memory.
	_ = cfg.Set(cat, "cpu", "0.25")
	_ = cfg.Set(cat, "memory", "4096")
	if cfg.VCPU != 0.25 {
		t.Errorf("explicit cpu moved with memory: %g", cfg.VCPU)
	}
	for _, kv := range [][2]string{{"memroy", "1"}, {"memory", "big"}, {"vpc", "maybe"}, {"keepAlive", "soon"}, {"coldStart", "x:y"}} {
		if err := cfg.Set(cat, kv[0], kv[1]); err == nil {
			t.Errorf("Set(%s=%s) accepted", kv[0], kv[1])
		}
	}
}

func TestScheduleActions(t *testing.T) {
	epoch := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	acts, err := ScheduleActions([]Schedule{
		{Name: "up", Expression: "cron(0 0 8 * * MON-FRI)", Target: 5},
		{Name: "down", Expression: "cron(0 0 20 * * *)", Target: 1},
		{Name: "once", Expression: "at(2026-01-06T12:30:00Z)", Target: 9},
		{Name: "bounded", Expression: "cron(0 */30 * * * *)", Target: 2, Start: epoch.Add(time.Hour), End: epoch.Add(2 * time.Hour)},
	}, epoch, 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, a := range acts {
		count[a.Name]++
	}
	if count["up"] != 5 || count["down"] != 7 || count["once"] != 1 || count["bounded"] != 2 {
		t.Errorf("firings %v, want up 5, down 7, once 1, bounded 2", count)
	}
	for i := 1; i < len(acts); i++ {
		if acts[i].At < acts[i-1].At {
			t.Fatal("actions not in time order")
		}
	}
	if acts[0].Name != "bounded" || acts[0].At != time.Hour {
		t.Errorf("first action %+v", acts[0])
	}
	for _, bad := range []string{"cron(0 0 25 * * *)", "cron(* *)", "rate(5 minutes)", "cron(0 0 8 * * XYZ)", "at(tomorrow)", "cron(0 0 9-8 * * *)", "cron(0 */0 * * * *)"} {
		if _, err := ScheduleActions([]Schedule{{Name: "x", Expression: bad}}, epoch, time.Hour); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func FuzzScheduleExpression(f *testing.F) {
	for _, s := range []string{"cron(0 0 8 * * *)", "cron(*/5 * * * *)", "at(2026-01-05T01:00:00Z)", "cron(0 0 8 ? * MON-FRI)", "cron(1,2,3 4-5/2 * * * 7)"} {
		f.Add(s)
	}
	epoch := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		acts, err := ScheduleActions([]Schedule{{Name: "f", Expression: expr, Target: 1}}, epoch, 2*time.Hour)
		if err != nil {
			return
		}
		for _, a := range acts {
			if a.At < 0 || a.At >= 2*time.Hour {
				t.Fatalf("%q fired at %s, outside the horizon", expr, a.At)
			}
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"cpu:io=50ms,cpu=150ms@1vcpu", "fixed:1s", "cpu:cpu=1s@0.5vcpu", "cpu:", "lognormal:p50=1ms,p99=1s"} {
		f.Add(s, 0.5)
	}
	f.Fuzz(func(t *testing.T, spec string, vcpu float64) {
		d, err := ParseDuration(spec, vcpu)
		if err != nil {
			return
		}
		if d.Mean() < 0 {
			t.Fatalf("%q at %g vCPU: negative mean %s", spec, vcpu, d.Mean())
		}
	})
}

func TestConfigFromFunction(t *testing.T) {
	cat := catalog.Default()
	pos := model.Pos{File: "s.yaml", Line: 3}
	f := &model.Function{
		Key:                 "s.yaml#api",
		Name:                model.Known("api", pos),
		Runtime:             model.Known("nodejs18", pos),
		MemoryMB:            model.Known(1536, pos),
		TimeoutSeconds:      model.Known(30, pos),
		InstanceConcurrency: model.UnknownValue[int]("${env('C')}", pos),
		VPC:                 &model.VPCConfig{VPCID: model.Known("vpc-1", pos)},
		Initializer:         &model.Hook{Handler: model.Known("index.init", pos)},
		Async:               &model.Async{MaxRetries: model.Known(1, pos), MaxEventAgeSeconds: model.Known(600, pos)},
		Scaling: model.Scaling{
			MinInstances: model.Known(2, pos),
			MaxInstances: model.Known(40, pos),
			ScheduledPolicies: []model.ScheduledPolicy{
				{Name: model.Known("am", pos), ScheduleExpression: model.Known("cron(0 0 8 * * *)", pos), Target: model.Known(6, pos)},
				{Name: model.Known("bad", pos), ScheduleExpression: model.UnknownValue[string]("${vars.x}", pos), Target: model.Known(1, pos)},
			},
			TargetTrackingPolicies: []model.TargetTrackingPolicy{
				{Name: model.Known("tt", pos), MetricType: model.Known("ProvisionedConcurrencyUtilization", pos), MetricTarget: model.Known(60.0, pos), MinInstances: model.Known(1, pos), MaxInstances: model.Known(10, pos)},
			},
			AlwaysAllocateCPU: model.Known(true, pos),
		},
		Triggers: []*model.Trigger{{Type: model.Known(model.TriggerOSS, pos)}},
	}
	epoch := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	cfg, notes, err := ConfigFromFunction(cat, f, "cn-shanghai", epoch, 48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MemoryMB != 1536 || math.Abs(cfg.VCPU-1.05) > 1e-12 || cfg.Timeout != 30*time.Second || cfg.Concurrency != 1 ||
		cfg.MinInstances != 2 || cfg.MaxInstances != 40 || !cfg.ColdStart.VPC || cfg.ColdStart.RuntimeFamily != "nodejs" ||
		cfg.Async.MaxRetries != 1 || cfg.Async.MaxEventAge != 10*time.Minute || cfg.Hibernation || cfg.ScaleOutBurst != 300 {
		t.Errorf("config %+v", cfg)
	}
	if len(cfg.Scheduled) != 2 || cfg.Scheduled[0].At != 8*time.Hour || len(cfg.Tracking) != 1 || cfg.Tracking[0].Target != 0.6 {
		t.Errorf("policies: scheduled %+v tracking %+v", cfg.Scheduled, cfg.Tracking)
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{"instanceConcurrency is not known statically (${env('C')})", "initializer", "scheduled policy bad", "ProvisionedConcurrencyUtilization"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes do not mention %q:\n%s", want, joined)
		}
	}
	if !AsyncByTriggers(f) {
		t.Error("an OSS-triggered function is not async")
	}
	if err := cfg.Validate(); err != nil {
		t.Error(err)
	}
}

func FuzzSet(f *testing.F) {
	for _, kv := range [][2]string{{"memory", "1024"}, {"keepAlive", "never"}, {"coldStart", "lognormal:p50=1s,p99=2s"}, {"duration", "cpu:io=1ms,cpu=2ms@2vcpu"}, {"timeout", "0"}, {"routing", "x"}} {
		f.Add(kv[0], kv[1])
	}
	cat := catalog.Default()
	f.Fuzz(func(t *testing.T, key, value string) {
		cfg, err := DefaultConfig(cat, "go1", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Set(cat, key, value); err != nil {
			return
		}
		if cfg.Validate() != nil {
			return
		}
		// Any accepted, valid setting must give a config the scheduler runs.
		s, err := New(cfg)
		if err != nil {
			t.Fatalf("%s=%s: New: %v", key, value, err)
		}
		src := list{{At: 0, Duration: time.Millisecond}, {At: time.Second}}
		res, err := s.Run(&src)
		if err != nil {
			t.Fatalf("%s=%s: Run: %v", key, value, err)
		}
		// No accepted value may make a figure negative or non-finite.
		if bad := badFigure(reflect.ValueOf(res), "Result"); bad != "" {
			t.Fatalf("%s=%s: %s", key, value, bad)
		}
	})
}

// badFigure returns the first numeric field of v (walking structs and
// pointers) that is negative, NaN or infinite, or "".
func badFigure(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return badFigure(v.Elem(), path)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if bad := badFigure(v.Field(i), path+"."+v.Type().Field(i).Name); bad != "" {
				return bad
			}
		}
	case reflect.Float64, reflect.Float32:
		if f := v.Float(); f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprintf("%s = %g", path, f)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Int() < 0 {
			return fmt.Sprintf("%s = %d", path, v.Int())
		}
	}
	return ""
}
