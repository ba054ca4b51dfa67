package main

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

// HandWritten is the twin: the same code in a hand-written file.
func HandWritten(ctx context.Context) error {
	db, _ := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context`
	return db.Close()
}

func main() {
	fc.Start(GeneratedHandle)
	fc.Start(HandWritten)
}
