package pathglob

import (
	"strings"
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		whole, prefix bool
	}{
		{"a/b", "a/b", true, true},
		{"a/b", "a/b/c", false, true},
		{"a/b", "a", false, false},
		{"**", "a/b/c", true, true},
		{"**/c", "c", true, true},
		{"**/c", "a/b/c", true, true},
		{"**/c", "a/b/d", false, false},
		{"a/**", "a", true, true},
		{"a/**/d", "a/b/c/d", true, true},
		{"a/**/d", "a/b/c/e", false, false},
		{"a/**/**/d", "a/d", true, true},
		{"*.yaml", "s.yaml", true, true},
		{"src/*/s.yaml", "src/x/s.yaml", true, true},
		{"src/*/s.yaml", "src/x/y/s.yaml", false, false},
		{"[", "[", false, false}, // a bad pattern matches nothing
	}
	for _, tt := range tests {
		pats, segs := strings.Split(tt.pattern, "/"), strings.Split(tt.path, "/")
		if got := Match(pats, segs); got != tt.whole {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.whole)
		}
		if got := MatchPrefix(pats, segs); got != tt.prefix {
			t.Errorf("MatchPrefix(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.prefix)
		}
	}
}

// TestHostilePatternIsFast is the red-team repro: twelve "**" against a
// 40-directory path took more than a minute with a backtracking matcher.
func TestHostilePatternIsFast(t *testing.T) {
	pats := strings.Split(strings.Repeat("**/", 12)+"zz", "/")
	alt := strings.Split(strings.Repeat("**/d/", 20)+"zz", "/")
	segs := strings.Split(strings.Repeat("d/", 200)+"s.yaml", "/")
	start := time.Now()
	for range 100 {
		if MatchPrefix(pats, segs) || Match(pats, segs) || MatchPrefix(alt, segs) {
			t.Fatal("matched a path without zz")
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("300 matches took %v: the matcher is not linear", d)
	}
}
