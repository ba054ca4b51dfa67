package main

import (
	"example.com/sample/handlers"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func main() {
	fc.Start(handlers.Handle)
}
