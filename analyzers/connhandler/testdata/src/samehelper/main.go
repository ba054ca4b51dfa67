package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func openDB() (*sql.DB, error) {
	return sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\)`
}

func query(ctx context.Context) error {
	db, err := openDB()
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}

func HandleRequest(ctx context.Context) error {
	return query(ctx)
}

func main() {
	fc.Start(HandleRequest)
}
