package main

import (
	"context"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aws/aws-lambda-go/lambda"
)

var pkgHandler = func(ctx context.Context) error { return nil } // want `node request\(handler passed to lambda.Start\) init\(package variable initialization\)`

func main() { // want `node init\(main\(\)\)`
	helper := func() {}                                           // want `node request\(handler passed to fc.Start\) init\(main\(\)\)`
	h := func(ctx context.Context) error { helper(); return nil } // want `node request\(handler passed to fc.Start\) init\(main\(\)\)`
	reassigned := func() {}                                       // want `node init\(main\(\)\)`
	reassigned = func() {}                                        // want `node init\(main\(\)\)`
	reassigned()
	go lambda.Start(pkgHandler)
	fc.Start(h)
}
