package report

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
)

// schemaNode is the part of JSON Schema (draft 4) that the SARIF subset in
// testdata uses: type, required, enum, minimum, properties,
// additionalProperties (bool or schema), items, $ref and anyOf of required.
type schemaNode struct {
	Ref                  string                 `json:"$ref"`
	Type                 any                    `json:"type"`
	Required             []string               `json:"required"`
	Enum                 []any                  `json:"enum"`
	Minimum              *float64               `json:"minimum"`
	Properties           map[string]*schemaNode `json:"properties"`
	AdditionalProperties json.RawMessage        `json:"additionalProperties"`
	Items                *schemaNode            `json:"items"`
	AnyOf                []*schemaNode          `json:"anyOf"`
	Definitions          map[string]*schemaNode `json:"definitions"`
}

// schemaChecker validates a decoded JSON value against the subset schema and
// collects every violation with its JSON path.
type schemaChecker struct {
	defs   map[string]*schemaNode
	errors []string
}

func loadSARIFSchema(t *testing.T) (*schemaNode, *schemaChecker) {
	t.Helper()
	data, err := os.ReadFile("testdata/sarif-schema-2.1.0-subset.json")
	if err != nil {
		t.Fatal(err)
	}
	var root schemaNode
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("schema: %v", err)
	}
	return &root, &schemaChecker{defs: root.Definitions}
}

func (c *schemaChecker) fail(path, format string, args ...any) {
	c.errors = append(c.errors, path+": "+fmt.Sprintf(format, args...))
}

func (c *schemaChecker) check(s *schemaNode, v any, path string) {
	if s == nil {
		return
	}
	if s.Ref != "" {
		name := strings.TrimPrefix(s.Ref, "#/definitions/")
		def, ok := c.defs[name]
		if !ok {
			c.fail(path, "schema has no definition %s", name)
			return
		}
		c.check(def, v, path)
		return
	}
	if s.Type != nil && !typeMatches(s.Type, v) {
		c.fail(path, "type %T, want %v", v, s.Type)
		return
	}
	if len(s.Enum) > 0 {
		found := false
		for _, e := range s.Enum {
			if e == v {
				found = true
			}
		}
		if !found {
			c.fail(path, "value %v not in %v", v, s.Enum)
		}
	}
	if s.Minimum != nil {
		if n, ok := v.(float64); ok && n < *s.Minimum {
			c.fail(path, "value %v below minimum %v", n, *s.Minimum)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range s.Required {
			if _, ok := x[r]; !ok {
				c.fail(path, "missing required property %q", r)
			}
		}
		if len(s.AnyOf) > 0 {
			ok := false
			for _, alt := range s.AnyOf {
				all := true
				for _, r := range alt.Required {
					if _, has := x[r]; !has {
						all = false
					}
				}
				ok = ok || all
			}
			if !ok {
				c.fail(path, "matches none of anyOf")
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := s.Properties[k]; ok {
				c.check(ps, x[k], path+"."+k)
				continue
			}
			switch ap := string(s.AdditionalProperties); {
			case ap == "false":
				c.fail(path, "property %q not allowed", k)
			case ap != "" && ap != "true":
				var sub schemaNode
				if err := json.Unmarshal(s.AdditionalProperties, &sub); err == nil {
					c.check(&sub, x[k], path+"."+k)
				}
			}
		}
	case []any:
		for i, el := range x {
			c.check(s.Items, el, fmt.Sprintf("%s[%d]", path, i))
		}
	}
}

func typeMatches(t any, v any) bool {
	switch tt := t.(type) {
	case string:
		return oneType(tt, v)
	case []any:
		for _, x := range tt {
			if s, ok := x.(string); ok && oneType(s, v) {
				return true
			}
		}
	}
	return false
}

func oneType(t string, v any) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "null":
		return v == nil
	}
	return false
}

// validateSARIF checks data against the schema subset and the rules the
// schema cannot express: $schema present, results[].ruleIndex pointing at
// the rule with the same id, and region lines >= 1.
func validateSARIF(t *testing.T, data []byte) []string {
	t.Helper()
	root, c := loadSARIFSchema(t)
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	c.check(root, v, "$")
	var log struct {
		Schema string `json:"$schema"`
		Runs   []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		return append(c.errors, err.Error())
	}
	if log.Schema == "" {
		c.fail("$", "missing $schema")
	}
	for ri, run := range log.Runs {
		if run.Tool.Driver.Name == "" {
			c.fail(fmt.Sprintf("$.runs[%d].tool.driver", ri), "empty name")
		}
		seen := map[string]bool{}
		for _, r := range run.Tool.Driver.Rules {
			if seen[r.ID] {
				c.fail(fmt.Sprintf("$.runs[%d].tool.driver.rules", ri), "duplicate rule %s", r.ID)
			}
			seen[r.ID] = true
		}
		for i, res := range run.Results {
			p := fmt.Sprintf("$.runs[%d].results[%d]", ri, i)
			if res.Message.Text == "" {
				c.fail(p, "empty message.text")
			}
			if res.RuleIndex == nil {
				c.fail(p, "no ruleIndex")
				continue
			}
			if *res.RuleIndex < 0 || *res.RuleIndex >= len(run.Tool.Driver.Rules) {
				c.fail(p, "ruleIndex %d out of range", *res.RuleIndex)
				continue
			}
			if got := run.Tool.Driver.Rules[*res.RuleIndex].ID; got != res.RuleID {
				c.fail(p, "ruleIndex %d names %s, ruleId is %s", *res.RuleIndex, got, res.RuleID)
			}
		}
	}
	return c.errors
}

// TestSchemaCheckerCatchesErrors makes sure the checker is not vacuous.
func TestSchemaCheckerCatchesErrors(t *testing.T) {
	bad := []struct {
		name, doc, want string
	}{
		{"version", `{"$schema":"x","version":"2.0.0","runs":[]}`, "not in"},
		{"no runs", `{"$schema":"x","version":"2.1.0"}`, `missing required property "runs"`},
		{"level", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","rules":[{"id":"A"}]}},"results":[{"ruleId":"A","ruleIndex":0,"level":"fatal","message":{"text":"m"}}]}]}`, "not in"},
		{"line 0", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","rules":[{"id":"A"}]}},"results":[{"ruleId":"A","ruleIndex":0,"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":0}}}]}]}]}`, "below minimum"},
		{"rule index", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","rules":[{"id":"A"},{"id":"B"}]}},"results":[{"ruleId":"A","ruleIndex":1,"message":{"text":"m"}}]}]}`, "names B"},
		{"unknown key", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","helpURI":"x"}}}]}`, `"helpURI" not allowed`},
		{"no driver name", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`, `missing required property "name"`},
		{"no message", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","rules":[{"id":"A"}]}},"results":[{"ruleId":"A","ruleIndex":0}]}]}`, `missing required property "message"`},
		{"suppression kind", `{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","rules":[{"id":"A"}]}},"results":[{"ruleId":"A","ruleIndex":0,"message":{"text":"m"},"suppressions":[{"kind":"baseline"}]}]}]}`, "not in"},
		{"no schema", `{"version":"2.1.0","runs":[]}`, "missing $schema"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			errs := validateSARIF(t, []byte(tc.doc))
			if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("errors %q, want one containing %q", errs, tc.want)
			}
		})
	}
}
