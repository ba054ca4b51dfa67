package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

var db *sql.DB

type store struct{ rdb *redis.Client }

var st = &store{}

func (s *store) client() *redis.Client {
	if s.rdb == nil {
		s.rdb = redis.NewClient(&redis.Options{Addr: "r:6379"}) // want `GO001: redis.NewClient creates a Redis client lazily in request context \(handler passed to fc.Start\), guarded by s.rdb == nil: it runs once per instance`
	}
	return s.rdb
}

func HandleRequest(ctx context.Context) error {
	if db == nil {
		var err error
		db, err = sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool lazily in request context \(handler passed to fc.Start\), guarded by db == nil`
		if err != nil {
			return err
		}
	}
	// The false-positive twins: a nil check on a local, and a nil check
	// whose body does not assign the checked variable, are still per request.
	var local *sql.DB
	if local == nil {
		local, _ = sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\): a burst of N concurrent requests opens N connections`
	}
	if db == nil {
		other, _ := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\): a burst`
		_ = other
	}
	_ = local
	_, err := st.client().Get(ctx, "k")
	return err
}

func main() {
	fc.Start(HandleRequest)
	fc.Start(HandleReuse)
	fc.Start(HandleMixed)
}
