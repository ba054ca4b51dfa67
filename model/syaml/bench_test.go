package syaml

import (
	"os"
	"path/filepath"
	"testing"
)

// benchFiles returns the fc3 corpus files and the fixture projects, in
// memory; the corpus part is skipped when ../shared is absent.
func benchFiles(b *testing.B) [][]byte {
	b.Helper()
	var paths []string
	if shared := sharedDir(b); shared != "" {
		paths, _ = filepath.Glob(filepath.Join(shared, "corpus", "fc3", "*.y*ml"))
	}
	for _, name := range fixtureProjects {
		paths = append(paths, filepath.Join("..", "..", "testdata", "projects", name, "s.yaml"))
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkLoad1000 loads 1,000 Serverless Devs files per iteration (the
// corpus and fixtures repeated), detection included, as `fcplan inspect`
// would on a large monorepo.
func BenchmarkLoad1000(b *testing.B) {
	files := benchFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		for i := 0; i < 1000; i++ {
			data := files[i%len(files)]
			if !Detect(data) {
				b.Fatal("not detected")
			}
			p := Load("s.yaml", data, Options{})
			if len(p.Functions) == 0 {
				b.Fatal("no functions")
			}
		}
	}
}
