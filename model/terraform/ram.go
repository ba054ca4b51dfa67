package terraform

import (
	"github.com/fcplan/fcplan/model"
)

// role maps alicloud_ram_role: the current role_name and
// assume_role_policy_document, or the older name and document, or the
// oldest services/ram_users lists.
func (a *assembler) role(key string, n *node, src model.Pos) *model.Role {
	r := &model.Role{
		Key: key, Source: src,
		Name:        a.s(n, "role_name", "name"),
		ARN:         a.s(n, "arn"),
		Description: a.s(n, "description"),
	}
	if d := n.first("assume_role_policy_document", "document"); d != nil {
		r.Trust = a.document(key, d)
		return r
	}
	services, users := n.get("services"), n.get("ram_users")
	if services != nil || users != nil {
		at := src
		if services != nil {
			at = services.pos
		} else {
			at = users.pos
		}
		r.Trust = &model.PolicyDocument{
			Version: a.s(n, "version"),
			Pos:     at,
			Statements: []model.Statement{{
				Effect:    model.Known("Allow", at),
				Actions:   []model.Str{model.Known("sts:AssumeRole", at)},
				Principal: &model.Principal{Service: services.strs(a.warn), RAM: users.strs(a.warn), Pos: at},
				Pos:       at,
			}},
		}
	}
	return r
}

// policy maps alicloud_ram_policy, including the deprecated statement
// blocks.
func (a *assembler) policy(key string, n *node, src model.Pos) *model.Policy {
	pol := &model.Policy{Key: key, Source: src, Type: model.PolicyCustom, Name: a.s(n, "policy_name", "name")}
	if d := n.first("policy_document", "document"); d != nil {
		pol.Document = a.document(key, d)
		return pol
	}
	if sts := n.blocks("statement"); len(sts) > 0 {
		doc := &model.PolicyDocument{Version: a.s(n, "version"), Pos: sts[0].pos}
		for _, st := range sts {
			doc.Statements = append(doc.Statements, model.Statement{
				Effect:    a.s(st, "effect"),
				Actions:   a.l(st, "action"),
				Resources: a.l(st, "resource"),
				Pos:       st.pos,
			})
		}
		pol.Document = doc
	}
	return pol
}

// document parses a RAM policy or trust document from a JSON string or a
// jsonencode object.
func (a *assembler) document(key string, n *node) *model.PolicyDocument {
	doc, errMsg := n.jsonDoc()
	if doc == nil {
		if errMsg != "" {
			a.p.Errorf(n.pos, "policy document of %s is %s", key, errMsg)
			return &model.PolicyDocument{Unknown: errMsg, Pos: n.pos}
		}
		return &model.PolicyDocument{Unknown: n.unknownTextOr(n.describe()), Pos: n.pos}
	}
	if doc.kind != objNode {
		return &model.PolicyDocument{Unknown: n.unknownTextOr(doc.describe()), Pos: n.pos}
	}
	pd := &model.PolicyDocument{Version: doc.getFold("Version").str(a.warn), Pos: n.pos}
	st := doc.getFold("Statement")
	var stmts []*node
	switch {
	case st == nil:
	case st.kind == listNode:
		stmts = st.elems
	case st.kind == objNode:
		stmts = []*node{st}
	default:
		pd.Unknown = st.unknownTextOr(st.describe())
	}
	for _, s := range stmts {
		if s.kind != objNode {
			pd.Statements = append(pd.Statements, model.Statement{Effect: model.UnknownValue[string](s.describe(), s.pos), Pos: s.pos})
			continue
		}
		stmt := model.Statement{
			Effect:       s.getFold("Effect").str(a.warn),
			Actions:      s.getFold("Action").strs(a.warn),
			NotActions:   s.getFold("NotAction").strs(a.warn),
			Resources:    s.getFold("Resource").strs(a.warn),
			NotResources: s.getFold("NotResource").strs(a.warn),
			Principal:    a.principal(s.getFold("Principal")),
			Pos:          s.pos,
		}
		if c := s.getFold("Condition"); c != nil && c.kind == objNode {
			for _, op := range c.keys {
				keys := c.obj[op]
				if keys.kind != objNode {
					continue
				}
				for _, k := range keys.keys {
					v := keys.obj[k]
					stmt.Conditions = append(stmt.Conditions, model.Condition{Operator: op, Key: k, Values: v.strs(a.warn), Pos: v.pos})
				}
			}
		}
		pd.Statements = append(pd.Statements, stmt)
	}
	return pd
}

func (a *assembler) principal(n *node) *model.Principal {
	if n == nil || n.isNull() {
		return nil
	}
	p := &model.Principal{Pos: n.pos}
	if n.kind != objNode {
		if v := n.str(a.warn); v.IsKnown() && v.V == "*" {
			p.Any = true
		} else {
			p.RAM = []model.Str{v}
		}
		return p
	}
	p.RAM = n.getFold("RAM").strs(a.warn)
	p.Service = n.getFold("Service").strs(a.warn)
	p.Federated = n.getFold("Federated").strs(a.warn)
	return p
}
