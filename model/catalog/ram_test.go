package catalog

import (
	"strings"
	"testing"
)

func TestRAMCatalog(t *testing.T) {
	r := &Default().RAM
	for _, code := range []string{"oss", "fc", "log", "mns", "ram", "sts", "ecs", "vpc", "kms", "rds", "ots", "mq", "eventbridge"} {
		if !r.HasService(code) {
			t.Errorf("service %s missing", code)
		}
		if s := r.Services[code]; s.Source.Ref == "" {
			t.Errorf("service %s has no source", code)
		}
	}
	tests := []struct {
		action     string
		access     string
		unscopable bool
	}{
		{"oss:PutObject", AccessWrite, false},
		{"OSS:putobject", AccessWrite, false},
		{"oss:ListBuckets", AccessList, true},
		{"oss:PutBucketAcl", AccessPermissions, false},
		{"sts:GetCallerIdentity", AccessRead, true},
		{"log:ListProject", AccessList, true},
		{"ram:AttachPolicyToRole", AccessPermissions, false},
		{"ecs:DescribeInstances", AccessList, true},
	}
	for _, tt := range tests {
		info, ok := r.Action(tt.action)
		if !ok {
			t.Errorf("%s not found", tt.action)
			continue
		}
		if info.Access != tt.access || info.Unscopable != tt.unscopable {
			t.Errorf("%s = %+v, want access %s unscopable %v", tt.action, info, tt.access, tt.unscopable)
		}
	}
	if got := r.Match("oss:Put*"); len(got) < 5 {
		t.Errorf("Match(oss:Put*) = %d actions", len(got))
	}
	if !r.IsEscalation("RAM:CreatePolicy") || r.IsEscalation("oss:GetObject") {
		t.Error("IsEscalation wrong")
	}
	if got := r.EscalationMatches("ram:Attach*"); len(got) != 3 {
		t.Errorf("EscalationMatches(ram:Attach*) = %v", got)
	}
}

func TestRAMSuggest(t *testing.T) {
	r := &Default().RAM
	tests := map[string]string{
		"oss:GetObjcet":     "oss:GetObject",
		"oss:PutObjects":    "oss:PutObject",
		"os:GetObject":      "oss:GetObject",
		"fc:InvokeFuntion":  "fc:InvokeFunction",
		"oss:TotallyMadeUp": "",
		"acme:GetObject":    "",
		"oss:Get*":          "",
	}
	for in, want := range tests {
		if got := r.Suggest(in); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRAMAdminSeverity(t *testing.T) {
	r := &Default().RAM
	if s, _ := r.AdminSeverity("AdministratorAccess"); s != "error" {
		t.Errorf("AdministratorAccess = %q", s)
	}
	if s, alt := r.AdminSeverity("AliyunOSSFullAccess"); s != "warning" || !strings.Contains(alt, "ReadOnly") {
		t.Errorf("AliyunOSSFullAccess = %q %q", s, alt)
	}
	if s, alt := r.AdminSeverity("AliyunFooFullAccess"); s != "warning" || !strings.Contains(alt, "AliyunFooReadOnlyAccess") {
		t.Errorf("AliyunFooFullAccess = %q %q", s, alt)
	}
	if s, _ := r.AdminSeverity("AliyunOSSReadOnlyAccess"); s != "" {
		t.Errorf("ReadOnly = %q", s)
	}
}

func TestRuntimesCatalog(t *testing.T) {
	rt := Default().Runtimes
	if l, ok := rt.Status("nodejs12"); !ok || l.Status != RuntimeDeprecated || l.Source.Ref == "" {
		t.Errorf("nodejs12 = %+v", l)
	}
	if l, ok := rt.Status("php7.2"); !ok || l.Status != RuntimeUpstreamEOL {
		t.Errorf("php7.2 = %+v", l)
	}
	if _, ok := rt.Status("nodejs20"); ok {
		t.Error("nodejs20 should be current")
	}
	for id, l := range rt.Lifecycle {
		if l.Status != RuntimeDeprecated && l.Status != RuntimeUpstreamEOL {
			t.Errorf("%s: bad status %q", id, l.Status)
		}
		if l.Source.Ref == "" || l.Date == "" || l.Replacement == "" {
			t.Errorf("%s: incomplete %+v", id, l)
		}
	}
	if rt.Sync.HTTPTriggerMaxSeconds.Value != 0 || rt.Sync.APIGatewaySharedMaxSeconds.Value != 30 {
		t.Errorf("sync = %+v", rt.Sync)
	}
}

func TestRAMSuggestOtherCodes(t *testing.T) {
	r := &Default().RAM
	for _, a := range []string{"ens:DescribeInstances", "cms:DescribeMetricList", "nas:DescribeFileSystems"} {
		if got := r.Suggest(a); got != "" {
			t.Errorf("Suggest(%q) = %q, want none (real service)", a, got)
		}
	}
}

// TestRAMCatalogConsistent checks that unscopable and unconfirmed entries
// name actions the service lists, and escalation actions are catalogued.
func TestRAMCatalogConsistent(t *testing.T) {
	r := &Default().RAM
	for code, s := range r.Services {
		for _, list := range [][]string{s.Unscopable, s.Unconfirmed} {
			for _, n := range list {
				if _, ok := r.Action(code + ":" + n); !ok {
					t.Errorf("%s: %s is marked but not listed under read/list/write/delete/permissions", code, n)
				}
			}
		}
	}
	for _, a := range r.Escalation.Actions {
		info, ok := r.Action(a)
		if !ok || !info.IsWrite() {
			t.Errorf("escalation action %s is not a catalogued write/permission action (%+v)", a, info)
		}
	}
}
