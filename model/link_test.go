package model

import (
	"strings"
	"testing"
)

// network builds the Terraform-shaped egress fixture: a VPC with two
// vSwitches, a NAT gateway with an EIP, and SNAT entries chosen by the test.
func network(snat ...*SNATEntry) *Project {
	p := &Project{}
	ref := func(r string) Str { return Reference[string](r, r, Pos{File: "main.tf", Line: 1}) }
	p.Network.VPCs = []*VPC{{Key: "alicloud_vpc.app", CIDR: Known("10.0.0.0/16", Pos{})}}
	p.Network.VSwitches = []*VSwitch{
		{Key: "alicloud_vswitch.a", VPCID: ref("alicloud_vpc.app.id"), CIDR: Known("10.0.1.0/24", Pos{}), Zone: Known("cn-hangzhou-h", Pos{})},
		{Key: "alicloud_vswitch.b", VPCID: ref("alicloud_vpc.app.id"), CIDR: Known("10.0.2.0/24", Pos{}), Zone: Known("cn-hangzhou-i", Pos{})},
	}
	p.Network.NATGateways = []*NATGateway{{Key: "alicloud_nat_gateway.nat", VPCID: ref("alicloud_vpc.app.id")}}
	p.Network.EIPs = []*EIP{{Key: "alicloud_eip_address.e"}}
	p.Network.EIPAssociations = []*EIPAssociation{{
		Key:          "alicloud_eip_association.e",
		AllocationID: ref("alicloud_eip_address.e.id"),
		InstanceID:   ref("alicloud_nat_gateway.nat.id"),
	}}
	p.Network.SNATEntries = snat
	p.Functions = []*Function{{
		Key:            "alicloud_fcv3_function.app",
		InternetAccess: Known(false, Pos{}),
		VPC: &VPCConfig{VSwitchIDs: []Str{
			ref("alicloud_vswitch.a.id"), ref("alicloud_vswitch.b.id"),
		}},
	}}
	return p
}

func snat(key string, vswitch, cidr string) *SNATEntry {
	ref := func(r string) Str { return Reference[string](r, r, Pos{}) }
	s := &SNATEntry{Key: key, SNATTableID: ref("alicloud_nat_gateway.nat.snat_table_ids"), SNATIP: ref("alicloud_eip_address.e.ip_address")}
	if vswitch != "" {
		s.SourceVSwitchID = ref(vswitch)
	}
	if cidr != "" {
		s.SourceCIDR = Known(cidr, Pos{})
	}
	return s
}

func TestEgressPaths(t *testing.T) {
	tests := []struct {
		name     string
		project  func() *Project
		complete []bool
		missing  []string // substring of Missing (or Unknown) per vSwitch
	}{
		{
			name: "snat per vswitch",
			project: func() *Project {
				return network(snat("s.a", "alicloud_vswitch.a.id", ""), snat("s.b", "alicloud_vswitch.b.id", ""))
			},
			complete: []bool{true, true},
		},
		{
			name:     "vpc-wide cidr covers both",
			project:  func() *Project { return network(snat("s.vpc", "", "10.0.0.0/16")) },
			complete: []bool{true, true},
		},
		{
			name:     "only one vswitch covered",
			project:  func() *Project { return network(snat("s.a", "alicloud_vswitch.a.id", "")) },
			complete: []bool{true, false},
			missing:  []string{"", "no SNAT entry covers vSwitch alicloud_vswitch.b"},
		},
		{
			name: "no eip association",
			project: func() *Project {
				p := network(snat("s.vpc", "", "10.0.0.0/16"))
				p.Network.EIPAssociations = nil
				return p
			},
			complete: []bool{false, false},
			missing:  []string{"no EIP is associated with NAT gateway alicloud_nat_gateway.nat", "no EIP is associated"},
		},
		{
			name: "snat table of a nat managed elsewhere",
			project: func() *Project {
				s := snat("s.vpc", "", "10.0.0.0/16")
				s.SNATTableID = Known("stb-123", Pos{})
				return network(s)
			},
			complete: []bool{false, false},
			missing:  []string{"not declared in the loaded files", "not declared"},
		},
		{
			name:     "no snat at all",
			project:  func() *Project { return network() },
			complete: []bool{false, false},
			missing:  []string{"no SNAT entry covers", "no SNAT entry covers"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.project()
			p.Link()
			eg := p.Functions[0].Links.Egress
			if len(eg) != len(tt.complete) {
				t.Fatalf("got %d egress paths, want %d: %+v", len(eg), len(tt.complete), eg)
			}
			for i, e := range eg {
				if e.Complete != tt.complete[i] {
					t.Errorf("path %d complete = %v, want %v (%+v)", i, e.Complete, tt.complete[i], e)
				}
				if tt.missing != nil && tt.missing[i] != "" && !strings.Contains(e.Missing+e.Unknown, tt.missing[i]) {
					t.Errorf("path %d missing/unknown = %q/%q, want %q", i, e.Missing, e.Unknown, tt.missing[i])
				}
				if e.Complete && (e.NATGateway != "alicloud_nat_gateway.nat" || e.EIP != "alicloud_eip_address.e") {
					t.Errorf("path %d = %+v, want NAT and EIP named", i, e)
				}
			}
		})
	}
}

