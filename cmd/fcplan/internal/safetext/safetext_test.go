package safetext

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain ASCII kept", "api-handler v2 (prod)", "api-handler v2 (prod)"},
		{"valid UTF-8 kept", "函数 café ✅ ⚠️ 👍", "函数 café ✅ ⚠️ 👍"},
		{"CSI clear screen", "a\x1b[2Jb", `a\x1b[2Jb`},
		{"CSI colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"OSC title with BEL", "f\x1b]0;pwned\x07g", `f\x1b]0;pwned\x07g`},
		{"OSC hyperlink with ST", "\x1b]8;;https://evil\x1b\\x\x1b]8;;\x1b\\", `\x1b]8;;https://evil\x1b\x\x1b]8;;\x1b\`},
		{"CR overwrites the line", "ok\rFAIL", `ok\rFAIL`},
		{"LF and tab named", "a\nb\tc", `a\nb\tc`},
		{"NUL", "a\x00b", `a\x00b`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"backspace", "abc\b\b\bxyz", `abc\x08\x08\x08xyz`},
		{"C1 CSI as UTF-8", "a\u009b2Jb", `a\u009b2Jb`},
		{"C1 range ends", "\u0080\u009f", `\u0080\u009f`},
		{"C1 CSI as a raw byte", "a\x9b2Jb", `a\x9b2Jb`},
		{"invalid UTF-8 bytes", "a\xff\xfeb", `a\xff\xfeb`},
		{"truncated sequence", "a\xe2\x80", `a\xe2\x80`},
		{"bidi override RLO", "admin\u202e // ", `admin\u202e // `},
		{"bidi embeddings and PDF", "\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`},
		{"bidi isolates", "\u2066x\u2067y\u2068z\u2069", `\u2066x\u2067y\u2068z\u2069`},
		{"marks and zero width", "a\u200bb\u200ec\u200fd\ufeff", `a\u200bb\u200ec\u200fd\ufeff`},
		{"line separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"backslash kept", `C:\dir\x`, `C:\dir\x`},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.in)
			if got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
			assertInert(t, got, false)
		})
	}
}

func TestLines(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"LF and tab kept", "line 1\n\tline 2", "line 1\n\tline 2"},
		{"CR escaped", "a\r\nb", "a\\r\nb"},
		{"ESC escaped", "x\x1b[2Jy\n", "x\\x1b[2Jy\n"},
		{"bidi escaped", "\u202ex\n", "\\u202ex\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Lines(tc.in); got != tc.want {
				t.Errorf("Lines(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain kept", "api handler 2", "api handler 2"},
		{"img tag", `<img src=x onerror=alert(1)>`, `&lt;img src=x onerror=alert(1)&gt;`},
		{"svg tag", `<svg onload=alert(1)>`, `&lt;svg onload=alert(1)&gt;`},
		{"HTML comment", "a <!-- hide", `a &lt;!-- hide`},
		{"entity", "&#60;b&#62;", `&amp;#60;b&amp;#62;`},
		{"pipe cannot end a cell", "a|b", `a\|b`},
		{"backslash before pipe", `a\|b`, `a\\\|b`},
		{"code span cannot open", "a`b`", "a\\`b\\`"},
		{"link cannot form", "[click](https://evil)", `\[click\](https://evil)`},
		{"image cannot form", "![x](https://evil/t.png)", `!\[x\](https://evil/t.png)`},
		{"emphasis", "*bold* _it_ ~~s~~", `\*bold\* \_it\_ \~\~s\~\~`},
		{"leading heading", "# Approved", `\# Approved`},
		{"leading heading after spaces", "  ## x", `  \## x`},
		{"hash inside kept", "issue #12", "issue #12"},
		{"leading list", "- item", `\- item`},
		{"leading plus", "+ item", `\+ item`},
		{"leading setext", "===", `\===`},
		{"leading ordered list", "1. step", `1\. step`},
		{"leading ordered list paren", "12) step", `12\) step`},
		{"number not a list", "1.5 GB", "1.5 GB"},
		{"mention", "@octocat look", "`@`octocat look"},
		{"team mention", "cc @org/team", "cc `@`org/team"},
		{"mention in parens", "(@admin)", "(`@`admin)"},
		{"email kept", "ops@example.com", "ops@example.com"},
		{"lone at kept", "a @ b", "a @ b"},
		{"control chars made visible then escaped", "x\x1b]0;pwned\x07y", `x\\x1b\]0;pwned\\x07y`},
		{"newline cannot break a table", "a\nb", `a\\nb`},
		{"bidi", "x\u202ey", `x\\u202ey`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Markdown(tc.in)
			if got != tc.want {
				t.Errorf("Markdown(%q) = %q, want %q", tc.in, got, tc.want)
			}
			assertInert(t, got, false)
			if strings.ContainsAny(got, "<>\n") {
				t.Errorf("Markdown(%q) = %q holds < > or a line break", tc.in, got)
			}
		})
	}
}

func TestMarkdownCode(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain path in backticks", "s.yaml:12:5", "`s.yaml:12:5`"},
		{"mention is safe in code", "@octocat", "`@octocat`"},
		{"backtick falls back to code tag", "a`b", "<code>a\\`b</code>"},
		{"pipe falls back", "a|b", `<code>a\|b</code>`},
		{"HTML falls back", "<img src=x>", "<code>&lt;img src=x&gt;</code>"},
		{"control char falls back", "a\x1bb", `<code>a\\x1bb</code>`},
		{"edge space falls back", " a", "<code> a</code>"},
		{"empty", "", "<code></code>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MarkdownCode(tc.in); got != tc.want {
				t.Errorf("MarkdownCode(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestWriter: the stream escapes what Lines escapes, keeps line feeds and
// tabs, and joins a character split across writes at any byte.
func TestWriter(t *testing.T) {
	in := "name\t\u202eevil\x1b]0;t\x07 é 👍\r\n\u009b\xff end\n"
	want := Lines(in)
	for chunk := 1; chunk <= len(in); chunk++ {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		for i := 0; i < len(in); i += chunk {
			p := in[i:min(i+chunk, len(in))]
			n, err := w.Write([]byte(p))
			if err != nil || n != len(p) {
				t.Fatalf("chunk %d: Write = %d, %v", chunk, n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Fatalf("chunk %d: got %q, want %q", chunk, buf.String(), want)
		}
	}
	// A sequence cut at the very end is written escaped by Flush.
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.WriteString("ok \xe2\x80")
	if buf.String() != "ok " {
		t.Errorf("before Flush: %q, want the cut sequence held back", buf.String())
	}
	w.Flush()
	if buf.String() != `ok \xe2\x80` {
		t.Errorf("after Flush: %q", buf.String())
	}
}

// assertInert fails when s holds anything a terminal would act on.
func assertInert(t *testing.T, s string, keepLines bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%q is not valid UTF-8", s)
	}
	if i := firstUnsafe(s, keepLines); i >= 0 {
		t.Errorf("%q still holds an unsafe character at byte %d", s, i)
	}
}

// BenchmarkWriterPlain is the common case: a report with nothing to escape,
// written in bufio-sized chunks.
func BenchmarkWriterPlain(b *testing.B) {
	chunk := []byte(strings.Repeat("  s.yaml:12:5: warning COST001 function api-handler has no ceiling ✅\n", 60))
	b.SetBytes(int64(len(chunk)))
	w := NewWriter(io.Discard)
	for b.Loop() {
		if _, err := w.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
}
