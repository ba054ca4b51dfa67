package syaml

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
)

// Prop names of the legacy fc component (Serverless Devs 1.x/2.x), used
// only to catch misspellings: the component has no published schema, so an
// unlisted prop gets a warning only when it is close to a listed one.
var (
	legacyTopProps      = []string{"region", "service", "function", "triggers", "customDomains"}
	legacyServiceProps  = []string{"name", "description", "role", "internetAccess", "vpcConfig", "logConfig", "nasConfig", "tracingConfig", "ossMountConfig", "vpcBinding"}
	legacyFunctionProps = []string{"name", "description", "runtime", "codeUri", "ossBucket", "ossKey", "handler", "memorySize", "timeout", "initializer", "initializationTimeout", "instanceConcurrency", "instanceType", "instanceLifecycleConfig", "environmentVariables", "customContainerConfig", "customRuntimeConfig", "customDNS", "customHealthCheckConfig", "asyncConfiguration", "layers", "caPort", "cpu", "diskSize", "gpuMemorySize", "installDependency", "codeChecksum"}
	legacyTriggerProps  = []string{"name", "type", "role", "sourceArn", "qualifier", "config", "description"}
)

// checkLegacyKeys warns about keys of m that look like misspellings of a
// known legacy prop.
func (l *loader) checkLegacyKeys(m *yaml.Node, known []string, where string) {
	set := make(map[string]bool, len(known))
	for _, k := range known {
		set[k] = true
	}
	for _, e := range entries(m) {
		k := keyText(e.key)
		if set[k] || k == "" {
			continue
		}
		if dm := didYouMean(k, known); dm != "" {
			l.warnf(e.key, "unknown prop %q in %s; did you mean %q?", k, where, dm)
		}
	}
}

// loadLegacy maps one legacy fc service entry (service + function +
// triggers + customDomains) into a Function of generation FC2.
func (l *loader) loadLegacy(key, propsNode *yaml.Node) {
	name := keyText(key)
	keyPos := l.pos(key)
	f := &model.Function{
		Key:        l.path + "#" + name,
		Source:     keyPos,
		Format:     model.FormatFC,
		Generation: model.FC2,
	}
	defer func() {
		if !f.Name.Set {
			f.Name = model.Known(name, keyPos)
		}
		if !f.Service.Set {
			f.Service = model.Known(name, keyPos)
		}
		l.p.Functions = append(l.p.Functions, f)
	}()
	if propsNode == nil {
		l.errorf(key, "service %s: expected `props` (region, service, function, triggers)", name)
		return
	}
	props, ok := l.object(propsNode, "props")
	if !ok {
		return
	}
	l.checkLegacyKeys(props, legacyTopProps, "props")
	get := func(m *yaml.Node, k string) *yaml.Node { _, v := lookup(m, k); return v }
	f.Region = l.str(get(props, "region"), "region")
	if svc, ok := l.object(get(props, "service"), "service"); ok {
		l.checkLegacyKeys(svc, legacyServiceProps, "service")
		f.Service = l.str(get(svc, "name"), "service.name")
		if !f.Description.Set {
			f.Description = l.str(get(svc, "description"), "service.description")
		}
		f.Role = l.legacyRole(get(svc, "role"), f.Key)
		f.InternetAccess = l.boolean(get(svc, "internetAccess"), "service.internetAccess")
		f.VPC = l.vpcConfig(get(svc, "vpcConfig"), "service.vpcConfig", "vswitchIds")
		f.Log = l.logConfig(get(svc, "logConfig"), "service.logConfig")
		f.NAS = l.mount(get(svc, "nasConfig"), "service.nasConfig", "serverAddr")
		f.OSSMount = l.mount(get(svc, "ossMountConfig"), "service.ossMountConfig", "bucketName")
	}
	fn, ok := l.object(get(props, "function"), "function")
	if ok {
		l.checkLegacyKeys(fn, legacyFunctionProps, "function")
		l.legacyFunction(f, fn)
	}
	for i, item := range l.list(get(props, "triggers"), "triggers") {
		if t := l.legacyTrigger(item, fmt.Sprintf("triggers[%d]", i)); t != nil {
			f.Triggers = append(f.Triggers, t)
		}
	}
	for i, item := range l.list(get(props, "customDomains"), "customDomains") {
		m, ok := l.object(item, fmt.Sprintf("customDomains[%d]", i))
		if !ok {
			continue
		}
		cd := l.customDomain(m, item, fmt.Sprintf("customDomains[%d]", i), fmt.Sprintf("%s/customDomains[%d]", f.Key, i))
		if len(cd.Functions) == 0 {
			fname := f.Name
			if !fname.Set {
				fname = model.Known(name, keyPos)
			}
			cd.Functions = []model.Str{fname}
		}
		l.p.CustomDomains = append(l.p.CustomDomains, cd)
	}
}

