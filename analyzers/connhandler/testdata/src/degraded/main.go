// Package main imports sqlx, which is not available: the analysis runs
// degraded and matches sqlx.Connect by import path and selector.
package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/jmoiron/sqlx"
)

func HandleRequest(ctx context.Context) error {
	db := sqlx.MustConnect("mysql", "dsn") // want `GO001: sqlx.MustConnect creates an sqlx connection pool in request context \(handler passed to fc.Start\)`
	return db.PingContext(ctx)
}

func main() {
	fc.Start(HandleRequest)
}
