// Package finding defines the finding that every fcplan check reports: config
// rules over the project model and Go analyzers over handler code alike.
package finding

import (
	"encoding/json"
	"fmt"
	"regexp"
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
// partialFingerprints use it. For Go analyzer findings (rule family GO) the
// subject is the enclosing declaration and the message is normalised
// (FingerprintText), so that the fingerprint does not depend on whether the
// code's imports could be type-checked: a baseline recorded without the
// modules downloaded matches CI's.
func (f Finding) Fingerprint() string {
	msg := f.Message
	if strings.HasPrefix(f.RuleID, "GO") {
		msg = FingerprintText(msg)
	}
	b, _ := json.Marshal([]string{f.RuleID, f.Location.File, f.Subject, msg})
	return fmt.Sprintf("%x", fnv64a(b))
}

var (
	// qualified matches a name qualified by an import path:
	// "github.com/redis/go-redis/v9.NewClient", "gopkg.in/yaml.v3.Marshal".
	qualified = regexp.MustCompile(`[A-Za-z0-9_~-][A-Za-z0-9_.~-]*(?:/[A-Za-z0-9_.~-]+)+\.([A-Za-z_][A-Za-z0-9_]*)`)
	// pointerRecv matches a method's pointer receiver: "(*sql.DB)".
	pointerRecv = regexp.MustCompile(`\(\*([A-Za-z0-9_.]+)\)`)
)

// FingerprintText normalises a message for fingerprints: names qualified by
// an import path keep only the package name ("v9.NewClient" and
// "github.com/redis/go-redis/v9.NewClient" both become "redis.NewClient"),
// pointer receivers lose "(*...)", and runs of white space become one
// space. With and without type information analyzers name the same callee
// in these different ways.
func FingerprintText(msg string) string {
	msg = qualified.ReplaceAllStringFunc(msg, func(m string) string {
		dot := strings.LastIndex(m, ".")
		return importName(m[:dot]) + m[dot:]
	})
	msg = pointerRecv.ReplaceAllString(msg, "$1")
	return strings.Join(strings.Fields(msg), " ")
}

// importName guesses a package's name from its import path: the last
// element without a major-version element ("/v9") or suffix (".v3"), a
// "go-" prefix or a "-go" suffix.
func importName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && majorVersion(last) {
		last = elems[len(elems)-2]
	}
	if i := strings.LastIndex(last, ".v"); i > 0 && majorVersion(last[i+1:]) {
		last = last[:i]
	}
	last = strings.TrimSuffix(strings.TrimPrefix(last, "go-"), "-go")
	return strings.ReplaceAll(last, "-", "")
}

func majorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
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
