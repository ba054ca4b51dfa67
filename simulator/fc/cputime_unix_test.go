//go:build unix

package fc

import (
	"syscall"
	"time"
)

// cpuNow returns the process's CPU time, so benchmarks can report requests
// per CPU-second, which other processes on the machine disturb less than
// wall time.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
