// Package cache keeps values in a package-level map.
package cache

import "time"

var entries = map[string]string{}

// Put stores a value without a lock.
func Put(k, v string) { entries[k] = v }

// Backoff waits before a retry.
func Backoff() { time.Sleep(time.Second) }
