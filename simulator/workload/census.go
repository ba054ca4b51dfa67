package workload

import (
	"fmt"
	"strings"
)

// fnCensus remembers which functions a trace has, for the error that says
// a --function filter matched none of them: the first few names in file
// order and how many distinct names there are (up to a cap, so a hostile
// trace with a new name on every row costs bounded memory).
type fnCensus struct {
	first  []string
	seen   map[string]struct{}
	capped bool
}

const (
	censusShow = 10      // names listed in the message
	censusCap  = 1 << 16 // distinct names counted
)

func (c *fnCensus) add(name string) {
	if c.seen == nil {
		c.seen = map[string]struct{}{}
	}
	if _, ok := c.seen[name]; ok {
		return
	}
	if len(c.seen) >= censusCap {
		c.capped = true
		return
	}
	c.seen[name] = struct{}{}
	if len(c.first) < censusShow {
		c.first = append(c.first, name)
	}
}

// noMatch is the error for a filter (a function key prefix) that kept no
// row of the trace name.
func (c *fnCensus) noMatch(name, prefix string) error {
	if len(c.seen) == 0 {
		return fmt.Errorf("%s: no function %q in the trace: it has no rows", name, prefix)
	}
	if len(c.seen) == 1 && c.first[0] == "" {
		return fmt.Errorf("%s: no function %q in the trace: its rows name no function", name, prefix)
	}
	quoted := make([]string, len(c.first))
	for i, s := range c.first {
		if len(s) > 40 {
			// Keys of hashed traces are long: the head is what a prefix
			// filter takes, the tail tells them apart.
			s = s[:20] + "..." + s[len(s)-12:]
		}
		quoted[i] = fmt.Sprintf("%q", s)
	}
	list := strings.Join(quoted, ", ")
	switch more := len(c.seen) - len(c.first); {
	case c.capped:
		list += fmt.Sprintf(" and more than %d more", more)
	case more > 0:
		list += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Errorf("%s: no function %q in the trace (the filter keeps keys that start with it; the trace has: %s)", name, prefix, list)
}
