package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

type Event struct{ ID string }

type Order struct{ ID string }

// Handle is a generic handler, registered instantiated.
func Handle[T any](ctx context.Context, e T) error {
	db, err := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\)`
	if err != nil {
		return err
	}
	return db.Close()
}

// cached is a generic helper called from a handler.
func cached[K comparable](ctx context.Context, key K) error {
	rdb := redis.NewClient(&redis.Options{Addr: "r:6379"}) // want `GO001: redis.NewClient creates a Redis client in request context`
	_, err := rdb.Get(ctx, "k")
	return err
}

// Pair takes two type parameters.
func Pair[A, B any](ctx context.Context, a A) error {
	return cached[string](ctx, "k")
}

// warm is the twin: a generic helper called only from init.
func warm[T any]() *sql.DB {
	db, _ := sql.Open("mysql", "dsn")
	return db
}

var pool = warm[Order]()

func main() {
	fc.Start(Handle[Event])
	fc.Start(Pair[Event, Order])
}
