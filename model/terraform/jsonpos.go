package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/fcplan/fcplan/model"
)

// jsonNode records where each value of a JSON text starts. Members of an
// object are positioned at their key, so a finding about "Action" points at
// the line that says "Action".
type jsonNode struct {
	pos   model.Pos
	keys  []string
	kids  map[string]*jsonNode
	elems []*jsonNode
}

func (j *jsonNode) child(k string) *jsonNode {
	if j == nil {
		return nil
	}
	return j.kids[k]
}

func (j *jsonNode) elem(i int) *jsonNode {
	if j == nil || i < 0 || i >= len(j.elems) {
		return nil
	}
	return j.elems[i]
}

// relocate turns positions within the text into positions in the file whose
// text starts at base. When the text is not laid out verbatim in the file
// (a quoted string with escapes) every position becomes base.
func (j *jsonNode) relocate(base model.Pos, verbatim bool) {
	if j == nil {
		return
	}
	p := j.pos
	if verbatim {
		j.pos = model.Pos{File: base.File, Line: base.Line + p.Line - 1, Column: p.Column}
		if p.Line == 1 {
			j.pos.Column = base.Column + p.Column - 1
		}
	} else {
		j.pos = base
	}
	for _, k := range j.kids {
		k.relocate(base, verbatim)
	}
	for _, e := range j.elems {
		e.relocate(base, verbatim)
	}
}

