package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

var db *sql.DB

func initialize(ctx context.Context) {
	db, _ = sql.Open("mysql", "dsn")
}

func HandleRequest(ctx context.Context) error {
	conn, _ := sql.Open("mysql", "dsn") // want `create it once in initializer registered with fc.RegisterInitializerFunction`
	_ = conn
	return db.PingContext(ctx)
}

func main() {
	fc.RegisterInitializerFunction(initialize)
	fc.Start(HandleRequest)
}
