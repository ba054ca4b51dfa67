package main

import (
	"context"
	"os"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/sdming/goh"
)

// The client value is built once per instance...
var hc, _ = goh.NewTcpClient("hbase:9090", 0, false)

func init() {
	// Opening it at init and keeping it open is the right pattern.
	_ = hc.Open()
}

func HandleRequest(ctx context.Context) error {
	// ...but each request opens its transport and closes it when it ends.
	if err := hc.Open(); err != nil { // want `GO001: goh.HClient.Open creates a connection of hc \(opened here, closed by a deferred Close when the request ends\) in request context`
		return err
	}
	defer hc.Close()
	_, err := hc.Get("t", "r")
	return err
}

// HandleFile is the false-positive twin: os.File is the standard library,
// and a file per request is not a connection.
func HandleFile(ctx context.Context) error {
	f, err := os.Open("/tmp/x")
	if err != nil {
		return err
	}
	defer f.Close()
	// A client used without Open/Close in the handler is fine too.
	_, err = hc.Get("t", "r")
	return err
}

func main() {
	fc.Start(HandleRequest)
	fc.Start(HandleFile)
}