// lineIndex converts byte offsets into 1-based line and column.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (li lineIndex) pos(file string, off int) model.Pos {
	i := sort.Search(len(li), func(i int) bool { return li[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return model.Pos{File: file, Line: i + 1, Column: off - li[i] + 1}
}

type jsonParser struct {
	data  []byte
	off   int
	lines lineIndex
	file  string
	// positionsOnly skips building the decoded value: a plan is decoded by
	// terraform-json, and the map[string]any copy was a third of the
	// memory LoadPlan used.
	positionsOnly bool
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// parseJSONWithPositions decodes data (numbers as json.Number) and records
// the position of every value. Positions carry an empty file name and are
// relative to the text until relocated.
func parseJSONWithPositions(data []byte) (any, *jsonNode, error) {
	return parseJSONFile("", data)
}

// parseJSONFile decodes data as encoding/json would into an any (objects as
// map[string]any, numbers as json.Number) and records where every value
// starts. It is a single pass over the bytes: plan files are large and
// encoding/json's token API was most of their load time.
func parseJSONFile(file string, data []byte) (any, *jsonNode, error) {
	return (&jsonParser{data: data, lines: newLineIndex(data), file: file}).parse()
}

// jsonPositions records where every value of data starts without decoding
// it; the value returned by parse is nil.
func jsonPositions(file string, data []byte) (*jsonNode, error) {
	_, jn, err := (&jsonParser{data: data, lines: newLineIndex(data), file: file, positionsOnly: true}).parse()
	return jn, err
}

func (p *jsonParser) parse() (any, *jsonNode, error) {
	v, jn, err := p.value(0)
	if err != nil {
		return nil, nil, err
	}
	p.space()
	if p.off < len(p.data) {
		return nil, nil, p.errorf(p.off, "unexpected data after the JSON value")
	}
	return v, jn, nil
}

// jsonError is a JSON syntax error with its position in the text.
type jsonError struct {
	Pos model.Pos
	Msg string
}

func (e *jsonError) Error() string {
	return fmt.Sprintf("line %d column %d: %s", e.Pos.Line, e.Pos.Column, e.Msg)
}

func (p *jsonParser) errorf(off int, format string, args ...any) error {
	return &jsonError{Pos: p.lines.pos(p.file, off), Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) eof() error {
	return p.errorf(len(p.data), "unexpected end of JSON input")
}

// space skips JSON whitespace.
func (p *jsonParser) space() {
	for p.off < len(p.data) {
		switch p.data[p.off] {
		case ' ', '\t', '\r', '\n':
			p.off++
		default:
			return
		}
	}
}

// expect consumes byte c after optional whitespace.
func (p *jsonParser) expect(c byte, what string) error {
	p.space()
	if p.off >= len(p.data) {
		return p.eof()
	}
	if p.data[p.off] != c {
		return p.errorf(p.off, "invalid character %q %s", p.data[p.off], what)
	}
	p.off++
	return nil
}

func (p *jsonParser) value(depth int) (any, *jsonNode, error) {
	if depth > maxJSONDepth {
		return nil, nil, p.errorf(p.off, "JSON nested deeper than %d levels", maxJSONDepth)
	}
	p.space()
	if p.off >= len(p.data) {
		return nil, nil, p.eof()
	}
	start := p.off
	jn := &jsonNode{pos: p.lines.pos(p.file, start)}
	switch c := p.data[p.off]; {
	case c == '{':
		p.off++
		var m map[string]any
		if !p.positionsOnly {
			m = map[string]any{}
		}
		jn.kids = map[string]*jsonNode{}
		p.space()
		if p.off < len(p.data) && p.data[p.off] == '}' {
			p.off++
			return m, jn, nil
		}
		for {
			p.space()
			if p.off >= len(p.data) {
				return nil, nil, p.eof()
			}
			kstart := p.off
			if p.data[p.off] != '"' {
				return nil, nil, p.errorf(p.off, "invalid character %q looking for beginning of object key string", p.data[p.off])
			}
			k, err := p.str()
			if err != nil {
				return nil, nil, err
			}
			if err := p.expect(':', "after object key"); err != nil {
				return nil, nil, err
			}
			v, cj, err := p.value(depth + 1)
			if err != nil {
				return nil, nil, err
			}
			cj.pos = p.lines.pos(p.file, kstart)
			if _, dup := jn.kids[k]; !dup {
				jn.keys = append(jn.keys, k)
			}
			if m != nil {
				m[k] = v
			}
			jn.kids[k] = cj
			p.space()
			if p.off >= len(p.data) {
				return nil, nil, p.eof()
			}
			switch p.data[p.off] {
			case ',':
				p.off++
			case '}':
				p.off++
				return m, jn, nil
			default:
				return nil, nil, p.errorf(p.off, "invalid character %q after object key:value pair", p.data[p.off])
			}
		}
	case c == '[':
		p.off++
		var l []any
		if !p.positionsOnly {
			l = []any{}
		}
		p.space()
		if p.off < len(p.data) && p.data[p.off] == ']' {
			p.off++
			return l, jn, nil
		}
		for {
			v, cj, err := p.value(depth + 1)
			if err != nil {
				return nil, nil, err
			}
			if !p.positionsOnly {
				l = append(l, v)
			}
			jn.elems = append(jn.elems, cj)
			p.space()
			if p.off >= len(p.data) {
				return nil, nil, p.eof()
			}
			switch p.data[p.off] {
			case ',':
				p.off++
			case ']':
				p.off++
				return l, jn, nil
			default:
				return nil, nil, p.errorf(p.off, "invalid character %q after array element", p.data[p.off])
			}
		}
	case c == '"':
		if p.positionsOnly {
			return nil, jn, p.skipStr()
		}
		v, err := p.str()
		if err != nil {
			return nil, nil, err
		}
		return v, jn, nil
	case c == '-' || (c >= '0' && c <= '9'):
		n, err := p.number()
		if err != nil {
			return nil, nil, err
		}
		return n, jn, nil
	default:
		for _, lit := range []struct {
			text string
			v    any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if bytes.HasPrefix(p.data[p.off:], []byte(lit.text)) {
				p.off += len(lit.text)
				return lit.v, jn, nil
			}
		}
		return nil, nil, p.errorf(p.off, "invalid character %q looking for beginning of value", c)
	}
}

// str reads a JSON string starting at the opening quote.
func (p *jsonParser) str() (string, error) {
	start := p.off
	p.off++ // opening quote
	escaped := false
	for p.off < len(p.data) {
		c := p.data[p.off]
		switch {
		case c == '"':
			p.off++
			raw := p.data[start:p.off]
			if !escaped && utf8.Valid(raw) {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", p.errorf(start, "invalid string: %v", err)
			}
			return s, nil
		case c == '\\':
			escaped = true
			p.off += 2
		case c < 0x20:
			return "", p.errorf(p.off, "invalid character %q in string literal", c)
		default:
			p.off++
		}
	}
	return "", p.eof()
}

// skipStr checks a JSON string starting at the opening quote without
// decoding it.
func (p *jsonParser) skipStr() error {
	start := p.off
	p.off++ // opening quote
	escaped := false
	for p.off < len(p.data) {
		c := p.data[p.off]
		switch {
		case c == '"':
			p.off++
			if escaped || !utf8.Valid(p.data[start:p.off]) {
				var s string
				if err := json.Unmarshal(p.data[start:p.off], &s); err != nil {
					return p.errorf(start, "invalid string: %v", err)
				}
			}
			return nil
		case c == '\\':
			escaped = true
			p.off += 2
		case c < 0x20:
			return p.errorf(p.off, "invalid character %q in string literal", c)
		default:
			p.off++
		}
	}
	return p.eof()
}

// number reads a JSON number as a json.Number, checking its grammar.
func (p *jsonParser) number() (json.Number, error) {
	start := p.off
	d := p.data
	i := p.off
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		return "", p.errorf(i, "invalid number: expected a digit")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			return "", p.errorf(i, "invalid number: expected a digit after the decimal point")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", p.errorf(i, "invalid number: expected a digit in the exponent")
		}
	}
	p.off = i
	return json.Number(d[start:i]), nil
}
