// Package metrics holds the simulator's streaming measurements: a log-linear
// histogram for latencies (constant memory, bounded relative error), a
// time-weighted gauge for quantities such as live instances or busy slots,
// and a CSV timeline writer. Nothing here grows with the length of a run.
package metrics
