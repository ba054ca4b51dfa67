package report

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/rules/finding"
)

// SARIF constants.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// FingerprintKey names fcplan's entry in partialFingerprints.
	FingerprintKey = "fcplanFingerprint/v1"
)

// The SARIF 2.1.0 subset fcplan writes. Field names follow the OASIS schema.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                    `json:"tool"`
	AutomationDetails  *sarifAutomation             `json:"automationDetails,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifactBase `json:"originalUriBaseIds,omitempty"`
	Invocations        []sarifInvocation            `json:"invocations"`
	Results            []sarifResult                `json:"results"`
	ColumnKind         string                       `json:"columnKind"`
}

// sarifAutomation identifies the run: GitHub keeps one set of alerts per
// tool and category, so lint and vet uploaded from one job need distinct
// IDs ("fcplan/lint/", "fcplan/vet/"; the trailing slash makes the whole
// ID the category).
type sarifAutomation struct {
	ID string `json:"id"`
}

// sarifArtifactBase describes a uriBaseId. The repository root has no uri:
// where it lies on the machine that ran fcplan is of no use to the
// consumer, which knows its own checkout, and keeps the output the same on
// every machine.
type sarifArtifactBase struct {
	URI         string        `json:"uri,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name,omitempty"`
	ShortDescription     *sarifMultiformat `json:"shortDescription,omitempty"`
	FullDescription      *sarifMultiformat `json:"fullDescription,omitempty"`
	Help                 *sarifMultiformat `json:"help,omitempty"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifConfig      `json:"defaultConfiguration,omitempty"`
	Properties           map[string]any    `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifMessage `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

// sarifLevel maps a severity to SARIF's level enum.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

func diagLevel(s string) string {
	switch s {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "note"
}

// artifactURI turns a path as given into a SARIF URI: relative paths stay
// relative (GitHub resolves them against the repository root), absolute ones
// become file URIs.
func artifactURI(p string) string {
	s := slashPath(p)
	s = strings.TrimPrefix(s, "./")
	if filepath.IsAbs(p) || strings.HasPrefix(s, "/") {
		return (&url.URL{Scheme: "file", Path: s}).String()
	}
	return (&url.URL{Path: s}).String()
}

// sarifPaths writes artifact locations: relative to the repository root
// (uriBaseId %SRCROOT%) when root is set and the file lies inside it, so
// that the paths do not depend on where fcplan ran; otherwise as given.
type sarifPaths struct {
	base, root string
}

// rel returns the path p as the SARIF consumer should see it, and whether
// it is relative to the repository root.
func (sp sarifPaths) rel(p string) (string, bool) {
	return rootRelative(p, sp.base, sp.root)
}

func (sp sarifPaths) loc(l finding.Location, msg string) sarifLocation {
	art := sarifArtifact{URI: artifactURI(l.File)}
	if rel, ok := sp.rel(l.File); ok {
		art = sarifArtifact{URI: (&url.URL{Path: rel}).String(), URIBaseID: srcRootID}
	} else if sp.root != "" && l.File != "" && !filepath.IsAbs(l.File) {
		// Outside the repository a path relative to wherever fcplan ran
		// means nothing to the consumer: give it in full.
		art = sarifArtifact{URI: artifactURI(filepath.Join(sp.base, l.File))}
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art}}
	if l.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: l.Line}
		if l.Column > 0 {
			loc.PhysicalLocation.Region.StartColumn = l.Column
		}
	}
	if msg != "" {
		loc.Message = &sarifMessage{Text: msg}
	}
	return loc
}

