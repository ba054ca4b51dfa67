package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulePages checks that every configuration rule has its page with the
// sections `fcplan rules explain` promises, and that findings link to it.
func TestRulePages(t *testing.T) {
	for _, r := range All() {
		if !ownRule(r.ID) {
			continue
		}
		data, err := os.ReadFile(filepath.Join("docs", r.ID+".md"))
		if err != nil {
			t.Errorf("%s: no documentation page: %v", r.ID, err)
			continue
		}
		page := string(data)
		if !strings.HasPrefix(page, "# "+r.ID+" "+r.Name+":") {
			t.Errorf("%s: page must start with \"# %s %s: ...\"", r.ID, r.ID, r.Name)
		}
		for _, s := range []string{"## What it finds", "## Why it matters", "## How to fix it", "```yaml", "```hcl", "## When to suppress it", "fcplan:ignore " + r.ID + " -- "} {
			if !strings.Contains(page, s) {
				t.Errorf("%s: page lacks %q", r.ID, s)
			}
		}
		if !strings.Contains(page, "**"+r.Severity.String()+"**") {
			t.Errorf("%s: page does not state the default severity %s", r.ID, r.Severity)
		}
		if docURL(r.ID) != "https://github.com/fcplan/fcplan/blob/main/rules/docs/"+r.ID+".md" {
			t.Errorf("%s: doc URL %s", r.ID, docURL(r.ID))
		}
		if r.Summary == "" || r.Check == nil {
			t.Errorf("%s: incomplete registration", r.ID)
		}
	}
}
