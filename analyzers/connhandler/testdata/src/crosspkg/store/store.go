// Package store opens the database for its callers.
package store

import "database/sql"

// Open opens a new pool every time it is called.
func Open() (*sql.DB, error) { // want Open:`createsClient\(sql.Open\)`
	return connect("dsn")
}

func connect(dsn string) (*sql.DB, error) {
	return sql.Open("mysql", dsn)
}

// Shared is safe: it only returns the pool made at init.
func Shared() *sql.DB { return shared }

var shared, _ = sql.Open("mysql", "dsn")
