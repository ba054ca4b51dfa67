package main

import (
	"context"
	"net/http"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

var rdb = redis.NewClient(&redis.Options{})

var client = &http.Client{}

func init() {
	time.Sleep(10 * time.Millisecond)
	_, _ = rdb.Get(context.Background(), "warm")
}

func HandleRequest(ctx context.Context) error {
	c := &http.Client{Timeout: 2 * time.Second}
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://example.com", nil)
	if _, err := c.Do(req); err != nil {
		return err
	}
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err := rdb.Get(tctx, "k")
	return err
}

func NoContext() error {
	_, err := rdb.Get(context.Background(), "k")
	return err
}

func main() {
	time.Sleep(time.Millisecond)
	fc.Start(HandleRequest)
	fc.Start(NoContext)
}
