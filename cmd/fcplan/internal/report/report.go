// Package report writes fcplan findings in the formats users and CI consume:
// text (grouped by file, with the source line and a caret), json (a stable,
// versioned schema), sarif (2.1.0, for GitHub code scanning) and markdown
// (for pull-request comments).
//
// Both `fcplan lint` and `fcplan vet` use it: they fill a Report with
// findings, the metadata of the rules that ran, suppressed findings and load
// diagnostics, and call Write.
//
// # JSON schema (version 1)
//
// The json format is a contract; a key is never removed or changes meaning
// without bumping "version":
//
//	{
//	  "version": 1,
//	  "tool": {"name": "fcplan", "version": "dev"},
//	  "findings": [{
//	    "ruleId": "RAM001", "severity": "error",
//	    "location": {"file": "s.yaml", "line": 12, "column": 9},
//	    "message": "...", "fix": "...", "docUrl": "https://...",
//	    "subject": "...", "related": [{"location": {...}, "message": "..."}],
//	    "fingerprint": "9f0c..."
//	  }],
//	  "suppressed": [{ ...finding..., "kind": "inSource" | "baseline", "justification": "..." }],
//	  "diagnostics": [{"severity": "error", "location": {...}, "message": "..."}],
//	  "notes": ["..."],
//	  "summary": {"error": 1, "warning": 0, "info": 0, "files": 1,
//	              "suppressed": 0, "baselined": 0, "loadErrors": 0}
//	}
//
// Arrays are always present (possibly empty). Severities are "error",
// "warning" and "info". Fingerprint is finding.Finding.Fingerprint: stable
// across edits that only move the finding to another line.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules/finding"
)

// Formats lists the output formats Write accepts.
var Formats = []string{"text", "json", "sarif", "markdown"}

// SchemaVersion is the version of the json format (see the package doc).
const SchemaVersion = 1

// InformationURI is fcplan's home page, shown by SARIF viewers.
const InformationURI = "https://github.com/fcplan/fcplan"

// RuleInfo is what SARIF and the other formats need to know about a rule.
// Config rules and Go analyzers both fill it.
type RuleInfo struct {
	// ID is the stable rule identifier, e.g. "RAM001" or "GO001".
	ID string
	// Name is a short kebab-case name, e.g. "ram-admin-action".
	Name string
	// Summary is the one-line description.
	Summary string
	// Severity is the rule's default severity.
	Severity finding.Severity
	// Help is the rule's documentation page (Markdown); may be empty.
	Help string
	// HelpURI is the page's URL.
	HelpURI string
}

// Suppression kinds.
const (
	// KindInSource marks a finding silenced by a fcplan:ignore comment.
	KindInSource = "inSource"
	// KindBaseline marks a finding already recorded in the baseline file.
	KindBaseline = "baseline"
)

// Suppressed is a finding that was silenced, and why.
type Suppressed struct {
	Finding finding.Finding
	// Kind is KindInSource or KindBaseline.
	Kind string
	// Justification is the reason given in the ignore comment, or the
	// baseline file's name.
	Justification string
}

// Diagnostic is a message about loading the input, not a finding: a file
// that could not be parsed (error), a suspicious input (warning), a skipped
// file (info).
type Diagnostic struct {
	// Severity is "error", "warning" or "info".
	Severity string
	Location finding.Location
	Message  string
}

// Report is everything one run of lint or vet has to say.
type Report struct {
	// Tool and Version name the producer; Tool defaults to "fcplan".
	Tool    string
	Version string
	// Findings are the active findings, in the order to print them (callers
	// sort; Write keeps the order within a file).
	Findings []finding.Finding
	// Suppressed are findings silenced by an ignore comment or the baseline.
	Suppressed []Suppressed
	// Diagnostics are load messages.
	Diagnostics []Diagnostic
	// Rules describes the rules that ran (SARIF rules[]). Rules referenced
	// by a finding but missing here get a minimal entry.
	Rules []RuleInfo
	// Notes are extra lines for the reader, e.g. packages analysed degraded.
	Notes []string
	// Command is the fcplan command that produced the report ("lint",
	// "vet"); SARIF names the run "fcplan/<command>/" (automationDetails)
	// so that GitHub keeps each command's alerts apart.
	Command string
}

// Options tune the rendering.
type Options struct {
	// ReadFile reads a source file for the text format's snippets; nil means
	// safefile.Read with the Source cap (regular files only, so a finding in
	// a FIFO or a device cannot hang the report). A file that cannot be read
	// just has no snippet.
	ReadFile func(path string) ([]byte, error)
	// NoSnippets turns the source lines off in the text format.
	NoSnippets bool
	// SrcRoot is the repository root (absolute): SARIF writes the paths of
	// files inside it relative to it, with uriBaseId %SRCROOT%, so they do
	// not depend on the directory fcplan ran in. "" keeps paths as given.
	SrcRoot string
	// BaseDir is the directory the report's relative paths are relative
	// to; "" is the working directory.
	BaseDir string
	// Color colours the severities of the text format with ANSI escapes
	// (the caller decides: a terminal, NO_COLOR unset).
	Color bool
}

