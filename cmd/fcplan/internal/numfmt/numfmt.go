// Package numfmt formats numbers the way every fcplan report prints them.
package numfmt

import (
	"math"
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

// Significant formats v with at most digits significant digits, never in
// exponent form, with thousands separators: 11570.4 -> "11,570" (4 digits),
// 1.1574 -> "1.157", 0.000038581 -> "0.00003858". Trailing zeros after the
// point are dropped.
func Significant(v float64, digits int) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	// Round to the significant digits first (strconv's 'g' does it right),
	// then print the rounded value in plain decimal.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	exp := int(math.Floor(math.Log10(math.Abs(r))))
	if r >= 1e18 || r <= -1e18 {
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	if exp >= digits-1 {
		return Thousands(int64(math.Round(r)))
	}
	s := strconv.FormatFloat(r, 'f', digits-1-exp, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if exp >= 3 {
		intPart, frac, _ := strings.Cut(s, ".")
		n, _ := strconv.ParseInt(intPart, 10, 64)
		s = Thousands(n)
		if frac != "" {
			s += "." + frac
		}
	}
	return s
}
