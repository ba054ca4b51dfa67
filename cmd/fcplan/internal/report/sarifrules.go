package report

import (
	"os"
	"path/filepath"
	"strings"
)

// GitHub code scanning reads two properties of a SARIF rule
// (reportingDescriptor): "tags", shown as filters beside each alert, and,
// for rules tagged "security", "security-severity", a CVSS-like score from
// 0.0 to 10.0 that sets the alert's security severity: over 9.0 critical,
// 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low (GitHub Docs, "SARIF
// support for code scanning", reportingDescriptor object). Without them
// every fcplan alert is shown as a plain "Error"/"Warning".

// ruleTags lists a rule's tags: one of security, correctness, reliability
// and cost, by what a finding costs the user when it is ignored.
var ruleTags = map[string][]string{
	"COST001": {"cost", "security"}, // abuse of an open endpoint runs up the bill
	"COST002": {"cost"},
	"COST003": {"cost"},
	"COST004": {"cost", "reliability"},
	"FCP001":  {"correctness"},
	"FCP002":  {"correctness"},
	"GO001":   {"reliability"}, // a burst exhausts the database's connections
	"GO002":   {"security"},
	"GO003":   {"cost"}, // billed idle time
	"GO004":   {"correctness"},
	"GO005":   {"correctness"},
	"NET001":  {"reliability"},
	"NET002":  {"reliability"},
	"NET003":  {"cost"},
	"NET004":  {"reliability"},
	"RAM001":  {"security"},
	"RAM002":  {"security"},
	"RAM003":  {"security"},
	"RAM004":  {"security"},
	"RAM005":  {"security"},
	"RAM006":  {"security"},
	"RAM007":  {"correctness"}, // a misspelled action grants nothing: the call fails
	"REL001":  {"reliability"},
	"REL002":  {"reliability", "cost"},
	"REL003":  {"reliability"},
	"REL004":  {"reliability", "security"}, // end of life: no more security fixes
	"REL005":  {"reliability"},
	"SEC001":  {"security"},
	"SEC002":  {"security"},
	"SEC003":  {"security"},
}

// securitySeverity is the "security-severity" of each security rule, on
// GitHub's scale above. The scores follow CVSS reasoning about what an
// attacker gains when the finding is exploited:
var securitySeverity = map[string]string{
	// A leaked AccessKey is the account's credentials in the attacker's hands
	// (network, no privileges needed, high confidentiality and integrity
	// impact; scope limited to the key's own permissions): high.
	"SEC001": "8.0",
	"GO002":  "8.0",
	// Administrator access or the means to obtain it through a function's
	// role: whoever runs code in the function owns the account.
	"RAM001": "8.5",
	"RAM004": "8.5",
	"RAM005": "8.0",
	// Over-broad RAM: a whole service, or writes on every resource, or a
	// trust policy others can use; less than administrator: high, low end.
	"RAM002": "7.5",
	"RAM006": "7.5",
	"RAM003": "6.5",
	// Exposure without a direct compromise: medium.
	"SEC003":  "5.5", // plain HTTP or TLS < 1.2: traffic readable on the path
	"SEC002":  "5.0", // anonymous HTTP trigger: anyone can invoke it
	"COST001": "4.0", // anyone can run up the bill (denial of wallet)
	"REL004":  "4.0", // a runtime past end of life gets no security fixes
}

// sarifRuleProperties returns the SARIF properties of rule id, or nil.
func sarifRuleProperties(id string) map[string]any {
	tags := ruleTags[id]
	if len(tags) == 0 {
		return nil
	}
	props := map[string]any{"tags": tags}
	if s, ok := securitySeverity[id]; ok {
		props["security-severity"] = s
	}
	return props
}

// FindSrcRoot returns the repository root for SARIF paths: the nearest
// directory at or above dir ("" = the working directory) that holds a
// .git directory or file (a worktree or submodule), found without running
// git. It returns "" when there is none.
func FindSrcRoot(dir string) string {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return ""
		}
		dir = wd
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// srcRootID is the uriBaseId of paths relative to the repository root:
// the name GitHub's documentation and most SARIF producers use.
const srcRootID = "%SRCROOT%"

// rootRelative returns p (relative to base, or absolute) relative to root,
// slash-separated, and whether it lies inside root.
func rootRelative(p, base, root string) (string, bool) {
	if root == "" || p == "" {
		return p, false
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(base, p)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p, false
	}
	return filepath.ToSlash(rel), true
}
