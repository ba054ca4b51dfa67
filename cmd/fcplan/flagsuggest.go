package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// unknownFlag matches pflag's messages for a flag that does not exist:
// "unknown flag: --fromat" and "unknown shorthand flag: 'x' in -x".
var unknownFlag = regexp.MustCompile(`^unknown flag: --([^\s=]+)`)

// suggestFlag is every command's flag error function: for an unknown flag it
// adds the closest flag of the command, as cobra does for a mistyped
// command ("Did you mean this?").
func suggestFlag(cmd *cobra.Command, err error) error {
	m := unknownFlag.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	if name := closestFlag(cmd, m[1]); name != "" {
		return fmt.Errorf("%w\n\nDid you mean this?\n\t--%s", err, name)
	}
	return err
}

// closestFlag returns the flag of cmd (its own and inherited, hidden ones
// left out) nearest to typed: within two edits, or the only flag typed is a
// prefix of. Ties go to the name first in alphabetical order.
func closestFlag(cmd *cobra.Command, typed string) string {
	best, bestDist := "", 3
	var prefixed []string
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if strings.HasPrefix(f.Name, typed) {
			prefixed = append(prefixed, f.Name)
		}
		d := editDistance(strings.ToLower(typed), f.Name)
		if d < bestDist || d == bestDist && best != "" && f.Name < best {
			best, bestDist = f.Name, d
		}
	}
	cmd.LocalFlags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	if best == "" && len(prefixed) == 1 {
		return prefixed[0]
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes: flag
// names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
