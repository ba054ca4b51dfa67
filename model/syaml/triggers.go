package syaml

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
)

// triggerTypes maps the spellings of trigger types seen in fc3 and legacy
// files to the model's constants.
var triggerTypes = map[string]string{
	"http":        model.TriggerHTTP,
	"https":       model.TriggerHTTP,
	"oss":         model.TriggerOSS,
	"timer":       model.TriggerTimer,
	"eventbridge": model.TriggerEventBridge,
	"eb":          model.TriggerEventBridge,
	"mns_topic":   model.TriggerMNS,
	"mns":         model.TriggerMNS,
	"mnstopic":    model.TriggerMNS,
	"log":         model.TriggerSLS,
	"sls":         model.TriggerSLS,
	"cdn_events":  model.TriggerCDN,
	"cdn":         model.TriggerCDN,
	"tablestore":  model.TriggerTablestore,
	"ots":         model.TriggerTablestore,
	"kafka":       model.TriggerKafka,
	"rocketmq":    model.TriggerRocketMQ,
	"rabbitmq":    model.TriggerRabbitMQ,
	"mqtt":        model.TriggerMQTT,
	"dts":         model.TriggerDTS,
}

// triggerTypeNames are the canonical spellings, for did-you-mean.
var triggerTypeNames = []string{"cdn_events", "dts", "eventbridge", "http", "kafka", "log", "mns_topic", "mqtt", "oss", "rabbitmq", "rocketmq", "tablestore", "timer"}

// normalizeTriggerType returns the model's constant for a spelling, or "".
func normalizeTriggerType(s string) string {
	return triggerTypes[strings.ToLower(strings.TrimSpace(s))]
}

// triggerType normalizes a trigger's type value; an unrecognised type stays
// unknown with its original text, and gets a warning.
func (l *loader) triggerType(n *yaml.Node, name string) model.Str {
	v := l.str(n, name)
	s, ok := v.Get()
	if !ok {
		return v
	}
	if t := normalizeTriggerType(s); t != "" {
		return model.Known(t, v.Pos)
	}
	if dm := didYouMean(s, triggerTypeNames); dm != "" {
		l.warnf(n, "unknown trigger type %q; did you mean %q?", s, dm)
	} else {
		l.warnf(n, "unknown trigger type %q (known: %s)", s, strings.Join(triggerTypeNames, ", "))
	}
	return model.UnknownValue[string](s, v.Pos)
}

// fc3Trigger maps one item of fc3 `triggers`.
func (l *loader) fc3Trigger(n *yaml.Node, name string) *model.Trigger {
	m, ok := l.object(n, name)
	if !ok {
		return nil
	}
	get := func(k string) *yaml.Node { _, v := lookup(m, k); return v }
	t := &model.Trigger{Source: l.pos(n)}
	t.Name = l.str(get("triggerName"), name+".triggerName")
	typeNode := get("triggerType")
	t.Type = l.triggerType(typeNode, name+".triggerType")
	t.Qualifier = l.str(get("qualifier"), name+".qualifier")
	t.InvocationRole = l.str(get("invocationRole"), name+".invocationRole")
	arnNode := get("sourceArn")
	t.SourceARN = l.str(arnNode, name+".sourceArn")
	cfgNode := get("triggerConfig")
	cfg, _ := l.object(cfgNode, name+".triggerConfig")
	l.triggerConfig(t, arnNode, cfgNode, cfg, name+".triggerConfig")
	return t
}

// triggerConfig fills the type-specific part of a trigger from its config
// mapping cfg (fc3 triggerConfig or legacy config).
func (l *loader) triggerConfig(t *model.Trigger, arnNode, cfgNode, cfg *yaml.Node, name string) {
	typ, _ := t.Type.Get()
	get := func(k string) *yaml.Node {
		if cfg == nil {
			return nil
		}
		_, v := lookup(cfg, k)
		return v
	}
	cfgPos := l.pos(cfgNode)
	if cfgNode == nil {
		cfgPos = t.Source
	}
	typePos := t.Type.Pos
	switch typ {
	case model.TriggerHTTP:
		h := &model.HTTPTrigger{Pos: cfgPos}
		h.AuthType = l.str(get("authType"), name+".authType")
		h.Methods = l.strList(get("methods"), name+".methods")
		h.DisableURLInternet = l.boolean(get("disableURLInternet"), name+".disableURLInternet")
		t.HTTP = h
	case model.TriggerOSS:
		o := &model.OSSTrigger{Pos: cfgPos}
		if b := get("bucketName"); b != nil {
			o.Bucket = l.str(b, name+".bucketName")
		} else {
			o.Bucket = l.arnPart(arnNode, t.SourceARN, ossBucket)
		}
		o.Events = l.strList(get("events"), name+".events")
		if fm, ok := l.object(get("filter"), name+".filter"); ok {
			_, key := lookupFold(fm, "key")
			if km, ok := l.object(key, name+".filter.key"); ok {
				_, pre := lookupFold(km, "prefix")
				o.Prefix = l.str(pre, name+".filter.key.prefix")
				_, suf := lookupFold(km, "suffix")
				o.Suffix = l.str(suf, name+".filter.key.suffix")
			}
		}
		t.OSS = o
	case model.TriggerTimer:
		tm := &model.TimerTrigger{Pos: cfgPos}
		tm.Cron = l.str(get("cronExpression"), name+".cronExpression")
		tm.Enable = l.boolean(get("enable"), name+".enable")
		tm.Payload = l.str(get("payload"), name+".payload")
		t.Timer = tm
	case model.TriggerEventBridge:
		es := &model.EventSourceTrigger{Pos: cfgPos}
		if sc, ok := l.object(get("eventSourceConfig"), name+".eventSourceConfig"); ok {
			_, st := lookup(sc, "eventSourceType")
			es.SourceType = l.str(st, name+".eventSourceConfig.eventSourceType")
			_, params := lookup(sc, "eventSourceParameters")
			es.Source = l.eventSourceName(params)
		}
		if !es.SourceType.Set {
			es.SourceType = knownAt("Default", typePos)
		}
		t.EventSource = es
	case model.TriggerMNS:
		es := &model.EventSourceTrigger{Pos: cfgPos, SourceType: knownAt("MNS", typePos)}
		if tn := get("topicName"); tn != nil {
			es.Source = l.str(tn, name+".topicName")
		} else {
			es.Source = l.arnPart(arnNode, t.SourceARN, mnsTopic)
		}
		t.EventSource = es
	case model.TriggerSLS:
		es := &model.EventSourceTrigger{Pos: cfgPos, SourceType: knownAt("SLS", typePos)}
		if sc, ok := l.object(get("sourceConfig"), name+".sourceConfig"); ok {
			_, ls := lookup(sc, "logstore")
			es.Source = l.str(ls, name+".sourceConfig.logstore")
		}
		t.EventSource = es
	case model.TriggerCDN:
		es := &model.EventSourceTrigger{Pos: cfgPos, SourceType: knownAt("CDN", typePos)}
		es.Source = l.str(get("eventName"), name+".eventName")
		t.EventSource = es
	case model.TriggerTablestore:
		es := &model.EventSourceTrigger{Pos: cfgPos, SourceType: knownAt("Tablestore", typePos)}
		es.Source = l.arnPart(arnNode, t.SourceARN, otsTable)
		t.EventSource = es
	case model.TriggerKafka, model.TriggerRocketMQ, model.TriggerRabbitMQ, model.TriggerMQTT, model.TriggerDTS:
		es := &model.EventSourceTrigger{Pos: cfgPos, SourceType: knownAt(typ, typePos)}
		es.Source = l.eventSourceName(cfgNode)
		t.EventSource = es
	}
}

