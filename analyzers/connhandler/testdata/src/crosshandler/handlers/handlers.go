// Package handlers holds the handlers; main only registers them.
package handlers

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/redis/go-redis/v9"
)

// Handle opens a pool per call.
func Handle(ctx context.Context) error { // want Handle:`createsClient\(sql.Open\)`
	db, err := sql.Open("mysql", "dsn")
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}

// Server is a handler with state.
type Server struct{ Addr string }

// Serve builds a Redis client per call.
func (s *Server) Serve(ctx context.Context) error { // want Serve:`createsClient\(redis.NewClient\)`
	_, err := redis.NewClient(&redis.Options{Addr: s.Addr}).Get(ctx, "k")
	return err
}

// API is an http.Handler.
type API struct{}

func (API) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`createsClient\(sql.Open\)`
	_, _ = sql.Open("mysql", "dsn")
}

// Fine reuses a shared pool.
func Fine(ctx context.Context) error { return shared.PingContext(ctx) }

var shared, _ = sql.Open("mysql", "dsn")
