package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// colorOutput reports whether text written to w may be coloured: w is a
// terminal (not a pipe, a file or /dev/null), NO_COLOR is not set to
// anything (https://no-color.org) and TERM is not "dumb".
func colorOutput(w io.Writer, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap() // Execute's secret-masking writer
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
