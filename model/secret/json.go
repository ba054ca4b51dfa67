package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// MaskJSON returns the JSON document data with every secret string value
// masked by MaskValue, keeping the order of keys and the document's shape.
// A string is read under the name of its key; the value of an object that
// also has a "name" or "key" member ({"name": "DB_PASSWORD", "value":
// "..."}, {"key": "sk", "value": "..."}) and anything nested in that value
// ({"unknown": "..."}) is read under that name; an "unknown" member is
// the text of an expression and is masked with MaskExpression. Object keys are kept as they
// are. The output is compact; use json.Indent to indent it.
func MaskJSON(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	w := &jsonMasker{dec: dec, out: &out}
	if err := w.value(""); err != nil {
		return nil, fmt.Errorf("mask secrets in JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("mask secrets in JSON: data after the document")
	}
	return out.Bytes(), nil
}

type jsonMasker struct {
	dec *json.Decoder
	out *bytes.Buffer
}

// value copies one value read under name.
func (m *jsonMasker) value(name string) error {
	tok, err := m.dec.Token()
	if err != nil {
		return err
	}
	return m.rest(tok, name)
}

// object copies the members of an object (its '{' is read) whose enclosing
// name is name.
func (m *jsonMasker) object(name string) error {
	m.out.WriteByte('{')
	sibling := "" // the value of this object's "name" or "key" member
	for i := 0; m.dec.More(); i++ {
		tok, err := m.dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("object key is %v", tok)
		}
		if i > 0 {
			m.out.WriteByte(',')
		}
		if err := m.str(key); err != nil {
			return err
		}
		m.out.WriteByte(':')
		under := key
		switch {
		case IsName(key):
		case (key == "value" || key == "unknown" || key == "default") && sibling != "":
			under = sibling
		case (key == "value" || key == "unknown" || key == "default") && name != "":
			under = name
		}
		if key == "unknown" {
			// The original text of a value that cannot be known before
			// deployment: an expression (var.db_password, ${env('X')}),
			// not the secret; only string literals inside it can be.
			tok, err := m.dec.Token()
			if err != nil {
				return err
			}
			if s, ok := tok.(string); ok {
				if err := m.str(MaskExpression(under, s)); err != nil {
					return err
				}
				continue
			}
			if err := m.rest(tok, under); err != nil {
				return err
			}
			continue
		}
		if (key == "name" || key == "key") && sibling == "" && m.dec.More() {
			// Peek by reading the value here: names are plain strings.
			tok, err := m.dec.Token()
			if err != nil {
				return err
			}
			if s, ok := tok.(string); ok {
				sibling = s
				if err := m.str(MaskValue(key, s)); err != nil {
					return err
				}
				continue
			}
			if err := m.rest(tok, under); err != nil {
				return err
			}
			continue
		}
		if err := m.value(under); err != nil {
			return err
		}
	}
	if _, err := m.dec.Token(); err != nil { // '}'
		return err
	}
	m.out.WriteByte('}')
	return nil
}

// rest copies a value whose first token is already read.
func (m *jsonMasker) rest(tok json.Token, name string) error {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return m.object(name)
		}
		if t == '[' {
			return m.array(name)
		}
		return fmt.Errorf("unexpected %v", t)
	case json.Number:
		m.out.WriteString(t.String())
	case bool:
		fmt.Fprint(m.out, t)
	case nil:
		m.out.WriteString("null")
	case string:
		return m.str(MaskValue(name, t))
	}
	return nil
}

func (m *jsonMasker) array(name string) error {
	m.out.WriteByte('[')
	for i := 0; m.dec.More(); i++ {
		if i > 0 {
			m.out.WriteByte(',')
		}
		if err := m.value(name); err != nil {
			return err
		}
	}
	if _, err := m.dec.Token(); err != nil { // ']'
		return err
	}
	m.out.WriteByte(']')
	return nil
}

// str writes s as a JSON string without HTML escaping.
func (m *jsonMasker) str(s string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	m.out.Write(bytes.TrimRight(b.Bytes(), "\n"))
	return nil
}
