package main

import (
	"fmt"
	"io"
	"os"

	"github.com/fcplan/fcplan/model/secret"
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
	// The report file gets the same masking as stdout (Execute wraps it).
	var w io.Writer = f
	flush := func() error { return nil }
	if sw, ok := stdout.(*secret.Writer); ok {
		mw := secret.NewWriter(f, sw.Registry())
		w, flush = mw, mw.Flush
	}
	return w, func(errp *error) {
		cerr := flush()
		if err := f.Close(); cerr == nil {
			cerr = err
		}
		if cerr != nil && *errp == nil {
			*errp = withExitCode(ExitInput, fmt.Errorf("-o %s: %w", path, cerr))
		}
	}, nil
}

// maskFor returns data with the secret values known to the run that writes
// to stdout (a Streams.Out that Execute wrapped) masked, for files written
// whole beside the report (--html, baselines).
func maskFor(stdout io.Writer, data []byte) []byte {
	sw, ok := stdout.(*secret.Writer)
	if !ok || sw.Registry().Len() == 0 {
		return data
	}
	return []byte(sw.Registry().MaskKnown(string(data)))
}
