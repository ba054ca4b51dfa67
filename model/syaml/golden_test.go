package syaml

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtureProjects are the fixture projects at the repository root whose
// whole loaded model is compared with a golden JSON file.
var fixtureProjects = []string{"fc3-vpc-app", "legacy-fc"}

// TestGolden loads each fixture project, links it and compares the JSON of
// the model (every value with its position) with the golden file.
func TestGolden(t *testing.T) {
	for _, name := range fixtureProjects {
		t.Run(name, func(t *testing.T) {
			// The path given to Load is the repository-relative one, so the
			// golden positions do not depend on where the tests run.
			rel := filepath.ToSlash(filepath.Join("testdata", "projects", name, "s.yaml"))
			data, err := os.ReadFile(filepath.Join("..", "..", rel))
			if err != nil {
				t.Fatal(err)
			}
			p := Load(rel, data, Options{})
			p.Link()
			got, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./model/syaml -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the loaded model; run go test ./model/syaml -run TestGolden -update and review the diff", golden)
			}
		})
	}
}
