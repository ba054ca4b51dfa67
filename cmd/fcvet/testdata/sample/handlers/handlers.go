// Package handlers holds a handler that cmd/external registers.
package handlers

import (
	"context"

	"example.com/sample/store"
)

// Handle opens a pool on every invocation (through store.Open).
func Handle(ctx context.Context) error {
	db, err := store.Open("dsn")
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}
