package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKnownSecretsPerRun checks that a value given with --env under a
// credential name is masked in every stream and -o file of its run, and
// that the next in-process run does not inherit it.
func TestKnownSecretsPerRun(t *testing.T) {
	const value = "zzEnvFlagSecret123456"
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "env", "s.yaml"), `edition: 3.0.0
name: app
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: ${env('DB_PASSWORD')}
      runtime: python3.10
      handler: index.handler
      code: ./code
`)
	writeFile(t, filepath.Join(dir, "literal", "s.yaml"), `edition: 3.0.0
name: app
access: default
resources:
  api:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: `+value+`
      runtime: python3.10
      handler: index.handler
      code: ./code
`)
	report := filepath.Join(dir, "report.sarif")
	tests := []struct {
		name      string
		args      []string
		wantShown bool // the value may appear: this run does not know it
	}{
		{"text", []string{"lint", filepath.Join(dir, "env"), "--env", "DB_PASSWORD=" + value}, false},
		{"sarif -o", []string{"lint", filepath.Join(dir, "env"), "--format", "sarif", "-o", report, "--env", "DB_PASSWORD=" + value}, false},
		{"inspect json", []string{"inspect", filepath.Join(dir, "env"), "--format", "json", "--env", "DB_PASSWORD=" + value}, false},
		{"next run", []string{"inspect", filepath.Join(dir, "literal")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(report)
			var out, errOut bytes.Buffer
			Execute(tt.args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
			all := out.String() + errOut.String()
			if b, err := os.ReadFile(report); err == nil {
				all += string(b)
			} else if strings.Contains(tt.name, "-o") {
				t.Fatalf("no report: %v", err)
			}
			if !tt.wantShown && !strings.Contains(all, "****...3456") {
				t.Errorf("the function name is not in the output:\n%s", all)
			}
			if got := strings.Contains(all, value); got != tt.wantShown {
				t.Errorf("value shown = %v, want %v:\n%s", got, tt.wantShown, all)
			}
		})
	}
}
