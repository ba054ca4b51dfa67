package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model"
)

// FuzzLoadModuleConfined loads arbitrary module text in a project whose
// parent directory holds a secret (also reachable through a symlink inside
// the project) and checks, beyond "no panic", that the secret never appears
// in the loaded model or its diagnostics, and that in-project files are
// still read. Evaluation runs with the budget, so every input returns.
func FuzzLoadModuleConfined(f *testing.F) {
	tmp := f.TempDir()
	outside := filepath.Join(tmp, "secret.txt")
	proj := filepath.Join(tmp, "proj")
	for name, content := range map[string]string{
		outside:                               "KEY=" + secretText + "\n",
		filepath.Join(proj, "conf", "a.txt"):  "in-project",
		filepath.Join(proj, "tpl", "t.tftpl"): "${x}-${file(\"../conf/a.txt\")}",
		filepath.Join(tmp, "evil", "main.tf"): envFunction(`"` + secretText + `"`),
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(proj, "conf", "link.txt")); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		envFunction(`file("../secret.txt")`, `file("conf/a.txt")`),
		envFunction(`regex("AKIA.*", file("conf/link.txt"))`, `filebase64("`+outside+`")`),
		envFunction(`templatefile("tpl/t.tftpl", { x = "y" })`, `templatefile("../secret.txt", {})`),
		envFunction(`join(",", fileset("..", "**"))`, `join(",", fileset(".", "**"))`),
		envFunction(`tostring(fileexists("../secret.txt"))`, `filesha256("conf/link.txt")`),
		"module \"m\" {\n  source = \"../evil\"\n}\n" + envFunction(`module.m.x`),
		"locals {\n  a = [for i in range(1000) : [for j in range(1000) : j]]\n}\n" + envFunction(`jsonencode(local.a)`),
		"locals {\n  s = file(\"conf/a.txt\")\n  t = replace(local.s, \"\", local.s)\n}\n" + envFunction(`local.t`),
		envFunction(`pathexpand("~/.aliyun")`, `abspath("..")`, `"${1e999}"`),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &model.Project{}
		loadSources(p, proj, []source{{path: filepath.Join(proj, "main.tf"), data: data}}, Options{Root: proj})
		noInternalErrors(t, p)
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), secretText) && !strings.Contains(string(data), secretText) {
			t.Fatalf("a file outside the project was read into the model: %s", b)
		}
		p.Link()
	})
}
