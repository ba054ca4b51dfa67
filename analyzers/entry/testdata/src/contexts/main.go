package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/gin-gonic/gin"
)

var once sync.Once

var lazy = sync.OnceValue(func() int { return 1 }) // want `node init\(body run once by sync.OnceValue\)`

func helper() {} // want `node request\(handler passed to fc.Start\) init\(main\(\)\)`

func onlyInit() {} // want `node init\(init\(\)\)`

func unused() {} // want `node none`

func init() { // want `node init\(init\(\)\)`
	onlyInit()
}

type svc struct{}

func (s *svc) Handle(ctx context.Context) error { // want `node request\(handler passed to fc.StartWithContext\)`
	once.Do(s.setup)
	go func() {}() // want `node request\(handler passed to fc.StartWithContext\)`
	return nil
}

func (s *svc) setup() {} // want `node init\(body run once by sync.Once.Do\)`

func initialize(w http.ResponseWriter, r *http.Request) {} // want `node init\(custom runtime /initialize route\)`

func HandleRequest(ctx context.Context) error { // want `node request\(handler passed to fc.Start\)`
	helper()
	_ = lazy()
	return nil
}

func main() { // want `node init\(main\(\)\)`
	helper()
	fc.RegisterInitializerFunction(func(ctx context.Context) {}) // want `node init\(initializer registered with fc.RegisterInitializerFunction\)`
	http.HandleFunc("POST /initialize", initialize)
	r := gin.Default()
	r.POST("/invoke", func(c *gin.Context) {}) // want `node request\(HTTP handler registered with gin.RouterGroup.POST for "/invoke"\)`
	s := &svc{}
	go fc.StartWithContext(context.Background(), s.Handle)
	fc.Start(HandleRequest)
}
