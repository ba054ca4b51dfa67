package rules

import (
	"fmt"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

func init() {
	Register(&Rule{ID: "COST001", Name: "public-trigger-no-ceiling", Severity: finding.Warning,
		Summary: "Anonymous HTTP trigger and no max instances / reserved concurrency: no ceiling on the bill under abuse",
		Check:   checkCOST001})
	Register(&Rule{ID: "COST002", Name: "idle-min-instances", Severity: finding.Info,
		Summary: "Minimum or provisioned instances with no schedule or target tracking to scale them down (monthly idle cost)",
		Check:   checkCOST002})
	Register(&Rule{ID: "COST003", Name: "http-concurrency-one", Severity: finding.Info,
		Summary: "Instance concurrency 1 on a custom runtime or container serving HTTP",
		Check:   checkCOST003})
	Register(&Rule{ID: "COST004", Name: "async-default-timeout", Severity: finding.Info,
		Summary: "Event-driven function left at the 3 s default timeout: timed-out events are retried and billed again",
		Check:   checkCOST004})
}

// anonymousHTTP returns the function's anonymous HTTP triggers that are
// reachable from the internet.
func anonymousHTTP(f *model.Function) []*model.Trigger {
	var out []*model.Trigger
	for _, t := range f.Triggers {
		if t.HTTP == nil || !t.Type.IsKnown() || t.Type.V != model.TriggerHTTP {
			continue
		}
		a, ok := t.HTTP.AuthType.Get()
		if !ok || !strings.EqualFold(a, "anonymous") {
			continue
		}
		if t.HTTP.DisableURLInternet.Or(false) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func checkCOST001(p *model.Project, c *Context) []finding.Finding {
	def := catalogOf(c).Platform.MaxInstances.Value
	var out []finding.Finding
	for _, f := range p.Functions {
		if f.Scaling.MaxInstances.Set {
			continue
		}
		for _, t := range anonymousHTTP(f) {
			out = append(out, newFinding("COST001", finding.Warning, firstValid(t.HTTP.AuthType.Pos, t.Type.Pos, t.Source), f.Key,
				fmt.Sprintf("function %s has an anonymous HTTP trigger and no instance ceiling: anyone with the URL can scale it to the account quota (%d instances per region by default) and every instance-second is billed", funcName(f), def),
				"set a ceiling: fc3 concurrencyConfig.reservedConcurrency, Terraform alicloud_fcv3_concurrency_config.reserved_concurrency; or require authentication (authType function or jwt)"))
			break
		}
	}
	return out
}

// monthSeconds is 30 days, the month the catalog's monthly figures use.
const monthSeconds = 30 * 24 * 3600

// idleMonthlyCost returns the cost of keeping n instances of f alive for a
// month at idle rates, and the currency.
func idleMonthlyCost(f *model.Function, n int, c *Context) (float64, string, string) {
	cg := catalogOf(c)
	memMB := float64(f.MemoryMB.Or(cg.Platform.MemoryMB.Default))
	pr := cg.Prices
	mult := 1.0
	site := "cn"
	if r, ok := f.Region.Get(); ok {
		if reg, err := pr.Region(r); err == nil {
			mult = reg.Multiplier
			site = reg.Site
		}
	}
	if mult == 0 {
		mult = 1
	}
	if f.Generation == model.FC2 {
		gib := memMB / 1024
		cost := float64(n) * gib * monthSeconds * pr.FC2.ProvisionedGiBSecond * mult
		basis := fmt.Sprintf("%d x %.3g GiB x 30 days x %g %s/GiB-s (FC 2.0 provisioned rate)", n, gib, pr.FC2.ProvisionedGiBSecond, pr.FC2.Currency)
		return cost, pr.FC2.Currency, basis
	}
	cur := "CNY"
	if site == "intl" {
		cur = "USD"
	}
	tiers, ok := pr.FC3.PerCU[cur]
	if !ok {
		return 0, "", ""
	}
	fac := pr.FC3.Factors
	gb := memMB / 1024
	vcpu := f.VCPU.Or(gb * cg.Platform.VCPUPerGB.Value)
	cpuRate := fac.IdleVCPUSecond
	cpuNote := "idle vCPU"
	if f.Scaling.AlwaysAllocateCPU.Or(!cg.Platform.Hibernation.Enabled.Value) {
		cpuRate = fac.ActiveVCPUSecond
		cpuNote = "vCPU always allocated"
	}
	cuPerInstance := monthSeconds * (gb*fac.IdleMemoryGBSecond + vcpu*cpuRate)
	cost := tiers.Cost(float64(n)*cuPerInstance) * mult
	basis := fmt.Sprintf("%d x %.0f CU (%.3g GB x %g CU/GB-s + %.3g vCPU x %g CU/vCPU-s, %s, 30 days) at the first-tier CU price", n, cuPerInstance, gb, fac.IdleMemoryGBSecond, vcpu, cpuRate, cpuNote)
	if f.GPU != nil {
		basis += "; GPU idle time comes on top and is not in the catalog"
	}
	return cost, cur, basis
}

func checkCOST002(p *model.Project, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, f := range p.Functions {
		s := f.Scaling
		if len(s.ScheduledPolicies) > 0 || len(s.TargetTrackingPolicies) > 0 {
			continue
		}
		v := s.MinInstances
		what := "minimum instances"
		if n, ok := v.Get(); !ok || n <= 0 {
			v = s.ProvisionedTarget
			what = "provisioned instances"
		}
		n, ok := v.Get()
		if !ok || n <= 0 {
			continue
		}
		if n == 1 {
			what = strings.TrimSuffix(what, "s")
		}
		cost, cur, basis := idleMonthlyCost(f, n, c)
		costText := ""
		if cur != "" {
			costText = fmt.Sprintf(": kept idle, that costs about %.2f %s a month (%s)", cost, cur, basis)
		}
		out = append(out, newFinding("COST002", finding.Info, firstValid(v.Pos, f.Source), f.Key,
			fmt.Sprintf("function %s keeps %d %s all day with no scheduled or target-tracking policy to lower them%s", funcName(f), n, what, costText),
			"add a scheduled policy that lowers the floor outside busy hours, or a target-tracking policy (fc3 scalingConfig.scheduledPolicies / horizontalScalingPolicies; Terraform scheduled_actions / target_tracking_policies)"))
	}
	return out
}

// customRuntime reports whether the runtime serves HTTP itself (custom
// runtime or custom container), where instance concurrency applies.
func customRuntime(f *model.Function) bool {
	r, ok := f.Runtime.Get()
	if !ok {
		// Unset or unknown runtime: a container configuration decides.
		return f.Container != nil && !f.Runtime.IsUnknown()
	}
	return strings.HasPrefix(strings.ToLower(r), "custom")
}

func checkCOST003(p *model.Project, c *Context) []finding.Finding {
	def := catalogOf(c).Platform.InstanceConcurrency.Default
	var out []finding.Finding
	for _, f := range p.Functions {
		if !customRuntime(f) || f.InstanceConcurrency.IsUnknown() {
			continue
		}
		if f.InstanceConcurrency.Or(def) != 1 {
			continue
		}
		var http *model.Trigger
		for _, t := range f.Triggers {
			if t.Type.IsKnown() && t.Type.V == model.TriggerHTTP {
				http = t
				break
			}
		}
		if http == nil {
			continue
		}
		how := "is 1"
		pos := f.InstanceConcurrency.Pos
		if !f.InstanceConcurrency.Set {
			how = fmt.Sprintf("is not set (default %d)", def)
			pos = firstValid(f.Runtime.Pos, f.Source)
		}
		out = append(out, newFinding("COST003", finding.Info, pos, f.Key,
			fmt.Sprintf("function %s runs an HTTP server (%s) and its instance concurrency %s: each instance serves one request at a time, so concurrent requests start more instances (more cold starts) and bill overlapping requests separately", funcName(f), f.Runtime.Text(), how),
			"if the server handles concurrent requests, set instanceConcurrency (e.g. 10-20) and size memory for it"))
	}
	return out
}

func checkCOST004(p *model.Project, c *Context) []finding.Finding {
	cg := catalogOf(c)
	def := cg.Platform.TimeoutSeconds.Default
	retries := cg.Platform.Async.MaxRetries.Value
	var out []finding.Finding
	for _, f := range p.Functions {
		if f.TimeoutSeconds.Set {
			continue
		}
		var first *model.Trigger
		for _, t := range f.Triggers {
			if t.Type.IsKnown() && (t.IsAsync() || t.Type.V == model.TriggerTablestore) && t.Type.V != model.TriggerTimer {
				first = t
				break
			}
		}
		if first == nil {
			continue
		}
		out = append(out, newFinding("COST004", finding.Info, firstValid(f.Name.Pos, f.Source), f.Key,
			fmt.Sprintf("function %s is invoked by %s events and its timeout is not set, so the %d s default applies: an event that takes longer is cut off and retried (%d retries by default), each attempt billed", funcName(f), triggerTypeName(first), def, retries),
			"set timeout to the longest processing time you expect plus a margin"))
	}
	return out
}
