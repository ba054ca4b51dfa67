package rules

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/rules/finding"
)

// IDs reserved for findings about suppressions themselves.
const (
	// MalformedIgnoreID reports a fcplan:ignore comment without a reason,
	// without rule IDs, or naming a rule that does not exist. Such a comment
	// silences nothing.
	MalformedIgnoreID = "FCP001"
	// UnusedIgnoreID reports a fcplan:ignore comment that silenced nothing
	// (with --report-unused-ignores).
	UnusedIgnoreID = "FCP002"
)

func init() {
	Register(&Rule{
		ID: MalformedIgnoreID, Name: "malformed-ignore", Severity: finding.Warning,
		Summary: "fcplan:ignore comment without a reason or naming an unknown rule (it silences nothing)",
		Check:   func(*model.Project, *Context) []finding.Finding { return nil },
	})
	Register(&Rule{
		ID: UnusedIgnoreID, Name: "unused-ignore", Severity: finding.Warning,
		Summary: "fcplan:ignore comment that silences no finding (reported with --report-unused-ignores)",
		Check:   func(*model.Project, *Context) []finding.Finding { return nil },
	})
}

// directiveMarker starts a suppression inside a comment.
const directiveMarker = "fcplan:ignore"

// CommentSyntax says how comments start (and block comments end) in a source
// language, so one scanner serves YAML, HCL and Go.
type CommentSyntax struct {
	// Line lists line-comment prefixes, e.g. "#" or "//".
	Line []string
	// BlockStart and BlockEnd delimit block comments ("/*", "*/"); empty
	// when the language has none.
	BlockStart, BlockEnd string
	// Lexer names a tokenizer ("go", "hcl", "yaml") used to blank out string
	// literals before scanning, so a marker inside a string is not taken
	// for a directive. Empty: lines are scanned as they are.
	Lexer string
}

// Comment syntaxes of the languages fcplan reads.
var (
	YAMLComments = CommentSyntax{Line: []string{"#"}, Lexer: "yaml"}
	HCLComments  = CommentSyntax{Line: []string{"#", "//"}, BlockStart: "/*", BlockEnd: "*/", Lexer: "hcl"}
	GoComments   = CommentSyntax{Line: []string{"//"}, BlockStart: "/*", BlockEnd: "*/", Lexer: "go"}
)

// SyntaxFor returns the comment syntax of a file by its extension; ok is
// false for files without comments (JSON) or of unknown type.
func SyntaxFor(path string) (CommentSyntax, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return YAMLComments, true
	case ".tf", ".hcl", ".tfvars":
		return HCLComments, true
	case ".go":
		return GoComments, true
	}
	return CommentSyntax{}, false
}

// Directive is one `fcplan:ignore RULE[,RULE2] -- reason` comment.
type Directive struct {
	// Location is where the directive's marker starts.
	Location finding.Location
	// Rules are the IDs named, upper-cased.
	Rules []string
	// Reason is the text after " -- ", trimmed.
	Reason string
	// Target is the line the directive silences besides its own: the next
	// line that is not blank or a comment when the comment stands on its own
	// line, or 0 for a comment that trails code.
	Target int
	// Text is the directive as written, for messages.
	Text string
}

// Covers reports whether the directive applies to a finding of rule id on
// line.
func (d Directive) Covers(id string, line int) bool {
	if line != d.Location.Line && (d.Target == 0 || line != d.Target) {
		return false
	}
	for _, r := range d.Rules {
		if r == id {
			return true
		}
	}
	return false
}

// ScanDirectives finds the fcplan:ignore directives in src. It is a line
// scanner, not a parser: a directive is recognised when the marker follows a
// comment opener of syntax (optionally with spaces in between), which is
// exact for comments and cannot be fooled by a rule ID in a string value
// unless the string itself contains "# fcplan:ignore".
func ScanDirectives(file string, src []byte, syntax CommentSyntax) []Directive {
	if !bytes.Contains(src, []byte(directiveMarker)) {
		return nil
	}
	src = blankStringLiterals(src, syntax.Lexer)
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	var out []Directive
	var pending []int // indexes in out of own-line directives waiting for a target
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		commentOnly := trimmed != "" && startsComment(trimmed, syntax)
		if trimmed != "" && !commentOnly {
			for _, k := range pending {
				out[k].Target = i + 1
			}
			pending = pending[:0]
		}
		col := markerColumn(line, syntax)
		if col < 0 {
			continue
		}
		d := parseDirective(line[col+len(directiveMarker):], syntax)
		d.Location = finding.Location{File: file, Line: i + 1, Column: len([]rune(line[:col])) + 1}
		d.Text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line[col:]), syntax.BlockEnd))
		out = append(out, d)
		if commentOnly {
			pending = append(pending, len(out)-1)
		}
	}
	return out
}

// startsComment reports whether a trimmed line starts with a comment opener.
func startsComment(trimmed string, syntax CommentSyntax) bool {
	for _, p := range syntax.Line {
		if strings.HasPrefix(trimmed, p) {
			return true
		}
	}
	return syntax.BlockStart != "" && strings.HasPrefix(trimmed, syntax.BlockStart)
}

// markerColumn returns the byte offset of the directive marker on line when
// it is the first thing in a comment, or -1.
func markerColumn(line string, syntax CommentSyntax) int {
	from := 0
	for {
		i := strings.Index(line[from:], directiveMarker)
		if i < 0 {
			return -1
		}
		i += from
		before := strings.TrimRight(line[:i], " \t")
		openers := append([]string(nil), syntax.Line...)
		if syntax.BlockStart != "" {
			openers = append(openers, syntax.BlockStart)
		}
		for _, o := range openers {
			// The opener must start the line or follow a blank: "a#b" is
			// not a YAML comment and "http://x" is not a line comment.
			if strings.HasSuffix(before, o) {
				pre := before[:len(before)-len(o)]
				if pre == "" || strings.HasSuffix(pre, " ") || strings.HasSuffix(pre, "\t") {
					return i
				}
			}
		}
		from = i + len(directiveMarker)
	}
}

// parseDirective reads " RULE[,RULE2] -- reason" after the marker.
func parseDirective(rest string, syntax CommentSyntax) Directive {
	if syntax.BlockEnd != "" {
		if i := strings.Index(rest, syntax.BlockEnd); i >= 0 {
			rest = rest[:i]
		}
	}
	var d Directive
	ids, reason, hasReason := strings.Cut(rest, "--")
	if hasReason {
		d.Reason = strings.TrimSpace(reason)
	}
	for _, f := range strings.FieldsFunc(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		d.Rules = append(d.Rules, strings.ToUpper(f))
	}
	return d
}

// Problem returns why the directive is malformed (so it silences nothing),
// or "" when it is valid. Drivers that filter analyzer diagnostics
// themselves (fcvet, the golangci-lint plugin) use it.
func (d Directive) Problem() string { return d.problem(KnownID) }

// problem returns why a directive is malformed, or "" when it is valid.
// known reports whether a rule ID exists.
func (d Directive) problem(known func(string) bool) string {
	if len(d.Rules) == 0 {
		return fmt.Sprintf("%q names no rule: write `fcplan:ignore RULE -- reason`", d.Text)
	}
	for _, id := range d.Rules {
		if !known(id) {
			msg := fmt.Sprintf("%q names unknown rule %s", d.Text, id)
			if s := SuggestID(id); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return msg + "; the comment silences nothing"
		}
	}
	if d.Reason == "" {
		return fmt.Sprintf("%q gives no reason: add ` -- why this is fine`; the comment silences nothing until it does", d.Text)
	}
	return ""
}
