package engine

import (
	"math"
	"testing"
)

func TestFastExpAccuracy(t *testing.T) {
	worst := 0.0
	for x := -50.0; x <= 50; x += 0.00137 {
		got, want := fastExp(x), math.Exp(x)
		if e := math.Abs(got-want) / want; e > worst {
			worst = e
		}
	}
	if worst > 1e-8 {
		t.Errorf("worst relative error %g, want <= 1e-8", worst)
	}
	for _, x := range []float64{-800, 800, math.Inf(1), math.Inf(-1), 0} {
		if got, want := fastExp(x), math.Exp(x); got != want {
			t.Errorf("fastExp(%g) = %g, want %g", x, got, want)
		}
	}
	if !math.IsNaN(fastExp(math.NaN())) {
		t.Error("fastExp(NaN) is not NaN")
	}
}

func BenchmarkFastExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += fastExp(float64(i&1023) * 0.01)
	}
	_ = s
}

func BenchmarkMathExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += math.Exp(float64(i&1023) * 0.01)
	}
	_ = s
}
