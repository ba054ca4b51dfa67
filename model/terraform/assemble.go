package terraform

import (
	"strings"

	"github.com/fcplan/fcplan/model"
)

// assembler turns evaluated resources (nodes) into model objects and joins
// the FC resources that configure a function from the outside (service,
// triggers, async config, provision and concurrency configs) onto their
// function. HCL and plan JSON share it.
type assembler struct {
	p      *model.Project
	format model.Format
	region model.Str

	services []*fcService
	fc2      []*fc2Pending
	pending  []pendingAttach
}

// fcService is an alicloud_fc_service: FC 2.0 functions inherit its role,
// network and log settings.
type fcService struct {
	key  string
	name model.Str
	n    *node
}

type fc2Pending struct {
	f       *model.Function
	service model.Str
}

// pendingAttach is a resource that configures a function by name or
// reference; it is applied once every function is known.
type pendingAttach struct {
	what     string // for messages: "trigger", "async invoke config"...
	key      string
	gen      model.Generation
	function model.Str
	service  model.Str
	apply    func(f *model.Function)
}

func newAssembler(p *model.Project, format model.Format) *assembler {
	return &assembler{p: p, format: format}
}

func (a *assembler) warn(pos model.Pos, format string, args ...any) {
	a.p.Warnf(pos, format, args...)
}

// handledTypes lists the resource types fcplan maps.
var handledTypes = map[string]bool{
	"alicloud_fc_service": true, "alicloud_fc_function": true, "alicloud_fc_trigger": true,
	"alicloud_fc_function_async_invoke_config": true, "alicloud_fc_custom_domain": true,
	"alicloud_fcv3_function": true, "alicloud_fcv3_trigger": true, "alicloud_fcv3_async_invoke_config": true,
	"alicloud_fcv3_provision_config": true, "alicloud_fcv3_concurrency_config": true,
	"alicloud_fcv3_custom_domain": true, "alicloud_fcv3_vpc_binding": true,
	"alicloud_ram_role": true, "alicloud_ram_policy": true, "alicloud_ram_role_policy_attachment": true,
	"alicloud_ram_user_policy_attachment": true, "alicloud_ram_group_policy_attachment": true,
	"alicloud_ram_user": true, "alicloud_ram_access_key": true,
	"alicloud_vpc": true, "alicloud_vswitch": true, "alicloud_nat_gateway": true, "alicloud_snat_entry": true,
	"alicloud_eip_address": true, "alicloud_eip": true, "alicloud_eip_association": true,
	"alicloud_route_entry": true, "alicloud_security_group": true, "alicloud_security_group_rule": true,
}

func (a *assembler) handles(typ string) bool { return handledTypes[typ] }

// Helpers that read one child of n.
func (a *assembler) s(n *node, keys ...string) model.Str { return n.first(keys...).str(a.warn) }
func (a *assembler) i(n *node, keys ...string) model.Int { return n.first(keys...).int(a.warn) }
func (a *assembler) f(n *node, keys ...string) model.Float {
	return n.first(keys...).float(a.warn)
}
func (a *assembler) b(n *node, keys ...string) model.Bool { return n.first(keys...).bool(a.warn) }
func (a *assembler) l(n *node, keys ...string) []model.Str {
	return n.first(keys...).strs(a.warn)
}

