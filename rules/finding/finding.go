// Package finding defines the finding that every fcplan check reports: config
// rules over the project model and Go analyzers over handler code alike.
package finding

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fcplan/fcplan/model/secret"
)

// Severity orders findings. The words mean the same everywhere:
// error = will break, leak or lose data; warning = likely wrong or costly;
// info = worth knowing.
type Severity int

// Severities, lowest first so that comparisons read naturally.
const (
	Info Severity = iota + 1
	Warning
	Error
)

// String returns the lower-case name used in every output format.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info" (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q: want error, warning or info", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Location is a point in a source file. Line and Column are 1-based; zero means
// unknown.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
}

// String formats the location as file:line:col.
func (l Location) String() string {
	switch {
	case l.Line == 0:
		return l.File
	case l.Column == 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Related points at another place that explains a finding, such as the
// initializer where a client belongs.
type Related struct {
	Location Location `json:"location"`
	Message  string   `json:"message"`
}

// Finding is one problem reported at the offending attribute or expression.
// Message says what and why; Fix says how to fix it. Messages never contain a
// secret in full (see Mask).
type Finding struct {
	RuleID   string    `json:"ruleId"`
	Severity Severity  `json:"severity"`
	Location Location  `json:"location"`
	Message  string    `json:"message"`
	Fix      string    `json:"fix,omitempty"`
	DocURL   string    `json:"docUrl,omitempty"`
	Subject  string    `json:"subject,omitempty"` // the function, role or resource concerned
	Related  []Related `json:"related,omitempty"`
	// SecretValue says the value at Location is a credential the line
	// masker cannot recognise from the line alone (a variable's default):
	// outputs that show the source line mask the value there.
	SecretValue bool `json:"-"`
}

// Fingerprint identifies a finding across edits that move it to another line:
// rule, file, subject and message, without the line. Baselines and SARIF
// partialFingerprints use it.
func (f Finding) Fingerprint() string {
	b, _ := json.Marshal([]string{f.RuleID, f.Location.File, f.Subject, f.Message})
	return fmt.Sprintf("%x", fnv64a(b))
}

func fnv64a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// Mask hides a secret for display with model/secret's one masking scheme:
// at most four characters of secret material survive ("LTAI****...WXYZ",
// "****...WXYZ" for 16 characters or more, "****" below).
func Mask(value string) string { return secret.Mask(value) }
