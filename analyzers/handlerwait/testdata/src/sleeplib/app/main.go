package main

import (
	"context"

	"sleeplib/lib"

	"github.com/aws/aws-lambda-go/lambda"
)

func handler(ctx context.Context) error {
	_ = lib.Quick()
	return lib.Retry(func() error { return nil }) // want `GO003: lib.Retry sleeps \(time.Sleep in lib.go\) in request context \(handler passed to lambda.Start\)`
}

func main() {
	lambda.Start(handler)
}
