package main

import (
	"fmt"
	"io"
	"os"
)

// openOutput returns where a command writes its report: path when given
// (created), else stdout. The caller defers closeOutput(&err) with its named
// error result, so a failed close (a full disk, say) fails the command
// instead of leaving a truncated report behind a zero exit status.
func openOutput(stdout io.Writer, path string) (io.Writer, func(*error), error) {
	if path == "" {
		return stdout, func(*error) {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("-o: %w", err)
	}
	return f, func(errp *error) {
		if cerr := f.Close(); cerr != nil && *errp == nil {
			*errp = withExitCode(ExitInput, fmt.Errorf("-o %s: %w", path, cerr))
		}
	}, nil
}
