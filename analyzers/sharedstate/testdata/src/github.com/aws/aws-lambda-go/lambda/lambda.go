// Package lambda is a stub of aws-lambda-go/lambda.
package lambda

import "context"

type Handler interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

type Option func()

func Start(handler interface{})                                    {}
func StartWithOptions(handler interface{}, options ...Option)      {}
func StartHandlerFunc(handler interface{}, options ...Option)      {}
func StartHandler(handler Handler)                                 {}
func StartWithContext(ctx context.Context, handler interface{})    {}
func StartHandlerWithContext(ctx context.Context, handler Handler) {}
