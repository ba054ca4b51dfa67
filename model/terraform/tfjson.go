package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Terraform's JSON configuration syntax (.tf.json, as written by CDK for
// Terraform) is read by translating it into the equivalent native syntax,
// one JSON key or element per line, and remembering for every generated line
// the JSON position it came from. The evaluator then treats the translation
// like any .tf file and reports positions in the JSON.
//
// Strings are templates in expression positions ("${var.x}"), as in the JSON
// syntax; variable defaults and module sources are literals. Objects become
// object constructors, which the mappers read like blocks; arrays of objects
// read like repeated blocks.

type tfJSONWriter struct {
	buf   bytes.Buffer
	lines []model.Pos
	file  string
}

func (w *tfJSONWriter) line(at model.Pos, indent int, text string) {
	if at.File == "" {
		at.File = w.file
	}
	w.lines = append(w.lines, at)
	w.buf.WriteString(strings.Repeat("  ", indent))
	w.buf.WriteString(text)
	w.buf.WriteByte('\n')
}

// translateTFJSON converts a .tf.json file into native syntax and the map
// from generated lines to JSON positions.
func translateTFJSON(path string, data []byte) ([]byte, []model.Pos, error) {
	v, jn, err := parseJSONFile(path, data)
	if err != nil {
		return nil, nil, err
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, nil, &jsonError{Pos: jn.pos, Msg: "a .tf.json file must hold a JSON object"}
	}
	w := &tfJSONWriter{file: path}
	for _, key := range jn.keys {
		val, kj := root[key], jn.child(key)
		switch key {
		case "resource", "data":
			forEachObject(val, kj, func(types map[string]any, tj *jsonNode) {
				for _, typ := range tj.keys {
					forEachObject(types[typ], tj.child(typ), func(names map[string]any, nj *jsonNode) {
						for _, name := range nj.keys {
							forEachObject(names[name], nj.child(name), func(body map[string]any, bj *jsonNode) {
								w.block(nj.child(name).pos, key+" "+strconv.Quote(typ)+" "+strconv.Quote(name), body, bj, resourceSkip)
							})
						}
					})
				}
			})
		case "variable":
			forEachObject(val, kj, func(vars map[string]any, vj *jsonNode) {
				for _, name := range vj.keys {
					forEachObject(vars[name], vj.child(name), func(body map[string]any, bj *jsonNode) {
						w.variable(vj.child(name).pos, name, body, bj)
					})
				}
			})
		case "locals":
			forEachObject(val, kj, func(body map[string]any, bj *jsonNode) {
				w.block(kj.pos, "locals", body, bj, nil)
			})
		case "output", "module", "provider":
			forEachObject(val, kj, func(items map[string]any, ij *jsonNode) {
				for _, name := range ij.keys {
					forEachObject(items[name], ij.child(name), func(body map[string]any, bj *jsonNode) {
						w.block(ij.child(name).pos, key+" "+strconv.Quote(name), body, bj, literalKeys[key])
					})
				}
			})
		}
	}
	return w.buf.Bytes(), w.lines, nil
}

// resourceSkip lists meta-arguments whose strings are not templates and
// which the loader does not need.
var resourceSkip = map[string]string{"depends_on": "skip", "provider": "skip", "lifecycle": "skip", "provisioner": "skip", "connection": "skip", "//": "skip"}

// literalKeys lists arguments whose strings are literals, not templates.
var literalKeys = map[string]map[string]string{
	"module": {"source": "literal", "version": "literal", "depends_on": "skip", "providers": "skip", "//": "skip"},
	"output": {"description": "literal", "depends_on": "skip", "//": "skip"},
}

// forEachObject calls f for an object, or for each object of an array (the
// JSON syntax allows both wherever blocks repeat).
func forEachObject(v any, j *jsonNode, f func(map[string]any, *jsonNode)) {
	switch x := v.(type) {
	case map[string]any:
		if j == nil {
			j = &jsonNode{}
		}
		f(x, j)
	case []any:
		for i, e := range x {
			if m, ok := e.(map[string]any); ok {
				ej := j.elem(i)
				if ej == nil {
					ej = &jsonNode{}
				}
				f(m, ej)
			}
		}
	}
}

func (w *tfJSONWriter) block(at model.Pos, header string, body map[string]any, bj *jsonNode, special map[string]string) {
	w.line(at, 0, header+" {")
	for _, k := range bj.keys {
		mode := special[k]
		if mode == "skip" || k == "//" || !hclsyntax.ValidIdentifier(k) {
			continue
		}
		w.attr(bj.child(k), 1, k, body[k], mode == "literal")
	}
	w.line(at, 0, "}")
}

func (w *tfJSONWriter) variable(at model.Pos, name string, body map[string]any, bj *jsonNode) {
	w.line(at, 0, "variable "+strconv.Quote(name)+" {")
	for _, k := range bj.keys {
		kj := bj.child(k)
		switch k {
		case "default":
			w.attr(kj, 1, k, body[k], true)
		case "type":
			if s, ok := body[k].(string); ok {
				w.line(kj.pos, 1, "type = "+strings.ReplaceAll(s, "\n", " "))
			}
		case "sensitive", "nullable", "description":
			w.attr(kj, 1, k, body[k], true)
		}
	}
	w.line(at, 0, "}")
}

// attr writes `name = value`; literal strings have their template
// sequences escaped.
func (w *tfJSONWriter) attr(kj *jsonNode, indent int, name string, v any, literal bool) {
	at := model.Pos{}
	if kj != nil {
		at = kj.pos
	}
	w.value(at, kj, indent, name+" = ", v, literal, 0)
}

// value writes prefix followed by v, starting a line at `at`; containers
// put each member on its own line mapped to the member's position.
func (w *tfJSONWriter) value(at model.Pos, j *jsonNode, indent int, prefix string, v any, literal bool, depth int) {
	if depth > maxJSONDepth {
		w.line(at, indent, prefix+"null")
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			w.line(at, indent, prefix+"{}")
			return
		}
		w.line(at, indent, prefix+"{")
		var keys []string
		if j != nil {
			keys = j.keys
		}
		for _, k := range keys {
			kj := j.child(k)
			kat := at
			if kj != nil {
				kat = kj.pos
			}
			w.value(kat, kj, indent+1, quoteHCL(k, true)+" = ", x[k], literal, depth+1)
		}
		w.line(at, indent, "}")
	case []any:
		if len(x) == 0 {
			w.line(at, indent, prefix+"[]")
			return
		}
		w.line(at, indent, prefix+"[")
		for i, e := range x {
			ej := j.elem(i)
			eat := at
			if ej != nil {
				eat = ej.pos
			}
			w.value(eat, ej, indent+1, "", e, literal, depth+1)
			w.appendComma()
		}
		w.line(at, indent, "]")
	case string:
		w.line(at, indent, prefix+quoteHCL(x, literal))
	case json.Number:
		w.line(at, indent, prefix+x.String())
	case bool:
		w.line(at, indent, prefix+strconv.FormatBool(x))
	case nil:
		w.line(at, indent, prefix+"null")
	default:
		w.line(at, indent, prefix+"null")
	}
}

// appendComma puts a comma at the end of the last written line.
func (w *tfJSONWriter) appendComma() {
	b := w.buf.Bytes()
	if len(b) > 0 && b[len(b)-1] == '\n' {
		w.buf.Truncate(len(b) - 1)
		w.buf.WriteString(",\n")
	}
}

// quoteHCL quotes s as an HCL string; a literal keeps "${" and "%{" from
// being read as template sequences.
func quoteHCL(s string, literal bool) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		case literal && (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			b.WriteByte(c)
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
