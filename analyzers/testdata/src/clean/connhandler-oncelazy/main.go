package main

import (
	"context"
	"database/sql"
	"sync"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

var (
	once sync.Once
	db   *sql.DB
)

func getDB() *sql.DB {
	once.Do(func() {
		db, _ = sql.Open("mysql", "dsn")
	})
	return db
}

var getRedis = sync.OnceValue(func() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "r:6379"})
})

func newPool() *sql.DB {
	p, _ := sql.Open("mysql", "dsn")
	return p
}

var pool = sync.OnceValue(newPool)

func HandleRequest(ctx context.Context) error {
	if _, err := getRedis().Get(ctx, "k"); err != nil {
		return err
	}
	if err := pool().PingContext(ctx); err != nil {
		return err
	}
	return getDB().PingContext(ctx)
}

func main() {
	fc.Start(HandleRequest)
}