func TestRoleAndPolicyLinks(t *testing.T) {
	pos := Pos{File: "main.tf", Line: 1}
	p := &Project{
		Roles: []*Role{
			{Key: "alicloud_ram_role.fn", Name: Known("fn-role", pos)},
			{Key: "s.yaml#role:other", Name: Known("other", pos), ARN: Known("acs:ram::123:role/other", pos)},
		},
		Policies: []*Policy{{Key: "alicloud_ram_policy.p", Name: Known("app-policy", pos), Type: PolicyCustom}},
		Attachments: []*PolicyAttachment{
			{Key: "a1", RoleName: Reference[string]("alicloud_ram_role.fn.name", "alicloud_ram_role.fn.name", pos), PolicyName: Reference[string]("alicloud_ram_policy.p.policy_name", "x", pos), PolicyType: Known("Custom", pos)},
			{Key: "a2", RoleName: Known("fn-role", pos), PolicyName: Known("AliyunOSSFullAccess", pos), PolicyType: Known("System", pos)},
			{Key: "a3", RoleName: Known("nobody", pos), PolicyName: Known("AdministratorAccess", pos), PolicyType: Known("System", pos)},
		},
		Functions: []*Function{
			{Key: "f1", Role: Reference[string]("alicloud_ram_role.fn.arn", "alicloud_ram_role.fn.arn", pos)},
			{Key: "f2", Role: Known("acs:ram::123:role/OTHER", pos)},
			{Key: "f3", Role: UnknownValue[string]("${env('ROLE')}", pos)},
		},
	}
	p.Link()
	p.Link() // idempotent
	f1 := p.Functions[0].Links
	if f1.Role != "alicloud_ram_role.fn" {
		t.Fatalf("f1 role = %q", f1.Role)
	}
	if got := strings.Join(f1.Policies, ","); got != "alicloud_ram_policy.p,system:AliyunOSSFullAccess" {
		t.Errorf("f1 policies = %s", got)
	}
	if p.Functions[1].Links.Role != "s.yaml#role:other" {
		t.Errorf("f2 role by ARN (case-insensitive) = %q", p.Functions[1].Links.Role)
	}
	if p.Functions[2].Links.Role != "" {
		t.Errorf("f3 unknown role linked to %q", p.Functions[2].Links.Role)
	}
	systems := 0
	for _, pol := range p.Policies {
		if pol.Type == PolicySystem {
			systems++
		}
	}
	if systems != 2 {
		t.Errorf("want 2 synthetic system policies (no duplicates after relinking), got %d", systems)
	}
	if p.Attachments[2].Role != "" || p.Attachments[2].Policy != "system:AdministratorAccess" {
		t.Errorf("attachment to an undeclared role: %+v", p.Attachments[2])
	}
}
