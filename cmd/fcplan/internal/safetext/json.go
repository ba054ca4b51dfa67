package safetext

import (
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON returns a JSON document with every non-ASCII character that Text
// escapes (C1 controls, bidi overrides and other format characters, line and
// paragraph separators) written as a \u escape instead of raw. encoding/json
// already escapes C0 controls; these it leaves raw because they are valid in
// a JSON string, and `jq -r`, a log viewer or a CI annotation would then
// print them to a terminal. The document means the same: outside strings a
// JSON document is ASCII, so every such character is inside a string, where
// \uXXXX (a surrogate pair above U+FFFF) stands for it.
func JSON(doc []byte) []byte {
	i := firstUnsafeJSON(doc)
	if i < 0 {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	out = append(out, doc[:i]...)
	for i < len(doc) {
		c := doc[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(doc[i:])
		if unsafeRune(r) {
			if r > 0xffff {
				hi, lo := utf16.EncodeRune(r)
				out = fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, doc[i:i+n]...)
		}
		i += n
	}
	return out
}

// firstUnsafeJSON is the index of the first non-ASCII character JSON
// escapes, or -1.
func firstUnsafeJSON(doc []byte) int {
	for i := 0; i < len(doc); {
		if doc[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(doc[i:])
		if unsafeRune(r) {
			return i
		}
		i += n
	}
	return -1
}

// JSONWriter is a writer for json.Encoder: each Write (Encode writes one
// whole value at a time) is passed through JSON.
type JSONWriter struct{ W io.Writer }

// Write writes JSON(p) and reports len(p) on success.
func (w JSONWriter) Write(p []byte) (int, error) {
	if _, err := w.W.Write(JSON(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}
