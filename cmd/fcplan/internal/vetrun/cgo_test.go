package vetrun

import (
	"bytes"
	"go/parser"
	"go/token"
	"testing"
)

// TestWithoutImportC: the import of "C" is blanked in place, whatever its
// form, and nothing else moves (positions in findings stay right).
func TestWithoutImportC(t *testing.T) {
	cases := []struct {
		name, src string
		ok        bool
	}{
		{"alone", "package p\n\n// #include <x.h>\nimport \"C\"\n\nfunc F() { C.f() }\n", true},
		{"in a group", "package p\n\nimport (\n\t\"fmt\"\n\t\"C\"\n)\n\nfunc F() { fmt.Println(C.f()) }\n", true},
		{"two import decls", "package p\n\n/*\n#include \"/etc/passwd\"\n*/\nimport \"C\"\nimport \"os\"\n\nvar _ = os.Args\n", true},
		{"no cgo", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", false},
		{"does not parse", "package p\n\nimport (\"C\"\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, ok := withoutImportC("x.go", []byte(tc.src))
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if len(out) != len(tc.src) || bytes.Count(out, []byte("\n")) != bytes.Count([]byte(tc.src), []byte("\n")) {
				t.Fatalf("offsets moved:\n%s", out)
			}
			f, err := parser.ParseFile(token.NewFileSet(), "x.go", out, parser.ImportsOnly)
			if err != nil {
				t.Fatalf("result does not parse: %v\n%s", err, out)
			}
			for _, is := range f.Imports {
				if is.Path.Value == `"C"` {
					t.Fatalf("import \"C\" still there:\n%s", out)
				}
			}
		})
	}
}
