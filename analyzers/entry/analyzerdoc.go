package entry

import (
	"strings"

	"golang.org/x/tools/go/analysis"
)

// AnalyzerDoc extracts the "# Analyzer name" section from the source of a
// doc.go file (embedded by each analyzer), dropping the comment markers and
// the "name: " prefix of the summary line, so that the documentation lives
// in one place.
func AnalyzerDoc(src, name string) string {
	i := strings.Index(src, "// # Analyzer "+name)
	if i < 0 {
		return name + ": fcplan analyzer"
	}
	var lines []string
	for _, l := range strings.Split(src[i:], "\n")[1:] {
		if !strings.HasPrefix(l, "//") {
			break
		}
		lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "//"), " "))
	}
	out := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(out, name+": ")
}

// UserCode reports whether the package belongs to the module being
// analyzed (or to a local, unversioned module) rather than to a versioned
// dependency. Facts about behaviour that libraries legitimately hide behind
// their API (a retry loop that sleeps, a registry guarded by the library's
// own locking) are only exported for user code, so that calling a
// well-behaved SDK is not reported.
func UserCode(pass *analysis.Pass) bool {
	return pass.Module == nil || pass.Module.Version == ""
}
