package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunShare(t *testing.T) {
	tests := []struct {
		n    int
		want int64
	}{
		{0, maxWork},
		{1, maxWork},
		{8, maxWork},
		{16, 16 << 20},
		{300, MinWorkShare},
	}
	for _, tt := range tests {
		if got := RunShare(tt.n); got != tt.want {
			t.Errorf("RunShare(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

// A configuration loaded with a run's share stops at that share, with a
// diagnostic that says why, and the same module within the full budget is
// evaluated.
func TestWorkBudgetShare(t *testing.T) {
	dir := t.TempDir()
	src := `locals {
  s = format("%4000s", "x")
  a = join("", [for i in range(400) : local.s])
}
resource "alicloud_fcv3_function" "f" {
  function_name = "f"
  description   = local.a
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := LoadDir(dir, Options{WorkBudget: MinWorkShare})
	var said bool
	for _, d := range p.Diagnostics {
		if strings.Contains(d.Message, "the evaluation budget: this configuration's share of the 256 MiB") {
			said = true
		}
	}
	if !said {
		t.Errorf("a 1.6 MB value under a 1 MiB share: no budget diagnostic in %v", p.Diagnostics)
	}
	for _, d := range LoadDir(dir, Options{}).Diagnostics {
		if strings.Contains(d.Message, "evaluation budget") {
			t.Errorf("within the full budget: %s", d.Message)
		}
	}
}
