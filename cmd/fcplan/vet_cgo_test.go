package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/rules"
)

// cgoPlantedSecret is the line of a file outside the module that a cgo
// preamble #includes: none of it may reach a report.
const cgoPlantedSecret = "Zq8XpL3mQ7rTw2 = Vw27nB5kJ9dYh4Kp"

// cgoModule writes a module whose HTTP handler sits in a file with a cgo
// preamble that includes a file holding cgoPlantedSecret, and a C compiler
// stand-in that records being run.
func cgoModule(t *testing.T) (dir, ccLog string) {
	t.Helper()
	dir = t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "credentials.h")
	ccLog = filepath.Join(outside, "cc.log")
	cc := filepath.Join(outside, "cc")
	files := map[string]string{
		secret:                       cgoPlantedSecret + "\n",
		cc:                           "#!/bin/sh\necho \"$@\" >> " + ccLog + "\nexit 1\n",
		filepath.Join(dir, "go.mod"): "module example.com/cgoapp\n\ngo 1.22\n",
		filepath.Join(dir, "main.go"): `package main

/*
#include "` + secret + `"
*/
import "C"

import (
	"net/http"
	"time"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Second)
		_ = C.lookup()
	})
	http.ListenAndServe(":9000", nil)
}
`,
	}
	for p, text := range files {
		if err := os.WriteFile(p, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CC", cc)
	return dir, ccLog
}

// TestVetCgoOff: vet never runs the C toolchain on the code it analyses
// (a cgo preamble's #include would make the compiler read and quote any
// file); the cgo file is still analysed, degraded, with a note; and no
// part of the included file reaches any format.
func TestVetCgoOff(t *testing.T) {
	vetEnv(t)
	dir, ccLog := cgoModule(t)
	for _, format := range []string{"text", "json", "sarif", "markdown"} {
		t.Run(format, func(t *testing.T) {
			out, stderr, code := runVetCLI(t, "-C", dir, "--format", format, "./...")
			if code != ExitOK {
				t.Fatalf("exit %d, want 0 (a warning); stderr:\n%s", code, stderr)
			}
			if !strings.Contains(out, "GO003") || !strings.Contains(out, "main.go") {
				t.Errorf("the handler in the cgo file was not analysed:\n%s", out)
			}
			if format != "sarif" && !strings.Contains(out, `cgo off: 1 file importing \"C\"`) && !strings.Contains(out, `cgo off: 1 file importing "C"`) {
				t.Errorf("no note about the cgo file:\n%s", out)
			}
			for _, word := range strings.FieldsFunc(cgoPlantedSecret, func(r rune) bool { return r == ' ' || r == '=' }) {
				for i := 0; i+6 <= len(word); i++ {
					if piece := word[i : i+6]; strings.Contains(out+stderr, piece) {
						t.Fatalf("%q of the included file reached the report:\n%s\n%s", piece, out, stderr)
					}
				}
			}
		})
	}
	if data, err := os.ReadFile(ccLog); err == nil {
		t.Errorf("the C compiler ran: %s", data)
	}
}

// TestVetCgoOptIn: --cgo hands the files to cgo, which runs the C
// compiler.
func TestVetCgoOptIn(t *testing.T) {
	vetEnv(t)
	dir, ccLog := cgoModule(t)
	if _, stderr, code := runVetCLI(t, "-C", dir, "--cgo", "--fail-on", "never", "./..."); code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(ccLog); err != nil {
		t.Errorf("--cgo did not run the C compiler: %v", err)
	}
}

// TestReviewVetCgoOff: review's vet step runs no C toolchain either unless
// --cgo, and says which files were analysed without cgo.
func TestReviewVetCgoOff(t *testing.T) {
	vetEnv(t)
	dir, ccLog := cgoModule(t)
	for _, cgo := range []bool{false, true} {
		sec, _, err := reviewVet(dir, rules.Config{}, cgo)
		if err != nil {
			t.Fatalf("cgo=%v: %v", cgo, err)
		}
		_, ranCC := os.Stat(ccLog)
		notes := strings.Join(sec.Notes, "\n")
		if !cgo && (ranCC == nil || !strings.Contains(notes, `cgo off: 1 file importing "C"`)) {
			t.Errorf("without --cgo: C compiler ran %v, notes %q", ranCC == nil, notes)
		}
		if cgo && ranCC != nil {
			t.Errorf("--cgo: the C compiler did not run")
		}
		if strings.Contains(notes+strings.Join(sec.Problems, "\n"), "Zq8XpL") {
			t.Errorf("cgo=%v: the included file reached the review", cgo)
		}
	}
}
