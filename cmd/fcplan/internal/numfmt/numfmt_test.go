package numfmt

import (
	"math"
	"testing"
)

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"},
		{-1234, "-1,234"}, {-999, "-999"}, {math.MinInt64, "-9,223,372,036,854,775,808"},
	} {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestSignificant(t *testing.T) {
	for _, tc := range []struct {
		v      float64
		digits int
		want   string
	}{
		{11574.07, 4, "11,570"},
		{1157.4, 4, "1,157"},
		{115.74, 4, "115.7"},
		{1.1574, 4, "1.157"},
		{0.38580, 4, "0.3858"},
		{0.000038581, 4, "0.00003858"},
		{2.5, 4, "2.5"},
		{9999.6, 4, "10,000"},
		{-11574.07, 4, "-11,570"},
		{1234567.89, 9, "1,234,567.89"},
		{0, 4, "0"},
		{3e20, 4, "300000000000000000000"},
	} {
		if got := Significant(tc.v, tc.digits); got != tc.want {
			t.Errorf("Significant(%v, %d) = %q, want %q", tc.v, tc.digits, got, tc.want)
		}
	}
}
