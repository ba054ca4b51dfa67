package main

import (
	"net/http"

	"crosshandler/handlers"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	http.Handle("/api", handlers.API{}) // want `GO001: handlers.API.ServeHTTP creates a database/sql connection pool \(sql.Open in handlers.go\) in request context \(HTTP handler registered with http.Handle for "/api"\)`
	go http.ListenAndServe(":9000", nil)
	s := &handlers.Server{Addr: "r:6379"}
	go lambda.Start(s.Serve) // want `GO001: handlers.Server.Serve creates a Redis client \(redis.NewClient in handlers.go\) in request context \(handler passed to lambda.Start\)`
	go fc.Start(handlers.Fine)
	fc.Start(handlers.Handle) // want `GO001: handlers.Handle creates a database/sql connection pool \(sql.Open in handlers.go\) in request context \(handler passed to fc.Start\)`
}