// eventSourceNameKeys are the keys that name an event source inside
// EventBridge source parameters, most specific first.
var eventSourceNameKeys = []string{"QueueName", "Topic", "TopicName", "Logstore", "LogStore", "Table", "InstanceId", "Bucket", "BrokerUrl"}

// eventSourceName finds the queue/topic/logstore an EventBridge source
// reads: eventSourceParameters: {sourceMNSParameters: {QueueName: q}}.
func (l *loader) eventSourceName(params *yaml.Node) model.Str {
	pm, ok := l.object(params, "eventSourceParameters")
	if !ok {
		return model.Str{}
	}
	search := []*yaml.Node{pm}
	for _, e := range entries(pm) {
		if d := l.val(e.val); d.kind == kMap {
			search = append(search, d.node)
		}
	}
	for _, key := range eventSourceNameKeys {
		for _, m := range search {
			if _, v := lookupFold(m, key); v != nil {
				if s := l.str(v, key); s.Set {
					return s
				}
			}
		}
	}
	return model.Str{}
}

// ARN field extractors: each gets the colon-separated parts of an ARN.
func ossBucket(parts []string) (string, bool) {
	// acs:oss:<region>:<account>:<bucket>[/<object pattern>]
	if len(parts) < 5 || parts[1] != "oss" {
		return "", false
	}
	b, _, _ := strings.Cut(parts[4], "/")
	return b, b != ""
}

func mnsTopic(parts []string) (string, bool) {
	// acs:mns:<region>:<account>:/topics/<topic>
	if len(parts) < 5 {
		return "", false
	}
	rest := strings.Join(parts[4:], ":")
	if _, after, ok := strings.Cut(rest, "/topics/"); ok {
		t, _, _ := strings.Cut(after, "/")
		return t, t != ""
	}
	return "", false
}

func otsTable(parts []string) (string, bool) {
	// acs:ots:<region>:<account>:instance/<instance>/table/<table>
	if len(parts) < 5 {
		return "", false
	}
	rest := strings.Join(parts[4:], ":")
	if _, after, ok := strings.Cut(rest, "/table/"); ok {
		t, _, _ := strings.Cut(after, "/")
		return t, t != ""
	}
	return "", false
}

// arnPart extracts a field of an ARN. When the ARN as a whole is unknown
// (acs:oss:${vars.region}:${config('AccountID')}:my-bucket) the field is
// still known if the part of the text it comes from is.
func (l *loader) arnPart(arnNode *yaml.Node, arn model.Str, field func([]string) (string, bool)) model.Str {
	if !arn.Set {
		return model.Str{}
	}
	if s, ok := arn.Get(); ok {
		if v, ok := field(strings.Split(s, ":")); ok {
			return model.Known(v, arn.Pos)
		}
		return model.Str{}
	}
	raw := arn.Unknown
	if n := deref(arnNode); n != nil && n.Kind == yaml.ScalarNode {
		raw = n.Value
	}
	parts := splitOutsideExpr(raw, ':')
	v, ok := field(parts)
	if !ok {
		return model.Str{}
	}
	if !strings.Contains(v, "${") && !strings.Contains(v, "{{") {
		return model.Known(v, arn.Pos)
	}
	d := l.sc.interpolate(v, 0)
	if d.kind == kString {
		return model.Known(d.s, arn.Pos)
	}
	return model.UnknownValue[string](v, arn.Pos)
}

// splitOutsideExpr splits s at sep, except inside ${...} and {{...}}.
func splitOutsideExpr(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			if end := exprEnd(s, i+2); end >= 0 {
				i = end
			}
		case strings.HasPrefix(s[i:], "{{"):
			if end := strings.Index(s[i+2:], "}}"); end >= 0 {
				i += 2 + end + 1
			}
		case s[i] == sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
