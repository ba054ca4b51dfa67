package syaml

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
)

// loadFC3 maps one fc3 resource (Serverless Devs 3.x) into a Function.
func (l *loader) loadFC3(key, propsNode *yaml.Node) {
	name := keyText(key)
	keyPos := l.pos(key)
	f := &model.Function{
		Key:        l.path + "#" + name,
		Source:     keyPos,
		Format:     model.FormatFC3,
		Generation: model.FC3,
		Service:    model.Known(name, keyPos),
	}
	defer func() {
		if !f.Name.Set {
			f.Name = model.Known(name, keyPos)
		}
		l.p.Functions = append(l.p.Functions, f)
	}()
	if propsNode == nil {
		l.errorf(key, "resource %s: expected `props` (the fc3 function configuration)", name)
		return
	}
	props, ok := l.object(propsNode, "props")
	if !ok {
		if d := l.val(propsNode); d.kind == kUnknown {
			l.warnf(propsNode, "resource %s: props %s cannot be resolved statically", name, d.unknown)
		}
		return
	}
	l.checkSchema(props, fc3Schema, "", 0)
	var (
		vpcBinding, customDomain *yaml.Node
		customDomainKey          *yaml.Node
	)
	for _, e := range entries(props) {
		k, v := keyText(e.key), e.val
		switch k {
		case "functionName":
			f.Name = l.str(v, k)
		case "region":
			f.Region = l.str(v, k)
		case "description":
			f.Description = l.str(v, k)
		case "runtime":
			f.Runtime = l.str(v, k)
		case "handler":
			f.Handler = l.str(v, k)
		case "code":
			f.CodeURI = l.fc3Code(v)
		case "memorySize":
			f.MemoryMB = l.integer(v, k)
		case "cpu":
			f.VCPU = l.float(v, k)
		case "diskSize":
			f.DiskMB = l.integer(v, k)
		case "gpuConfig":
			if m, ok := l.object(v, k); ok {
				g := &model.GPU{Pos: l.pos(v)}
				_, t := lookup(m, "gpuType")
				g.Type = l.str(t, "gpuConfig.gpuType")
				_, mem := lookup(m, "gpuMemorySize")
				g.MemoryMB = l.integer(mem, "gpuConfig.gpuMemorySize")
				f.GPU = g
			}
		case "timeout":
			f.TimeoutSeconds = l.integer(v, k)
		case "instanceConcurrency":
			f.InstanceConcurrency = l.integer(v, k)
		case "sessionAffinity":
			f.SessionAffinity = l.str(v, k)
		case "internetAccess":
			f.InternetAccess = l.boolean(v, k)
		case "vpcConfig":
			f.VPC = l.vpcConfig(v, k, "vSwitchIds")
		case "role":
			f.Role = l.str(v, k)
		case "environmentVariables":
			f.Env = l.envVars(v, k)
		case "layers":
			f.Layers = l.strList(v, k)
		case "customContainerConfig":
			f.Container = l.fc3Container(v)
		case "instanceLifecycleConfig":
			if m, ok := l.object(v, k); ok {
				_, init := lookup(m, "initializer")
				f.Initializer = l.hook(init, k+".initializer", "handler", "timeout")
				_, stop := lookup(m, "preStop")
				f.PreStop = l.hook(stop, k+".preStop", "handler", "timeout")
			}
		case "logConfig":
			f.Log = l.logConfig(v, k)
		case "nasConfig":
			f.NAS = l.mount(v, k, "serverAddr")
		case "ossMountConfig":
			f.OSSMount = l.mount(v, k, "bucketName")
		case "asyncInvokeConfig":
			f.Async = l.fc3Async(v)
		case "scalingConfig":
			l.fc3Scaling(v, &f.Scaling)
		case "provisionConfig":
			l.fc3Provision(v, &f.Scaling)
		case "concurrencyConfig":
			if m, ok := l.object(v, k); ok {
				if f.Scaling.Pos.Line == 0 {
					f.Scaling.Pos = l.pos(v)
				}
				_, rc := lookup(m, "reservedConcurrency")
				f.Scaling.MaxInstances = l.integer(rc, "concurrencyConfig.reservedConcurrency")
			}
		case "tags":
			f.Tags = l.tags(v, k)
		case "vpcBinding":
			vpcBinding = v
		case "customDomain":
			customDomain, customDomainKey = v, e.key
		case "triggers":
			for i, item := range l.list(v, k) {
				if t := l.fc3Trigger(item, fmt.Sprintf("triggers[%d]", i)); t != nil {
					f.Triggers = append(f.Triggers, t)
				}
			}
		}
	}
	if !f.Name.Set {
		f.Name = model.Known(name, keyPos)
	}
	if vpcBinding != nil {
		l.vpcBinding(f, vpcBinding)
	}
	if customDomain != nil {
		l.fc3CustomDomain(f, customDomainKey, customDomain)
	}
}