// legacyFunction reads props.function.
func (l *loader) legacyFunction(f *model.Function, fn *yaml.Node) {
	var caPort *yaml.Node
	for _, e := range entries(fn) {
		k, v := keyText(e.key), e.val
		name := "function." + k
		switch k {
		case "name":
			f.Name = l.str(v, name)
		case "description":
			f.Description = l.str(v, name)
		case "runtime":
			f.Runtime = l.str(v, name)
		case "codeUri":
			f.CodeURI = l.legacyCode(v)
		case "handler":
			f.Handler = l.str(v, name)
		case "memorySize":
			f.MemoryMB = l.integer(v, name)
		case "cpu":
			f.VCPU = l.float(v, name)
		case "diskSize":
			f.DiskMB = l.integer(v, name)
		case "gpuMemorySize":
			if f.GPU == nil {
				f.GPU = &model.GPU{Pos: l.pos(v)}
			}
			f.GPU.MemoryMB = l.integer(v, name)
		case "timeout":
			f.TimeoutSeconds = l.integer(v, name)
		case "instanceConcurrency":
			f.InstanceConcurrency = l.integer(v, name)
		case "initializer":
			if f.Initializer == nil {
				f.Initializer = &model.Hook{Pos: l.pos(v)}
			}
			f.Initializer.Handler = l.str(v, name)
			f.Initializer.Pos = l.pos(v)
		case "initializationTimeout":
			if f.Initializer == nil {
				f.Initializer = &model.Hook{Pos: l.pos(v)}
			}
			f.Initializer.TimeoutSeconds = l.integer(v, name)
		case "instanceLifecycleConfig":
			if m, ok := l.object(v, name); ok {
				// preFreezeHook has no model field: it affects neither
				// scheduling nor cost.
				_, stop := lookup(m, "preStopHook")
				f.PreStop = l.hook(stop, name+".preStopHook", "handler", "timeout")
			}
		case "environmentVariables":
			f.Env = l.envVars(v, name)
		case "layers":
			f.Layers = l.strList(v, name)
		case "customContainerConfig":
			f.Container = l.legacyContainer(v, f.Container)
		case "caPort":
			caPort = v
		case "asyncConfiguration":
			f.Async = l.legacyAsync(v)
		}
	}
	// caPort is the listening port of a custom runtime or a custom
	// container; the model has a port only on Container, so it is kept for
	// custom containers (and checked for type everywhere).
	if caPort != nil {
		port := l.integer(caPort, "function.caPort")
		if f.Container != nil && !f.Container.Port.Set {
			f.Container.Port = port
		}
	}
}

// legacyCode reads codeUri: a path, or {src, ossBucketName, ossObjectName}.
func (l *loader) legacyCode(v *yaml.Node) model.Str {
	if d := l.val(v); d.kind == kMap {
		return l.fc3Code(v)
	}
	return l.str(v, "function.codeUri")
}

// legacyContainer reads customContainerConfig {image, command, args}; the
// legacy component writes command and args as JSON array strings
// ('["node"]') or as YAML lists.
func (l *loader) legacyContainer(v *yaml.Node, c *model.Container) *model.Container {
	if c == nil {
		c = &model.Container{}
	}
	if v == nil {
		return c
	}
	m, ok := l.object(v, "function.customContainerConfig")
	if !ok {
		return c
	}
	c.Pos = l.pos(v)
	_, img := lookup(m, "image")
	c.Image = l.str(img, "function.customContainerConfig.image")
	for _, k := range []string{"command", "args"} {
		_, n := lookup(m, k)
		for _, s := range l.strList(n, "function.customContainerConfig."+k) {
			c.Command = append(c.Command, splitJSONList(s)...)
		}
	}
	return c
}

// splitJSONList expands a known string written as a JSON array
// ('["node", "index.js"]') into its items, keeping the position.
func splitJSONList(s model.Str) []model.Str {
	text, ok := s.Get()
	text = strings.TrimSpace(text)
	if !ok || !strings.HasPrefix(text, "[") || !strings.HasSuffix(text, "]") {
		return []model.Str{s}
	}
	var out []model.Str
	for _, part := range strings.Split(text[1:len(text)-1], ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		out = append(out, model.Known(unquote(part), s.Pos))
	}
	return out
}

// legacyAsync reads asyncConfiguration {maxAsyncRetryAttempts,
// maxAsyncEventAgeInSeconds, destination {onSuccess, onFailure},
// statefulInvocation}.
func (l *loader) legacyAsync(v *yaml.Node) *model.Async {
	return l.async(v, "function.asyncConfiguration", "statefulInvocation", "destination")
}

// legacyTrigger maps one item of legacy `triggers`.
func (l *loader) legacyTrigger(n *yaml.Node, name string) *model.Trigger {
	m, ok := l.object(n, name)
	if !ok {
		return nil
	}
	l.checkLegacyKeys(m, legacyTriggerProps, name)
	get := func(k string) *yaml.Node { _, v := lookup(m, k); return v }
	t := &model.Trigger{Source: l.pos(n)}
	t.Name = l.str(get("name"), name+".name")
	typeNode := get("type")
	t.Type = l.triggerType(typeNode, name+".type")
	t.Qualifier = l.str(get("qualifier"), name+".qualifier")
	t.InvocationRole = l.str(get("role"), name+".role")
	arnNode := get("sourceArn")
	t.SourceARN = l.str(arnNode, name+".sourceArn")
	cfgNode := get("config")
	cfg, _ := l.object(cfgNode, name+".config")
	l.triggerConfig(t, arnNode, cfgNode, cfg, name+".config")
	return t
}

// legacyRole reads service.role: an ARN or name, or an object {name,
// policies, description, service/assumeRolePolicy} that the component
// creates, which becomes a Role with its policies and attachments.
func (l *loader) legacyRole(v *yaml.Node, fnKey string) model.Str {
	d := l.val(v)
	if d.kind != kMap {
		return l.str(v, "service.role")
	}
	r := l.ramRole(d.node, v, fnKey+"/role", "service.role")
	if r == nil {
		return model.Str{}
	}
	return r.Name
}
