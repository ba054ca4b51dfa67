// Package fc is a stub of the FC Go SDK with only the signatures fcplan's
// analyzers need.
package fc

import (
	"context"
	"net/http"
)

type Handler interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

func Start(handler interface{})                                                                   {}
func StartHttp(handler func(ctx context.Context, w http.ResponseWriter, req *http.Request) error) {}
func StartHandler(handler Handler)                                                                {}
func StartWithContext(ctx context.Context, handler interface{})                                   {}
func StartHandlerWithContext(ctx context.Context, handler Handler)                                {}
func RegisterInitializerFunction(f func(ctx context.Context))                                     {}
func RegisterPreStopFunction(f func(ctx context.Context))                                         {}
func RegisterPreFreezeFunction(f func(ctx context.Context))                                       {}