// fc3Code reads `code`: a local path, or {src, ossBucketName, ossObjectName}.
func (l *loader) fc3Code(v *yaml.Node) model.Str {
	d := l.val(v)
	if d.kind != kMap {
		return l.str(v, "code")
	}
	if _, src := lookup(d.node, "src"); src != nil {
		if s := l.str(src, "code.src"); s.Set {
			return s
		}
	}
	_, b := lookup(d.node, "ossBucketName")
	_, o := lookup(d.node, "ossObjectName")
	bucket, object := l.str(b, "code.ossBucketName"), l.str(o, "code.ossObjectName")
	if !bucket.Set {
		return model.Str{}
	}
	text := "oss://" + bucket.Text() + "/" + object.Text()
	if bucket.IsUnknown() || object.IsUnknown() {
		return model.UnknownValue[string](text, l.pos(v))
	}
	return model.Known(text, l.pos(v))
}

// vpcConfig reads `vpcConfig`: `auto`, or {vpcId, vSwitchIds, securityGroupId}
// (vswitchKey is the vSwitch list's spelling; legacy files also accept
// the other one).
func (l *loader) vpcConfig(v *yaml.Node, name, vswitchKey string) *model.VPCConfig {
	d := l.val(v)
	pos := l.pos(v)
	switch d.kind {
	case kNull:
		return nil
	case kString:
		if isAuto(d.s) {
			return &model.VPCConfig{Auto: true, Pos: pos}
		}
		l.warnf(v, "%s %s is not understood: expected \"auto\" or an object {vpcId, vSwitchIds, securityGroupId}", name, describe(d))
		return &model.VPCConfig{VPCID: model.UnknownValue[string](d.s, pos), Pos: pos}
	case kUnknown:
		return &model.VPCConfig{VPCID: unknownOf[string](d, pos), Pos: pos}
	case kMap:
	default:
		l.errorf(v, "expected object or \"auto\" for %s, got %s", name, describe(d))
		return nil
	}
	c := &model.VPCConfig{Pos: pos}
	_, id := lookup(d.node, "vpcId")
	c.VPCID = l.str(id, name+".vpcId")
	_, sg := lookup(d.node, "securityGroupId")
	c.SecurityGroupID = l.str(sg, name+".securityGroupId")
	_, vs := lookup(d.node, vswitchKey)
	if vs == nil {
		_, vs = lookupFold(d.node, "vswitchIds")
	}
	if vs != nil {
		if vd := l.val(vs); vd.kind == kString && isAuto(vd.s) {
			c.Auto = true
		} else {
			c.VSwitchIDs = l.strList(vs, name+"."+vswitchKey)
		}
	}
	return c
}

