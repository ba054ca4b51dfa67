package main

import (
	"context"

	"example.com/sample/cache"
	"example.com/sample/store"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

const accessKeyID = "LTAI5tAbCdEfGhIjKlMnOpQr"

func HandleRequest(ctx context.Context, key string) error {
	db, err := store.Open("dsn")
	if err != nil {
		return err
	}
	cache.Put(key, accessKeyID)
	cache.Backoff()
	return db.PingContext(ctx)
}

func preStop(ctx context.Context) {}

func main() {
	fc.Start(HandleRequest)
	fc.RegisterPreStopFunction(preStop)
}
