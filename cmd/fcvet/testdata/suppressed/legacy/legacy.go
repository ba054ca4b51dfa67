// Package legacy is excluded from GO004 by .fcplan.yaml.
package legacy

import (
	"context"
	"database/sql"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

var calls int

func handle(ctx context.Context) error {
	calls++
	db, err := sql.Open("mysql", "dsn")
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}

// Register starts the handler.
func Register() { fc.Start(handle) }