// envVars reads environmentVariables in written order; each variable's
// position is its key's.
func (l *loader) envVars(v *yaml.Node, name string) []model.EnvVar {
	m, ok := l.object(v, name)
	if !ok {
		return nil
	}
	var out []model.EnvVar
	for _, e := range entries(m) {
		k := keyText(e.key)
		out = append(out, model.EnvVar{Name: k, Value: l.str(e.val, name+"."+k), Pos: l.pos(e.key)})
	}
	return out
}

// hook reads a lifecycle hook {handler, timeout}.
func (l *loader) hook(v *yaml.Node, name, handlerKey, timeoutKey string) *model.Hook {
	m, ok := l.object(v, name)
	if !ok {
		return nil
	}
	h := &model.Hook{Pos: l.pos(v)}
	_, hn := lookup(m, handlerKey)
	h.Handler = l.str(hn, name+"."+handlerKey)
	_, tn := lookup(m, timeoutKey)
	h.TimeoutSeconds = l.integer(tn, name+"."+timeoutKey)
	return h
}

// fc3Container reads customContainerConfig; Command is entrypoint followed
// by command (the container's full argv).
func (l *loader) fc3Container(v *yaml.Node) *model.Container {
	m, ok := l.object(v, "customContainerConfig")
	if !ok {
		return nil
	}
	c := &model.Container{Pos: l.pos(v)}
	_, img := lookup(m, "image")
	c.Image = l.str(img, "customContainerConfig.image")
	_, ep := lookup(m, "entrypoint")
	c.Command = append(c.Command, l.strList(ep, "customContainerConfig.entrypoint")...)
	_, cmd := lookup(m, "command")
	c.Command = append(c.Command, l.strList(cmd, "customContainerConfig.command")...)
	_, port := lookup(m, "port")
	c.Port = l.integer(port, "customContainerConfig.port")
	return c
}

// logConfig reads `logConfig`: `auto` or {project, logstore}.
func (l *loader) logConfig(v *yaml.Node, name string) *model.LogConfig {
	d := l.val(v)
	pos := l.pos(v)
	switch d.kind {
	case kNull:
		return nil
	case kString:
		if isAuto(d.s) {
			return &model.LogConfig{Auto: true, Pos: pos}
		}
		l.warnf(v, "%s %s is not understood: expected \"auto\" or an object {project, logstore}", name, describe(d))
		return &model.LogConfig{Project: model.UnknownValue[string](d.s, pos), Pos: pos}
	case kUnknown:
		return &model.LogConfig{Project: unknownOf[string](d, pos), Pos: pos}
	case kMap:
		c := &model.LogConfig{Pos: pos}
		_, p := lookup(d.node, "project")
		c.Project = l.str(p, name+".project")
		_, s := lookup(d.node, "logstore")
		c.Logstore = l.str(s, name+".logstore")
		return c
	}
	l.errorf(v, "expected object or \"auto\" for %s, got %s", name, describe(d))
	return nil
}

// mount reads nasConfig / ossMountConfig: `auto` or {mountPoints: [...]};
// each mount point contributes its targetKey (serverAddr, bucketName).
func (l *loader) mount(v *yaml.Node, name, targetKey string) *model.Mount {
	d := l.val(v)
	pos := l.pos(v)
	switch d.kind {
	case kNull:
		return nil
	case kString:
		if isAuto(d.s) {
			return &model.Mount{Auto: true, Pos: pos}
		}
		l.warnf(v, "%s %s is not understood: expected \"auto\" or an object {mountPoints}", name, describe(d))
		return &model.Mount{Targets: []model.Str{model.UnknownValue[string](d.s, pos)}, Pos: pos}
	case kUnknown:
		return &model.Mount{Targets: []model.Str{unknownOf[string](d, pos)}, Pos: pos}
	case kMap:
		m := &model.Mount{Pos: pos}
		_, mp := lookup(d.node, "mountPoints")
		for i, item := range l.list(mp, name+".mountPoints") {
			if im, ok := l.object(item, fmt.Sprintf("%s.mountPoints[%d]", name, i)); ok {
				_, t := lookup(im, targetKey)
				if s := l.str(t, fmt.Sprintf("%s.mountPoints[%d].%s", name, i, targetKey)); s.Set {
					m.Targets = append(m.Targets, s)
				}
			}
		}
		return m
	}
	l.errorf(v, "expected object or \"auto\" for %s, got %s", name, describe(d))
	return nil
}

