package main

import (
	"context"

	"example.com/inhouse/db"
	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

var pool = &db.Pool{}

func HandleRequest(ctx context.Context) error {
	c, err := db.Dial("db:5000") // want `GO001: db.Dial creates an in-house database connection in request context`
	if err != nil {
		return err
	}
	defer c.Close()
	// Not listed: a pool checkout is fine.
	return pool.Get().Close()
}

func main() {
	fc.Start(HandleRequest)
}
