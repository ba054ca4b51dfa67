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
	f, ok := outputFile(w)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// outputFile is the file under w, looking through Execute's secret-masking
// writer: the colour and progress checks ask whether that file is a terminal.
func outputFile(w io.Writer) (*os.File, bool) {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	return f, ok
}