// fc3Async reads asyncInvokeConfig.
func (l *loader) fc3Async(v *yaml.Node) *model.Async {
	return l.async(v, "asyncInvokeConfig", "asyncTask", "destinationConfig")
}

// async reads an async invocation configuration: the retry and age limits
// (spelled alike in fc3 and legacy fc), the task/stateful flag taskKey and
// the destinations under destKey.
func (l *loader) async(v *yaml.Node, name, taskKey, destKey string) *model.Async {
	m, ok := l.object(v, name)
	if !ok {
		return nil
	}
	a := &model.Async{Pos: l.pos(v)}
	_, r := lookup(m, "maxAsyncRetryAttempts")
	a.MaxRetries = l.integer(r, name+".maxAsyncRetryAttempts")
	_, age := lookup(m, "maxAsyncEventAgeInSeconds")
	a.MaxEventAgeSeconds = l.integer(age, name+".maxAsyncEventAgeInSeconds")
	_, task := lookup(m, taskKey)
	a.AsyncTask = l.boolean(task, name+"."+taskKey)
	_, dest := lookup(m, destKey)
	if dm, ok := l.object(dest, name+"."+destKey); ok {
		a.OnSuccess = l.destination(dm, "onSuccess", name+"."+destKey)
		a.OnFailure = l.destination(dm, "onFailure", name+"."+destKey)
	}
	return a
}

// destination reads {onSuccess: {destination: ARN}}; a plain string ARN is
// accepted too (legacy asyncConfiguration writes it so).
func (l *loader) destination(m *yaml.Node, key, name string) model.Str {
	_, v := lookup(m, key)
	d := l.val(v)
	if d.kind == kMap {
		_, dv := lookup(d.node, "destination")
		return l.str(dv, name+"."+key+".destination")
	}
	return l.str(v, name+"."+key)
}

// fc3Scaling reads scalingConfig: minInstances, horizontalScalingPolicies
// (target tracking) and scheduledPolicies.
func (l *loader) fc3Scaling(v *yaml.Node, s *model.Scaling) {
	const name = "scalingConfig"
	m, ok := l.object(v, name)
	if !ok {
		return
	}
	s.Pos = l.pos(v)
	_, mi := lookup(m, "minInstances")
	s.MinInstances = l.instanceCount(mi, name+".minInstances")
	_, hp := lookup(m, "horizontalScalingPolicies")
	for i, item := range l.list(hp, name+".horizontalScalingPolicies") {
		if p, ok := l.trackingPolicy(item, fmt.Sprintf("%s.horizontalScalingPolicies[%d]", name, i), "minInstances", "maxInstances"); ok {
			s.TargetTrackingPolicies = append(s.TargetTrackingPolicies, p)
		}
	}
	_, sp := lookup(m, "scheduledPolicies")
	for i, item := range l.list(sp, name+".scheduledPolicies") {
		if p, ok := l.scheduledPolicy(item, fmt.Sprintf("%s.scheduledPolicies[%d]", name, i)); ok {
			s.ScheduledPolicies = append(s.ScheduledPolicies, p)
		}
	}
}

