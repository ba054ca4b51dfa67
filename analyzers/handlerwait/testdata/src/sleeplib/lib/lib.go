// Package lib backs off by sleeping.
package lib

import "time"

// Retry sleeps between attempts.
func Retry(f func() error) error { // want Retry:`sleeps`
	var err error
	for i := 0; i < 3; i++ {
		if err = f(); err == nil {
			return nil
		}
		backoff(i)
	}
	return err
}

func backoff(i int) { time.Sleep(time.Duration(i) * time.Second) }

// Quick does not sleep.
func Quick() int { return 1 }
