//go:build unix

package main

import (
	"syscall"
	"time"
)

// compareCPUNow returns the process's CPU time, so the compare benchmark can
// report how many cores it kept busy (CPU time / wall time), which other
// processes on a shared machine disturb less than wall time alone.
func compareCPUNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