func writeSARIF(w io.Writer, r Report, opts Options) error {
	rules, index := sarifRules(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool, Version: r.Version, InformationURI: InformationURI, Rules: rules,
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	if r.Command != "" {
		run.AutomationDetails = &sarifAutomation{ID: r.Tool + "/" + r.Command + "/"}
	}
	sp := sarifPaths{base: opts.BaseDir, root: opts.SrcRoot}
	if sp.root != "" {
		if sp.base == "" {
			sp.base, _ = os.Getwd()
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifactBase{srcRootID: {
			Description: &sarifMessage{Text: "The repository root: paths are relative to it."},
		}}
	}
	r = sp.absolute(r)
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, d := range r.Diagnostics {
		if d.Severity == "error" {
			inv.ExecutionSuccessful = false
		}
		n := sarifNotification{Level: diagLevel(d.Severity), Message: sarifMessage{Text: d.Message}}
		if d.Location.File != "" {
			n.Locations = []sarifLocation{sp.loc(d.Location, "")}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}

	for _, g := range groupByFile(r.Findings) {
		for _, f := range g.Findings {
			run.Results = append(run.Results, sarifResultOf(sp, f, index, nil))
		}
	}
	for _, s := range r.Suppressed {
		kind := "inSource"
		if s.Kind == KindBaseline {
			kind = "external"
		}
		run.Results = append(run.Results, sarifResultOf(sp, s.Finding, index,
			[]sarifSuppression{{Kind: kind, Justification: s.Justification}}))
	}
	doc := sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
	enc := json.NewEncoder(safetext.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func sarifResultOf(sp sarifPaths, f finding.Finding, index map[string]int, sup []sarifSuppression) sarifResult {
	text := f.Message
	if f.Fix != "" {
		text += "\nFix: " + f.Fix
	}
	res := sarifResult{
		RuleID:              f.RuleID,
		RuleIndex:           index[f.RuleID],
		Level:               sarifLevel(f.Severity),
		Message:             sarifMessage{Text: text},
		PartialFingerprints: map[string]string{FingerprintKey: fingerprint(rootFile(sp, f))},
		Suppressions:        sup,
	}
	if f.Location.File != "" {
		res.Locations = []sarifLocation{sp.loc(f.Location, "")}
	}
	for i, rel := range f.Related {
		loc := sp.loc(rel.Location, rel.Message)
		id := i + 1
		loc.ID = &id
		res.RelatedLocations = append(res.RelatedLocations, loc)
	}
	return res
}

// absolute returns r with every relative path made absolute against the
// base directory, so that results are ordered the same whichever directory
// fcplan ran in (the order follows the paths).
func (sp sarifPaths) absolute(r Report) Report {
	if sp.root == "" {
		return r
	}
	abs := func(l *finding.Location) {
		if l.File != "" && !filepath.IsAbs(l.File) {
			l.File = filepath.Join(sp.base, l.File)
		}
	}
	absF := func(f finding.Finding) finding.Finding {
		abs(&f.Location)
		f.Related = append([]finding.Related(nil), f.Related...)
		for i := range f.Related {
			abs(&f.Related[i].Location)
		}
		return f
	}
	fs := make([]finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		fs[i] = absF(f)
	}
	r.Findings = fs
	sup := make([]Suppressed, len(r.Suppressed))
	for i, s := range r.Suppressed {
		s.Finding = absF(s.Finding)
		sup[i] = s
	}
	r.Suppressed = sup
	ds := make([]Diagnostic, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		abs(&d.Location)
		ds[i] = d
	}
	r.Diagnostics = ds
	return r
}

// rootFile is f with its file relative to the repository root when it lies
// inside it: the fingerprint then stays the same whichever directory
// fcplan ran in.
func rootFile(sp sarifPaths, f finding.Finding) finding.Finding {
	if rel, ok := sp.rel(f.Location.File); ok {
		f.Location.File = rel
	}
	return f
}

// sarifRules lists the rules (given ones plus any a finding names without
// metadata), sorted by ID, and the index of each ID.
func sarifRules(r Report) ([]sarifRule, map[string]int) {
	infos := map[string]RuleInfo{}
	for _, ri := range r.Rules {
		infos[ri.ID] = ri
	}
	addMissing := func(f finding.Finding) {
		if _, ok := infos[f.RuleID]; !ok {
			infos[f.RuleID] = RuleInfo{ID: f.RuleID, Severity: f.Severity, HelpURI: f.DocURL}
		}
	}
	for _, f := range r.Findings {
		addMissing(f)
	}
	for _, s := range r.Suppressed {
		addMissing(s.Finding)
	}
	ids := make([]string, 0, len(infos))
	for id := range infos {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]sarifRule, 0, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		ri := infos[id]
		index[id] = i
		sr := sarifRule{ID: id, Name: ri.Name, HelpURI: ri.HelpURI}
		if ri.Summary != "" {
			// GitHub shows fullDescription at the top of every alert: the
			// rule's summary, not the first paragraph of its page (the
			// severity line on most pages).
			sr.ShortDescription = &sarifMultiformat{Text: ri.Summary}
			sr.FullDescription = &sarifMultiformat{Text: ri.Summary}
		}
		sr.Properties = sarifRuleProperties(id)
		if ri.Help != "" {
			sr.Help = &sarifMultiformat{Text: ri.Help, Markdown: ri.Help}
		} else if ri.Summary != "" {
			help := ri.Summary
			if ri.HelpURI != "" {
				help += " See " + ri.HelpURI
			}
			sr.Help = &sarifMultiformat{Text: help}
		}
		if ri.Severity != 0 {
			sr.DefaultConfiguration = &sarifConfig{Level: sarifLevel(ri.Severity)}
		}
		out = append(out, sr)
	}
	return out, index
}
