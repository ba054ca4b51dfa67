package safetext

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestJSON(t *testing.T) {
	values := []string{
		"plain",
		"évian 中文 ✓",
		"rtl\u202eevil\u202c",
		"csi\u009b2J c1\u0085",
		"line\u2028para\u2029",
		"tag\U000E0041hidden",
		"zero\u200bwidth",
		"esc\x1b]0;t\x07",
	}
	for _, v := range values {
		doc, err := json.Marshal(map[string]string{"name": v})
		if err != nil {
			t.Fatal(err)
		}
		got := JSON(doc)
		for _, bad := range []string{"\u202e", "\u009b", "\u0085", "\u2028", "\U000E0041", "\u200b", "\x1b"} {
			if bytes.Contains(got, []byte(bad)) {
				t.Errorf("JSON(%q) = %s: still holds %q raw", doc, got, bad)
			}
		}
		var back map[string]string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("JSON(%q) = %s: not JSON: %v", doc, got, err)
		}
		if back["name"] != v {
			t.Errorf("JSON changed the value: %q, want %q", back["name"], v)
		}
	}
	plain := []byte(`{"a":"évian"}`)
	if got := JSON(plain); &got[0] != &plain[0] {
		t.Errorf("JSON copied a document with nothing to escape")
	}
}

func TestJSONWriter(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(JSONWriter{&buf})
	if err := enc.Encode([]string{"a\u202eb"}); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "[\"a\\u202eb\"]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"memorySize=512", "memorySize=512"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"a\x1bb", `a\x1bb`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CSVCell(tt.in); got != tt.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
