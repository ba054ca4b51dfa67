package billing

import (
	"testing"
	"time"
)

func TestRoundSpan(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		want string
	}{
		{24*time.Hour + 40*time.Minute + 30885613183*time.Nanosecond, "24h40m31s"},
		{2*time.Minute + 23345*time.Millisecond, "2m23s"},
		{time.Minute, "1m0s"},
		{1707654321 * time.Nanosecond, "1.708s"},
		{908070123 * time.Nanosecond, "908.07ms"},
		{1500 * time.Nanosecond, "2µs"},
		{-(90*time.Second + 400*time.Millisecond), "-1m30s"},
		{0, "0s"},
	} {
		if got := RoundSpan(tc.in).String(); got != tc.want {
			t.Errorf("RoundSpan(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if got := FormatSpan(23*time.Hour + 59*time.Minute + 18815*time.Millisecond); got != "23h59m19s" {
		t.Errorf("FormatSpan = %s, want 23h59m19s", got)
	}
}
