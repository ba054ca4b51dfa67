package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func main() {
	dsn := "dsn"
	fc.Start(func(ctx context.Context) error {
		db, err := sql.Open("mysql", dsn) // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\)`
		if err != nil {
			return err
		}
		return db.PingContext(ctx)
	})
}
