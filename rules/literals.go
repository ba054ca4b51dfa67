package rules

import (
	"go/scanner"
	"go/token"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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
