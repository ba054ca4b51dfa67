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
// is read under that name. An "unknown" member is the text of an
// expression and is masked with MaskExpression. Keys are masked with
// MaskText (an AccessKey ID used as a map key). Keys, numbers and the
// strings left as they were are copied byte for byte (escapes included).
// The output is compact; use json.Indent to indent it.
func MaskJSON(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	m := &jsonMasker{data: data, dec: dec, out: &out}
	if err := m.value(""); err != nil {
		return nil, fmt.Errorf("mask secrets in JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("mask secrets in JSON: data after the document")
	}
	return out.Bytes(), nil
}

type jsonMasker struct {
	data []byte
	dec  *json.Decoder
	out  *bytes.Buffer
}

// next reads a token and the bytes it was written as.
func (m *jsonMasker) next() (json.Token, []byte, error) {
	start := m.dec.InputOffset()
	tok, err := m.dec.Token()
	if err != nil {
		return nil, nil, err
	}
	raw := bytes.TrimLeft(m.data[start:m.dec.InputOffset()], " \t\r\n,:")
	return tok, raw, nil
}

// value copies one value read under name.
func (m *jsonMasker) value(name string) error {
	tok, raw, err := m.next()
	if err != nil {
		return err
	}
	return m.rest(tok, raw, name, MaskValue)
}

// rest copies a value whose first token is already read; mask masks a
// string read under name.
func (m *jsonMasker) rest(tok json.Token, raw []byte, name string, mask func(name, v string) string) error {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return m.object(name)
		case '[':
			return m.array(name)
		}
		return fmt.Errorf("unexpected %v", t)
	case string:
		return m.str(mask(name, t), t, raw)
	default:
		m.out.Write(raw)
	}
	return nil
}

// object copies the members of an object (its '{' is read) whose enclosing
// name is name.
func (m *jsonMasker) object(name string) error {
	m.out.WriteByte('{')
	sibling := "" // the value of this object's "name" or "key" member
	for i := 0; m.dec.More(); i++ {
		tok, raw, err := m.next()
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
		// A key may hold a secret too: an AccessKey ID used as a variable
		// name shows up in a map key ("env.LTAI...": position).
		if err := m.str(MaskText(key), key, raw); err != nil {
			return err
		}
		m.out.WriteByte(':')
		under := key
		isValue := key == "value" || key == "unknown" || key == "default"
		switch {
		case IsName(key):
		case isValue && sibling != "":
			under = sibling
		case isValue && name != "":
			under = name
		}
		tok, raw, err = m.next()
		if err != nil {
			return err
		}
		mask := MaskValue
		if key == "unknown" {
			mask = MaskExpression
		}
		if s, ok := tok.(string); ok && (key == "name" || key == "key") && sibling == "" {
			sibling = s
		}
		if err := m.rest(tok, raw, under, mask); err != nil {
			return err
		}
	}
	if _, err := m.dec.Token(); err != nil { // '}'
		return err
	}
	m.out.WriteByte('}')
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

// str writes the masked string s; a string that masking left as it was
// (orig) is copied as it was written (raw).
func (m *jsonMasker) str(s, orig string, raw []byte) error {
	if s == orig {
		m.out.Write(raw)
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	m.out.Write(bytes.TrimRight(b.Bytes(), "\n"))
	return nil
}
