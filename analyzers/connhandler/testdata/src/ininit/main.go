package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

var rdb = redis.NewClient(&redis.Options{Addr: "r:6379"})

var db *sql.DB

func init() {
	var err error
	db, err = sql.Open("mysql", "dsn")
	if err != nil {
		panic(err)
	}
}

func HandleRequest(ctx context.Context) error {
	_, err := rdb.Get(ctx, "k")
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}

func main() {
	extra, _ := sql.Open("postgres", "dsn")
	_ = extra
	fc.Start(HandleRequest)
}
