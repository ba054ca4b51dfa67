package rules

import (
	"bytes"
	"errors"
	"go/scanner"
	"go/token"
	"io"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"gopkg.in/yaml.v3"
)

// blankStringLiterals returns a copy of src in which the contents of string
// literals are replaced by spaces (newlines kept), so that lines and columns
// are unchanged but text inside strings can no longer look like a comment.
// Sources that do not tokenize are returned as they are: the line scanner is
// then the best we have.
func blankStringLiterals(src []byte, lexer string) []byte {
	var spans [][2]int
	switch lexer {
	case "go":
		spans = goStringSpans(src)
	case "hcl":
		spans = hclStringSpans(src)
	case "yaml":
		spans = yamlStringSpans(src)
	}
	if len(spans) == 0 {
		return src
	}
	out := append([]byte(nil), src...)
	for _, sp := range spans {
		for i := sp[0]; i < sp[1] && i < len(out); i++ {
			if out[i] != '\n' && out[i] != '\r' {
				out[i] = ' '
			}
		}
	}
	return out
}

func goStringSpans(src []byte) [][2]int {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	var spans [][2]int
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return spans
		}
		if tok == token.STRING || tok == token.CHAR {
			start := file.Offset(pos)
			spans = append(spans, [2]int{start, start + len(lit)})
		}
	}
}

func hclStringSpans(src []byte) [][2]int {
	tokens, diags := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	var spans [][2]int
	for _, t := range tokens {
		if t.Type == hclsyntax.TokenQuotedLit || t.Type == hclsyntax.TokenStringLit {
			spans = append(spans, [2]int{t.Range.Start.Byte, t.Range.End.Byte})
		}
	}
	return spans
}

// maxYAMLDocuments bounds the documents of one YAML file examined for
// string spans (the loaders examine no more).
const maxYAMLDocuments = 64

// yamlStringSpans returns the spans of quoted scalars ("..." and '...') and
// of block scalar contents (| and >) in a YAML source: a "#" inside them is
// text, not a comment. A source that does not parse gives no spans.
func yamlStringSpans(src []byte) [][2]int {
	var lineStart []int // byte offset of each line (0-based index)
	lineStart = append(lineStart, 0)
	for i, b := range src {
		if b == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	// offset converts yaml.v3's 1-based line and rune column to a byte offset.
	offset := func(line, col int) int {
		if line < 1 || line > len(lineStart) {
			return -1
		}
		o := lineStart[line-1]
		for c := 1; c < col && o < len(src) && src[o] != '\n'; c++ {
			_, size := utf8.DecodeRune(src[o:])
			o += size
		}
		return o
	}
	var spans [][2]int
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for range maxYAMLDocuments {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil
		}
		stack := []*yaml.Node{&doc}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n.Kind == yaml.AliasNode {
				continue
			}
			stack = append(stack, n.Content...)
			if n.Kind != yaml.ScalarNode {
				continue
			}
			o := offset(n.Line, n.Column)
			if o < 0 {
				continue
			}
			switch {
			case n.Style&yaml.DoubleQuotedStyle != 0:
				spans = appendQuoted(spans, src, o, '"')
			case n.Style&yaml.SingleQuotedStyle != 0:
				spans = appendQuoted(spans, src, o, '\'')
			case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
				spans = appendBlock(spans, src, lineStart, n.Line)
			}
		}
	}
	return spans
}

// appendQuoted adds the span of the quoted scalar whose opening quote is the
// first q at or after from (a tag or anchor may come first).
func appendQuoted(spans [][2]int, src []byte, from int, q byte) [][2]int {
	start := bytes.IndexByte(src[from:], q)
	if start < 0 {
		return spans
	}
	start += from
	i := start + 1
	for i < len(src) {
		switch {
		case q == '"' && src[i] == '\\':
			i += 2
			continue
		case q == '\'' && src[i] == '\'' && i+1 < len(src) && src[i+1] == '\'':
			i += 2
			continue
		case src[i] == q:
			return append(spans, [2]int{start, i + 1})
		}
		i++
	}
	return append(spans, [2]int{start, len(src)})
}

// appendBlock adds the content lines of the block scalar whose indicator is
// on line (1-based): the following lines that are blank or indented at least
// as much as its first non-blank line, which must be indented more than the
// indicator's line.
func appendBlock(spans [][2]int, src []byte, lineStart []int, line int) [][2]int {
	indentOf := func(l int) (indent int, blank bool) {
		o := lineStart[l]
		for o+indent < len(src) && src[o+indent] == ' ' {
			indent++
		}
		rest := o + indent
		return indent, rest >= len(src) || src[rest] == '\n' || src[rest] == '\r'
	}
	if line < 1 || line > len(lineStart) {
		return spans
	}
	parent, _ := indentOf(line - 1)
	content := -1
	first, last := line, line // 0-based line indexes [first, last)
	for l := line; l < len(lineStart); l++ {
		indent, blank := indentOf(l)
		if blank {
			continue
		}
		if content < 0 {
			if indent <= parent {
				break
			}
			content = indent
		}
		if indent < content {
			break
		}
		last = l + 1
	}
	if last == first {
		return spans
	}
	end := len(src)
	if last < len(lineStart) {
		end = lineStart[last]
	}
	return append(spans, [2]int{lineStart[first], end})
}
