// Package numfmt formats numbers the way every fcplan report prints them.
package numfmt

import (
	"strconv"
	"strings"
)

// Thousands formats n with a comma between groups of three digits:
// 1234567 -> "1,234,567", -1234 -> "-1,234".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