// add maps one resource instance.
func (a *assembler) add(typ, key string, n *node, src model.Pos) {
	p := a.p
	switch typ {
	case "alicloud_fcv3_function":
		p.Functions = append(p.Functions, a.fc3Function(key, n, src))
	case "alicloud_fc_service":
		a.services = append(a.services, &fcService{key: key, name: a.s(n, "name"), n: n})
	case "alicloud_fc_function":
		f := a.fc2Function(key, n, src)
		p.Functions = append(p.Functions, f)
		a.fc2 = append(a.fc2, &fc2Pending{f: f, service: a.s(n, "service")})
	case "alicloud_fc_trigger":
		t := a.trigger(key, n, src, "name", "type", "config", "role")
		a.attach("trigger", key, model.FC2, a.s(n, "function"), a.s(n, "service"), func(f *model.Function) {
			f.Triggers = append(f.Triggers, t)
		})
	case "alicloud_fcv3_trigger":
		t := a.trigger(key, n, src, "trigger_name", "trigger_type", "trigger_config", "invocation_role")
		a.attach("trigger", key, model.FC3, a.s(n, "function_name"), model.Str{}, func(f *model.Function) {
			f.Triggers = append(f.Triggers, t)
		})
	case "alicloud_fc_function_async_invoke_config":
		as := a.async(n, src, "maximum_retry_attempts", "maximum_event_age_in_seconds", "stateful_invocation")
		a.attach("async invoke config", key, model.FC2, a.s(n, "function_name"), a.s(n, "service_name"), func(f *model.Function) { f.Async = as })
	case "alicloud_fcv3_async_invoke_config":
		as := a.async(n, src, "max_async_retry_attempts", "max_async_event_age_in_seconds", "async_task")
		a.attach("async invoke config", key, model.FC3, a.s(n, "function_name"), model.Str{}, func(f *model.Function) { f.Async = as })
	case "alicloud_fcv3_provision_config":
		a.provision(key, n, src)
	case "alicloud_fcv3_concurrency_config":
		max := a.i(n, "reserved_concurrency")
		a.attach("concurrency config", key, model.FC3, a.s(n, "function_name"), model.Str{}, func(f *model.Function) {
			f.Scaling.MaxInstances = max
			if !f.Scaling.Pos.IsValid() {
				f.Scaling.Pos = src
			}
		})
	case "alicloud_fcv3_custom_domain", "alicloud_fc_custom_domain":
		p.CustomDomains = append(p.CustomDomains, a.customDomain(key, n, src))
	case "alicloud_fcv3_vpc_binding":
		p.Network.VPCBindings = append(p.Network.VPCBindings, &model.VPCBinding{
			Key: key, FunctionName: a.s(n, "function_name"), VPCID: a.s(n, "vpc_id"), Source: src,
		})
	case "alicloud_ram_role":
		p.Roles = append(p.Roles, a.role(key, n, src))
	case "alicloud_ram_policy":
		p.Policies = append(p.Policies, a.policy(key, n, src))
	case "alicloud_ram_role_policy_attachment", "alicloud_ram_user_policy_attachment", "alicloud_ram_group_policy_attachment":
		p.Attachments = append(p.Attachments, &model.PolicyAttachment{
			Key: key, Source: src,
			PolicyName: a.s(n, "policy_name"), PolicyType: a.s(n, "policy_type"),
			RoleName: a.s(n, "role_name"), UserName: a.s(n, "user_name"), GroupName: a.s(n, "group_name"),
		})
	case "alicloud_ram_user":
		p.Users = append(p.Users, &model.User{Key: key, Name: a.s(n, "name", "user_name"), Source: src})
	case "alicloud_ram_access_key":
		p.AccessKeys = append(p.AccessKeys, &model.AccessKey{Key: key, UserName: a.s(n, "user_name"), Source: src})
	default:
		a.network(typ, key, n, src)
	}
}

