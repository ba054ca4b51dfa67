package terraform

import (
	"github.com/fcplan/fcplan/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// policyDocumentNode builds the document of an alicloud_ram_policy_document
// data source referenced as `data.alicloud_ram_policy_document.NAME.document`
// from its statement blocks, so the policy or role that uses it gets parsed
// statements positioned at the data source's lines. It returns nil for any
// other expression.
func (m *module) policyDocumentNode(e *hclsyntax.ScopeTraversalExpr, at model.Pos) *node {
	tr := e.Traversal
	if len(tr) != 4 || tr.RootName() != "data" {
		return nil
	}
	typ, ok1 := tr[1].(hcl.TraverseAttr)
	name, ok2 := tr[2].(hcl.TraverseAttr)
	attr, ok3 := tr[3].(hcl.TraverseAttr)
	if !ok1 || !ok2 || !ok3 || typ.Name != "alicloud_ram_policy_document" || attr.Name != "document" {
		return nil
	}
	b := m.data[typ.Name+"."+name.Name]
	if b == nil {
		return nil
	}
	ref := m.traversalRef(tr)
	doc := newObj(m.rangePos(b.TypeRange))
	if v := b.Body.Attributes["version"]; v != nil {
		doc.set("Version", m.buildNode(v.Expr, nil, m.rangePos(v.SrcRange)))
	} else {
		doc.set("Version", &node{kind: leafNode, val: cty.StringVal("1"), pos: m.rangePos(b.TypeRange)})
	}
	stmts := &node{kind: listNode, pos: m.rangePos(b.TypeRange)}
	for _, sb := range b.Body.Blocks {
		if sb.Type != "statement" {
			continue
		}
		sp := m.rangePos(sb.TypeRange)
		st := newObj(sp)
		if a := sb.Body.Attributes["effect"]; a != nil {
			st.set("Effect", m.buildNode(a.Expr, nil, m.rangePos(a.SrcRange)))
		} else {
			st.set("Effect", &node{kind: leafNode, val: cty.StringVal("Allow"), pos: sp})
		}
		for _, k := range []string{"action", "resource"} {
			if a := sb.Body.Attributes[k]; a != nil {
				st.set(map[string]string{"action": "Action", "resource": "Resource"}[k], m.buildNode(a.Expr, nil, m.rangePos(a.SrcRange)))
			}
		}
		var principal, condition *node
		for _, inner := range sb.Body.Blocks {
			switch inner.Type {
			case "principal":
				ent, ids := inner.Body.Attributes["entity"], inner.Body.Attributes["identifiers"]
				if ent == nil || ids == nil {
					continue
				}
				entity, ok := scalarText(m.eval(ent.Expr, nil))
				if !ok {
					continue
				}
				if principal == nil {
					principal = newObj(m.rangePos(inner.TypeRange))
				}
				principal.set(entity, m.buildNode(ids.Expr, nil, m.rangePos(ids.SrcRange)))
			case "condition":
				op, vr, vals := inner.Body.Attributes["operator"], inner.Body.Attributes["variable"], inner.Body.Attributes["values"]
				if op == nil || vr == nil || vals == nil {
					continue
				}
				opName, ok1 := scalarText(m.eval(op.Expr, nil))
				varName, ok2 := scalarText(m.eval(vr.Expr, nil))
				if !ok1 || !ok2 {
					continue
				}
				if condition == nil {
					condition = newObj(m.rangePos(inner.TypeRange))
				}
				group := condition.get(opName)
				if group == nil {
					group = newObj(m.rangePos(inner.TypeRange))
					condition.set(opName, group)
				}
				group.set(varName, m.buildNode(vals.Expr, nil, m.rangePos(vals.SrcRange)))
			}
		}
		if principal != nil {
			st.set("Principal", principal)
		}
		if condition != nil {
			st.set("Condition", condition)
		}
		stmts.elems = append(stmts.elems, st)
	}
	doc.set("Statement", stmts)
	return &node{kind: leafNode, val: cty.DynamicVal, text: ref, ref: ref, pos: at, json: doc}
}
