package workload

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fcplan/fcplan/model/safefile"
)

// Arrival is one invocation.
type Arrival struct {
	At       time.Duration // offset from the start of the trace, non-decreasing
	Duration time.Duration // execution time recorded in the trace; 0 = not in the trace
	Function string        // function key from the trace, "" when single-function
	Async    bool
}

// Source streams arrivals in non-decreasing At order (never loads a whole trace).
type Source interface {
	Next(a *Arrival) (ok bool, err error) // ok=false at end of stream
	Close() error
}

// BadRowCounter is implemented by every file-backed Source: BadRows is the
// number of malformed rows skipped so far under FileOptions.SkipBadRows.
type BadRowCounter interface {
	BadRows() int
}

// BadRows returns the skipped-row count of src, or 0 when src does not read a
// file.
func BadRows(src Source) int {
	if c, ok := src.(BadRowCounter); ok {
		return c.BadRows()
	}
	return 0
}

// FileOptions tune OpenFile.
type FileOptions struct {
	// SkipBadRows skips and counts malformed rows instead of failing.
	SkipBadRows bool
	// Function keeps only functions whose key starts with this prefix.
	Function string
	// TopN keeps only the N functions with the most invocations (0 = all).
	TopN int
	// Seed drives every random choice (minute expansion, durations).
	Seed int64
	// Expand is the Azure 2019 per-minute expansion rule: "uniform"
	// (default) or "even".
	Expand string
	// MaxFunctions caps the distinct functions a csv, azure2021 or
	// fc-requestlog trace may have after --function and --top; 0 means
	// MaxFunctions (Azure 2019 traces have their own caps).
	MaxFunctions int
	// ReorderWindow is how far back in time a row may go relative to the
	// latest row read; 0 means the format's default (csv: none, azure2021:
	// 1h, fc-requestlog: 1m).
	ReorderWindow time.Duration
}

// Formats lists the trace formats OpenFile reads.
var Formats = []string{"csv", "azure2019", "azure2021", "fc-requestlog"}

// ParseError is a malformed row: it names the file, line and, where known,
// the column.
type ParseError struct {
	File   string
	Line   int
	Column string
	Msg    string
}

