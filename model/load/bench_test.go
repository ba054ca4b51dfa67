package load

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkPaths1000Files loads a tree of 1,000 project files through the
// same entry point the CLI uses: copies of the example projects (fc3 and
// legacy s.yaml, Terraform directories of four files, plan JSON) in the
// proportions 50% s.yaml, 40% .tf, 10% plans.
func BenchmarkPaths1000Files(b *testing.B) {
	root := b.TempDir()
	read := func(p string) []byte {
		data, err := os.ReadFile(filepath.Join(projects, p))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	syamls := [][]byte{read("fc3-vpc-app/s.yaml"), read("legacy-fc/s.yaml")}
	tfNames := []string{"fc.tf", "main.tf", "network.tf", "ram.tf"}
	var tf [][]byte
	for _, n := range tfNames {
		tf = append(tf, read(filepath.Join("tf-vpc-nat", n)))
	}
	plan := read("tf-plan/plan.json")
	files := 0
	put := func(rel string, data []byte) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		files++
	}
	for i := 0; i < 500; i++ {
		put(fmt.Sprintf("svc%03d/s.yaml", i), syamls[i%2])
	}
	for i := 0; i < 100; i++ {
		for j, n := range tfNames {
			put(fmt.Sprintf("tf%03d/%s", i, n), tf[j])
		}
	}
	for i := 0; i < 100; i++ {
		put(fmt.Sprintf("plans/plan%03d.json", i), plan)
	}
	if files != 1000 {
		b.Fatalf("wrote %d files", files)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := Paths([]string{root}, Options{})
		if len(p.Files) != 1000 {
			b.Fatalf("loaded %d files, want 1000", len(p.Files))
		}
	}
}
