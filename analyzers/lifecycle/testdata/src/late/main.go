package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func initialize(ctx context.Context) {}

func preStop(ctx context.Context) {}

func HandleRequest(ctx context.Context) error {
	fc.RegisterPreFreezeFunction(preStop) // want `GO005: fc.RegisterPreFreezeFunction is called in request context \(handler passed to fc.Start\)`
	return nil
}

func main() {
	fc.RegisterPreStopFunction(preStop)
	fc.Start(HandleRequest)
	fc.RegisterInitializerFunction(initialize) // want `GO005: fc.RegisterInitializerFunction is called after fc.Start, which blocks forever: the initializer is never registered`
}
