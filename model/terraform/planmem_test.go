package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/safefile"
)

// bigPlan returns the tf-plan fixture with its resources copied (renamed
// name_N) until the JSON is at least size bytes.
func bigPlan(tb testing.TB, size int) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(projects, "tf-plan", "plan.json"))
	if err != nil {
		tb.Skipf("plan fixture: %v", err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		tb.Fatal(err)
	}
	planned := plan["planned_values"].(map[string]any)["root_module"].(map[string]any)
	config := plan["configuration"].(map[string]any)["root_module"].(map[string]any)
	baseRes := planned["resources"].([]any)
	baseChanges := plan["resource_changes"].([]any)
	baseConfig := config["resources"].([]any)
	rename := func(list []any, i int) []any {
		var out []any
		for _, r := range list {
			b, _ := json.Marshal(r)
			var c map[string]any
			_ = json.Unmarshal(b, &c)
			suffix := fmt.Sprintf("_%d", i)
			if n, ok := c["name"].(string); ok {
				c["name"] = n + suffix
			}
			if a, ok := c["address"].(string); ok {
				c["address"] = a + suffix
			}
			out = append(out, c)
		}
		return out
	}
	per := len(data)
	copies := size/per + 1
	res, changes, cfg := []any{}, []any{}, []any{}
	for i := 0; i < copies; i++ {
		res = append(res, rename(baseRes, i)...)
		changes = append(changes, rename(baseChanges, i)...)
		cfg = append(cfg, rename(baseConfig, i)...)
	}
	planned["resources"], plan["resource_changes"], config["resources"] = res, changes, cfg
	out, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// peakHeap runs f while sampling the live heap and returns the highest
// sample above the heap before f.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if v := read(); v > peak.Load() {
		peak.Store(v)
	}
	if peak.Load() < base {
		return 0
	}
	return peak.Load() - base
}

// BenchmarkLoadPlanMemory loads generated plans of about 10 and 50 MB and
// reports the peak live heap and the bytes allocated per byte of input.
func BenchmarkLoadPlanMemory(b *testing.B) {
	for _, mb := range []int{10, 50} {
		data := bigPlan(b, mb<<20)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			var peak uint64
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for i := 0; i < b.N; i++ {
				var p any
				peak = max(peak, peakHeap(func() {
					pr := LoadPlan("plan.json", data)
					if len(pr.Functions) == 0 || pr.HasErrors() {
						b.Fatalf("functions %d, diagnostics %v", len(pr.Functions), pr.Diagnostics[:min(3, len(pr.Diagnostics))])
					}
					p = pr
				}))
				runtime.KeepAlive(p)
			}
			runtime.ReadMemStats(&after)
			in := float64(len(data))
			b.ReportMetric(in/(1<<20), "input-MB")
			b.ReportMetric(float64(peak)/in, "peak-heap-bytes/input-byte")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/in, "alloc-bytes/input-byte")
		})
	}
}

// TestLoadPlanHostile checks the plan loader on input that used to cost
// unbounded memory or time, or could overflow the stack.
func TestLoadPlanHostile(t *testing.T) {
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	resource := func(values string) string {
		return `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"alicloud_fcv3_function.f","mode":"managed","type":"alicloud_fcv3_function","name":"f","values":` + values + `}]}}}`
	}
	tests := []struct {
		name, data, diag string
		line             int
	}{
		{"100k nested arrays", deep, "JSON nested deeper than 512 levels", 1},
		{"deep nesting inside a plan", resource(`{"function_name":"f","tags":` + deep + `}`), "JSON nested deeper than 512 levels", 1},
		{"huge number", resource(`{"function_name":"f","memory_size":1e600000000}`), "number about 1e+600000000 is out of range", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan *model.Project, 1)
			go func() { done <- LoadPlan("plan.json", []byte(tt.data)) }()
			var p *model.Project
			select {
			case p = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("LoadPlan did not return within 20 s")
			}
			noInternalErrors(t, p)
			if isPlan := IsPlan([]byte(tt.data)); isPlan != strings.HasPrefix(tt.data, "{") {
				t.Errorf("IsPlan = %v: a hostile plan must reach LoadPlan (and its error), a bare array must not", isPlan)
			}
			if d := diagAt(p, tt.line, tt.diag); d == nil {
				t.Errorf("no diagnostic %q at line %d: %v", tt.diag, tt.line, p.Diagnostics)
			}
		})
	}
}

// LoadPlan refuses data over the plan cap even when the caller read it.
func TestLoadPlanCap(t *testing.T) {
	old := safefile.Limit(safefile.Plan)
	t.Cleanup(func() { _ = safefile.SetLimit(safefile.Plan, old) })
	if err := safefile.SetLimit(safefile.Plan, 1000); err != nil {
		t.Fatal(err)
	}
	data := bigPlan(t, 2000)
	p := LoadPlan("plan.json", data)
	if len(p.Functions) != 0 || len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != model.DiagError ||
		!strings.Contains(p.Diagnostics[0].Message, "over the 1000 bytes limit for plan files (raise it with --max-input plan=SIZE)") {
		t.Errorf("over the cap: %d functions, %v", len(p.Functions), p.Diagnostics)
	}
}
