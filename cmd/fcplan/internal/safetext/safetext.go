// Package safetext makes text that came from an untrusted input (a name, a
// value or an error quoting a configuration, a plan or a trace) safe to print
// on a terminal or to post as a Markdown pull-request comment.
//
// # Terminal text
//
// Text replaces every character that a terminal or an editor acts on instead
// of showing with a visible escape in Go's quoting style:
//
//   - C0 controls, DEL and C1 controls (U+0080-U+009F, which some
//     terminals read as CSI and OSC): \t, \n, \r by name, others as \x1b or
//     \u009b;
//   - Unicode format characters (category Cf: the bidi embeddings,
//     overrides and isolates U+202A-U+202E and U+2066-U+2069 that hide code
//     in a review, the "Trojan Source" attack, zero-width characters,
//     U+FEFF) and the line and paragraph separators U+2028, U+2029, as \u202e;
//   - bytes that are not valid UTF-8, as \xff.
//
// Everything else, printable UTF-8 included, is kept. A value never
// contributes a line break or a tab: only the writer itself puts them in its
// output. Lines keeps \n and \t for multi-line messages and source lines.
//
// Writer applies the same rule to a whole stream, keeping \n and \t. The
// text and Markdown writers wrap their output in one as a backstop, so a
// field a writer forgot to pass through Text still cannot reach the terminal
// raw; Text on each value is still needed so that values cannot break a
// table.
//
// # Markdown
//
// Markdown makes a value safe anywhere in a Markdown document (a paragraph,
// a list item, a heading, a table cell). After Text it applies one policy:
//
//   - &, < and > become &amp;, &lt; and &gt;, so no HTML tag, comment or
//     entity from the input reaches the renderer;
//   - the ASCII punctuation that starts Markdown syntax within a line is
//     backslash-escaped: \ ` * _ ~ [ ] | (so no code span, emphasis,
//     strikethrough or link can open, and | cannot end a table cell);
//   - a value that starts with # - + = has that character escaped, and one
//     that starts with a number, . or ) and a space has the . or ) escaped,
//     so it cannot turn the line it is written on into a heading or a list;
//   - an @ that would mention a GitHub user or team (at the start or after a
//     non-word character, followed by a letter or digit) is written as the
//     code span `@`, which GitHub never turns into a mention, so a comment
//     cannot ping people. Other @ (e-mail addresses) are kept.
//
// Bare URLs are kept: a renderer may link them, but they show their real
// target, unlike a [text](url) link, which cannot be formed.
//
// MarkdownCode shows a value as inline code: a plain value in backticks, any
// other as <code> around Markdown of the value, so the same rules hold.
//
// # Other formats
//
// The HTML review page is escaped by html/template, which passes control
// and bidi characters through, so it is written through a Writer too. JSON
// and SARIF do not use this package: encoding/json writes control
// characters as \u escapes (bidi and C1 characters, valid in a JSON string,
// stay raw, and a consumer that prints them must escape them itself).
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text returns s with every control character, Unicode format character
// (bidi overrides included), line separator and invalid UTF-8 byte replaced
// by a visible escape, so s prints as one line that cannot move the cursor,
// retitle the window or reorder what a reader sees.
func Text(s string) string { return escape(s, false) }

// Lines is Text but keeps line feeds and tabs, for text that is meant to
// span several lines (an error message, a source line with indentation).
func Lines(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	i := firstUnsafe(s, keepLines)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	appendEscaped(&b, s[i:], keepLines)
	return b.String()
}

// firstUnsafe is the byte index of the first character Text (or Lines,
// with keepLines) would change, or -1.
func firstUnsafe[T string | []byte](s T, keepLines bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if unsafeASCII(c, keepLines) {
				return i
			}
			i++
			continue
		}
		// At most utf8.UTFMax bytes: the conversion of a []byte needs no
		// allocation.
		r, n := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			return i
		}
		i += n
	}
	return -1
}

func unsafeASCII(c byte, keepLines bool) bool {
	if keepLines && (c == '\n' || c == '\t') {
		return false
	}
	return c < 0x20 || c == 0x7f
}

// unsafeRune reports whether a non-ASCII rune must be escaped.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == '\u2028' || r == '\u2029':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func appendEscaped(b *strings.Builder, s string, keepLines bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if unsafeASCII(c, keepLines) {
				writeASCIIEscape(b, c)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(b, `\x%02x`, c)
		case unsafeRune(r):
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
}

func writeASCIIEscape(b *strings.Builder, c byte) {
	switch c {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		fmt.Fprintf(b, `\x%02x`, c)
	}
}

// Markdown returns s safe to write anywhere in a Markdown document,
// table cells included: Text, then the HTML and Markdown escaping described
// in the package documentation.
func Markdown(s string) string {
	s = Text(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	lead := leadingBlock(s)
	prev := ' ' // the previous rune, for the mention rule
	for i, r := range s {
		if i == lead {
			b.WriteByte('\\')
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '~', '[', ']', '|':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			if !isWord(prev) && i+1 < len(s) && isAlnum(rune(s[i+1])) {
				b.WriteString("`@`")
			} else {
				b.WriteByte('@')
			}
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// leadingBlock returns the byte index of the character to escape so that
// s, written at the start of a line, cannot open a heading, a list or a
// setext underline (# - + = first, or the . or ) after leading digits and
// before a space), or
// -1 when there is none. Characters Markdown escapes anyway are left to it.
func leadingBlock(s string) int {
	t := strings.TrimLeft(s, " ")
	off := len(s) - len(t)
	if t == "" {
		return -1
	}
	switch t[0] {
	case '#', '-', '+', '=':
		return off
	}
	d := 0
	for d < len(t) && d < 10 && t[d] >= '0' && t[d] <= '9' {
		d++
	}
	if d > 0 && d < len(t) && (t[d] == '.' || t[d] == ')') && (d+1 == len(t) || t[d+1] == ' ') {
		return off + d
	}
	return -1
}

// MarkdownCode returns s as inline code: in backticks when s is plain (no
// backtick, pipe, backslash, HTML-significant or escaped character), else
// as <code> around Markdown(s), which renders the same and keeps every
// rule of Markdown.
func MarkdownCode(s string) string {
	if s != "" && plainCode(s) {
		return "`" + s + "`"
	}
	return "<code>" + Markdown(s) + "</code>"
}

func plainCode(s string) bool {
	if Text(s) != s || strings.TrimSpace(s) != s {
		return false
	}
	return !strings.ContainsAny(s, "`|\\<>&")
}

func isWord(r rune) bool { return r == '_' || isAlnum(r) }

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// CSVCell returns s safe as a cell of a CSV file that a spreadsheet may
// open: escaped like Text, and prefixed with a single quote when it starts
// with a character a spreadsheet reads as the start of a formula (=, +, -,
// @), so a name from a pull request cannot run one (OWASP's advice for CSV
// injection).
func CSVCell(s string) string {
	s = Text(s)
	if s != "" && strings.IndexByte("=+-@", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
