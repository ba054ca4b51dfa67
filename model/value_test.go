package model

import (
	"encoding/json"
	"testing"
)

func TestValueStatesAndJSON(t *testing.T) {
	pos := Pos{File: "s.yaml", Line: 3, Column: 5}
	tests := []struct {
		name    string
		v       Int
		known   bool
		unknown bool
		or      int
		text    string
		json    string
	}{
		{"unset", Int{}, false, false, 7, "", "null"},
		{"known", Known(512, pos), true, false, 512, "512", "512"},
		{"unknown", UnknownValue[int]("${env('MEM')}", pos), false, true, 7, "${env('MEM')}", `{"unknown":"${env('MEM')}"}`},
		{"reference", Reference[int]("alicloud_x.y.size", "alicloud_x.y.size", pos), false, true, 7, "alicloud_x.y.size", `{"unknown":"alicloud_x.y.size","ref":"alicloud_x.y.size"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.IsKnown(); got != tt.known {
				t.Errorf("IsKnown = %v, want %v", got, tt.known)
			}
			if got := tt.v.IsUnknown(); got != tt.unknown {
				t.Errorf("IsUnknown = %v, want %v", got, tt.unknown)
			}
			if got := tt.v.Or(7); got != tt.or {
				t.Errorf("Or(7) = %v, want %v", got, tt.or)
			}
			if got := tt.v.Text(); got != tt.text {
				t.Errorf("Text = %q, want %q", got, tt.text)
			}
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.json {
				t.Errorf("JSON = %s, want %s", b, tt.json)
			}
		})
	}
}

func TestRefAddress(t *testing.T) {
	tests := []struct{ ref, addr, attr string }{
		{"alicloud_nat_gateway.n.snat_table_ids", "alicloud_nat_gateway.n", "snat_table_ids"},
		{"alicloud_vswitch.a.id", "alicloud_vswitch.a", "id"},
		{"alicloud_vswitch.a", "alicloud_vswitch.a", ""},
		{"data.alicloud_vpcs.v.ids", "data.alicloud_vpcs.v", "ids"},
		{"alicloud_vswitch.a[0].id", "alicloud_vswitch.a[0]", "id"},
		{"", "", ""},
	}
	for _, tt := range tests {
		v := Reference[string](tt.ref, tt.ref, Pos{})
		v.Ref = tt.ref
		addr, attr := v.RefAddress()
		if addr != tt.addr || attr != tt.attr {
			t.Errorf("RefAddress(%q) = %q, %q; want %q, %q", tt.ref, addr, attr, tt.addr, tt.attr)
		}
	}
}

func TestCIDRContains(t *testing.T) {
	tests := []struct {
		outer, inner string
		want         bool
	}{
		{"10.0.0.0/8", "10.1.2.0/24", true},
		{"10.1.2.0/24", "10.1.2.0/24", true},
		{"10.1.2.0/25", "10.1.2.0/24", false},
		{"192.168.0.0/16", "10.1.2.0/24", false},
		{"not-a-cidr", "10.1.2.0/24", false},
		{"0.0.0.0/0", "172.16.5.0/24", true},
	}
	for _, tt := range tests {
		if got := CIDRContains(tt.outer, tt.inner); got != tt.want {
			t.Errorf("CIDRContains(%q, %q) = %v, want %v", tt.outer, tt.inner, got, tt.want)
		}
	}
}

func TestPositions(t *testing.T) {
	at := func(line int) Pos { return Pos{File: "s.yaml", Line: line, Column: 3} }
	f := &Function{
		Name:     Known("fn", at(2)),
		MemoryMB: Known(512, at(4)),
		VPC: &VPCConfig{
			VSwitchIDs: []Str{Known("vsw-a", at(7)), Known("vsw-b", at(8))},
		},
		Env: []EnvVar{{Name: "DB_HOST", Value: Known("10.0.0.1", at(10)), Pos: at(10)}},
		Triggers: []*Trigger{{
			Type: Known(TriggerOSS, at(12)),
			OSS:  &OSSTrigger{Bucket: Known("in", at(14))},
		}},
	}
	got := Positions(f)
	want := map[string]int{
		"name": 2, "memoryMB": 4, "vpc.vswitchIds[0]": 7, "vpc.vswitchIds[1]": 8,
		"env.DB_HOST": 10, "triggers[0].type": 12, "triggers[0].oss.bucket": 14,
	}
	for path, line := range want {
		if got[path].Line != line {
			t.Errorf("Positions[%q] = %v, want line %d", path, got[path], line)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Positions has %d entries, want %d: %v", len(got), len(want), got)
	}
}
