package main

import (
	"context"
	"net/http"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

func HandleHttp(ctx context.Context, w http.ResponseWriter, req *http.Request) error {
	return nil
}

func main() {
	fc.StartHttp(HandleHttp) // want `GO005: fc.StartHttp is deprecated .*use StartHandler instead`
}
