package vetrun

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeModule writes files (path -> content) under a new temporary
// directory and returns it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// offlineEnv is the process environment without GOTOOLCHAIN, GOFLAGS and
// GOPROXY, plus GOPROXY=off: nothing may be fetched.
func offlineEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOTOOLCHAIN=") || strings.HasPrefix(kv, "GOFLAGS=") || strings.HasPrefix(kv, "GOPROXY=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOPROXY=off", "GOFLAGS=-mod=readonly", "GOWORK=off")
}

const handlerSrc = `package %s

import (
	"database/sql"
	"net/http"
%s)

func H(w http.ResponseWriter, r *http.Request) {
	db, _ := sql.Open("postgres", "x")
	_ = db
}

func init() { http.HandleFunc("/", H) }
`

func handler(pkg, extraImport string) string {
	return strings.NewReplacer("%s)", extraImport+")", "package %s", "package "+pkg).Replace(handlerSrc)
}

// TestMissingGoSumDegradesPerPackage: a go 1.16 module (unpruned graph)
// requires two modules with no go.sum entries. The go command cannot load
// the module graph at all, which made 'fcplan vet' exit 2. Now each
// failing requirement is left out of a temporary go.mod: only the package
// importing one is degraded, the other is analyzed fully, both report
// their GO001, and go.mod is not changed.
func TestMissingGoSumDegradesPerPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	gomod := "module example.com/gs\n\ngo 1.16\n\nrequire (\n\texample.invalid/missing v1.0.0\n\texample.invalid/other v1.2.0\n)\n"
	dir := writeModule(t, map[string]string{
		"go.mod": gomod,
		"a/a.go": handler("a", "\t_ \"example.invalid/missing\"\n"),
		"b/b.go": handler("b", ""),
	})
	res, err := Run(Options{Dir: dir, Env: offlineEnv()})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if want := []string{"example.com/gs/a"}; !slices.Equal(res.Degraded, want) {
		t.Errorf("degraded = %q, want %q", res.Degraded, want)
	}
	if res.Packages != 2 {
		t.Errorf("packages = %d, want 2", res.Packages)
	}
	if len(res.Unavailable) != 2 || !strings.HasPrefix(res.Unavailable[0], "example.invalid/") ||
		!strings.Contains(res.Unavailable[0], "go.sum") {
		t.Errorf("unavailable = %q, want the two modules with their go.sum error", res.Unavailable)
	}
	res.Relative(dir)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Location.File+" "+f.RuleID)
	}
	if want := []string{"a/a.go GO001", "b/b.go GO001"}; !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "go.mod")); string(b) != gomod {
		t.Errorf("go.mod changed:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); err == nil {
		t.Errorf("go.sum was created")
	}
}

// TestToolchainLineIgnored: a go.mod's toolchain line names a Go release
// that does not exist. Under GOTOOLCHAIN=auto (go.dev's default, set here
// through a GOENV file as 'go env -w' would) the go command would try to
// download and run it; fcplan runs the go command with GOTOOLCHAIN=local,
// so the module loads with the local toolchain.
func TestToolchainLineIgnored(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/tc\n\ngo 1.22\n\ntoolchain go1.99.1\n",
		"a/a.go": handler("a", ""),
		"goenv":  "GOTOOLCHAIN=auto\n",
	})
	env := append(offlineEnv(), "GOENV="+filepath.Join(dir, "goenv"))
	res, err := Run(Options{Dir: dir, Env: env})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Findings) != 1 || len(res.Degraded) != 0 {
		t.Errorf("findings = %d, degraded = %q; want 1 finding, none degraded", len(res.Findings), res.Degraded)
	}
}

func TestGoEnv(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string
		not  []string
	}{
		{"adds local toolchain and no cgo", Options{Env: []string{"PATH=/bin"}},
			[]string{"PATH=/bin", "CGO_ENABLED=0", "GOTOOLCHAIN=local"}, nil},
		{"keeps the user's toolchain", Options{Env: []string{"GOTOOLCHAIN=go1.26.0"}, CGO: true},
			[]string{"GOTOOLCHAIN=go1.26.0"}, []string{"GOTOOLCHAIN=local", "CGO_ENABLED=0"}},
		{"never adds -mod=mod", Options{Env: []string{"GOFLAGS=-mod=readonly"}},
			[]string{"GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local"}, []string{"GOFLAGS=-mod=mod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := goEnv(tt.opts)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("goEnv = %q, lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("goEnv = %q, has %q", got, n)
				}
			}
		})
	}
}
