package main

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

func HandleRequest(ctx context.Context, event []byte) (string, error) {
	db, err := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\): a burst of N concurrent requests opens N connections`
	if err != nil {
		return "", err
	}
	defer db.Close()
	rdb := redis.NewClient(&redis.Options{Addr: "r:6379"}) // want `GO001: redis.NewClient creates a Redis client`
	_, _ = rdb.Get(ctx, "k")
	_, _ = gorm.Open(nil)                  // want `GO001: gorm.Open creates a gorm connection pool`
	tr := &http.Transport{MaxIdleConns: 1} // want `GO001: http.Transport\{\} creates an http.Transport`
	_ = tr
	return "ok", nil
}

func main() {
	fc.Start(HandleRequest)
}
