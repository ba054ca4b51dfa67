package engine

import "math"

// expTable[j] = 2^(j/64).
var expTable = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()

// fastExp returns e^x to within ~1e-10 relative error, faster than math.Exp:
// sampling log-normal delays is the hottest arithmetic in a run, and a delay
// needs nowhere near full precision. x = (64k + j) ln2/64 + r with
// |r| <= ln2/128, so e^x = 2^k * 2^(j/64) * e^r and e^r needs only a cubic.
// Outside [-700, 700] (and for NaN) it defers to math.Exp.
func fastExp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	const (
		invStep = 64 * 1.4426950408889634 // 64 / ln2
		stepHi  = 6.93147180369123816490e-01 / 64
		stepLo  = 1.90821492927058770002e-10 / 64
	)
	t := x * invStep
	// Round to nearest without math.Round's branches: shift into a range
	// where int conversion truncation equals floor, then undo.
	n := int64(t+(1<<20)+0.5) - 1<<20
	nf := float64(n)
	r := (x - nf*stepHi) - nf*stepLo
	r2 := r * r
	p := (1 + r) + r2*(0.5+r*(1.0/6+r*(1.0/24)))
	k := n >> 6
	return p * expTable[n&63] * math.Float64frombits(uint64(k+1023)<<52)
}
