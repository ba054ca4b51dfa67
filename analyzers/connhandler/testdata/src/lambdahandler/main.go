package main

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdaurl"
	"github.com/gin-gonic/gin"
)

func handler(ctx context.Context, name string) (string, error) {
	db, err := sql.Open("postgres", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to lambda.Start\)`
	if err != nil {
		return "", err
	}
	return name, db.PingContext(ctx)
}

type urlHandler struct{}

func (urlHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = sql.Open("postgres", "dsn") // want `handler passed to lambdaurl.Start`
}

func main() {
	r := gin.Default()
	r.GET("/items", func(c *gin.Context) {
		_, _ = sql.Open("postgres", "dsn") // want `HTTP handler registered with gin.RouterGroup.GET for "/items"`
	})
	go r.Run()
	go lambdaurl.Start(urlHandler{})
	lambda.Start(handler)
}
