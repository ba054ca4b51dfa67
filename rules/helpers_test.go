package rules

import (
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

// The unit tests build projects by hand; every value sits on its own line
// of a fictitious file so each expected finding names a line and column.

const testFile = "s.yaml"

func at(line, col int) model.Pos { return model.Pos{File: testFile, Line: line, Column: col} }

func str(v string, line int) model.Str    { return model.Known(v, at(line, 5)) }
func num(v int, line int) model.Int       { return model.Known(v, at(line, 5)) }
func boolean(v bool, line int) model.Bool { return model.Known(v, at(line, 5)) }
func unknownStr(text string, line int) model.Str {
	return model.UnknownValue[string](text, at(line, 5))
}
func ref(r string, line int) model.Str { return model.Reference[string](r, r, at(line, 5)) }

func strs(line int, vs ...string) []model.Str {
	out := make([]model.Str, len(vs))
	for i, v := range vs {
		out[i] = str(v, line+i)
	}
	return out
}

// stmt builds an Allow or Deny statement with actions from line 10 and
// resources from line 20.
func stmt(effect string, actions []string, resources []string) model.Statement {
	return model.Statement{Effect: str(effect, 9), Actions: strs(10, actions...), Resources: strs(20, resources...), Pos: at(8, 3)}
}

func policy(key string, sts ...model.Statement) *model.Policy {
	return &model.Policy{Key: key, Name: str(key, 2), Type: model.PolicyCustom, Source: at(1, 1), Document: &model.PolicyDocument{Statements: sts}}
}

// ramProject returns a project with one function whose role has the given
// policies attached.
func ramProject(pols ...*model.Policy) *model.Project {
	role := &model.Role{Key: "role", Name: str("fn-role", 30), Source: at(30, 1),
		Trust: &model.PolicyDocument{Statements: []model.Statement{{Effect: str("Allow", 31), Principal: &model.Principal{Service: strs(32, fcService)}}}}}
	p := &model.Project{Roles: []*model.Role{role}, Policies: pols}
	for _, pol := range pols {
		p.Attachments = append(p.Attachments, &model.PolicyAttachment{Key: "att-" + pol.Key, Source: at(40, 1), PolicyName: str(policyNameOf(pol), 41), PolicyType: str(string(pol.Type), 42), RoleName: str("fn-role", 43)})
	}
	p.Functions = []*model.Function{{Key: "fn", Name: str("fn", 50), Source: at(50, 1), Role: str("fn-role", 51)}}
	p.Link()
	return p
}

func policyNameOf(pol *model.Policy) string {
	n, _ := pol.Name.Get()
	return n
}

type want struct {
	line, col int
	sev       finding.Severity
}

// expect runs one rule and checks that it reports exactly the wanted
// findings, in order.
func expect(t *testing.T, id string, p *model.Project, c *Context, wants ...want) []finding.Finding {
	t.Helper()
	r := Lookup(id)
	if r == nil {
		t.Fatalf("rule %s not registered", id)
	}
	if c == nil {
		c = &Context{Catalog: embeddedCatalog()}
	}
	got := r.Check(p, c)
	if len(got) != len(wants) {
		t.Fatalf("%s: got %d findings, want %d: %+v", id, len(got), len(wants), got)
	}
	for i, w := range wants {
		g := got[i]
		if g.RuleID != id || g.Location.Line != w.line || g.Location.Column != w.col || g.Severity != w.sev {
			t.Errorf("%s finding %d = %s %s at %d:%d, want %s at %d:%d (%s)", id, i, g.RuleID, g.Severity, g.Location.Line, g.Location.Column, w.sev, w.line, w.col, g.Message)
		}
		if g.Message == "" || g.Fix == "" || g.DocURL != docURL(id) || g.Subject == "" {
			t.Errorf("%s finding %d incomplete: %+v", id, i, g)
		}
	}
	return got
}

// TestRulesOnSparseProjects runs every rule over projects whose optional
// parts are missing or unknown: no rule may panic or report on them.
func TestRulesOnSparseProjects(t *testing.T) {
	unknownType := model.UnknownValue[string]("${vars.type}", at(3, 3))
	projects := []*model.Project{
		{},
		{Functions: []*model.Function{{Key: "f"}}},
		{Functions: []*model.Function{{Key: "f", VPC: &model.VPCConfig{}, Triggers: []*model.Trigger{
			{Type: str(model.TriggerOSS, 2)}, {Type: str(model.TriggerHTTP, 3)}, {Type: unknownType}, {},
		}, Async: &model.Async{OnFailure: unknownStr("${vars.dlq}", 6)}, Log: &model.LogConfig{Auto: true}}}},
		{Policies: []*model.Policy{{Key: "p"}, {Key: "q", Document: &model.PolicyDocument{Unknown: "data.x.json"}},
			{Key: "r", Document: &model.PolicyDocument{Statements: []model.Statement{{}, {Effect: unknownStr("${x}", 4)}}}}},
			Roles:         []*model.Role{{Key: "r", Trust: &model.PolicyDocument{Statements: []model.Statement{{Effect: str("Allow", 5)}}}}},
			CustomDomains: []*model.CustomDomain{{Key: "d"}}},
	}
	for i, p := range projects {
		p.Link()
		for _, r := range All() {
			if !ownRule(r.ID) {
				continue
			}
			for _, f := range r.Check(p, nil) {
				if f.Severity > finding.Info {
					t.Errorf("project %d: %s reported on a sparse project: %s", i, r.ID, f.Message)
				}
			}
		}
	}
}
