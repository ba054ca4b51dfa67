package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/report"
)

// srcrootUsage is the help of --srcroot, shared by the commands that write
// SARIF.
const srcrootUsage = "SARIF: write paths relative to this `directory` (default: the repository root, the nearest directory above holding .git)"

// addSrcrootFlag registers --srcroot on cmd.
func addSrcrootFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "srcroot", "", srcrootUsage)
}

// sarifSrcRoot resolves --srcroot (a directory that must exist) or finds
// the repository root above base ("" = the working directory) by walking up
// for .git, never by running git. It returns "" when there is no
// repository: paths then stay as given.
func sarifSrcRoot(flag, base string) (string, error) {
	if flag == "" {
		return report.FindSrcRoot(base), nil
	}
	abs, err := filepath.Abs(flag)
	if err != nil {
		return "", fmt.Errorf("--srcroot: %w", err)
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return "", fmt.Errorf("--srcroot %s: not a directory", flag)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	return abs, nil
}