func (e *ParseError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("%s:%d: column %s: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// OpenFile opens a trace. format is one of Formats, or "" to detect it from
// the path (a directory is azure2019) and the first line.
func OpenFile(path, format string, opts FileOptions) (Source, error) {
	if format == "" {
		f, err := DetectFormat(path)
		if err != nil {
			return nil, err
		}
		format = f
	}
	switch opts.Expand {
	case "", "uniform", "even":
	default:
		return nil, fmt.Errorf("expand %q: expected uniform or even", opts.Expand)
	}
	if opts.TopN < 0 {
		return nil, fmt.Errorf("top %d: expected a non-negative number of functions", opts.TopN)
	}
	var open opener
	switch format {
	case "csv":
		open = openCSV
	case "azure2019":
		return openAzure2019(path, opts)
	case "azure2021":
		open = openAzure2021
	case "fc-requestlog":
		open = openFCRequestLog
	}
	if open != nil {
		src, err := withTopN(path, opts, open)
		if err != nil {
			return nil, err
		}
		return withFunctionCap(src, displayName(path), opts.MaxFunctions), nil
	}
	return nil, fmt.Errorf("unknown trace format %q (expected one of %s)", format, strings.Join(Formats, ", "))
}

// DetectFormat guesses a trace's format from its path and first line.
func DetectFormat(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("open trace: %w", err)
	}
	if st.IsDir() {
		return "azure2019", nil
	}
	f, err := openTrace(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(f, 64<<10).ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", fmt.Errorf("read trace %s: %w", path, err)
	}
	head := strings.TrimSpace(strings.TrimPrefix(string(line), "\ufeff"))
	switch {
	case strings.HasPrefix(head, "{"):
		return "fc-requestlog", nil
	case strings.Contains(head, "HashFunction"):
		return "azure2019", nil
	case strings.Contains(head, "end_timestamp"):
		return "azure2021", nil
	}
	for _, col := range strings.Split(head, ",") {
		if strings.EqualFold(strings.Trim(strings.TrimSpace(col), `"`), "timestamp") {
			return "csv", nil
		}
	}
	if head == "" {
		return "", fmt.Errorf("%s: empty trace: expected a header line", path)
	}
	return "", fmt.Errorf("%s:1: cannot tell the trace format from the header %q (expected a csv header with a timestamp column, an Azure 2019/2021 header, or JSON lines); pass --trace-format", path, truncate(head, 80))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// opener opens one format with opts (TopN already resolved into a filter).
type opener func(path string, opts FileOptions, keep map[string]bool) (Source, error)

// Bounds on the counting pass of withTopN: distinct functions and the
// bytes of their names.
var (
	maxTopNFunctions = 1 << 20
	maxTopNNameBytes = 256 << 20
)

// withTopN resolves TopN with a first counting pass over the file, then
// reopens it keeping only the chosen functions. Memory is one counter per
// distinct function, up to maxTopNFunctions and maxTopNNameBytes.
func withTopN(path string, opts FileOptions, open opener) (Source, error) {
	if opts.TopN == 0 {
		return open(path, opts, nil)
	}
	src, err := open(path, opts, nil)
	if err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	nameBytes := 0
	var a Arrival
	for {
		ok, err := src.Next(&a)
		if err != nil {
			src.Close()
			return nil, err
		}
		if !ok {
			break
		}
		if _, ok := counts[a.Function]; !ok {
			nameBytes += len(a.Function)
			if len(counts) >= maxTopNFunctions || nameBytes > maxTopNNameBytes {
				src.Close()
				return nil, fmt.Errorf("%s: --top %d counts every function, and this trace has more than %d distinct functions (or %d MiB of names): select some with --function PREFIX first",
					displayName(path), opts.TopN, len(counts), maxTopNNameBytes>>20)
			}
		}
		counts[a.Function]++
	}
	src.Close()
	keep := map[string]bool{}
	for _, fn := range topKeys(counts, opts.TopN) {
		keep[fn] = true
	}
	return open(path, opts, keep)
}

// topKeys returns the n keys with the largest counts, ties broken by key.
func topKeys(counts map[string]int64, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sortByCountDesc(keys, counts)
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// keepFunction reports whether fn passes the Function prefix and the TopN set.
func keepFunction(fn string, opts FileOptions, keep map[string]bool) bool {
	if opts.Function != "" && !strings.HasPrefix(fn, opts.Function) {
		return false
	}
	if keep != nil && !keep[fn] {
		return false
	}
	return true
}

// keepFilter returns the function filter for opts, or nil when every
// function is kept.
func keepFilter(opts FileOptions, keep map[string]bool) func(string) bool {
	if opts.Function == "" && keep == nil {
		return nil
	}
	return func(fn string) bool { return keepFunction(fn, opts, keep) }
}

// openTrace opens a trace file through safefile: a regular file within the
// trace size cap, so a FIFO, a device or a symlink to /dev/stdin or
// /dev/zero is refused before a byte is read instead of hanging or
// streaming for ever. See confineTrace for where it may lead.
func openTrace(path string) (*os.File, error) {
	real, err := confineTrace(path)
	if err != nil {
		return nil, fmt.Errorf("open trace: %w", err)
	}
	f, _, err := safefile.Open(real, safefile.Trace)
	if err != nil {
		return nil, fmt.Errorf("open trace: %w", err)
	}
	return f, nil
}

// confineTrace resolves the symlinks of a trace path. The path itself
// comes from the person running fcplan, but the file may come from a pull
// request: a trace named inside the working directory must still be inside
// it after symlinks (a checked-in traces/prod.csv -> ~/.aws/credentials
// would otherwise be read and echoed in an error), and no trace is read
// from /proc, /dev or /sys (/proc/self/environ is a "regular" file).
func confineTrace(path string) (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	root := string(filepath.Separator)
	if rel, err := filepath.Rel(cwd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		root = cwd
	}
	real, err := safefile.Confine(root, cwd, abs)
	if err != nil {
		if errors.Is(err, safefile.ErrOutside) && root != string(filepath.Separator) {
			return "", fmt.Errorf("%w: a trace inside the working directory must stay inside it after symlinks", err)
		}
		return "", err
	}
	return real, nil
}

// displayName is the file name used in error messages.
func displayName(path string) string {
	if rel, err := filepath.Rel(".", path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
