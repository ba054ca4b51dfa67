package rules

import (
	"strings"
	"testing"

	"github.com/fcplan/fcplan/rules/finding"
)

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig("dir/.fcplan.yaml", []byte(`
rules:
  RAM003: off
  net002: info
  FCP001:
    severity: error
    exclude: ["legacy/**"]
disable: [FCP002]
enable: [RAM]
baseline: base.json
failOn: Warning
exclude: ["examples/**", "*.test.yaml"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Rules["RAM003"].Off || cfg.Rules["NET002"].Severity != finding.Info || cfg.Rules["FCP001"].Severity != finding.Error {
		t.Errorf("rules: %+v", cfg.Rules)
	}
	if cfg.Baseline != "dir/base.json" || cfg.FailOn != "warning" {
		t.Errorf("baseline %q failOn %q", cfg.Baseline, cfg.FailOn)
	}
	for id, want := range map[string]bool{"RAM001": true, "RAM003": false, "NET002": false, "FCP001": true, "FCP002": false} {
		if got := cfg.Enabled(id); got != want {
			t.Errorf("Enabled(%s) = %v, want %v", id, got, want)
		}
	}
	for _, tc := range []struct {
		id, file string
		want     bool
	}{
		{"RAM001", "dir/examples/a/s.yaml", true},
		{"RAM001", "./dir/examples/s.yaml", true},
		{"RAM001", "dir/x/y.test.yaml", true},
		{"RAM001", "dir/src/s.yaml", false},
		{"FCP001", "dir/legacy/old/s.yaml", true},
		{"RAM001", "dir/legacy/old/s.yaml", false},
		{"RAM001", "dir/examples/s.yaml", true},
		{"RAM001", "other/examples/s.yaml", false},
		{"RAM001", "../examples/s.yaml", false},
	} {
		if got := cfg.Excluded(tc.id, tc.file); got != tc.want {
			t.Errorf("Excluded(%s, %s) = %v, want %v", tc.id, tc.file, got, tc.want)
		}
	}
}

func TestParseConfigEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "~\n"} {
		cfg, err := ParseConfig("c.yaml", []byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
		}
		if !cfg.Enabled("RAM001") {
			t.Errorf("%q: RAM001 disabled", src)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"disabel: [RAM001]\n", `c.yaml:1:1: unknown key "disabel" (did you mean "disable"?)`},
		{"rules:\n  RAM01: off\n", `c.yaml:2:3: unknown rule "RAM01" (did you mean`},
		{"rules:\n  FCP001: loud\n", `c.yaml:2:11: severity "loud": want off, error, warning or info`},
		{"rules:\n  FCP001:\n    severty: info\n", `c.yaml:3:5: unknown key "severty" in rule FCP001 (did you mean "severity"?)`},
		{"failOn: sometimes\n", `c.yaml:1:9: failOn "sometimes": want error, warning, info or never`},
		{"enable: [NOPE999]\n", `c.yaml:1:10: unknown rule "NOPE999"`},
		{"exclude: ['[']\n", `c.yaml:1:11: bad glob "["`},
		{"- a\n- b\n", `c.yaml:1:1: want a mapping`},
		{"rules: [a]\n", `c.yaml:1:8: want a mapping from rule ID`},
		{"rules:\n  FCP001: [x]\n", `c.yaml:2:11: rule FCP001: want off`},
		{"baseline: {a: b}\n", `c.yaml:1:11: want a file path`},
		{"disable: RAM\ndisable: NET\n", `c.yaml:2:1: duplicate key disable (first at line 1)`},
		{"rules:\n  SEC001: off\n  SEC001: error\n", `c.yaml:3:3: duplicate key SEC001 (first at line 2)`},
		{"rules: {FCP001: off, fcp001: info}\n", `c.yaml:1:22: duplicate rule FCP001`},
		{"a: [\n", `c.yaml:1: not valid YAML`},
		{"wat: 1\n", `unknown key "wat" (want rules, disable, enable, baseline, failOn, exclude)`},
	}
	for _, tc := range tests {
		_, err := ParseConfig("c.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}

func TestMatchPath(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"**", "a/b/c", true},
		{"a/**", "a/b/c", true},
		{"a", "a/b/c", true},
		{"a/", "a/b/c", true},
		{"b", "a/b/c", true},
		{"a/*/c", "a/b/c", true},
		{"a/*", "a/b/c", true},
		{"**/c", "a/b/c", true},
		{"**/b/**", "a/b/c", true},
		{"*.tf", "infra/main.tf", true},
		{"infra/*.tf", "infra/sub/main.tf", false},
		{"x/**", "a/b/c", false},
		{"a/c", "a/b/c", false},
		{"./a/b", "a/b/c", true},
	}
	for _, tc := range tests {
		if got := MatchPath(tc.pattern, tc.path); got != tc.want {
			t.Errorf("MatchPath(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	if got := suggest("disabel", configKeys); got != "disable" {
		t.Errorf("got %q", got)
	}
	if got := suggest("zzzzzz", configKeys); got != "" {
		t.Errorf("got %q", got)
	}
	if got := SuggestID("FCP01"); got != "FCP001" && !strings.HasPrefix(got, "FCP") {
		t.Errorf("got %q", got)
	}
}

// FuzzParseConfig: any input gives a config or an error, never a panic, and
// errors name the file.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"rules: {RAM003: off}\n", "disable: [RAM]\nenable: all\n", "baseline: b.json\nfailOn: never\n",
		"rules:\n  FCP001: {severity: info, exclude: ['**/x']}\n", "exclude: '['\n", "&a [*a]\n", "rules: !!binary xx\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error without file name: %v", err)
			}
			return
		}
		cfg.Enabled("RAM001")
		cfg.Excluded("RAM001", "a/b.yaml")
	})
}
