package terraform

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzJSONPositions checks the position-recording JSON parser against
// encoding/json: both accept the same texts and decode them to the same
// values (numbers as json.Number).
func FuzzJSONPositions(f *testing.F) {
	for _, s := range []string{
		`{"a": [1, -2.5e3, "x\u00e9\n", true, false, null], "b": {}}`,
		`[]`, `"\ud83d\ude00"`, `0`, `-0.1`, `{"a":1,"a":2}`, `[1,]`, `{"a" 1}`, `01`, `1.`, `"\x"`,
		"\"\xff\"", `  {"k": [ {"n": 1e+2} ] }  `, `nul`, `{"a":1}x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		werr := dec.Decode(&want)
		if werr == nil {
			// encoding/json's Decoder stops after one value; a whole-text
			// check needs Valid as well.
			if !json.Valid(data) {
				werr = errTrailing
			}
		}
		got, jn, gerr := parseJSONWithPositions(data)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("encoding/json error %v, ours %v, input %q", werr, gerr, data)
		}
		// The positions-only parse (LoadPlan) agrees with the full one.
		pn, perr := jsonPositions("", data)
		if (perr == nil) != (gerr == nil) || (perr != nil && perr.Error() != gerr.Error()) {
			t.Fatalf("positions-only error %v, full parse %v, input %q", perr, gerr, data)
		}
		if gerr == nil && !samePositions(pn, jn) {
			t.Fatalf("positions-only parse of %q recorded different positions", data)
		}
		if werr != nil {
			if _, ok := gerr.(*jsonError); !ok {
				t.Fatalf("error %T %v is not a *jsonError", gerr, gerr)
			}
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q: got %#v, want %#v", data, got, want)
		}
		if jn == nil || jn.pos.Line < 1 {
			t.Fatalf("no position for the root value of %q", data)
		}
	})
}

var errTrailing = &jsonError{Msg: "trailing data"}

func samePositions(a, b *jsonNode) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.pos != b.pos || !reflect.DeepEqual(a.keys, b.keys) || len(a.kids) != len(b.kids) || len(a.elems) != len(b.elems) {
		return false
	}
	for k, c := range a.kids {
		if !samePositions(c, b.kids[k]) {
			return false
		}
	}
	for i := range a.elems {
		if !samePositions(a.elems[i], b.elems[i]) {
			return false
		}
	}
	return true
}