// fc3Provision reads provisionConfig: target (or defaultTarget),
// targetTrackingPolicies, scheduledActions and alwaysAllocateCPU. Its
// policies join the scalingConfig ones in the model.
func (l *loader) fc3Provision(v *yaml.Node, s *model.Scaling) {
	const name = "provisionConfig"
	m, ok := l.object(v, name)
	if !ok {
		return
	}
	if s.Pos.Line == 0 {
		s.Pos = l.pos(v)
	}
	_, t := lookup(m, "target")
	if t == nil {
		_, t = lookup(m, "defaultTarget")
	}
	s.ProvisionedTarget = l.instanceCount(t, name+".target")
	_, tp := lookup(m, "targetTrackingPolicies")
	for i, item := range l.list(tp, name+".targetTrackingPolicies") {
		if p, ok := l.trackingPolicy(item, fmt.Sprintf("%s.targetTrackingPolicies[%d]", name, i), "minCapacity", "maxCapacity"); ok {
			s.TargetTrackingPolicies = append(s.TargetTrackingPolicies, p)
		}
	}
	_, sa := lookup(m, "scheduledActions")
	for i, item := range l.list(sa, name+".scheduledActions") {
		if p, ok := l.scheduledPolicy(item, fmt.Sprintf("%s.scheduledActions[%d]", name, i)); ok {
			s.ScheduledPolicies = append(s.ScheduledPolicies, p)
		}
	}
	_, cpu := lookup(m, "alwaysAllocateCPU")
	s.AlwaysAllocateCPU = l.boolean(cpu, name+".alwaysAllocateCPU")
}

func (l *loader) trackingPolicy(v *yaml.Node, name, minKey, maxKey string) (model.TargetTrackingPolicy, bool) {
	m, ok := l.object(v, name)
	if !ok {
		return model.TargetTrackingPolicy{}, false
	}
	get := func(k string) *yaml.Node { _, n := lookup(m, k); return n }
	p := model.TargetTrackingPolicy{Pos: l.pos(v)}
	p.Name = l.str(get("name"), name+".name")
	p.MetricType = l.str(get("metricType"), name+".metricType")
	p.MetricTarget = l.float(get("metricTarget"), name+".metricTarget")
	minN, maxN := get(minKey), get(maxKey)
	if minN == nil { // accept either spelling
		minN = get("minInstances")
		if minN == nil {
			minN = get("minCapacity")
		}
	}
	if maxN == nil {
		maxN = get("maxInstances")
		if maxN == nil {
			maxN = get("maxCapacity")
		}
	}
	p.MinInstances = l.instanceCount(minN, name+"."+minKey)
	p.MaxInstances = l.instanceCount(maxN, name+"."+maxKey)
	p.StartTime = l.str(get("startTime"), name+".startTime")
	p.EndTime = l.str(get("endTime"), name+".endTime")
	return p, true
}

func (l *loader) scheduledPolicy(v *yaml.Node, name string) (model.ScheduledPolicy, bool) {
	m, ok := l.object(v, name)
	if !ok {
		return model.ScheduledPolicy{}, false
	}
	get := func(k string) *yaml.Node { _, n := lookup(m, k); return n }
	p := model.ScheduledPolicy{Pos: l.pos(v)}
	p.Name = l.str(get("name"), name+".name")
	p.ScheduleExpression = l.str(get("scheduleExpression"), name+".scheduleExpression")
	p.Target = l.instanceCount(get("target"), name+".target")
	p.StartTime = l.str(get("startTime"), name+".startTime")
	p.EndTime = l.str(get("endTime"), name+".endTime")
	p.TimeZone = l.str(get("timeZone"), name+".timeZone")
	return p, true
}

// tags reads [{key, value}] (also {Key, Value}) or a plain mapping.
func (l *loader) tags(v *yaml.Node, name string) []model.Tag {
	d := l.val(v)
	var out []model.Tag
	switch d.kind {
	case kSeq:
		for i, item := range d.node.Content {
			m, ok := l.object(item, fmt.Sprintf("%s[%d]", name, i))
			if !ok {
				continue
			}
			_, k := lookupFold(m, "key")
			_, val := lookupFold(m, "value")
			ks := l.str(k, fmt.Sprintf("%s[%d].key", name, i))
			out = append(out, model.Tag{Key: ks.Text(), Value: l.str(val, fmt.Sprintf("%s[%d].value", name, i))})
		}
	case kMap:
		for _, e := range entries(d.node) {
			out = append(out, model.Tag{Key: keyText(e.key), Value: l.str(e.val, name+"."+keyText(e.key))})
		}
	case kNull, kUnknown:
	default:
		l.errorf(v, "expected array for %s, got %s", name, describe(d))
	}
	return out
}