func (a *assembler) network(typ, key string, n *node, src model.Pos) {
	net := &a.p.Network
	switch typ {
	case "alicloud_vpc":
		net.VPCs = append(net.VPCs, &model.VPC{Key: key, ID: a.s(n, "id"), Name: a.s(n, "vpc_name", "name"), CIDR: a.s(n, "cidr_block"), Source: src})
	case "alicloud_vswitch":
		net.VSwitches = append(net.VSwitches, &model.VSwitch{
			Key: key, ID: a.s(n, "id"), Name: a.s(n, "vswitch_name", "name"), VPCID: a.s(n, "vpc_id"),
			Zone: a.s(n, "zone_id", "availability_zone"), CIDR: a.s(n, "cidr_block"), Source: src,
		})
	case "alicloud_nat_gateway":
		g := &model.NATGateway{
			Key: key, ID: a.s(n, "id"), Name: a.s(n, "nat_gateway_name", "name"), VPCID: a.s(n, "vpc_id"),
			VSwitchID: a.s(n, "vswitch_id"), Type: a.s(n, "nat_type"), NetworkType: a.s(n, "network_type"), Source: src,
		}
		if t := a.s(n, "snat_table_ids"); t.Set {
			g.SNATTableIDs = splitIDs(t)
		}
		net.NATGateways = append(net.NATGateways, g)
	case "alicloud_snat_entry":
		net.SNATEntries = append(net.SNATEntries, &model.SNATEntry{
			Key: key, SNATTableID: a.s(n, "snat_table_id"), SourceVSwitchID: a.s(n, "source_vswitch_id"),
			SourceCIDR: a.s(n, "source_cidr"), SNATIP: a.s(n, "snat_ip"), Source: src,
		})
	case "alicloud_eip_address", "alicloud_eip":
		net.EIPs = append(net.EIPs, &model.EIP{Key: key, ID: a.s(n, "id"), Name: a.s(n, "address_name", "name"), IPAddress: a.s(n, "ip_address"), Source: src})
	case "alicloud_eip_association":
		net.EIPAssociations = append(net.EIPAssociations, &model.EIPAssociation{
			Key: key, AllocationID: a.s(n, "allocation_id"), InstanceID: a.s(n, "instance_id"), InstanceType: a.s(n, "instance_type"), Source: src,
		})
	case "alicloud_route_entry":
		net.RouteEntries = append(net.RouteEntries, &model.RouteEntry{
			Key: key, RouteTableID: a.s(n, "route_table_id"), DestinationCIDR: a.s(n, "destination_cidrblock"),
			NextHopType: a.s(n, "nexthop_type"), NextHopID: a.s(n, "nexthop_id"), Source: src,
		})
	case "alicloud_security_group":
		net.SecurityGroups = append(net.SecurityGroups, &model.SecurityGroup{Key: key, ID: a.s(n, "id"), Name: a.s(n, "security_group_name", "name"), VPCID: a.s(n, "vpc_id"), Source: src})
	case "alicloud_security_group_rule":
		net.SecurityGroupRules = append(net.SecurityGroupRules, &model.SecurityGroupRule{
			Key: key, SecurityGroupID: a.s(n, "security_group_id"), Type: a.s(n, "type"), IPProtocol: a.s(n, "ip_protocol"),
			PortRange: a.s(n, "port_range"), CIDR: a.s(n, "cidr_ip", "ipv6_cidr_ip"), Policy: a.s(n, "policy"), Priority: a.i(n, "priority"), Source: src,
		})
	}
}

// splitIDs splits a comma-separated list of known IDs (snat_table_ids).
func splitIDs(v model.Str) []model.Str {
	s, ok := v.Get()
	if !ok {
		return []model.Str{v}
	}
	var out []model.Str
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, model.Known(part, v.Pos))
		}
	}
	return out
}

func (a *assembler) attach(what, key string, gen model.Generation, fn, svc model.Str, apply func(*model.Function)) {
	a.pending = append(a.pending, pendingAttach{what: what, key: key, gen: gen, function: fn, service: svc, apply: apply})
}

// finish joins FC 2.0 functions to their services and applies triggers and
// configs to their functions.
func (a *assembler) finish() {
	for _, fp := range a.fc2 {
		svc := a.findService(fp.service)
		if svc == nil {
			if fp.service.Set {
				a.p.Infof(fp.service.Pos, "FC service %s of %s is not declared in the loaded files: role, VPC and internet access are unknown", fp.service.Text(), fp.f.Key)
			}
			continue
		}
		a.inherit(fp.f, svc)
	}
	for _, pa := range a.pending {
		f := a.findFunction(pa.gen, pa.function, pa.service)
		if f == nil {
			if pa.function.Set {
				a.p.Infof(pa.function.Pos, "%s %s names function %s, which is not declared in the loaded files", pa.what, pa.key, pa.function.Text())
			}
			continue
		}
		pa.apply(f)
	}
}

