package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func initialize(ctx context.Context) {}

func preStop(ctx context.Context) {}

func init() {
	fc.RegisterPreFreezeFunction(preStop)
}

func HandleRequest(ctx context.Context) error { return nil }

func main() {
	fc.RegisterInitializerFunction(initialize)
	fc.RegisterPreStopFunction(preStop)
	go fc.StartWithContext(context.Background(), HandleRequest)
	fc.RegisterPreFreezeFunction(preStop)
	fc.Start(HandleRequest)
}
