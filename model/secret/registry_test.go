package secret

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRegistryAddIgnores(t *testing.T) {
	tests := []struct {
		value string
		want  int // forms recorded
	}{
		{"short", 0},                  // under MinKnownLen
		{"${env('X')}", 0},            // placeholder
		{"your-password", 0},          // placeholder
		{"****...abcd", 0},            // already masked
		{"zzEnvFlagSecret123456", 1},  // plain: one form
		{`zz"quoted<secret>\x`, 3},    // raw, HTML- and JSON-escaped forms
		{"  zzPaddedSecret9876  ", 1}, // trimmed
	}
	for _, tt := range tests {
		r := NewRegistry()
		r.Add(tt.value)
		if got := r.Len(); got != tt.want {
			t.Errorf("Add(%q): %d forms, want %d", tt.value, got, tt.want)
		}
	}
	var nilReg *Registry
	nilReg.Add("zzEnvFlagSecret123456") // must not panic
	if nilReg.Len() != 0 || nilReg.MaskKnown("x") != "x" {
		t.Error("a nil registry must be empty")
	}
}

func TestRegistryMaskKnown(t *testing.T) {
	r := NewRegistry()
	r.Add("zzEnvFlagSecret123456")
	r.Add("zzEnvFlag-other-value")
	r.Add(`zz"quoted<secret>\x`)
	tests := []struct{ in, want string }{
		{"function zzEnvFlagSecret123456 has", "function ****...3456 has"},
		{"a zzEnvFlagSecret123456zzEnvFlagSecret123456 b", "a ****...3456****...3456 b"},
		{"fn-zzEnvFlag-other-value.", "fn-****...alue."},
		{`"name": "zz\"quoted\u003csecret\u003e\\x"`, `"name": "****...e\\x"`},
		{"<b>zz&#34;quoted&lt;secret&gt;\\x</b>", "<b>****...t;\\x</b>"},
		{"nothing known here", "nothing known here"},
	}
	for _, tt := range tests {
		got := r.MaskKnown(tt.in)
		if got != tt.want {
			t.Errorf("MaskKnown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriterSplitWrites writes a text holding a known value in every pair
// of chunks and checks the value never reaches the underlying writer.
func TestWriterSplitWrites(t *testing.T) {
	const secretValue = "zzEnvFlagSecret123456"
	text := "function " + secretValue + " has an anonymous HTTP trigger " + secretValue + "\n"
	want := "function ****...3456 has an anonymous HTTP trigger ****...3456\n"
	for cut := 0; cut <= len(text); cut++ {
		for cut2 := cut; cut2 <= len(text); cut2 += 3 {
			r := NewRegistry()
			r.Add(secretValue)
			var out bytes.Buffer
			w := NewWriter(&out, r)
			for _, part := range []string{text[:cut], text[cut:cut2], text[cut2:]} {
				n, err := w.Write([]byte(part))
				if err != nil || n != len(part) {
					t.Fatalf("Write: %d, %v", n, err)
				}
			}
			if strings.Contains(out.String(), "zzEnvFlag") {
				t.Fatalf("cut %d,%d: wrote the secret before Flush: %q", cut, cut2, out.String())
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if out.String() != want {
				t.Fatalf("cut %d,%d: %q, want %q", cut, cut2, out.String(), want)
			}
		}
	}
}

func TestWriterPassThrough(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, NewRegistry())
	w.Write([]byte("zzEnvFl"))
	if out.String() != "zzEnvFl" {
		t.Fatalf("an empty registry must write straight through, got %q", out.String())
	}
	// A value learnt mid-run is masked from then on; a held-back prefix is
	// written by Flush.
	w.Registry().Add("zzEnvFlagSecret123456")
	w.Write([]byte("x zzEnvFlagSecret123456 zzEnv"))
	w.Flush()
	if got, want := out.String(), "zzEnvFlx ****...3456 zzEnv"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRegistryContext(t *testing.T) {
	if RegistryFrom(context.Background()) != nil || RegistryFrom(nil) != nil { //nolint:staticcheck // nil context on purpose
		t.Fatal("no registry expected")
	}
	r := NewRegistry()
	if RegistryFrom(WithRegistry(context.Background(), r)) != r {
		t.Fatal("registry not carried")
	}
}

func TestMaskGoMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{`cannot use accessKeySecret (untyped string constant "zzConstSecret1234567") as int value in variable declaration`,
			`cannot use accessKeySecret (untyped string constant "****...4567") as int value in variable declaration`},
		{`cannot use "zzTypeErrPass12345" (untyped string constant) as int value in variable declaration`,
			`cannot use "****...2345" (untyped string constant) as int value in variable declaration`},
		{`cannot convert "hunter2" (untyped string constant) to type int`, `cannot convert "****" (untyped string constant) to type int`},
		{`"os" imported and not used`, `"os" imported and not used`},
		{`"github.com/aliyun/fc-runtime-go-sdk/fc" imported and not used`, `"github.com/aliyun/fc-runtime-go-sdk/fc" imported and not used`},
		{`could not import "example.com/missing/pkg"`, `could not import "example.com/missing/pkg"`},
		{`cannot use "${env}" (untyped string constant) as int value`, `cannot use "${env}" (untyped string constant) as int value`},
		{`cannot use "/run/secrets/db" (untyped string constant) as int value`, `cannot use "/run/secrets/db" (untyped string constant) as int value`},
		{`undefined: x`, `undefined: x`},
	}
	for _, tt := range tests {
		if got := MaskGoMessage(tt.in); got != tt.want {
			t.Errorf("MaskGoMessage(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
