package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

type Event struct{ ID string }

type HandlerFunc func(ctx context.Context, e Event) error

// withDB is a wrapper: its own body runs once, at registration (the
// false-positive twin); the closure it returns runs per request.
func withDB(h HandlerFunc) HandlerFunc {
	pool, _ := sql.Open("mysql", "dsn")
	return func(ctx context.Context, e Event) error {
		conn, _ := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start through main.withDB\)`
		defer conn.Close()
		_ = pool
		return h(ctx, e)
	}
}

func logged(h HandlerFunc) HandlerFunc {
	return func(ctx context.Context, e Event) error { return h(ctx, e) }
}

func handle(ctx context.Context, e Event) error {
	rdb := redis.NewClient(&redis.Options{Addr: "r:6379"}) // want `GO001: redis.NewClient creates a Redis client in request context \(handler passed to fc.Start through main.logged\)`
	_, err := rdb.Get(ctx, e.ID)
	return err
}

func main() {
	fc.Start(withDB(logged(handle)))
}
