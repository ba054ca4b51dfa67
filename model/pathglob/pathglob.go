// Package pathglob matches slash-separated paths against globs whose
// segments are path.Match patterns or "**" (any number of segments).
//
// Matching takes time proportional to (pattern segments) x (path segments):
// patterns come from files an attacker may write (.fcplan.yaml, Terraform's
// fileset), so a pattern like "**/**/**/.../zz" must not backtrack
// exponentially the way a recursive matcher does.
package pathglob

import "path"

// Match reports whether the whole of segs matches pats.
func Match(pats, segs []string) bool {
	reach := reachable(pats, segs)
	return reach[len(segs)]
}

// MatchPrefix reports whether some non-empty leading part segs[:n] matches
// pats (a pattern that matches a directory covers everything under it).
func MatchPrefix(pats, segs []string) bool {
	reach := reachable(pats, segs)
	for _, ok := range reach[1:] {
		if ok {
			return true
		}
	}
	return false
}

// reachable returns r where r[j] says pats matches segs[:j], computed one
// pattern segment at a time over all prefixes of segs.
func reachable(pats, segs []string) []bool {
	cur := make([]bool, len(segs)+1)
	next := make([]bool, len(segs)+1)
	cur[0] = true
	for _, p := range pats {
		reached := false
		for j := range next {
			if p == "**" {
				// ** after a matched prefix reaches every longer prefix.
				reached = reached || cur[j]
				next[j] = reached
				continue
			}
			next[j] = false
			if j > 0 && cur[j-1] {
				ok, err := path.Match(p, segs[j-1])
				next[j] = ok && err == nil
			}
		}
		cur, next = next, cur
	}
	return cur
}
