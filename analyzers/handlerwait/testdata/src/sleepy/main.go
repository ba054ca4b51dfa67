package main

import (
	"context"
	"net/http"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

var rdb = redis.NewClient(&redis.Options{})

func waitForJob(ctx context.Context, id string) error {
	for {
		v, err := rdb.Get(context.Background(), id) // want `GO003: context.Background\(\) passed downstream in request context \(handler passed to fc.Start\) while ctx is in scope`
		if err != nil || v == "done" {
			return err
		}
		time.Sleep(time.Second) // want `GO003: polling loop sleeps in request context`
	}
}

func HandleRequest(ctx context.Context, id string) error {
	time.Sleep(100 * time.Millisecond)                 // want `GO003: time.Sleep in request context \(handler passed to fc.Start\): the instance is billed while it sleeps`
	resp, err := http.Get("https://example.com/" + id) // want `GO003: http.Get uses http.DefaultClient, which has no timeout`
	if err != nil {
		return err
	}
	resp.Body.Close()
	req, _ := http.NewRequestWithContext(context.TODO(), "GET", "https://example.com", nil) // want `GO003: context.TODO\(\) passed downstream`
	if _, err := http.DefaultClient.Do(req); err != nil {                                   // want `GO003: http.DefaultClient has no timeout`
		return err
	}
	c := &http.Client{} // want `GO003: http.Client without Timeout in request context`
	_ = c
	return waitForJob(ctx, id)
}

func serve(w http.ResponseWriter, r *http.Request) {
	_ = rdb.Set(context.Background(), "k", "v") // want `GO003: context.Background\(\) passed downstream .* while r.Context\(\) is in scope`
}

func main() {
	http.HandleFunc("/invoke", serve)
	go http.ListenAndServe(":9000", nil)
	fc.Start(HandleRequest)
}
