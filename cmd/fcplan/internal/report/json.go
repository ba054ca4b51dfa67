package report

import (
	"encoding/json"
	"io"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/rules/finding"
)

// jsonDocument is the stable json format (see the package doc).
type jsonDocument struct {
	Version     int              `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Findings    []jsonFinding    `json:"findings"`
	Suppressed  []jsonSuppressed `json:"suppressed"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Notes       []string         `json:"notes"`
	Summary     Summary          `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	finding.Finding
	Fingerprint string `json:"fingerprint"`
}

type jsonSuppressed struct {
	jsonFinding
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type jsonDiagnostic struct {
	Severity string           `json:"severity"`
	Location finding.Location `json:"location"`
	Message  string           `json:"message"`
}

func writeJSON(w io.Writer, r Report) error {
	doc := jsonDocument{
		Version:     SchemaVersion,
		Tool:        jsonTool{Name: r.Tool, Version: r.Version},
		Findings:    []jsonFinding{},
		Suppressed:  []jsonSuppressed{},
		Diagnostics: []jsonDiagnostic{},
		Notes:       []string{},
		Summary:     Summarize(r),
	}
	for _, g := range groupByFile(r.Findings) {
		for _, f := range g.Findings {
			doc.Findings = append(doc.Findings, toJSONFinding(f))
		}
	}
	for _, s := range r.Suppressed {
		doc.Suppressed = append(doc.Suppressed, jsonSuppressed{
			jsonFinding: toJSONFinding(s.Finding), Kind: s.Kind, Justification: s.Justification,
		})
	}
	for _, d := range r.Diagnostics {
		d.Location.File = slashPath(d.Location.File)
		doc.Diagnostics = append(doc.Diagnostics, jsonDiagnostic(d))
	}
	doc.Notes = append(doc.Notes, r.Notes...)
	enc := json.NewEncoder(safetext.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func toJSONFinding(f finding.Finding) jsonFinding {
	fp := fingerprint(f)
	f.Location.File = slashPath(f.Location.File)
	for i := range f.Related {
		f.Related[i].Location.File = slashPath(f.Related[i].Location.File)
	}
	return jsonFinding{Finding: f, Fingerprint: fp}
}
