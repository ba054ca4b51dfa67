//go:build !unix

package simulator

import "time"

func cpuNow() time.Duration { return 0 }