func (a *assembler) findService(name model.Str) *fcService {
	if !name.Set {
		return nil
	}
	if addr, _ := name.RefAddress(); addr != "" {
		for _, s := range a.services {
			if s.key == addr {
				return s
			}
		}
	}
	if v, ok := name.Get(); ok {
		for _, s := range a.services {
			if n, ok := s.name.Get(); ok && n == v {
				return s
			}
		}
	}
	return nil
}

// findFunction finds the function a configuration resource names, by
// reference first and by name second.
func (a *assembler) findFunction(gen model.Generation, fn, svc model.Str) *model.Function {
	if !fn.Set {
		return nil
	}
	if addr, _ := fn.RefAddress(); addr != "" {
		for _, f := range a.p.Functions {
			if f.Key == addr {
				return f
			}
		}
	}
	name, ok := fn.Get()
	if !ok {
		return nil
	}
	for _, f := range a.p.Functions {
		if f.Generation != gen {
			continue
		}
		if n, ok := f.Name.Get(); !ok || n != name {
			continue
		}
		if gen == model.FC2 && svc.Set {
			if a.findService(svc) != a.findService(f.Service) && svc.Text() != f.Service.Text() {
				continue
			}
		}
		return f
	}
	return nil
}

// inherit copies the FC 2.0 service settings onto a function; positions
// stay at the service's attributes, where a fix would be made.
func (a *assembler) inherit(f *model.Function, svc *fcService) {
	n := svc.n
	if svc.name.IsKnown() && !f.Service.IsKnown() {
		f.Service = svc.name
	}
	f.Role = a.s(n, "role")
	f.InternetAccess = a.b(n, "internet_access")
	if vc := n.block("vpc_config"); vc != nil {
		f.VPC = &model.VPCConfig{
			VPCID:           a.s(vc, "vpc_id"),
			VSwitchIDs:      a.l(vc, "vswitch_ids"),
			SecurityGroupID: a.s(vc, "security_group_id"),
			Pos:             vc.pos,
		}
	}
	if lc := n.block("log_config"); lc != nil {
		f.Log = &model.LogConfig{Project: a.s(lc, "project"), Logstore: a.s(lc, "logstore"), Pos: lc.pos}
	}
	if nas := n.block("nas_config"); nas != nil {
		f.NAS = a.mount(nas, "server_addr")
	}
}

func (a *assembler) mount(n *node, target string) *model.Mount {
	m := &model.Mount{Pos: n.pos}
	for _, mp := range n.blocks("mount_points") {
		if v := a.s(mp, target); v.Set {
			m.Targets = append(m.Targets, v)
		}
	}
	return m
}

func (a *assembler) env(n *node) []model.EnvVar {
	e := n.get("environment_variables")
	if e == nil || e.kind != objNode {
		return nil
	}
	out := make([]model.EnvVar, 0, len(e.keys))
	for _, k := range e.keys {
		c := e.obj[k]
		out = append(out, model.EnvVar{Name: k, Value: c.str(a.warn), Pos: c.pos})
	}
	return out
}

func (a *assembler) tags(n *node) []model.Tag {
	t := n.get("tags")
	if t == nil || t.kind != objNode {
		return nil
	}
	var out []model.Tag
	for _, k := range t.keys {
		out = append(out, model.Tag{Key: k, Value: t.obj[k].str(a.warn)})
	}
	return out
}