// Write renders r in format ("text", "json", "sarif" or "markdown") to w.
// Every string, and in the text format every source line, is passed through
// the secret masker (model/secret) first, so a secret never reaches the
// output even if a check forgot to mask it.
func Write(w io.Writer, format string, r Report, opts Options) error {
	r = sanitize(r)
	if r.Tool == "" {
		r.Tool = "fcplan"
	}
	if r.Version == "" {
		r.Version = "dev"
	}
	if opts.ReadFile == nil {
		opts.ReadFile = ReadSourceFrom("")
	}
	switch format {
	case "text", "":
		return writeText(w, r, opts)
	case "json":
		return writeJSON(w, r)
	case "sarif":
		return writeSARIF(w, r, opts)
	case "markdown", "md":
		return writeMarkdown(w, r)
	}
	return fmt.Errorf("unknown format %q: want %s", format, strings.Join(Formats, ", "))
}

// ReadSourceFrom returns the snippet reader for files named relative to
// base ("" for the working directory): safefile.Read with the Source cap,
// so a path a finding names that is a FIFO, a device or a huge file gives
// no snippet instead of hanging or filling memory.
func ReadSourceFrom(base string) func(path string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if base != "" && !filepath.IsAbs(path) {
			path = filepath.Join(base, path)
		}
		return safefile.Read(path, safefile.Source)
	}
}

// ValidFormat reports whether Write accepts format.
func ValidFormat(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return format == "md"
}

// Summary counts what a report holds.
type Summary struct {
	Error      int `json:"error"`
	Warning    int `json:"warning"`
	Info       int `json:"info"`
	Files      int `json:"files"`
	Suppressed int `json:"suppressed"`
	Baselined  int `json:"baselined"`
	LoadErrors int `json:"loadErrors"`
}

// Summarize counts r's findings by severity, the files they are in, the
// silenced findings by kind and the load errors.
func Summarize(r Report) Summary {
	var s Summary
	files := map[string]bool{}
	for _, f := range r.Findings {
		switch f.Severity {
		case finding.Error:
			s.Error++
		case finding.Warning:
			s.Warning++
		default:
			s.Info++
		}
		files[f.Location.File] = true
	}
	s.Files = len(files)
	for _, x := range r.Suppressed {
		if x.Kind == KindBaseline {
			s.Baselined++
		} else {
			s.Suppressed++
		}
	}
	for _, d := range r.Diagnostics {
		if d.Severity == "error" {
			s.LoadErrors++
		}
	}
	return s
}

// Total is the number of active findings.
func (s Summary) Total() int { return s.Error + s.Warning + s.Info }

// fileGroup is the findings of one file, in report order.
type fileGroup struct {
	File     string
	Findings []finding.Finding
}

// groupByFile groups findings by file, files sorted by name, findings by
// line and column (stable, so equal positions keep the caller's order).
func groupByFile(fs []finding.Finding) []fileGroup {
	idx := map[string]int{}
	var groups []fileGroup
	for _, f := range fs {
		i, ok := idx[f.Location.File]
		if !ok {
			i = len(groups)
			idx[f.Location.File] = i
			groups = append(groups, fileGroup{File: f.Location.File})
		}
		groups[i].Findings = append(groups[i].Findings, f)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].File < groups[j].File })
	for _, g := range groups {
		sort.SliceStable(g.Findings, func(i, j int) bool {
			a, b := g.Findings[i].Location, g.Findings[j].Location
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Column < b.Column
		})
	}
	return groups
}

// maskSecrets hides every secret in a message, fix or note with the one
// masker every output path uses (model/secret): AccessKey IDs, STS tokens,
// URL and DSN passwords, and the values of credential-named assignments.
func maskSecrets(s string) string { return secret.MaskText(s) }

// sanitize returns a copy of r with every free-text string masked.
func sanitize(r Report) Report {
	out := r
	out.Findings = make([]finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		out.Findings[i] = sanitizeFinding(f)
	}
	out.Suppressed = make([]Suppressed, len(r.Suppressed))
	for i, s := range r.Suppressed {
		s.Finding = sanitizeFinding(s.Finding)
		s.Justification = maskSecrets(s.Justification)
		out.Suppressed[i] = s
	}
	out.Diagnostics = make([]Diagnostic, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		d.Message = maskSecrets(d.Message)
		out.Diagnostics[i] = d
	}
	out.Notes = make([]string, len(r.Notes))
	for i, n := range r.Notes {
		out.Notes[i] = maskSecrets(n)
	}
	return out
}

func sanitizeFinding(f finding.Finding) finding.Finding {
	f.Message = maskSecrets(f.Message)
	f.Fix = maskSecrets(f.Fix)
	f.Subject = maskSecrets(f.Subject)
	if len(f.Related) > 0 {
		rel := make([]finding.Related, len(f.Related))
		for i, r := range f.Related {
			r.Message = maskSecrets(r.Message)
			rel[i] = r
		}
		f.Related = rel
	}
	return f
}

// fingerprint is the finding's Fingerprint computed on its cleaned,
// slash-separated path, the same value fcplan's baseline files store, so
// "./s.yaml" and "s.yaml" give one identity.
func fingerprint(f finding.Finding) string {
	if f.Location.File != "" {
		f.Location.File = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(f.Location.File)), "./")
	}
	return f.Fingerprint()
}

// slashPath shows a path with forward slashes, as every format does.
func slashPath(p string) string { return filepath.ToSlash(p) }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
