package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/private/missing"
)

func HandleRequest(ctx context.Context) error {
	db, _ := sql.Open("mysql", missing.DSN())
	return db.PingContext(ctx)
}

func main() {
	fc.Start(HandleRequest)
}
