package rules

import (
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

// egressProject is a Terraform-shaped VPC: vSwitch a (10.0.1.0/24, zone h)
// and b (10.0.2.0/24, zone i), a NAT gateway with an EIP, and the SNAT
// entries given. The function uses the vSwitches listed.
func egressProject(internet model.Bool, env []model.EnvVar, vswitches []string, snat ...*model.SNATEntry) *model.Project {
	p := &model.Project{}
	p.Network.VPCs = []*model.VPC{{Key: "alicloud_vpc.app", CIDR: str("10.0.0.0/16", 100)}}
	p.Network.VSwitches = []*model.VSwitch{
		{Key: "alicloud_vswitch.a", VPCID: ref("alicloud_vpc.app.id", 101), CIDR: str("10.0.1.0/24", 102), Zone: str("cn-hangzhou-h", 103)},
		{Key: "alicloud_vswitch.b", VPCID: ref("alicloud_vpc.app.id", 104), CIDR: str("10.0.2.0/24", 105), Zone: str("cn-hangzhou-i", 106)},
	}
	p.Network.NATGateways = []*model.NATGateway{{Key: "alicloud_nat_gateway.nat", VPCID: ref("alicloud_vpc.app.id", 107)}}
	p.Network.EIPs = []*model.EIP{{Key: "alicloud_eip_address.e"}}
	p.Network.EIPAssociations = []*model.EIPAssociation{{Key: "alicloud_eip_association.e",
		AllocationID: ref("alicloud_eip_address.e.id", 108), InstanceID: ref("alicloud_nat_gateway.nat.id", 109)}}
	p.Network.SNATEntries = snat
	var ids []model.Str
	for i, v := range vswitches {
		ids = append(ids, ref(v, 12+i))
	}
	p.Functions = []*model.Function{{Key: "fn", Name: str("fn", 2), Source: at(1, 1), InternetAccess: internet,
		VPC: &model.VPCConfig{VSwitchIDs: ids, VPCID: ref("alicloud_vpc.app.id", 11), Pos: at(10, 3)}, Env: env}}
	p.Link()
	return p
}

func snatEntry(key, vswitch, cidr string) *model.SNATEntry {
	s := &model.SNATEntry{Key: key, SNATTableID: ref("alicloud_nat_gateway.nat.snat_table_ids", 120), SNATIP: ref("alicloud_eip_address.e.ip_address", 121)}
	if vswitch != "" {
		s.SourceVSwitchID = ref(vswitch, 122)
	}
	if cidr != "" {
		s.SourceCIDR = str(cidr, 123)
	}
	return s
}

func env(name, value string, line int) model.EnvVar {
	return model.EnvVar{Name: name, Value: str(value, line), Pos: at(line, 3)}
}

func TestNET001(t *testing.T) {
	off := boolean(false, 5)
	public := []model.EnvVar{env("API_URL", "https://api.example.com/v1", 20)}
	private := []model.EnvVar{env("DB_HOST", "rm-bp1abc.mysql.rds.aliyuncs.com", 20)}
	both := []string{"alicloud_vswitch.a.id", "alicloud_vswitch.b.id"}
	tests := []struct {
		name  string
		p     *model.Project
		wants []want
	}{
		{"no snat, public url: error", egressProject(off, public, both), []want{{5, 5, finding.Error}}},
		{"no snat, no evidence: warning", egressProject(off, private, both), []want{{5, 5, finding.Warning}}},
		{"public aliyuncs endpoint counts", egressProject(off, []model.EnvVar{env("OSS_ENDPOINT", "oss-cn-hangzhou.aliyuncs.com", 20)}, both), []want{{5, 5, finding.Error}}},
		{"internal aliyuncs endpoint does not", egressProject(off, []model.EnvVar{env("OSS_ENDPOINT", "oss-cn-hangzhou-internal.aliyuncs.com", 20)}, both), []want{{5, 5, finding.Warning}}},
		{"snat per vswitch", egressProject(off, public, both, snatEntry("s.a", "alicloud_vswitch.a.id", ""), snatEntry("s.b", "alicloud_vswitch.b.id", "")), nil},
		{"vpc-wide cidr covers both", egressProject(off, public, both, snatEntry("s.vpc", "", "10.0.0.0/16")), nil},
		{"one vswitch uncovered", egressProject(off, public, both, snatEntry("s.a", "alicloud_vswitch.a.id", "")), []want{{5, 5, finding.Error}}},
		{"internet access unset is the default", egressProject(model.Bool{}, public, both), nil},
		{"internet access true", egressProject(boolean(true, 5), public, both), nil},
		{"internet access unknown: info at most", egressProject(model.UnknownValue[bool]("${vars.internet}", at(5, 5)), public, both), []want{{5, 5, finding.Info}}},
		{"vswitch outside project: info", egressProject(off, public, []string{"alicloud_vswitch.elsewhere.id"}), []want{{5, 5, finding.Info}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := expect(t, "NET001", tt.p, nil, tt.wants...)
			for _, g := range got {
				if g.Severity > finding.Info && !strings.Contains(g.Message, "no SNAT entry covers vSwitch") {
					t.Errorf("message does not name the missing piece: %s", g.Message)
				}
			}
		})
	}
	// The analyzers' evidence also makes it an error.
	p := egressProject(off, private, both)
	c := &Context{NeedsInternet: map[string]finding.Location{"fn": {File: "main.go", Line: 9}}}
	expect(t, "NET001", p, c, want{5, 5, finding.Error})
	// No EIP: the missing piece is named.
	p = egressProject(off, public, both, snatEntry("s.vpc", "", "10.0.0.0/16"))
	p.Network.EIPAssociations = nil
	p.Link()
	got := expect(t, "NET001", p, nil, want{5, 5, finding.Error})
	if !strings.Contains(got[0].Message, "no EIP is associated") {
		t.Errorf("message does not name the missing EIP: %s", got[0].Message)
	}
	// vpcConfig: auto never comes with a NAT gateway.
	auto := egressProject(off, public, nil)
	auto.Functions[0].VPC = &model.VPCConfig{Auto: true, Pos: at(10, 3)}
	auto.Link()
	expect(t, "NET001", auto, nil, want{5, 5, finding.Error})
	// A VPC binding only restricts invokers: it changes nothing.
	p = egressProject(off, public, both, snatEntry("s.vpc", "", "10.0.0.0/16"))
	p.Network.VPCBindings = []*model.VPCBinding{{Key: "alicloud_fcv3_vpc_binding.b", VPCID: ref("alicloud_vpc.app.id", 130)}}
	expect(t, "NET001", p, nil)
}

func TestNET002(t *testing.T) {
	expect(t, "NET002", egressProject(model.Bool{}, nil, []string{"alicloud_vswitch.a.id"}), nil, want{12, 5, finding.Warning})
	expect(t, "NET002", egressProject(model.Bool{}, nil, []string{"alicloud_vswitch.a.id", "alicloud_vswitch.b.id"}), nil)
	same := egressProject(model.Bool{}, nil, []string{"alicloud_vswitch.a.id", "alicloud_vswitch.b.id"})
	same.Network.VSwitches[1].Zone = str("cn-hangzhou-h", 106)
	expect(t, "NET002", same, nil, want{12, 5, finding.Warning})
	// A list variable is not one vSwitch.
	list := egressProject(model.Bool{}, nil, nil)
	list.Functions[0].VPC.VSwitchIDs = []model.Str{ref("var.vswitch_ids", 12)}
	expect(t, "NET002", list, nil)
}

func TestNET003(t *testing.T) {
	both := []string{"alicloud_vswitch.a.id", "alicloud_vswitch.b.id"}
	expect(t, "NET003", egressProject(model.Bool{}, []model.EnvVar{env("API_URL", "https://api.example.com", 20)}, both), nil, want{10, 3, finding.Info})
	expect(t, "NET003", egressProject(model.Bool{}, []model.EnvVar{env("DB_HOST", "10.0.3.4:3306", 20)}, both), nil)
	expect(t, "NET003", egressProject(model.Bool{}, []model.EnvVar{env("REDIS", "r-bp1.redis.rds.aliyuncs.com", 20)}, both), nil)
	expect(t, "NET003", egressProject(model.Bool{}, []model.EnvVar{env("SVC", "http://orders.internal/api", 20)}, both), nil)
	expect(t, "NET003", egressProject(boolean(false, 5), nil, both, snatEntry("s", "", "10.0.0.0/16")), nil)
	unknown := egressProject(model.Bool{}, []model.EnvVar{{Name: "DB", Value: unknownStr("${env('DB')}", 20)}}, both)
	expect(t, "NET003", unknown, nil)
	nas := egressProject(model.Bool{}, nil, both)
	nas.Functions[0].NAS = &model.Mount{Targets: strs(30, "/mnt/data")}
	expect(t, "NET003", nas, nil)
}

func sgProject(rules ...*model.SecurityGroupRule) *model.Project {
	p := egressProject(model.Bool{}, []model.EnvVar{env("API_URL", "https://api.example.com", 20)}, []string{"alicloud_vswitch.a.id", "alicloud_vswitch.b.id"})
	p.Network.SecurityGroups = []*model.SecurityGroup{{Key: "alicloud_security_group.app", Source: at(200, 1)}}
	p.Network.SecurityGroupRules = rules
	p.Functions[0].VPC.SecurityGroupID = ref("alicloud_security_group.app.id", 14)
	p.Link()
	return p
}

func sgRule(key, typ, proto, ports, cidr, policy string, prio, line int) *model.SecurityGroupRule {
	return &model.SecurityGroupRule{Key: key, SecurityGroupID: ref("alicloud_security_group.app.id", line), Type: str(typ, line+1), IPProtocol: str(proto, line+2),
		PortRange: str(ports, line+3), CIDR: str(cidr, line+4), Policy: str(policy, line+5), Priority: num(prio, line+6), Source: at(line, 1)}
}

func TestNET004(t *testing.T) {
	dropAll := sgRule("drop_all", "egress", "all", "-1/-1", "0.0.0.0/0", "drop", 100, 210)
	allow443 := sgRule("https", "egress", "tcp", "443/443", "0.0.0.0/0", "accept", 1, 220)
	allow80 := sgRule("http", "egress", "tcp", "80/80", "0.0.0.0/0", "accept", 1, 230)
	expect(t, "NET004", sgProject(dropAll), nil, want{215, 5, finding.Warning})
	expect(t, "NET004", sgProject(dropAll, allow80), nil, want{215, 5, finding.Warning})
	expect(t, "NET004", sgProject(dropAll, allow443), nil)
	expect(t, "NET004", sgProject(allow80), nil) // basic groups allow the rest
	expect(t, "NET004", sgProject(), nil)
	unknown := sgRule("x", "egress", "all", "-1/-1", "0.0.0.0/0", "drop", 100, 240)
	unknown.Priority = model.UnknownValue[int]("var.prio", at(246, 5))
	expect(t, "NET004", sgProject(unknown), nil)
}

func TestHostClassification(t *testing.T) {
	tests := []struct {
		value string
		want  hostClass
	}{
		{"https://api.example.com/x", hostPublic},
		{"oss-cn-hangzhou.aliyuncs.com", hostPublic},
		{"https://oss-cn-hangzhou-internal.aliyuncs.com", hostPrivate},
		{"cn-hangzhou-intranet.log.aliyuncs.com", hostPrivate},
		{"vpc100-oss-cn-hangzhou.aliyuncs.com", hostPrivate},
		{"rm-bp1.mysql.rds.aliyuncs.com:3306", hostPrivate},
		{"user:pw@tcp(10.1.2.3:3306)/db", hostPrivate},
		{"192.168.1.10", hostPrivate},
		{"8.8.8.8", hostPublic},
		{"index.handler", hostNone},
		{"main.py", hostNone},
		{"production", hostNone},
		{"1.2.3", hostNone},
		{"${env('X')}", hostNone},
	}
	for _, tt := range tests {
		f := &model.Function{Env: []model.EnvVar{env("V", tt.value, 1)}}
		got := hostNone
		if hs := envHosts(f); len(hs) > 0 {
			got = hs[0].Class
		}
		if got != tt.want {
			t.Errorf("%q: got %v, want %v", tt.value, got, tt.want)
		}
	}
}
