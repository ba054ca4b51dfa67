package main

import (
	"context"
	"database/sql"
)

var reused *sql.DB

// initDB is only called behind a nil check: once per instance.
func initDB() (*sql.DB, error) {
	return sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool lazily in request context \(handler passed to fc.Start\), guarded by reused == nil: it runs once per instance`
}

// HandleReuse follows a public Lambda sample that measured its connections:
// the check also retries when the pool went bad.
func HandleReuse(ctx context.Context) error {
	if reused == nil || reused.PingContext(ctx) != nil {
		d, err := initDB()
		if err != nil {
			return err
		}
		reused = d
	}
	return nil
}

// openAny is the twin: one caller guards it, another does not.
func openAny() *sql.DB {
	d, _ := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to fc.Start\): a burst`
	return d
}

func HandleMixed(ctx context.Context) error {
	if reused == nil {
		reused = openAny()
	}
	return openAny().PingContext(ctx)
}
