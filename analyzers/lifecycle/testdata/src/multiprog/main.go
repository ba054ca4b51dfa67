package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func initialize(ctx context.Context) {}

func preStop(ctx context.Context) {}

func HandleRequest(ctx context.Context) error { return nil }

func main() {
	fc.RegisterInitializerFunction(initialize)
	fc.Start(HandleRequest)
	fc.RegisterPreStopFunction(preStop) // want `GO005: fc.RegisterPreStopFunction is called after fc.Start`
}
