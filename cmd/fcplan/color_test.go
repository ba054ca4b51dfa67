package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestColorOutput: never colour a pipe, a buffer, /dev/null (a character
// device, not a terminal) or when NO_COLOR or TERM=dumb says not to; and
// lint's text through a non-terminal has no escape at all.
func TestColorOutput(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name string
		out  any
		env  func(string) string
	}{
		{"buffer", &bytes.Buffer{}, env()},
		{"/dev/null", devnull, env()},
		{"NO_COLOR", os.Stdout, env("NO_COLOR", "1")},
		{"TERM=dumb", os.Stdout, env("TERM", "dumb")},
	} {
		w := tc.out.(interface{ Write([]byte) (int, error) })
		if colorOutput(w, tc.env) {
			t.Errorf("%s: colour on", tc.name)
		}
	}
	out, _, _ := lintRun(t, "lint", "testdata/lint/configured")
	if strings.Contains(out, "\x1b[") {
		t.Errorf("lint to a buffer wrote an escape:\n%q", out)
	}
}
