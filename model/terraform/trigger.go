package terraform

import (
	"strings"

	"github.com/fcplan/fcplan/model"
)

// normalizeTriggerType maps the spellings of the two generations onto the
// model's trigger types.
func normalizeTriggerType(v model.Str) model.Str {
	s, ok := v.Get()
	if !ok {
		return v
	}
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "mns", "mns_topic", "mnstopic":
		t = model.TriggerMNS
	case "cdn", "cdn_events", "cdnevents":
		t = model.TriggerCDN
	case "sls", "log":
		t = model.TriggerSLS
	case "ots", "tablestore":
		t = model.TriggerTablestore
	case "event_bridge", "eventbridge":
		t = model.TriggerEventBridge
	}
	out := model.Known(t, v.Pos)
	out.Ref = v.Ref
	return out
}

// trigger maps alicloud_fc_trigger and alicloud_fcv3_trigger; the keys name
// the attributes that differ between them.
func (a *assembler) trigger(key string, n *node, src model.Pos, nameKey, typeKey, cfgKey, roleKey string) *model.Trigger {
	t := &model.Trigger{
		Name:           a.s(n, nameKey),
		Type:           normalizeTriggerType(a.s(n, typeKey)),
		Source:         src,
		Qualifier:      a.s(n, "qualifier"),
		InvocationRole: a.s(n, roleKey),
		SourceARN:      a.s(n, "source_arn"),
	}
	cfgNode := n.get(cfgKey)
	cfg, errMsg := cfgNode.jsonDoc()
	if errMsg != "" {
		a.p.Errorf(cfgNode.pos, "%s of %s is %s", cfgKey, key, errMsg)
	}
	cfgPos := src
	if cfgNode != nil {
		cfgPos = cfgNode.pos
	}
	typ, _ := t.Type.Get()
	switch typ {
	case model.TriggerHTTP:
		h := &model.HTTPTrigger{Pos: cfgPos}
		if cfg != nil {
			h.AuthType = cfg.getFold("authType").str(a.warn)
			h.Methods = cfg.getFold("methods").strs(a.warn)
			h.DisableURLInternet = cfg.getFold("disableURLInternet").bool(a.warn)
		}
		t.HTTP = h
	case model.TriggerOSS:
		o := &model.OSSTrigger{Pos: cfgPos}
		if cfg != nil {
			o.Bucket = cfg.getFold("bucketName").str(a.warn)
			o.Events = cfg.getFold("events").strs(a.warn)
			if key := cfg.getFold("filter").getFold("key"); key != nil {
				o.Prefix = key.getFold("prefix").str(a.warn)
				o.Suffix = key.getFold("suffix").str(a.warn)
			}
		}
		if !o.Bucket.Set {
			o.Bucket = lastARNSegment(t.SourceARN)
		}
		t.OSS = o
	case model.TriggerTimer:
		tm := &model.TimerTrigger{Pos: cfgPos}
		if cfg != nil {
			tm.Cron = cfg.getFold("cronExpression").str(a.warn)
			tm.Enable = cfg.getFold("enable").bool(a.warn)
			tm.Payload = cfg.getFold("payload").str(a.warn)
		}
		t.Timer = tm
	case model.TriggerEventBridge:
		es := &model.EventSourceTrigger{Pos: cfgPos}
		if cfg != nil {
			esc := cfg.getFold("eventSourceConfig")
			es.SourceType = esc.getFold("eventSourceType").str(a.warn)
			es.Source = firstSourceName(esc.getFold("eventSourceParameters"), a.warn)
		}
		t.EventSource = es
	case model.TriggerSLS:
		es := &model.EventSourceTrigger{SourceType: model.Known("SLS", t.Type.Pos), Pos: cfgPos}
		if cfg != nil {
			es.Source = cfg.getFold("sourceConfig").getFold("logstore").str(a.warn)
		}
		t.EventSource = es
	case "":
	default:
		t.EventSource = &model.EventSourceTrigger{SourceType: t.Type, Source: t.SourceARN, Pos: cfgPos}
		if typ == model.TriggerMNS {
			t.EventSource.SourceType = model.Known("MNS", t.Type.Pos)
		}
	}
	return t
}

// lastARNSegment returns "bucket" of "acs:oss:cn-hangzhou:123:bucket".
func lastARNSegment(arn model.Str) model.Str {
	s, ok := arn.Get()
	if !ok {
		return arn
	}
	i := strings.LastIndex(s, ":")
	if i < 0 || i == len(s)-1 {
		return model.Str{}
	}
	return model.Known(strings.TrimSuffix(s[i+1:], "/"), arn.Pos)
}

// firstSourceName finds the queue, topic or instance an EventBridge trigger
// reads from inside eventSourceParameters (one object per source kind).
func firstSourceName(params *node, warn warnFunc) model.Str {
	if params == nil || params.kind != objNode {
		return model.Str{}
	}
	names := []string{"QueueName", "Topic", "InstanceId", "VirtualHostName", "Queue", "RegionId"}
	for _, k := range params.keys {
		src := params.obj[k]
		for _, want := range names {
			if v := src.getFold(want); v != nil && !v.isNull() {
				return v.str(warn)
			}
		}
	}
	return model.Str{}
}
