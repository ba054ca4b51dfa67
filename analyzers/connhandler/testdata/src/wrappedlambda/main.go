package main

import (
	"context"
	"database/sql"

	"github.com/aws/aws-lambda-go/lambda"
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-lambda-go/otellambda"
)

func handle(ctx context.Context, in []byte) (string, error) {
	db, err := sql.Open("postgres", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(handler passed to lambda.Start through otellambda.InstrumentHandler\)`
	if err != nil {
		return "", err
	}
	defer db.Close()
	return "ok", nil
}

// openPool is not handler-shaped (no context.Context first): passing it to
// a factory does not make it a handler.
func openPool(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	return db
}

func newHandler(open func(string) *sql.DB) func(context.Context, []byte) (string, error) {
	db := open("dsn")
	return func(ctx context.Context, in []byte) (string, error) {
		return "ok", db.PingContext(ctx)
	}
}

func main() {
	lambda.Start(otellambda.InstrumentHandler(handle))
	lambda.Start(newHandler(openPool))
}
