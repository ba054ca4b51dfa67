// Package store opens the database.
package store

import "database/sql"

// Open opens a new connection pool each time it is called.
func Open(dsn string) (*sql.DB, error) {
	return sql.Open("mysql", dsn)
}
