package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

type Server struct{ addr string }

func (s *Server) Handle(ctx context.Context, key string) (string, error) {
	c := redis.NewClient(&redis.Options{Addr: s.addr}) // want `GO001: redis.NewClient creates a Redis client in request context \(handler passed to fc.Start\)`
	return c.Get(ctx, key)
}

type invoker struct{}

func (invoker) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	c := redis.NewClient(&redis.Options{}) // want `GO001: redis.NewClient creates a Redis client in request context \(handler passed to fc.StartHandler\)`
	_, err := c.Get(ctx, "k")
	return nil, err
}

func main() {
	s := &Server{addr: "r:6379"}
	go fc.StartHandler(invoker{})
	fc.Start(s.Handle)
}
