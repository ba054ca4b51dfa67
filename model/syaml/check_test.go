package syaml

import (
	"reflect"
	"testing"
)

func TestDidYouMean(t *testing.T) {
	names := []string{"memorySize", "vpcConfig", "timeout", "cpu", "role", "region"}
	for _, tc := range []struct{ word, want string }{
		{"memorySzie", "memorySize"},
		{"memorysize", "memorySize"},
		{"vpcconfig", "vpcConfig"},
		{"VpcConfg", "vpcConfig"},
		{"timeuot", "timeout"},
		{"cpus", "cpu"},
		{"gpu", "cpu"},
		{"rol", "role"},
		{"frobnicate", ""},
		{"memory", ""},
		{"", ""},
	} {
		if got := didYouMean(tc.word, names); got != tc.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		max  int
		want int
	}{
		{"kitten", "sitting", 10, 3},
		{"", "abc", 10, 3},
		{"abc", "abc", 10, 0},
		{"abcdef", "uvwxyz", 2, 2}, // gives up at max
		{"日本", "日本語", 10, 1},
	} {
		if got := levenshtein(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("levenshtein(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

// TestSchemaEmbedded checks that the embedded schema is linked: every root
// prop is known, $refs are resolved, and the extra props are present.
func TestSchemaEmbedded(t *testing.T) {
	for _, name := range []string{"functionName", "memorySize", "vpcConfig", "triggers", "scalingConfig", "provisionConfig", "customDomain"} {
		if fc3Schema.Properties[name] == nil {
			t.Errorf("prop %s missing from the fc3 schema", name)
		}
	}
	if got := fc3Schema.Properties["memorySize"].expected(); got != "integer" {
		t.Errorf("memorySize expects %q", got)
	}
	if got := fc3Schema.Properties["vpcConfig"].expected(); got != `object or "auto"` {
		t.Errorf("vpcConfig expects %q", got)
	}
	prov := fc3Schema.Properties["provisionConfig"]
	if prov.Properties["target"] == nil || prov.Properties["defaultTarget"] == nil {
		t.Errorf("provisionConfig props %v", prov.names)
	}
	trig := fc3Schema.Properties["triggers"].items
	if trig == nil || trig.Properties["triggerConfig"] == nil {
		t.Fatal("triggers items not linked")
	}
	for typ, def := range triggerConfigSchemas {
		if definition(def) == nil {
			t.Errorf("trigger type %s: definition %s missing", typ, def)
		}
	}
}

func TestSplitOutsideExpr(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"acs:oss:cn-hangzhou:123:bucket", []string{"acs", "oss", "cn-hangzhou", "123", "bucket"}},
		{"acs:oss:${vars.region}:${config('a:b')}:b", []string{"acs", "oss", "${vars.region}", "${config('a:b')}", "b"}},
		{"a:{{ x:y }}:c", []string{"a", "{{ x:y }}", "c"}},
		{"a:${unterminated:b", []string{"a", "${unterminated", "b"}},
	} {
		if got := splitOutsideExpr(tc.in, ':'); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitOutsideExpr(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestARNFields(t *testing.T) {
	for _, tc := range []struct {
		arn   string
		field func([]string) (string, bool)
		want  string
	}{
		{"acs:oss:cn-hangzhou:123:photos", ossBucket, "photos"},
		{"acs:oss:cn-hangzhou:123:photos/uploads/*", ossBucket, "photos"},
		{"acs:log:cn-hangzhou:123:project/p", ossBucket, ""},
		{"acs:mns:cn-hangzhou:123:/topics/orders", mnsTopic, "orders"},
		{"acs:mns:cn-hangzhou:123:/topics/orders/messages", mnsTopic, "orders"},
		{"acs:ots:cn-hangzhou:123:instance/i/table/t1", otsTable, "t1"},
		{"short", otsTable, ""},
	} {
		got, _ := tc.field(splitOutsideExpr(tc.arn, ':'))
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.arn, got, tc.want)
		}
	}
}
