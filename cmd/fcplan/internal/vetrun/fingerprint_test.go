package vetrun

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/rules"
)

// fingerprintHandler is a handler with findings of GO001, GO003 and GO004
// in a method and a function, calling into go-redis, which the test makes
// resolvable or not.
const fingerprintHandler = `package main

import (
	"context"
	"net/http"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/redis/go-redis/v9"
)

var seen = map[string]int{}

type server struct{ rdb *redis.Client }

func (s *server) handle(ctx context.Context, key string) (string, error) {
	rdb := redis.NewClient(&redis.Options{Addr: "x"})
	seen[key]++
	time.Sleep(time.Second)
	resp, err := http.Get("http://example.com")
	if err == nil {
		resp.Body.Close()
	}
	return rdb.Get(ctx, key)
}

func HandleRequest(ctx context.Context, key string) (string, error) {
	s := &server{}
	s.rdb = redis.NewClient(&redis.Options{})
	return s.handle(ctx, key)
}

func main() {
	fc.Start(HandleRequest)
}
`

// TestFingerprintsIndependentOfImports analyses the same handler twice:
// once with go-redis resolvable (a local stub module) and once with the
// module missing, so the package is degraded. The findings and their
// fingerprints (baseline and SARIF) must be the same; before, the degraded
// run lost the GO001 findings on redis.NewClient altogether. The two GO001
// findings have the same message but are in different declarations, so
// their fingerprints differ.
func TestFingerprintsIndependentOfImports(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	fcStub := "package fc\n\nfunc Start(handler interface{}) {}\n"
	redisStub := "package redis\n\nimport \"context\"\n\ntype Options struct{ Addr string }\n\ntype Client struct{}\n\n" +
		"func NewClient(opt *Options) *Client { return &Client{} }\n\n" +
		"func (c *Client) Get(ctx context.Context, key string) (string, error) { return \"\", nil }\n"
	resolved := writeModule(t, map[string]string{
		"go.mod": "module example.com/fp\n\ngo 1.22\n\nrequire (\n\tgithub.com/aliyun/fc-runtime-go-sdk v0.0.0\n\tgithub.com/redis/go-redis/v9 v9.0.0\n)\n\n" +
			"replace github.com/aliyun/fc-runtime-go-sdk => ./stubs/fc\n\nreplace github.com/redis/go-redis/v9 => ./stubs/redis\n",
		"stubs/fc/go.mod":      "module github.com/aliyun/fc-runtime-go-sdk\n\ngo 1.22\n",
		"stubs/fc/fc/fc.go":    fcStub,
		"stubs/redis/go.mod":   "module github.com/redis/go-redis/v9\n\ngo 1.22\n",
		"stubs/redis/redis.go": redisStub,
		"handler/main.go":      fingerprintHandler,
	})
	unresolved := writeModule(t, map[string]string{
		"go.mod": "module example.com/fp\n\ngo 1.22\n\nrequire github.com/aliyun/fc-runtime-go-sdk v0.0.0\n\n" +
			"replace github.com/aliyun/fc-runtime-go-sdk => ./stubs/fc\n",
		"stubs/fc/go.mod":   "module github.com/aliyun/fc-runtime-go-sdk\n\ngo 1.22\n",
		"stubs/fc/fc/fc.go": fcStub,
		"handler/main.go":   fingerprintHandler,
	})
	fingerprints := func(dir string, wantDegraded bool) map[string]string {
		t.Helper()
		res, err := Run(Options{Dir: dir, Env: offlineEnv(), Patterns: []string{"./handler"}})
		if err != nil {
			t.Fatalf("Run %s: %v", dir, err)
		}
		if got := len(res.Degraded) > 0; got != wantDegraded {
			t.Errorf("%s: degraded = %q, want degraded %v", dir, res.Degraded, wantDegraded)
		}
		res.Relative(dir)
		out := map[string]string{}
		for _, f := range res.Findings {
			key := f.Location.String() + " " + f.RuleID + " " + f.Subject
			out[key] = rules.BaselineFingerprint(f)
		}
		return out
	}
	want := fingerprints(resolved, false)
	got := fingerprints(unresolved, true)
	keys := slices.Sorted(maps.Keys(want))
	wantKeys := []string{
		"handler/main.go:17:9 GO001 server.handle",
		"handler/main.go:18:2 GO004 server.handle",
		"handler/main.go:19:2 GO003 server.handle",
		"handler/main.go:20:15 GO003 server.handle",
		"handler/main.go:29:10 GO001 HandleRequest",
	}
	if !slices.Equal(keys, wantKeys) {
		t.Fatalf("findings with imports resolved:\n got %s\nwant %s", strings.Join(keys, "\n     "), strings.Join(wantKeys, "\n     "))
	}
	if !maps.Equal(got, want) {
		t.Errorf("fingerprints differ with the import unresolved:\n got %v\nwant %v", got, want)
	}
	if want[wantKeys[0]] == want[wantKeys[4]] {
		t.Errorf("GO001 in server.handle and HandleRequest share fingerprint %s", want[wantKeys[0]])
	}
}
