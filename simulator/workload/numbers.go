package workload

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"
)

// MaxTraceSpan is the longest stretch of time a trace may cover: 1e9
// seconds, about 31.7 years. A csv offset must be below it, and every
// arrival of a trace with absolute times (unix or RFC 3339) must lie
// within it of the first row. It keeps every offset far inside
// time.Duration's range (about 292 years), and a longer trace is nonsense
// input for a cost planner.
const MaxTraceSpan = 1e9 * time.Second

// MaxDuration is the longest execution time a trace may record: 24 hours,
// Function Compute's longest timeout (86,400 s). A recorded duration above
// it cannot happen on the platform and is rejected as malformed.
const MaxDuration = 24 * time.Hour

// plainNumber reports whether b is a number in the one grammar the trace
// readers accept: decimal digits with an optional fraction and an
// optional exponent ("12", "12.5", ".5", "5.", "1e3", "2.5E-3"). No sign,
// no hexadecimal, no digit separators, no NaN or Inf: strconv accepts all
// of those, so every reader checks this first.
func plainNumber(b []byte) bool {
	i, n := 0, len(b)
	digits := 0
	for ; i < n && isDigit(b[i]); i++ {
		digits++
	}
	if i < n && b[i] == '.' {
		for i++; i < n && isDigit(b[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '+' || b[i] == '-') {
			i++
		}
		start := i
		for ; i < n && isDigit(b[i]); i++ {
		}
		if i == start {
			return false
		}
	}
	return i == n
}

func isDigit(c byte) bool { return c-'0' <= 9 }

// parseNumber parses a plain number (see plainNumber) into a finite,
// non-negative float64.
func parseNumber(b []byte) (float64, bool) {
	if !plainNumber(b) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// whyNotNumber says, for an error message, why b is not a plain
// non-negative number, or "" when it gives no particular reason.
func whyNotNumber(b []byte) string {
	s := bytes.TrimSpace(b)
	if len(s) == 0 {
		return "it is empty"
	}
	body := s
	sign := body[0] == '-' || body[0] == '+'
	if sign {
		body = body[1:]
	}
	lower := string(bytes.ToLower(body))
	switch {
	case lower == "nan" || lower == "inf" || lower == "infinity":
		return "not a finite number"
	case s[0] == '-' && plainNumber(body):
		return "a negative number"
	case sign && plainNumber(body):
		return "a sign is not allowed"
	case len(lower) > 1 && lower[0] == '0' && (lower[1] == 'x' || lower[1] == 'b' || lower[1] == 'o'):
		return "only decimal numbers are allowed"
	case bytes.IndexByte(body, '_') >= 0 && plainNumber(bytes.ReplaceAll(body, []byte("_"), nil)):
		return "digit separators (_) are not allowed"
	case plainNumber(s):
		return "too large"
	}
	return ""
}

// withReason appends why got is not a number to msg, when there is a
// reason to give.
func withReason(msg string, got []byte) string {
	if r := whyNotNumber(got); r != "" {
		return fmt.Sprintf("%s (%s)", msg, r)
	}
	return msg
}

// maxDurationMillis is MaxDuration in milliseconds.
const maxDurationMillis = int64(MaxDuration / time.Millisecond)

// durationMillisExpected describes a valid duration_ms value.
var durationMillisExpected = fmt.Sprintf("a non-negative number of milliseconds up to %d (24 h, Function Compute's longest timeout)", maxDurationMillis)

// formatSpan prints a long span in the largest sensible unit.
func formatSpan(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d >= 2*365*day:
		return fmt.Sprintf("%.1f years", d.Hours()/24/365.25)
	case d >= 2*day:
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	}
	return d.String()
}
