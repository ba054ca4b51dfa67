package syaml

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// fc3SchemaJSON is the fc3 component's JSON schema of `props` (devsapp/fc3,
// MIT; see fc3-props.schema.README.md).
//
//go:embed fc3-props.schema.json
var fc3SchemaJSON []byte

// schema is the subset of JSON Schema the fc3 schema uses.
type schema struct {
	Type                 any                `json:"type"`
	Ref                  string             `json:"$ref"`
	Properties           map[string]*schema `json:"properties"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
	Items                json.RawMessage    `json:"items"`
	AnyOf                []*schema          `json:"anyOf"`
	OneOf                []*schema          `json:"oneOf"`
	Enum                 []any              `json:"enum"`
	Const                any                `json:"const"`
	Definitions          map[string]*schema `json:"definitions"`

	// Filled by link.
	items    *schema
	openKeys bool     // additionalProperties allows any key
	names    []string // sorted property names, for did-you-mean
}

// extraFC3Props are props the fc3 component accepts that its schema does
// not list, keyed by the definition they extend ("" is the props root).
// customDomain is documented in the fc3 YAML reference; provisionConfig
// `target` and `mode` are read by the component and used in its own tests.
const extraFC3Props = `{
  "": {
    "customDomain": {
      "type": "object",
      "properties": {
        "domainName": {"type": "string"},
        "protocol": {"type": "string"},
        "certConfig": {"type": "object", "additionalProperties": true},
        "tlsConfig": {"type": "object", "additionalProperties": true},
        "wafConfig": {"type": "object", "additionalProperties": true},
        "authConfig": {"type": "object", "additionalProperties": true},
        "route": {"type": "object", "additionalProperties": true},
        "routeConfig": {"type": "object", "additionalProperties": true}
      }
    }
  },
  "IProvisionConfig": {
    "target": {"type": "number"},
    "mode": {"type": "string"}
  }
}`

// fc3Schema is the linked root schema of fc3 props.
var fc3Schema = mustLoadSchema()

func mustLoadSchema() *schema {
	var extra map[string]map[string]*schema
	if err := json.Unmarshal([]byte(extraFC3Props), &extra); err != nil {
		panic(fmt.Sprintf("syaml: extra fc3 props: %v", err))
	}
	s, err := parseSchema(fc3SchemaJSON, extra)
	if err != nil {
		panic(fmt.Sprintf("syaml: embedded fc3 schema: %v", err))
	}
	return s
}

// parseSchema decodes a JSON schema and resolves its local $refs;
// extra adds properties to the root ("") or to named definitions.
func parseSchema(data []byte, extra map[string]map[string]*schema) (*schema, error) {
	var s schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("parse schema: %w", err)
	}
	if s.Properties == nil {
		s.Properties = map[string]*schema{}
	}
	for def, props := range extra {
		target := &s
		if def != "" {
			target = s.Definitions[def]
		}
		if target == nil {
			return nil, fmt.Errorf("extra props for unknown definition %q", def)
		}
		if target.Properties == nil {
			target.Properties = map[string]*schema{}
		}
		for k, v := range props {
			target.Properties[k] = v
		}
	}
	for _, name := range sortedKeys(s.Definitions) {
		link(s.Definitions[name], s.Definitions, 0)
	}
	link(&s, s.Definitions, 0)
	return &s, nil
}

// link replaces $ref targets by the referenced definitions (the fc3 schema
// is not recursive; depth guards against a future one that is) and decodes
// items and additionalProperties.
func link(s *schema, defs map[string]*schema, depth int) {
	if s == nil || depth > 32 {
		return
	}
	if s.Ref != "" {
		if d := defs[strings.TrimPrefix(s.Ref, "#/definitions/")]; d != nil {
			if s.Type == nil {
				s.Type = d.Type
			}
			if s.Properties == nil {
				s.Properties = d.Properties
			}
			if s.Items == nil {
				s.Items = d.Items
			}
			if s.AdditionalProperties == nil {
				s.AdditionalProperties = d.AdditionalProperties
			}
			if s.AnyOf == nil {
				s.AnyOf = d.AnyOf
			}
			if s.OneOf == nil {
				s.OneOf = d.OneOf
			}
			if s.Enum == nil {
				s.Enum = d.Enum
			}
		}
		s.Ref = ""
	}
	for _, p := range s.Properties {
		link(p, defs, depth+1)
	}
	s.names = sortedKeys(s.Properties)
	if len(s.AdditionalProperties) > 0 && string(s.AdditionalProperties) != "false" {
		s.openKeys = true
	}
	if len(s.Items) > 0 {
		var one schema
		if err := json.Unmarshal(s.Items, &one); err == nil {
			s.items = &one
		} else {
			var tuple []*schema
			if err := json.Unmarshal(s.Items, &tuple); err == nil && len(tuple) > 0 {
				s.items = tuple[0]
			}
		}
		link(s.items, defs, depth+1)
	}
	for _, a := range s.AnyOf {
		link(a, defs, depth+1)
	}
	for _, a := range s.OneOf {
		link(a, defs, depth+1)
	}
}

func sortedKeys(m map[string]*schema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// types lists the JSON types the schema allows ("object", "string"...), or
// nil when it does not constrain the type.
func (s *schema) types() []string {
	switch t := s.Type.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	if s.Const != nil {
		if _, ok := s.Const.(string); ok {
			return []string{"string"}
		}
	}
	return nil
}

// alternatives returns the schemas a value may match: the anyOf/oneOf
// branches, or s itself.
func (s *schema) alternatives() []*schema {
	if len(s.AnyOf) > 0 {
		return s.AnyOf
	}
	if len(s.OneOf) > 0 {
		return s.OneOf
	}
	return []*schema{s}
}

// expected describes the types s allows, for error messages: "integer",
// "object or string".
func (s *schema) expected() string {
	var parts []string
	seen := map[string]bool{}
	for _, a := range s.alternatives() {
		if c, ok := a.Const.(string); ok {
			if !seen["const"+c] {
				seen["const"+c] = true
				parts = append(parts, fmt.Sprintf("%q", c))
			}
			continue
		}
		for _, t := range a.types() {
			if !seen[t] {
				seen[t] = true
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, " or ")
}

// triggerConfigSchemas maps a normalized trigger type to the definition of
// its triggerConfig, so unknown keys are judged against the right one.
var triggerConfigSchemas = map[string]string{
	"oss":         "IOssTriggerConfig",
	"log":         "ILogTriggerConfig",
	"timer":       "ITimerTriggerConfig",
	"http":        "IHttpTriggerConfig",
	"mns_topic":   "IMnsTriggerConfig",
	"cdn_events":  "ICdnTriggerConfig",
	"tablestore":  "IOtsConfig",
	"eventbridge": "IEventBridge",
}

// definition returns a linked definition of the fc3 schema by name.
func definition(name string) *schema {
	return fc3Schema.Definitions[name]
}