// fc3Function maps alicloud_fcv3_function.
func (a *assembler) fc3Function(key string, n *node, src model.Pos) *model.Function {
	f := &model.Function{
		Key: key, Source: src, Format: a.format, Generation: model.FC3, Region: a.region,
		Name:                a.s(n, "function_name"),
		Description:         a.s(n, "description"),
		Runtime:             a.s(n, "runtime"),
		Handler:             a.s(n, "handler"),
		CodeSizeBytes:       a.i(n, "code_size"),
		MemoryMB:            a.i(n, "memory_size"),
		VCPU:                a.f(n, "cpu"),
		DiskMB:              a.i(n, "disk_size"),
		TimeoutSeconds:      a.i(n, "timeout"),
		InstanceConcurrency: a.i(n, "instance_concurrency"),
		SessionAffinity:     a.s(n, "session_affinity"),
		InternetAccess:      a.b(n, "internet_access"),
		Role:                a.s(n, "role"),
		Env:                 a.env(n),
		Layers:              a.l(n, "layers"),
		Tags:                a.tags(n),
	}
	if code := n.block("code"); code != nil {
		f.CodeURI = ossURI(a.s(code, "oss_bucket_name"), a.s(code, "oss_object_name"))
	}
	if c := n.block("custom_container_config"); c != nil {
		f.Container = &model.Container{Image: a.s(c, "image"), Port: a.i(c, "port"), Pos: c.pos}
		f.Container.Command = append(a.l(c, "entrypoint"), a.l(c, "command")...)
	}
	if lc := n.block("instance_lifecycle_config"); lc != nil {
		if h := lc.block("initializer"); h != nil {
			f.Initializer = &model.Hook{Handler: a.s(h, "handler"), TimeoutSeconds: a.i(h, "timeout"), Pos: h.pos}
		}
		if h := lc.block("pre_stop"); h != nil {
			f.PreStop = &model.Hook{Handler: a.s(h, "handler"), TimeoutSeconds: a.i(h, "timeout"), Pos: h.pos}
		}
	}
	if lc := n.block("log_config"); lc != nil {
		f.Log = &model.LogConfig{Project: a.s(lc, "project"), Logstore: a.s(lc, "logstore"), Pos: lc.pos}
	}
	if nas := n.block("nas_config"); nas != nil {
		f.NAS = a.mount(nas, "server_addr")
	}
	if oss := n.block("oss_mount_config"); oss != nil {
		f.OSSMount = a.mount(oss, "bucket_name")
	}
	if g := n.block("gpu_config"); g != nil {
		f.GPU = &model.GPU{Type: a.s(g, "gpu_type"), MemoryMB: a.i(g, "gpu_memory_size"), Pos: g.pos}
	}
	if vc := n.block("vpc_config"); vc != nil {
		f.VPC = &model.VPCConfig{
			VPCID: a.s(vc, "vpc_id"), VSwitchIDs: a.l(vc, "vswitch_ids"), SecurityGroupID: a.s(vc, "security_group_id"), Pos: vc.pos,
		}
	}
	return f
}

// ossURI joins a bucket and object into oss://bucket/object when both are
// known.
func ossURI(bucket, object model.Str) model.Str {
	if !bucket.Set && !object.Set {
		return model.Str{}
	}
	b, ok1 := bucket.Get()
	o, ok2 := object.Get()
	if ok1 && ok2 {
		return model.Known("oss://"+b+"/"+strings.TrimPrefix(o, "/"), bucket.Pos)
	}
	if bucket.IsUnknown() {
		return bucket
	}
	if object.IsUnknown() {
		return object
	}
	return model.Str{}
}

// fc2Function maps alicloud_fc_function; service settings are added by
// finish.
func (a *assembler) fc2Function(key string, n *node, src model.Pos) *model.Function {
	f := &model.Function{
		Key: key, Source: src, Format: a.format, Generation: model.FC2, Region: a.region,
		Name:                a.s(n, "name"),
		Service:             a.s(n, "service"),
		Description:         a.s(n, "description"),
		Runtime:             a.s(n, "runtime"),
		Handler:             a.s(n, "handler"),
		MemoryMB:            a.i(n, "memory_size"),
		TimeoutSeconds:      a.i(n, "timeout"),
		InstanceConcurrency: a.i(n, "instance_concurrency"),
		Env:                 a.env(n),
		Layers:              a.l(n, "layers"),
	}
	if fn := a.s(n, "filename"); fn.Set {
		f.CodeURI = fn
	} else {
		f.CodeURI = ossURI(a.s(n, "oss_bucket"), a.s(n, "oss_key"))
	}
	if h := a.s(n, "initializer"); h.Set {
		f.Initializer = &model.Hook{Handler: h, TimeoutSeconds: a.i(n, "initialization_timeout"), Pos: h.Pos}
	}
	if c := n.block("custom_container_config"); c != nil {
		f.Container = &model.Container{Image: a.s(c, "image"), Port: a.i(n, "ca_port"), Pos: c.pos}
		// FC 2.0 takes command and args as JSON array strings.
		for _, k := range []string{"command", "args"} {
			if v := a.s(c, k); v.Set {
				f.Container.Command = append(f.Container.Command, v)
			}
		}
	}
	if it := a.s(n, "instance_type"); it.IsKnown() && strings.HasPrefix(it.V, "fc.gpu.") {
		f.GPU = &model.GPU{Type: it, Pos: it.Pos}
	}
	return f
}

