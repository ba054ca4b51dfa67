package main

import (
	"context"
	"database/sql"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

// fcplan:ignore GO002
const accessKeyID = "LTAI5tAbCdEfGhIjKlMnOpQr"

var hits int

func HandleRequest(ctx context.Context, key string) error {
	//fcplan:ignore GO001 -- admin tool, one request per hour
	db, err := sql.Open("mysql", "dsn")
	if err != nil {
		return err
	}
	hits++
	time.Sleep(time.Second)
	_ = accessKeyID
	return db.PingContext(ctx)
}

func preStop(ctx context.Context) {}

func main() {
	fc.Start(HandleRequest)
	fc.RegisterPreStopFunction(preStop) //fcplan:ignore GO005
}
