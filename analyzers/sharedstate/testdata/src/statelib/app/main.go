package main

import (
	"context"

	"statelib/lib"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func init() {
	lib.Register("boot")
}

func HandleRequest(ctx context.Context) error {
	lib.RegisterSafe("x")
	lib.Register("x") // want `GO004: HandleRequest calls lib.Register, which writes package-level variable lib.registry, in request context`
	return nil
}

func main() {
	fc.Start(HandleRequest)
}
