package main

import (
	"context"

	"example.com/sample/store"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

var db, _ = store.Open("dsn")

func HandleRequest(ctx context.Context) error { return db.PingContext(ctx) }

func main() {
	fc.Start(HandleRequest)
}
