package rules

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules/finding"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a set of accepted findings: with a baseline, only findings not
// in it count. Entries are matched by fingerprint (rule, file, subject and
// message, not the line), as a multiset: two identical findings need two
// entries.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding. RuleID, File and Message are there
// for the humans who review the file; only Fingerprint is matched.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"ruleId"`
	File        string `json:"file"`
	Message     string `json:"message"`
}

// BaselineFingerprint is the fingerprint a baseline stores: the finding's
// Fingerprint with the path normalised, so "./s.yaml" and "s.yaml" match.
func BaselineFingerprint(f finding.Finding) string {
	f.Location.File = normPath(f.Location.File)
	return f.Fingerprint()
}

func normPath(p string) string {
	if p == "" {
		return p
	}
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
}

// NewBaseline records findings, sorted by file, rule, message and
// fingerprint so the file diffs well. The file is committed next to the
// code, so messages are stored with every secret masked (model/secret);
// only the fingerprint, computed before masking, is matched.
func NewBaseline(fs []finding.Finding) *Baseline {
	b := &Baseline{Version: BaselineVersion, Findings: make([]BaselineEntry, 0, len(fs))}
	for _, f := range fs {
		b.Findings = append(b.Findings, BaselineEntry{
			Fingerprint: BaselineFingerprint(f), RuleID: f.RuleID,
			File: normPath(f.Location.File), Message: secret.MaskText(f.Message),
		})
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.RuleID != y.RuleID {
			return x.RuleID < y.RuleID
		}
		if x.Message != y.Message {
			return x.Message < y.Message
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// ParseBaseline reads a baseline file's contents.
func ParseBaseline(file string, data []byte) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: %s", file, jsonErrorAt(data, err))
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, want %d (write it again with --write-baseline)", file, b.Version, BaselineVersion)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: findings[%d] has no fingerprint", file, i)
		}
	}
	return &b, nil
}

// jsonErrorAt prefixes a JSON error with line:col when it has an offset.
func jsonErrorAt(data []byte, err error) string {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err.Error()
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d:%d: %v", line, col, err)
}

// split separates findings in the baseline from new ones.
func (b *Baseline) split(fs []finding.Finding) (fresh, known []finding.Finding) {
	if b == nil {
		return fs, nil
	}
	count := map[string]int{}
	for _, e := range b.Findings {
		count[e.Fingerprint]++
	}
	for _, f := range fs {
		fp := BaselineFingerprint(f)
		if count[fp] > 0 {
			count[fp]--
			known = append(known, f)
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh, known
}
