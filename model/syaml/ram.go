package syaml

import (
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model"
)

// loadRAM maps a `component: ram` resource (devsapp/ram: props name,
// description, service or statement for the trust policy, policies) into a
// Role keyed "<file>#<resource>", its custom policies and attachments. This
// is best effort: the component has no published schema.
func (l *loader) loadRAM(key, propsNode *yaml.Node) {
	name := keyText(key)
	m, ok := l.object(propsNode, "props")
	if !ok {
		if propsNode == nil {
			l.errorf(key, "resource %s: expected `props` (name, service, policies)", name)
		}
		return
	}
	r := l.ramRole(m, propsNode, l.path+"#"+name, "props")
	if r != nil {
		r.Source = l.pos(key)
		if !r.Name.Set {
			r.Name = model.Known(name, l.pos(key))
		}
	}
}

// ramRole reads a role object {name, description, service | statement |
// assumeRolePolicy, policies} and adds the role, its inline custom policies
// and their attachments to the project.
func (l *loader) ramRole(m, v *yaml.Node, key, name string) *model.Role {
	get := func(k string) *yaml.Node { _, n := lookup(m, k); return n }
	r := &model.Role{Key: key, Source: l.pos(v)}
	r.Name = l.str(get("name"), name+".name")
	r.Description = l.str(get("description"), name+".description")
	if arn := get("arn"); arn != nil {
		r.ARN = l.str(arn, name+".arn")
	}
	switch {
	case get("service") != nil:
		svc := get("service")
		r.Trust = &model.PolicyDocument{
			Version: model.Known("1", l.pos(svc)),
			Pos:     l.pos(svc),
			Statements: []model.Statement{{
				Effect:    model.Known("Allow", l.pos(svc)),
				Actions:   []model.Str{model.Known("sts:AssumeRole", l.pos(svc))},
				Principal: &model.Principal{Service: l.strList(svc, name+".service"), Pos: l.pos(svc)},
				Pos:       l.pos(svc),
			}},
		}
	case get("statement") != nil:
		r.Trust = l.policyDocument(get("statement"), nil, name+".statement")
	case get("assumeRolePolicy") != nil:
		r.Trust = l.policyDocument(nil, get("assumeRolePolicy"), name+".assumeRolePolicy")
	}
	l.p.Roles = append(l.p.Roles, r)
	for i, item := range l.list(get("policies"), name+".policies") {
		l.ramPolicy(r, item, i, fmt.Sprintf("%s.policies[%d]", name, i))
	}
	return r
}

// ramPolicy reads one entry of a role's policies: a policy name (system or
// custom, attached by name) or {name, description, statement} (a custom
// policy created with the role).
func (l *loader) ramPolicy(r *model.Role, item *yaml.Node, i int, name string) {
	d := l.val(item)
	att := &model.PolicyAttachment{
		Key:      fmt.Sprintf("%s/attachment[%d]", r.Key, i),
		Source:   l.pos(item),
		RoleName: r.Name,
	}
	if d.kind != kMap {
		att.PolicyName = l.str(item, name)
		if att.PolicyName.Set {
			l.p.Attachments = append(l.p.Attachments, att)
		}
		return
	}
	get := func(k string) *yaml.Node { _, n := lookup(d.node, k); return n }
	pol := &model.Policy{
		Key:    fmt.Sprintf("%s/policy[%d]", r.Key, i),
		Type:   model.PolicyCustom,
		Source: l.pos(item),
		Inline: true,
	}
	pol.Name = l.str(get("name"), name+".name")
	if !pol.Name.Set {
		pol.Name = model.Known(fmt.Sprintf("%s-policy-%d", r.Name.Text(), i), l.pos(item))
	}
	switch {
	case get("statement") != nil:
		pol.Document = l.policyDocument(get("statement"), nil, name+".statement")
	case get("document") != nil:
		pol.Document = l.policyDocument(nil, get("document"), name+".document")
	}
	l.p.Policies = append(l.p.Policies, pol)
	att.PolicyName = pol.Name
	att.PolicyType = model.Known(string(model.PolicyCustom), l.pos(item))
	l.p.Attachments = append(l.p.Attachments, att)
}

// policyDocument reads a statement list, or a whole document {Version,
// Statement}.
func (l *loader) policyDocument(statements, doc *yaml.Node, name string) *model.PolicyDocument {
	at := statements
	if doc != nil {
		at = doc
		m, ok := l.object(doc, name)
		if !ok {
			d := l.val(doc)
			if d.kind == kUnknown {
				return &model.PolicyDocument{Unknown: d.unknown, Pos: l.pos(doc)}
			}
			return nil
		}
		_, ver := lookupFold(m, "Version")
		_, statements = lookupFold(m, "Statement")
		pd := &model.PolicyDocument{Version: l.str(ver, name+".Version"), Pos: l.pos(doc)}
		pd.Statements = l.statements(statements, name+".Statement")
		return pd
	}
	pd := &model.PolicyDocument{Pos: l.pos(at)}
	pd.Statements = l.statements(statements, name)
	return pd
}

func (l *loader) statements(n *yaml.Node, name string) []model.Statement {
	var out []model.Statement
	items := l.list(n, name)
	if d := l.val(n); d.kind == kMap {
		items = []*yaml.Node{n}
	}
	for i, item := range items {
		sn := fmt.Sprintf("%s[%d]", name, i)
		m, ok := l.object(item, sn)
		if !ok {
			continue
		}
		get := func(k string) *yaml.Node { _, v := lookupFold(m, k); return v }
		st := model.Statement{Pos: l.pos(item)}
		st.Effect = l.str(get("Effect"), sn+".Effect")
		st.Actions = l.strList(get("Action"), sn+".Action")
		st.NotActions = l.strList(get("NotAction"), sn+".NotAction")
		st.Resources = l.strList(get("Resource"), sn+".Resource")
		st.NotResources = l.strList(get("NotResource"), sn+".NotResource")
		if p := get("Principal"); p != nil {
			st.Principal = l.principal(p, sn+".Principal")
		}
		if c := get("Condition"); c != nil {
			st.Conditions = l.conditions(c, sn+".Condition")
		}
		out = append(out, st)
	}
	return out
}

func (l *loader) principal(n *yaml.Node, name string) *model.Principal {
	p := &model.Principal{Pos: l.pos(n)}
	d := l.val(n)
	if d.kind == kString && d.s == "*" {
		p.Any = true
		return p
	}
	m, ok := l.object(n, name)
	if !ok {
		return p
	}
	_, ram := lookupFold(m, "RAM")
	p.RAM = l.strList(ram, name+".RAM")
	_, svc := lookupFold(m, "Service")
	p.Service = l.strList(svc, name+".Service")
	_, fed := lookupFold(m, "Federated")
	p.Federated = l.strList(fed, name+".Federated")
	return p
}

// conditions reads {Operator: {Key: value | [values]}}, sorted by operator
// and key for deterministic output.
func (l *loader) conditions(n *yaml.Node, name string) []model.Condition {
	m, ok := l.object(n, name)
	if !ok {
		return nil
	}
	var out []model.Condition
	for _, e := range entries(m) {
		op := keyText(e.key)
		km, ok := l.object(e.val, name+"."+op)
		if !ok {
			continue
		}
		for _, ke := range entries(km) {
			k := keyText(ke.key)
			out = append(out, model.Condition{Operator: op, Key: k, Values: l.strList(ke.val, name+"."+op+"."+k), Pos: l.pos(ke.key)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Operator != out[j].Operator {
			return out[i].Operator < out[j].Operator
		}
		return out[i].Key < out[j].Key
	})
	return out
}
