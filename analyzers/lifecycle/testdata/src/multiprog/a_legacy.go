package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

// A second program kept in the same directory and run with
// `go run a_legacy.go`: its own main redeclares main.go's. Its file sorts
// before main.go, so its start call has a lower position than every line
// of main.go's main; that says nothing about the order of main.go's calls.
func main() {
	fc.Start(LegacyHandle)
}

func LegacyHandle(ctx context.Context) error { return nil }
