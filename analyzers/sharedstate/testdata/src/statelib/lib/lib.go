// Package lib keeps a registry.
package lib

import "sync"

var registry = map[string]int{}

var mu sync.Mutex

var guarded = map[string]int{}

// Register writes the registry without a lock.
func Register(name string) { // want Register:`writesState\(lib.registry\)`
	registry[name]++
}

// RegisterSafe holds the lock.
func RegisterSafe(name string) {
	mu.Lock()
	defer mu.Unlock()
	guarded[name]++
}
