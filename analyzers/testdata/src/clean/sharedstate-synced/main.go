package main

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
)

var (
	mu      sync.Mutex
	rw      sync.RWMutex
	hits    int
	cache   = map[string]string{}
	counter atomic.Int64
	seen    sync.Map
	once    sync.Once
	config  map[string]string
	events  = make(chan string, 10)
)

func store(k, v string) {
	cache[k] = v // only called with mu held
}

func HandleRequest(ctx context.Context, key string) error {
	mu.Lock()
	hits++
	store(key, "v")
	mu.Unlock()

	rw.Lock()
	cache["x"] = "y"
	rw.Unlock()

	counter.Add(1)
	seen.Store(key, true)
	once.Do(func() {
		config = map[string]string{"a": "b"}
	})
	events <- key

	local := map[string]int{}
	local[key]++
	var buf [4]int
	buf[0] = 1
	_ = buf
	return nil
}

func serve(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	hits++
}

func init() {
	hits = 0
	cache["boot"] = "ok"
}

func main() {
	http.HandleFunc("/invoke", serve)
	go http.ListenAndServe(":9000", nil)
	fc.Start(HandleRequest)
}
