package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

func withCondition(st model.Statement, key string, values ...string) model.Statement {
	st.Conditions = append(st.Conditions, model.Condition{Operator: "StringEquals", Key: key, Values: strs(25, values...)})
	return st
}

func TestRAMRules(t *testing.T) {
	tests := []struct {
		name  string
		rule  string
		p     *model.Project
		wants []want
	}{
		{"RAM001 admin", "RAM001", ramProject(policy("p", stmt("Allow", []string{"*"}, []string{"*"}))), []want{{10, 5, finding.Error}}},
		{"RAM001 deny is fine", "RAM001", ramProject(policy("p", stmt("Deny", []string{"*"}, []string{"*"}))), nil},
		{"RAM001 scoped actions", "RAM001", ramProject(policy("p", stmt("Allow", []string{"oss:GetObject"}, []string{"*"}))), nil},
		{"RAM001 source ip lowers", "RAM001", ramProject(policy("p", withCondition(stmt("Allow", []string{"*"}, []string{"*"}), "acs:SourceIp", "10.0.0.0/8"))), []want{{10, 5, finding.Warning}}},
		{"RAM001 secure transport is not restrictive", "RAM001", ramProject(policy("p", withCondition(stmt("Allow", []string{"*"}, []string{"*"}), "acs:SecureTransport", "true"))), []want{{10, 5, finding.Error}}},
		{"RAM001 NotAction all resources", "RAM001", ramProject(policy("p", model.Statement{Effect: str("Allow", 9), NotActions: strs(12, "ram:*"), Resources: strs(20, "*")})), []want{{12, 5, finding.Error}}},
		{"RAM001 unattached policy still checked", "RAM001", &model.Project{Policies: []*model.Policy{policy("p", stmt("Allow", []string{"*"}, []string{"*"}))}}, []want{{10, 5, finding.Error}}},

		{"RAM002 service wildcard on all", "RAM002", ramProject(policy("p", stmt("Allow", []string{"oss:*"}, []string{"*"}))), []want{{10, 5, finding.Error}}},
		{"RAM002 service wildcard on acs:oss:*:*:*", "RAM002", ramProject(policy("p", stmt("Allow", []string{"oss:*"}, []string{"acs:oss:*:*:*"}))), []want{{10, 5, finding.Error}}},
		{"RAM002 service wildcard scoped", "RAM002", ramProject(policy("p", stmt("Allow", []string{"oss:*"}, []string{"acs:oss:*:*:my-bucket/*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM002 tag condition lowers", "RAM002", ramProject(policy("p", withCondition(stmt("Allow", []string{"oss:*"}, []string{"*"}), "acs:ResourceTag/team", "a"))), []want{{10, 5, finding.Warning}}},
		{"RAM002 deny is fine", "RAM002", ramProject(policy("p", stmt("Deny", []string{"oss:*"}, []string{"*"}))), nil},
		{"RAM002 unattached not in scope", "RAM002", &model.Project{Policies: []*model.Policy{policy("p", stmt("Allow", []string{"oss:*"}, []string{"*"}))}}, nil},
		{"RAM002 NotAction scoped", "RAM002", ramProject(policy("p", model.Statement{Effect: str("Allow", 9), NotActions: strs(12, "oss:DeleteObject"), Resources: strs(20, "acs:oss:*:*:b/*")})), []want{{12, 5, finding.Warning}}},

		{"RAM003 write on all", "RAM003", ramProject(policy("p", stmt("Allow", []string{"oss:GetObject", "oss:PutObject"}, []string{"*"}))), []want{{11, 5, finding.Warning}}},
		{"RAM003 write on all buckets", "RAM003", ramProject(policy("p", stmt("Allow", []string{"oss:DeleteObject"}, []string{"acs:oss:*:*:*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM003 unscopable list calls never fire", "RAM003", ramProject(policy("p", stmt("Allow", []string{"oss:ListBuckets", "sts:GetCallerIdentity", "log:ListProject", "ecs:DescribeInstances"}, []string{"*"}))), nil},
		{"RAM003 scoped write", "RAM003", ramProject(policy("p", stmt("Allow", []string{"oss:PutObject"}, []string{"acs:oss:*:*:b/out/*"}))), nil},
		{"RAM003 partial wildcard", "RAM003", ramProject(policy("p", stmt("Allow", []string{"oss:Put*"}, []string{"*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM003 deny", "RAM003", ramProject(policy("p", stmt("Deny", []string{"oss:PutObject"}, []string{"*"}))), nil},
		{"RAM003 tag condition suppresses", "RAM003", ramProject(policy("p", withCondition(stmt("Allow", []string{"oss:PutObject"}, []string{"*"}), "acs:ResourceTag/app", "x"))), nil},
		{"RAM003 NotResource counts as all", "RAM003", ramProject(policy("p", model.Statement{Effect: str("Allow", 9), Actions: strs(10, "fc:DeleteFunction"), NotResources: strs(20, "acs:fc:*:*:functions/keep")})), []want{{10, 5, finding.Warning}}},

		{"RAM005 attach policy", "RAM005", ramProject(policy("p", stmt("Allow", []string{"oss:GetObject", "ram:AttachPolicyToRole"}, []string{"*"}))), []want{{11, 5, finding.Error}}},
		{"RAM005 ram wildcard", "RAM005", &model.Project{Policies: []*model.Policy{policy("p", stmt("Allow", []string{"ram:*"}, []string{"*"}))}}, []want{{10, 5, finding.Error}}},
		{"RAM005 assume any role", "RAM005", ramProject(policy("p", stmt("Allow", []string{"sts:AssumeRole"}, []string{"*"}))), []want{{10, 5, finding.Error}}},
		{"RAM005 assume one role is fine", "RAM005", ramProject(policy("p", stmt("Allow", []string{"sts:AssumeRole"}, []string{"acs:ram::123456789:role/reader"}))), nil},
		{"RAM005 read-only ram is fine", "RAM005", ramProject(policy("p", stmt("Allow", []string{"ram:GetRole", "ram:ListPolicies"}, []string{"*"}))), nil},
		{"RAM005 deny", "RAM005", ramProject(policy("p", stmt("Deny", []string{"ram:*"}, []string{"*"}))), nil},

		{"RAM007 typo", "RAM007", ramProject(policy("p", stmt("Allow", []string{"oss:GetObjcet"}, []string{"*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM007 typo in deny", "RAM007", ramProject(policy("p", stmt("Deny", []string{"oss:DeleteObjet"}, []string{"*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM007 service typo", "RAM007", ramProject(policy("p", stmt("Allow", []string{"os:GetObject"}, []string{"*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM007 no prefix", "RAM007", ramProject(policy("p", stmt("Allow", []string{"GetObject"}, []string{"*"}))), []want{{10, 5, finding.Warning}}},
		{"RAM007 case differences are fine", "RAM007", ramProject(policy("p", stmt("Allow", []string{"OSS:getobject", "fc:InvokeFunction"}, []string{"*"}))), nil},
		{"RAM007 uncatalogued action is not reported", "RAM007", ramProject(policy("p", stmt("Allow", []string{"oss:SomeBrandNewApi", "ens:DescribeInstances"}, []string{"*"}))), nil},
		{"RAM007 wildcards are not judged", "RAM007", ramProject(policy("p", stmt("Allow", []string{"oss:Get*"}, []string{"*"}))), nil},
		{"RAM007 unknown values are skipped", "RAM007", ramProject(policy("p", model.Statement{Effect: str("Allow", 9), Actions: []model.Str{unknownStr("${var.action}", 10)}})), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, tt.rule, tt.p, nil, tt.wants...)
		})
	}
}

func TestRAM007Message(t *testing.T) {
	got := expect(t, "RAM007", ramProject(policy("p", stmt("Allow", []string{"oss:GetObjcet"}, []string{"*"}))), nil, want{10, 5, finding.Warning})
	if !strings.Contains(got[0].Message, `did you mean "oss:GetObject"`) {
		t.Errorf("message lacks did-you-mean: %s", got[0].Message)
	}
}

// systemRoleProject attaches system policies by name to a function role.
func systemRoleProject(names ...string) *model.Project {
	role := &model.Role{Key: "role", Name: str("fn-role", 30), Source: at(30, 1)}
	p := &model.Project{Roles: []*model.Role{role}}
	for i, n := range names {
		p.Attachments = append(p.Attachments, &model.PolicyAttachment{Key: "att" + n, Source: at(40+i*3, 1), PolicyName: str(n, 41+i*3), PolicyType: str("System", 42+i*3), RoleName: str("fn-role", 43+i*3)})
	}
	p.Functions = []*model.Function{{Key: "fn", Name: str("fn", 50), Source: at(50, 1), Role: str("fn-role", 51)}}
	p.Link()
	return p
}

func TestRAM004(t *testing.T) {
	expect(t, "RAM004", systemRoleProject("AdministratorAccess"), nil, want{41, 5, finding.Error})
	got := expect(t, "RAM004", systemRoleProject("AliyunOSSFullAccess"), nil, want{41, 5, finding.Warning})
	if !strings.Contains(got[0].Fix, "AliyunOSSReadOnlyAccess") {
		t.Errorf("fix lacks the narrower alternative: %s", got[0].Fix)
	}
	expect(t, "RAM004", systemRoleProject("AliyunOSSReadOnlyAccess", "AliyunLogReadOnlyAccess"), nil)
	// Attached to a role no function uses and whose trust is not known:
	// still administrator access for whoever assumes it.
	p := systemRoleProject("AdministratorAccess")
	p.Functions = nil
	p.Link()
	got = expect(t, "RAM004", p, nil, want{41, 5, finding.Error})
	if !strings.Contains(got[0].Message, "role fn-role") || strings.Contains(got[0].Message, "function role") {
		t.Errorf("message does not name the non-function role: %s", got[0].Message)
	}
}

// principalProject attaches policy pol to a user, a group and roles by
// name; the user has an AccessKey when withKey is set.
func principalProject(pol *model.Policy, att model.PolicyAttachment, withKey bool) *model.Project {
	p := &model.Project{Policies: []*model.Policy{pol}}
	att.Key, att.Source = "att", at(40, 1)
	att.PolicyName, att.PolicyType = str(policyName(pol), 41), str(string(pol.Type), 42)
	p.Attachments = []*model.PolicyAttachment{&att}
	p.Users = []*model.User{{Key: "alicloud_ram_user.ci", Name: str("ci", 20), Source: at(20, 1)}}
	if withKey {
		p.AccessKeys = []*model.AccessKey{{Key: "alicloud_ram_access_key.ci", UserName: model.Reference[string]("alicloud_ram_user.ci.name", "alicloud_ram_user.ci.name", at(25, 3)), Source: at(24, 1)}}
	}
	p.Roles = []*model.Role{{Key: "alicloud_ram_role.apigw", Name: str("apigw", 30), Source: at(30, 1),
		Trust: &model.PolicyDocument{Statements: []model.Statement{{Effect: str("Allow", 31), Principal: &model.Principal{Service: []model.Str{str("apigateway.aliyuncs.com", 32)}}}}}}}
	p.Link()
	return p
}

func TestRAMEveryPrincipal(t *testing.T) {
	ossAll := policy("p", stmt("Allow", []string{"oss:*"}, []string{"*"}))
	admin := &model.Policy{Key: model.SystemPolicyKey("AdministratorAccess"), Name: str("AdministratorAccess", 41), Type: model.PolicySystem}
	full := &model.Policy{Key: model.SystemPolicyKey("AliyunOSSFullAccess"), Name: str("AliyunOSSFullAccess", 41), Type: model.PolicySystem}
	invoke := policy("p", stmt("Allow", []string{"fc:InvokeFunction"}, []string{"*"}))
	user := model.PolicyAttachment{UserName: model.Reference[string]("alicloud_ram_user.ci.name", "alicloud_ram_user.ci.name", at(43, 3))}
	group := model.PolicyAttachment{GroupName: str("ops", 43)}
	svcRole := model.PolicyAttachment{RoleName: model.Reference[string]("alicloud_ram_role.apigw.name", "alicloud_ram_role.apigw.name", at(43, 3))}
	tests := []struct {
		name, rule string
		p          *model.Project
		wants      []want
		inMsg      string
	}{
		{"oss:* on * for a user with an AccessKey", "RAM002", principalProject(ossAll, user, true), []want{{10, 5, finding.Error}}, "long-term AccessKey"},
		{"oss:* on * for a user", "RAM002", principalProject(ossAll, user, false), []want{{10, 5, finding.Error}}, "RAM user ci"},
		{"oss:* on * for a group", "RAM002", principalProject(ossAll, group, false), []want{{10, 5, finding.Error}}, "RAM group ops"},
		{"oss:* on * for a role only API Gateway assumes: lower", "RAM002", principalProject(ossAll, svcRole, false), []want{{10, 5, finding.Warning}}, "service role apigw"},
		{"fc:InvokeFunction on * for the API Gateway role", "RAM003", principalProject(invoke, svcRole, false), []want{{10, 5, finding.Warning}}, "service role apigw"},
		{"AdministratorAccess on a user with an AccessKey", "RAM004", principalProject(admin, user, true), []want{{41, 5, finding.Error}}, "AccessKey"},
		{"AliyunOSSFullAccess on a group", "RAM004", principalProject(full, group, false), []want{{41, 5, finding.Warning}}, "RAM group ops"},
		{"unattached custom policy stays out of RAM002", "RAM002", func() *model.Project { q := &model.Project{Policies: []*model.Policy{ossAll}}; q.Link(); return q }(), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := expect(t, tt.rule, tt.p, nil, tt.wants...)
			if tt.inMsg != "" && len(got) > 0 && !strings.Contains(got[0].Message, tt.inMsg) {
				t.Errorf("message lacks %q: %s", tt.inMsg, got[0].Message)
			}
		})
	}
}

func trustProject(st model.Statement, roleARN string) *model.Project {
	role := &model.Role{Key: "role", Name: str("fn-role", 30), ARN: str(roleARN, 29), Source: at(30, 1), Trust: &model.PolicyDocument{Statements: []model.Statement{st}}}
	p := &model.Project{Roles: []*model.Role{role}}
	p.Functions = []*model.Function{{Key: "fn", Name: str("fn", 50), Source: at(50, 1), Role: str("fn-role", 51)}}
	p.Link()
	return p
}

func TestRAM006(t *testing.T) {
	allow := func(pr *model.Principal) model.Statement {
		return model.Statement{Effect: str("Allow", 31), Actions: strs(32, "sts:AssumeRole"), Principal: pr, Pos: at(30, 3)}
	}
	tests := []struct {
		name  string
		st    model.Statement
		arn   string
		wants []want
	}{
		{"fc only", allow(&model.Principal{Service: strs(33, "fc.aliyuncs.com")}), "", nil},
		{"star", allow(&model.Principal{Any: true, Pos: at(33, 7)}), "", []want{{33, 7, finding.Warning}}},
		{"any account", allow(&model.Principal{RAM: strs(33, "acs:ram::*:root")}), "", []want{{33, 5, finding.Warning}}},
		{"own account", allow(&model.Principal{RAM: strs(33, "acs:ram::111:root")}), "acs:ram::111:role/fn-role", nil},
		{"other account", allow(&model.Principal{RAM: strs(33, "acs:ram::222:root")}), "acs:ram::111:role/fn-role", []want{{33, 5, finding.Warning}}},
		{"fc plus ecs", allow(&model.Principal{Service: strs(33, "fc.aliyuncs.com", "ecs.aliyuncs.com")}), "", []want{{34, 5, finding.Warning}}},
		{"deny star", model.Statement{Effect: str("Deny", 31), Principal: &model.Principal{Any: true, Pos: at(33, 7)}}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, "RAM006", trustProject(tt.st, tt.arn), nil, tt.wants...)
		})
	}
}

func TestAllResources(t *testing.T) {
	tests := []struct {
		res, svc string
		want     bool
	}{
		{"*", "oss", true},
		{"acs:oss:*:*:*", "oss", true},
		{"acs:oss:*:*:*/*", "oss", true},
		{"acs:oss:*:*:bucket/*", "oss", false},
		{"acs:log:*:*:project/*", "log", true},
		{"acs:log:*:*:project/p/logstore/*", "log", false},
		{"acs:fc:*:*:services/*/functions/*", "fc", true},
		{"acs:fc:*:*:functions/app-*", "fc", false},
		{"acs:*:*:*:*", "fc", true},
		{"acs:oss:*:*:*", "fc", false},
	}
	for _, tt := range tests {
		if got := allResources(tt.res, tt.svc); got != tt.want {
			t.Errorf("allResources(%q, %q) = %v, want %v", tt.res, tt.svc, got, tt.want)
		}
	}
}

// Many users, keys and attachments are judged in linear time: a hostile
// configuration with 20,000 of each must not take quadratic work.
func TestRAMHoldersScale(t *testing.T) {
	const n = 20000
	pol := policy("p", stmt("Allow", []string{"oss:*"}, []string{"*"}))
	p := &model.Project{Policies: []*model.Policy{pol}}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("u%d", i)
		p.Users = append(p.Users, &model.User{Key: "alicloud_ram_user." + name, Name: str(name, 1)})
		p.AccessKeys = append(p.AccessKeys, &model.AccessKey{Key: "alicloud_ram_access_key." + name, UserName: str(name, 2)})
		p.Attachments = append(p.Attachments, &model.PolicyAttachment{Key: "a" + name, PolicyName: str("p", 3), PolicyType: str("Custom", 3), UserName: str(name, 3)})
	}
	p.Link()
	start := time.Now()
	hs := holders(p)[pol]
	if len(hs) != n || !hs[n-1].accessKey {
		t.Fatalf("got %d holders (last has key: %v), want %d with keys", len(hs), len(hs) > 0 && hs[len(hs)-1].accessKey, n)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("holders took %v for %d attachments", d, n)
	}
}
