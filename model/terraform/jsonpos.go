package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

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
	dec   *json.Decoder
	lines lineIndex
	file  string
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// parseJSONWithPositions decodes data (numbers as json.Number) and records
// the position of every value. Positions carry an empty file name and are
// relative to the text until relocated.
func parseJSONWithPositions(data []byte) (any, *jsonNode, error) {
	return parseJSONFile("", data)
}

func parseJSONFile(file string, data []byte) (any, *jsonNode, error) {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: newLineIndex(data), file: file}
	p.dec.UseNumber()
	v, jn, err := p.value(0)
	if err != nil {
		return nil, nil, p.wrap(err)
	}
	if _, err := p.dec.Token(); err != io.EOF {
		off := p.skip(int(p.dec.InputOffset()))
		return nil, nil, &jsonError{Pos: p.lines.pos(file, off), Msg: "unexpected data after the JSON value"}
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

func (p *jsonParser) wrap(err error) error {
	var se *json.SyntaxError
	var je *jsonError
	switch {
	case errors.As(err, &je):
		return je
	case errors.As(err, &se):
		return &jsonError{Pos: p.lines.pos(p.file, int(se.Offset)), Msg: se.Error()}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return &jsonError{Pos: p.lines.pos(p.file, len(p.data)), Msg: "unexpected end of JSON input"}
	}
	return &jsonError{Pos: p.lines.pos(p.file, p.skip(int(p.dec.InputOffset()))), Msg: err.Error()}
}

// skip returns the offset of the next token at or after off.
func (p *jsonParser) skip(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *jsonParser) value(depth int) (any, *jsonNode, error) {
	if depth > maxJSONDepth {
		return nil, nil, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	start := p.skip(int(p.dec.InputOffset()))
	tok, err := p.dec.Token()
	if err != nil {
		return nil, nil, err
	}
	jn := &jsonNode{pos: p.lines.pos(p.file, start)}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, jn, nil
	}
	switch d {
	case '{':
		m := map[string]any{}
		jn.kids = map[string]*jsonNode{}
		for p.dec.More() {
			kstart := p.skip(int(p.dec.InputOffset()))
			ktok, err := p.dec.Token()
			if err != nil {
				return nil, nil, err
			}
			k, ok := ktok.(string)
			if !ok {
				return nil, nil, fmt.Errorf("object key is not a string")
			}
			v, cj, err := p.value(depth + 1)
			if err != nil {
				return nil, nil, err
			}
			if cj != nil {
				cj.pos = p.lines.pos(p.file, kstart)
			}
			if _, dup := m[k]; !dup {
				jn.keys = append(jn.keys, k)
			}
			m[k] = v
			jn.kids[k] = cj
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, nil, err
		}
		return m, jn, nil
	case '[':
		var l []any
		for p.dec.More() {
			v, cj, err := p.value(depth + 1)
			if err != nil {
				return nil, nil, err
			}
			l = append(l, v)
			jn.elems = append(jn.elems, cj)
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, nil, err
		}
		if l == nil {
			l = []any{}
		}
		return l, jn, nil
	}
	return nil, nil, fmt.Errorf("unexpected %q", string(d))
}
