package workload

import (
	"cmp"
	"slices"
)

func sortByCountDesc(keys []string, counts map[string]int64) {
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
}
