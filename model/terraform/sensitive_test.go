package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestSensitiveValues checks which variable values the loader reports as
// sensitive (model.Project.Sensitive) for the CLI to mask.
func TestSensitiveValues(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	writeTF := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeTF(filepath.Join(dir, "main.tf"), `
variable "db_password" { sensitive = true }
variable "db" {
  default   = "zzVarDefaultSecret12345"
  sensitive = true
}
variable "keys" {
  default   = { a = "zzNestedSecretValue1" }
  sensitive = true
}
variable "api_token" {}
variable "region" { default = "cn-hangzhou" }
variable "label" {}
resource "alicloud_fcv3_function" "f" {
  function_name = "fn-${var.db_password}"
  runtime       = "python3.10"
  handler       = "index.handler"
  environment_variables = { DBV = var.db, T = var.api_token, L = var.label }
}
`)
	varFile := filepath.Join(outside, "prod.tfvars")
	writeTF(varFile, "db_password = \"zzTfvarsSecret123456\"\nlabel = \"zzPlainLabelValue1\"\n")
	p := LoadDir(dir, Options{VarFiles: []string{varFile}, Vars: map[string]string{"api_token": "zzVarFlagToken12345"}})
	for _, want := range []string{"zzTfvarsSecret123456", "zzVarDefaultSecret12345", "zzNestedSecretValue1", "zzVarFlagToken12345"} {
		if !slices.Contains(p.Sensitive, want) {
			t.Errorf("Sensitive %q missing: %q", want, p.Sensitive)
		}
	}
	for _, not := range []string{"cn-hangzhou", "zzPlainLabelValue1"} {
		if slices.Contains(p.Sensitive, not) {
			t.Errorf("Sensitive holds %q, which is neither sensitive nor under a credential name", not)
		}
	}
}

func TestSensitivePlanValues(t *testing.T) {
	values := map[string]any{
		"function_name": "api",
		"description":   "zzPlanDesc",
		"environment_variables": map[string]any{
			"CONFIG": "zzPlanConfig", "PLAIN": "visible",
		},
		"tags": []any{"t1", "zzTagSecret"},
	}
	marks := map[string]any{
		"description":           true,
		"environment_variables": map[string]any{"CONFIG": true},
		"tags":                  []any{false, true},
	}
	got := sensitiveStrings(nil, values, marks, 0)
	want := []string{"zzPlanDesc", "zzPlanConfig", "zzTagSecret"}
	if !slices.Equal(got, want) {
		t.Errorf("sensitiveStrings = %q, want %q", got, want)
	}
	if got := sensitiveStrings(nil, values, map[string]any{}, 0); len(got) != 0 {
		t.Errorf("no marks: %q", got)
	}
}
