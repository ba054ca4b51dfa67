package main

import (
	"context"

	"crosspkg/store"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func HandleRequest(ctx context.Context) error {
	db, err := store.Open() // want `GO001: store.Open creates a database/sql connection pool \(sql.Open in store.go\) in request context`
	if err != nil {
		return err
	}
	if err := store.Shared().PingContext(ctx); err != nil {
		return err
	}
	return db.PingContext(ctx)
}

func main() {
	fc.Start(HandleRequest)
}
