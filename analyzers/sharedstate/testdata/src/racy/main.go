package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

type stats struct {
	hits  int
	byKey map[string]int
}

var (
	counter int
	cache   = map[string]string{}
	st      = &stats{byKey: map[string]int{}}
	last    []string
)

func remember(k, v string) {
	cache[k] = v // want `GO004: remember writes package-level variable main.cache in request context \(handler passed to fc.Start\) without synchronization`
}

func HandleRequest(ctx context.Context, key string) (string, error) {
	counter++                // want `GO004: HandleRequest writes package-level variable main.counter`
	st.hits += 1             // want `GO004: HandleRequest writes package-level variable main.st`
	st.byKey[key] = 1        // want `GO004: HandleRequest writes package-level variable main.st`
	last = append(last, key) // want `GO004: HandleRequest writes package-level variable main.last`
	delete(cache, "old")     // want `GO004: HandleRequest writes package-level variable main.cache`
	remember(key, "v")
	return cache[key], nil
}

func main() {
	counter = 0
	cache["boot"] = "ok"
	fc.Start(HandleRequest)
}
