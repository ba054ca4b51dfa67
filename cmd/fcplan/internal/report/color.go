package report

import (
	"bytes"
	"io"
	"regexp"
)

// ANSI SGR sequences for the severities: red, yellow, cyan; bold for the
// summary's counts is not used, to keep the output calm.
var severityColor = map[string]string{
	"error":   "\x1b[31m",
	"warning": "\x1b[33m",
	"info":    "\x1b[36m",
}

const colorReset = "\x1b[0m"

// severityLine finds the severity word of a finding line ("  file:3:5:
// error RULE001 ...") or of a load diagnostic ("file:3: error: ..."). It
// runs on text the sanitizer already escaped, so the escapes it adds are
// the only ones in the output.
var severityLine = regexp.MustCompile(`^(\s*\S+: )(error|warning|info)([: ])`)

// colorWriter colours the severity word of each line it is given, line by
// line, and passes everything else through.
type colorWriter struct {
	w   io.Writer
	buf []byte
}

func (c *colorWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	for {
		i := bytes.IndexByte(c.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		if err := c.writeLine(c.buf[:i+1]); err != nil {
			return 0, err
		}
		c.buf = c.buf[i+1:]
	}
}

func (c *colorWriter) writeLine(line []byte) error {
	m := severityLine.FindSubmatchIndex(line)
	if m != nil {
		// The labelled lines under a finding (related:, fix:, docs:) are
		// prose that may start with a severity word.
		switch string(bytes.TrimSpace(line[m[2]:m[3]])) {
		case "related:", "fix:", "docs:":
			m = nil
		}
	}
	if m == nil {
		_, err := c.w.Write(line)
		return err
	}
	sev := string(line[m[4]:m[5]])
	var out []byte
	out = append(out, line[:m[4]]...)
	out = append(out, severityColor[sev]...)
	out = append(out, sev...)
	out = append(out, colorReset...)
	out = append(out, line[m[5]:]...)
	_, err := c.w.Write(out)
	return err
}

// flush writes a last line without a line feed.
func (c *colorWriter) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	err := c.writeLine(c.buf)
	c.buf = nil
	return err
}
