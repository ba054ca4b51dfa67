// Package clean builds clients, but never in request context.
package clean

import "database/sql"

var pool, _ = sql.Open("mysql", "dsn")

func newPool() *sql.DB {
	p, _ := sql.Open("mysql", "dsn")
	return p
}

func init() {
	_ = newPool()
}

// Pool returns the package pool.
func Pool() *sql.DB { return pool }