// async maps both generations' async invoke configs.
func (a *assembler) async(n *node, src model.Pos, retries, age, task string) *model.Async {
	as := &model.Async{
		MaxRetries:         a.i(n, retries),
		MaxEventAgeSeconds: a.i(n, age),
		AsyncTask:          a.b(n, task),
		Pos:                src,
	}
	if dc := n.block("destination_config"); dc != nil {
		if d := dc.block("on_success"); d != nil {
			as.OnSuccess = a.s(d, "destination")
		}
		if d := dc.block("on_failure"); d != nil {
			as.OnFailure = a.s(d, "destination")
		}
	}
	return as
}

func (a *assembler) provision(key string, n *node, src model.Pos) {
	target := a.i(n, "target", "default_target")
	always := a.b(n, "always_allocate_cpu")
	var sched []model.ScheduledPolicy
	for _, s := range n.blocks("scheduled_actions") {
		sched = append(sched, model.ScheduledPolicy{
			Name: a.s(s, "name"), ScheduleExpression: a.s(s, "schedule_expression"), Target: a.i(s, "target"),
			StartTime: a.s(s, "start_time"), EndTime: a.s(s, "end_time"), TimeZone: a.s(s, "time_zone"), Pos: s.pos,
		})
	}
	var track []model.TargetTrackingPolicy
	for _, t := range n.blocks("target_tracking_policies") {
		track = append(track, model.TargetTrackingPolicy{
			Name: a.s(t, "name"), MetricType: a.s(t, "metric_type"), MetricTarget: a.f(t, "metric_target"),
			MinInstances: a.i(t, "min_capacity"), MaxInstances: a.i(t, "max_capacity"),
			StartTime: a.s(t, "start_time"), EndTime: a.s(t, "end_time"), Pos: t.pos,
		})
	}
	a.attach("provision config", key, model.FC3, a.s(n, "function_name"), model.Str{}, func(f *model.Function) {
		sc := &f.Scaling
		sc.ProvisionedTarget = target
		sc.AlwaysAllocateCPU = always
		sc.ScheduledPolicies = append(sc.ScheduledPolicies, sched...)
		sc.TargetTrackingPolicies = append(sc.TargetTrackingPolicies, track...)
		sc.Pos = src
	})
}

func (a *assembler) customDomain(key string, n *node, src model.Pos) *model.CustomDomain {
	d := &model.CustomDomain{
		Key: key, Source: src,
		DomainName: a.s(n, "custom_domain_name", "domain_name"),
		Protocol:   a.s(n, "protocol"),
	}
	if c := n.block("cert_config"); c != nil {
		d.HasCertificate = model.Known(true, c.pos)
	} else if id := a.s(n, "certificate_id"); id.Set {
		d.HasCertificate = model.Known(true, id.Pos)
	}
	if t := n.block("tls_config"); t != nil {
		d.TLSMinVersion = a.s(t, "min_version")
	}
	for _, rc := range n.blocks("route_config") {
		if routes := rc.blocks("routes"); len(routes) > 0 {
			for _, r := range routes {
				if v := a.s(r, "function_name"); v.Set {
					d.Functions = append(d.Functions, v)
				}
			}
			continue
		}
		if v := a.s(rc, "function_name"); v.Set {
			d.Functions = append(d.Functions, v)
		}
	}
	return d
}
