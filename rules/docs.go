package rules

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// DocBaseURL is where rule pages are published; a rule's page is
// DocBaseURL + ID + ".md".
const DocBaseURL = "https://github.com/fcplan/fcplan/blob/main/rules/docs/"

// DocURL returns the documentation URL of a rule.
func DocURL(id string) string { return DocBaseURL + id + ".md" }

//go:embed docs/*.md
var docFS embed.FS

// Doc returns the documentation page (Markdown) of a rule or analyzer, by ID
// in any case.
func Doc(id string) (string, bool) {
	data, err := docFS.ReadFile(path.Join("docs", strings.ToUpper(strings.TrimSpace(id))+".md"))
	if err != nil {
		return "", false
	}
	return string(data), true
}

// DocIDs lists the IDs that have a documentation page, sorted. It includes
// the Go analyzers (GO001...), which are not in the rule registry.
func DocIDs() []string { return append([]string(nil), docIDs()...) }

var docIDs = sync.OnceValue(func() []string {
	names, _ := fs.Glob(docFS, "docs/*.md")
	ids := make([]string, 0, len(names))
	for _, n := range names {
		ids = append(ids, strings.TrimSuffix(path.Base(n), ".md"))
	}
	sort.Strings(ids)
	return ids
})

var docIDSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, id := range docIDs() {
		set[id] = true
	}
	return set
})

// DocTitle returns the first heading of a page without its leading "#" and
// rule ID ("# GO001 connhandler: ..." gives "connhandler: ...").
func DocTitle(id, page string) string {
	for _, line := range strings.Split(page, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "#") {
			continue
		}
		t := strings.TrimSpace(strings.TrimLeft(line, "#"))
		t = strings.TrimSpace(strings.TrimPrefix(t, id))
		return strings.TrimSpace(strings.TrimLeft(t, ":-—– "))
	}
	return ""
}

// KnownID reports whether id names a registered rule or a documented check
// (Go analyzers are documented here but registered elsewhere).
func KnownID(id string) bool {
	id = strings.ToUpper(id)
	return Lookup(id) != nil || docIDSet()[id]
}

// KnownIDs lists every registered or documented ID, sorted.
func KnownIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, r := range All() {
		seen[r.ID] = true
		ids = append(ids, r.ID)
	}
	for _, id := range docIDs() {
		if !seen[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// suggestID returns the known ID closest to id, or "".
func SuggestID(id string) string {
	return suggest(strings.ToUpper(id), KnownIDs())
}

// suggest returns the candidate closest to s by edit distance when it is
// close enough to be a plausible typo, or "".
func suggest(s string, candidates []string) string {
	maxD := 2
	if len(s) < 4 {
		maxD = 1
	}
	best, bestD := "", maxD+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (by rune).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
