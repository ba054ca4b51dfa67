package main

import (
	"context"
	"database/sql"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func HandleRequest(ctx context.Context) error {
	//fcplan:ignore GO001 -- admin function, invoked once an hour
	admin, _ := sql.Open("mysql", "dsn")
	_ = admin
	db, _ := sql.Open("mysql", "dsn") //fcplan:ignore GO001
	time.Sleep(time.Second)
	return db.PingContext(ctx)
}

func main() {
	//fcplan:ignore GO002 -- nothing here
	fc.Start(HandleRequest)
}