// vpcBinding maps vpcBinding.vpcIds into the project's VPC bindings.
func (l *loader) vpcBinding(f *model.Function, v *yaml.Node) {
	m, ok := l.object(v, "vpcBinding")
	if !ok {
		return
	}
	_, ids := lookup(m, "vpcIds")
	for i, id := range l.strList(ids, "vpcBinding.vpcIds") {
		l.p.Network.VPCBindings = append(l.p.Network.VPCBindings, &model.VPCBinding{
			Key:          fmt.Sprintf("%s/vpcBinding[%d]", f.Key, i),
			FunctionName: f.Name,
			VPCID:        id,
			Source:       id.Pos,
		})
	}
}

// fc3CustomDomain maps customDomain: the domain routes to this function
// (and to any functionName its routeConfig names).
func (l *loader) fc3CustomDomain(f *model.Function, key, v *yaml.Node) {
	m, ok := l.object(v, "customDomain")
	if !ok {
		return
	}
	cd := l.customDomain(m, v, "customDomain", f.Key+"/customDomain")
	cd.Source = l.pos(key)
	cd.Functions = append([]model.Str{f.Name}, cd.Functions...)
	l.p.CustomDomains = append(l.p.CustomDomains, cd)
}

// customDomain reads the fields fc3 and legacy custom domains share:
// domainName, protocol, certConfig, tlsConfig and the function names of
// routeConfig.routes / routeConfigs.
func (l *loader) customDomain(m, v *yaml.Node, name, key string) *model.CustomDomain {
	cd := &model.CustomDomain{Key: key, Source: l.pos(v)}
	_, dn := lookup(m, "domainName")
	cd.DomainName = l.str(dn, name+".domainName")
	_, proto := lookup(m, "protocol")
	cd.Protocol = l.str(proto, name+".protocol")
	ck, cert := lookup(m, "certConfig")
	if cert != nil && !isNull(cert) {
		cd.HasCertificate = model.Known(true, l.pos(ck))
	} else {
		cd.HasCertificate = model.Known(false, l.pos(v))
	}
	_, tls := lookup(m, "tlsConfig")
	if tm, ok := l.object(tls, name+".tlsConfig"); ok {
		_, mv := lookup(tm, "minVersion")
		cd.TLSMinVersion = l.str(mv, name+".tlsConfig.minVersion")
	}
	var routes []*yaml.Node
	_, rc := lookup(m, "routeConfig")
	if rm, ok := l.object(rc, name+".routeConfig"); ok {
		_, rs := lookup(rm, "routes")
		routes = append(routes, l.list(rs, name+".routeConfig.routes")...)
	}
	_, rcs := lookup(m, "routeConfigs")
	routes = append(routes, l.list(rcs, name+".routeConfigs")...)
	for i, r := range routes {
		if rm, ok := l.object(r, fmt.Sprintf("%s.routes[%d]", name, i)); ok {
			_, fn := lookup(rm, "functionName")
			if s := l.str(fn, fmt.Sprintf("%s.routes[%d].functionName", name, i)); s.Set {
				cd.Functions = append(cd.Functions, s)
			}
		}
	}
	return cd
}

// isAuto reports whether s asks Serverless Devs to create the resource:
// "auto", or "auto|key=value|..." with options.
func isAuto(s string) bool {
	return s == "auto" || strings.HasPrefix(s, "auto|")
}
