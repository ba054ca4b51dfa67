package fc

import "time"

// SharesCPU reports whether the model shares an instance's vCPUs among its
// concurrent requests, and with which split: CPUSharing is on, Concurrency
// is above 1 and Duration is the CPU-scaling model with a CPU part. io and
// cpu are the two parts of one request alone on an instance (cpu already
// scaled to the instance's vCPU). Only requests whose execution time is
// sampled from Duration are shared; durations carried by the arrivals are
// used as given.
func (c *Config) SharesCPU() (io, cpu time.Duration, ok bool) {
	if !c.CPUSharing || c.Concurrency <= 1 {
		return 0, 0, false
	}
	io, cpu, ok = WorkSplit(c.Duration)
	if !ok || cpu <= 0 {
		return 0, 0, false
	}
	return io, cpu, true
}

// shareFactors returns, for k = 0..conc-1 requests already on an instance,
// the factor that stretches the CPU part of a request joining them.
//
// The instance is a closed system of n = k+1 requests, each alternating
// between its I/O part (a delay: nothing shared) and its CPU part (demand
// cpu on a processor-shared CPU: a lone request uses every vCPU, n requests
// computing at once each get 1/n of them). Exact mean-value analysis of that
// network gives the CPU residence of a request among n as
// cpu x (1 + Q(n-1)), Q(m) being the mean number of requests at the CPU in
// the system of m: Q(0) = 0, R(m) = cpu x (1 + Q(m-1)),
// Q(m) = m x R(m) / (io + R(m)). So factor[k] = 1 + Q(k): 1 alone, k+1 for
// pure CPU work (io = 0), 1 + k x cpu/(io+cpu) for k = 1.
func shareFactors(io, cpu float64, conc int) []float64 {
	f := make([]float64, conc)
	q := 0.0
	for n := 1; n <= conc; n++ {
		f[n-1] = 1 + q
		r := cpu * (1 + q)
		q = float64(n) * r / (io + r)
	}
	return f
}
