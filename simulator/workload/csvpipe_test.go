package workload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unsafe"
)

// withCSVReader sets the csv reader's parallelism and block size for
// readers made inside f: workers < 0 selects the line-by-line reference
// reader, 0 the block reader without goroutines.
func withCSVReader(workers, block int, f func()) {
	w, b, seq := csvWorkersOverride, csvBlockSize, csvSequential
	csvWorkersOverride, csvSequential = max(workers, 0), workers < 0
	if block > 0 {
		csvBlockSize = block
	}
	defer func() { csvWorkersOverride, csvBlockSize, csvSequential = w, b, seq }()
	f()
}

// rowsTranscript reads every row of a csv Source at the rowReader level,
// going on after malformed rows, and writes one line per row or error
// with the line number the reader reports.
func rowsTranscript(t *testing.T, data []byte, workers, block int) string {
	t.Helper()
	var src Source
	var err error
	withCSVReader(workers, block, func() {
		src, err = NewCSVReader(bytes.NewReader(data), "t.csv", FileOptions{})
	})
	if err != nil {
		return "open: " + err.Error()
	}
	defer src.Close()
	rows := orderedOf(src).rows
	if _, isPipe := rows.(*csvPipe); isPipe != (workers >= 0) {
		t.Fatalf("workers=%d: reader %T", workers, rows)
	}
	var out strings.Builder
	var a Arrival
	for i := 0; i < 100000; i++ {
		ok, err := rows.row(&a)
		if err != nil {
			fmt.Fprintf(&out, "error %v\n", err)
			if _, isParse := err.(*ParseError); !isParse {
				break
			}
			continue
		}
		if !ok {
			out.WriteString("end\n")
			break
		}
		fmt.Fprintf(&out, "%d: %+v\n", rows.line(), a)
	}
	return out.String()
}

// sourceTranscript reads a csv Source with opts to its end or first error.
func sourceTranscript(data []byte, opts FileOptions, workers, block int) string {
	var src Source
	var err error
	withCSVReader(workers, block, func() {
		src, err = NewCSVReader(bytes.NewReader(data), "t.csv", opts)
	})
	if err != nil {
		return "open: " + err.Error()
	}
	defer src.Close()
	var out strings.Builder
	var a Arrival
	for i := 0; i < 100000; i++ {
		ok, err := src.Next(&a)
		if err != nil {
			fmt.Fprintf(&out, "error %v\n", err)
			break
		}
		if !ok {
			out.WriteString("end\n")
			break
		}
		fmt.Fprintf(&out, "%+v\n", a)
	}
	fmt.Fprintf(&out, "bad rows %d\n", BadRows(src))
	return out.String()
}

// randomCSV writes a csv trace with a random header, timestamp form and
// a sprinkling of every kind of malformed or unusual row.
func randomCSV(r *rand.Rand) []byte {
	var b bytes.Buffer
	if r.IntN(10) == 0 {
		b.WriteString("\ufeff")
	}
	cols := []string{"timestamp", "duration_ms", "function", "async", "status"}
	r.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	cols = cols[:1+r.IntN(len(cols))]
	if !strings.Contains(strings.Join(cols, ","), "timestamp") {
		cols = append(cols, "timestamp")
	}
	eol := "\n"
	if r.IntN(4) == 0 {
		eol = "\r\n"
	}
	b.WriteString(strings.Join(cols, ",") + eol)
	form := r.IntN(4)
	t := 0.0
	fns := []string{"api", "worker", "a", "", `"resize, large"`, `"say ""hi"""`, "resize"}
	bad := r.IntN(3) // 0: clean file
	n := r.IntN(200)
	for i := 0; i < n; i++ {
		t += r.ExpFloat64() * 0.5
		if bad > 0 && r.IntN(10) == 0 {
			t -= 3 * r.Float64() // out of order
		}
		var ts string
		switch form {
		case 0:
			ts = fmt.Sprintf("%.*f", r.IntN(12), t)
		case 1:
			ts = fmt.Sprintf("%.*f", r.IntN(4), 1.7e9+t)
		case 2:
			ts = fmt.Sprintf("%d", int64(1.7e12+t*1000))
		default:
			ts = time.Unix(1_700_000_000, 0).Add(time.Duration(t * 1e9)).UTC().Format(time.RFC3339Nano)
		}
		fields := make([]string, len(cols))
		for j, c := range cols {
			switch c {
			case "timestamp":
				fields[j] = ts
			case "duration_ms":
				fields[j] = []string{"", "12", "0.5", "150.125", "7", "123456789.123456789123"}[r.IntN(6)]
			case "function":
				fields[j] = fns[r.IntN(len(fns))]
			case "async":
				fields[j] = []string{"true", "false", "", "1", "no", "Async"}[r.IntN(6)]
			case "status":
				fields[j] = []string{"200", "500", "ok"}[r.IntN(3)]
			}
		}
		if bad > 0 && r.IntN(8) == 0 {
			j := r.IntN(len(fields))
			odd := []string{"x", " 1", "1 ", "-1", "1e3", `"2"`, `"open`, `a"b`, "99999999999999999999",
				"0000000000000000001", "1.2.3", ".", ".5", "5.", "", "ten", "truex", "\u00a0",
				// Forms strconv takes and the readers must not, and the limits.
				"NaN", "Inf", "-Inf", "+5", "-0", "0x1p3", "0x10", "1_000", "1e", "1e+", "2.5E-3",
				"999999999.999999999", "1000000000", "1e9", "86400000", "86400000.000001", "9223372036",
				"2400-01-01T00:00:00Z", "1600-01-01T00:00:00Z", "2200-01-01T00:00:00Z"}
			fields[j] = odd[r.IntN(len(odd))]
		}
		line := strings.Join(fields, ",")
		if bad > 0 {
			switch r.IntN(25) {
			case 0:
				line = ""
			case 1:
				line = " \t"
			case 2:
				line += ",extra"
			case 3:
				line = ts
			case 4:
				line = " " + line
			}
		}
		b.WriteString(line)
		if i < n-1 || r.IntN(2) == 0 {
			b.WriteString(eol)
		}
	}
	return b.Bytes()
}

// TestCSVPipeMatchesSequential reads random traces with the pipelined
// reader (several worker counts, blocks down to a few bytes) and with the
// sequential one: every row, error, line number and bad-row count must be
// the same.
func TestCSVPipeMatchesSequential(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	optsList := []FileOptions{{}, {SkipBadRows: true}, {SkipBadRows: true, ReorderWindow: 2 * time.Second}, {Function: "a"}}
	for i := 0; i < 120; i++ {
		data := randomCSV(r)
		want := rowsTranscript(t, data, -1, 0)
		var wantSrc []string
		for _, opts := range optsList {
			wantSrc = append(wantSrc, sourceTranscript(data, opts, -1, 0))
		}
		for _, cfg := range []struct{ workers, block int }{{0, 5}, {0, 256 << 10}, {1, 1}, {2, 7}, {3, 64}, {2, 1 << 10}, {4, 256 << 10}} {
			if got := rowsTranscript(t, data, cfg.workers, cfg.block); got != want {
				t.Fatalf("trace %d, %+v: rows differ\ninput:\n%s\ngot:\n%s\nwant:\n%s", i, cfg, data, got, want)
			}
			for k, opts := range optsList {
				if got := sourceTranscript(data, opts, cfg.workers, cfg.block); got != wantSrc[k] {
					t.Fatalf("trace %d, %+v, %+v: source differs\ninput:\n%s\ngot:\n%s\nwant:\n%s", i, cfg, opts, data, got, wantSrc[k])
				}
			}
		}
	}
}

// TestCSVParseFastMatchesSlow checks the one-pass parser against the
// general one on random lines: whenever the fast path accepts a line, the
// general path must give the same arrival.
func TestCSVParseFastMatchesSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	for i := 0; i < 200; i++ {
		data := randomCSV(r)
		lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
		var hdr csvRows
		hdr.csvParser = newCSVParser(&csvLayout{name: "t.csv", ts: -1, dur: -1, fn: -1, async: -1}, tsUnknown)
		hdr.lr = newLineReader(strings.NewReader(lines[0]))
		if err := hdr.header(); err != nil {
			t.Fatal(err)
		}
		for form := tsOffset; form <= tsRFC3339; form++ {
			fast := newCSVParser(hdr.csvLayout, form)
			slow := newCSVParser(hdr.csvLayout, form)
			for _, l := range lines[1:] {
				// The fast path sees the rest of the block after the line.
				fast.gen++
				fast.fns = append(fast.fns[:0], "")
				var fr csvRow
				if e := fast.parseFast([]byte(l+"\n1,2\n"), &fr); e != len(l) {
					if e >= 0 {
						t.Fatalf("line %q: fast path ends at %d", l, e)
					}
					continue
				}
				fa := Arrival{At: fr.at, Duration: fr.dur, Function: fast.fns[fr.fn], Async: fr.async}
				var sa Arrival
				accepted++
				l = strings.TrimSuffix(l, "\r")
				ok, err := slow.parseSlow([]byte(l), &sa)
				if !ok || err != nil || fa != sa {
					t.Fatalf("line %q, form %v: fast %+v; slow %+v, %v, %v", l, form, fa, sa, ok, err)
				}
			}
		}
	}
	if accepted < 1000 {
		t.Errorf("fast path accepted only %d lines", accepted)
	}
}

func TestScanDecimal(t *testing.T) {
	for _, s := range []string{
		"0", "12", "12.5", ".5", "5.", "0.000000001", "1.0000000019", "12345678", "123456789", "123456789012345678",
		"1234567890123456789", "0000000000000000001", "99999999999999999999", "1700000000.123456789", "1.123456789123",
		"", ".", "1e3", "-1", "1.2.3", "12a", " 1", "1 ", "12345678.12345678", "1.23456789", "1.2345678",
	} {
		for _, tail := range []string{"", ",x", ",12345678", "\n12345678"} {
			b := []byte(s + tail)
			w, f, j, ok := scanDecimal(b, 0)
			if ok && string(b[j:]) != tail {
				ok = false // ends in something else: the caller gives up
			}
			pw, pf, pok := parseDecimal([]byte(s))
			// The fast scan accepts a subset of parseDecimal, with the same value.
			if ok && (!pok || w != pw || f != pf || j != len(s)) {
				t.Errorf("scanDecimal(%q) = %d, %d, %d, %v; parseDecimal = %d, %d, %v", b, w, f, j, ok, pw, pf, pok)
			}
			plain := s != "" && s != "." && strings.Trim(s, "0123456789.") == "" && strings.Count(s, ".") <= 1 &&
				len(strings.SplitN(s, ".", 2)[0]) <= 18
			if ok != plain {
				t.Errorf("scanDecimal(%q) ok = %v, want %v", b, ok, plain)
			}
		}
	}
}

// errAfterReader returns its data, then err.
type errAfterReader struct {
	data []byte
	err  error
}

func (r *errAfterReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestCSVPipeReadErrors(t *testing.T) {
	body := "timestamp,function\n1,a\n2,b\n3,c"
	long := "timestamp\n1\n2\n" + strings.Repeat("7", maxLineBytes) + "\n3\n"
	for _, tc := range []struct {
		name string
		r    func() io.Reader
		want string
	}{
		{"read error", func() io.Reader { return &errAfterReader{[]byte(body), io.ErrUnexpectedEOF} }, "read t.csv: unexpected EOF"},
		{"one byte reads", func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) }, ""},
		{"long line", func() io.Reader { return strings.NewReader(long) }, fmt.Sprintf("read t.csv: line 4 is longer than %d bytes", maxLineBytes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var outs []string
			for _, workers := range []int{-1, 0, 2} {
				var src Source
				var err error
				withCSVReader(workers, 64, func() { src, err = NewCSVReader(tc.r(), "t.csv", FileOptions{}) })
				if err != nil {
					t.Fatal(err)
				}
				n, err := drain(src)
				src.Close()
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				if msg != tc.want {
					t.Errorf("workers %d: error %q, want %q", workers, msg, tc.want)
				}
				outs = append(outs, fmt.Sprint(n, msg))
			}
			if outs[0] != outs[1] || outs[0] != outs[2] {
				t.Errorf("sequential %q, block reader %q, pipelined %q", outs[0], outs[1], outs[2])
			}
		})
	}
}

// TestCSVPipeClose closes readers at every stage (before the first row,
// mid-file, at the end, twice) and checks that no goroutine is left.
func TestCSVPipeClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.csv")
	var b bytes.Buffer
	b.WriteString("timestamp,function\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "%d.5,f%d\n", i, i%7)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	for _, stop := range []int{0, 1, 5000, 19999, 20000, -1} {
		var src Source
		var err error
		withCSVReader(2, 1<<10, func() { src, err = OpenFile(path, "csv", FileOptions{}) })
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := orderedOf(src).rows.(*csvPipe); !ok {
			t.Fatalf("not pipelined: %T", orderedOf(src).rows)
		}
		var a Arrival
		n := 0
		for n != stop {
			ok, err := src.Next(&a)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			if want := time.Duration(n)*time.Second + time.Second/2; a.At != want {
				t.Fatalf("row %d at %s, want %s", n, a.At, want)
			}
			n++
		}
		if err := src.Close(); err != nil {
			t.Errorf("stop %d: close: %v", stop, err)
		}
		if err := src.Close(); err == nil {
			t.Errorf("stop %d: second close did not fail", stop)
		}
		if ok, err := src.Next(&a); ok || !errors.Is(err, os.ErrClosed) {
			t.Errorf("stop %d: Next after Close = %v, %v", stop, ok, err)
		}
	}
	// Exited goroutines may take a moment to leave the count.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after closing:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// TestCSVPipeBoundedMemory reads traces much larger than the blocks in
// flight (well-formed, and all malformed with SkipBadRows) and checks the
// batches' storage stays within a few blocks.
func TestCSVPipeBoundedMemory(t *testing.T) {
	for _, format := range []string{"%d\n", "x%d\n"} {
		var b bytes.Buffer
		b.WriteString("timestamp\n")
		for i := 0; i < 200000; i++ {
			fmt.Fprintf(&b, format, i)
		}
		var src Source
		withCSVReader(2, 4<<10, func() {
			src, _ = NewCSVReader(bytes.NewReader(b.Bytes()), "t.csv", FileOptions{SkipBadRows: true})
		})
		pipe := orderedOf(src).rows.(*csvPipe)
		n, err := drain(src)
		if err != nil {
			t.Fatal(err)
		}
		if len(n)+BadRows(src) != 200000 {
			t.Fatalf("%q: %d rows and %d bad rows, want 200000 in all", format, len(n), BadRows(src))
		}
		// Every batch is back in the free list once the end is reached.
		total := 0
		for len(pipe.free) > 0 {
			bt := <-pipe.free
			total += cap(bt.buf) + cap(bt.rows)*int(unsafe.Sizeof(csvRow{})) + cap(bt.errs)*int(unsafe.Sizeof(batchErr{})) + cap(bt.blanks)*4
		}
		if limit := (2*2 + 2) * (8 << 10) * 10; total > limit {
			t.Errorf("%q: batches hold %d bytes, want at most %d", format, total, limit)
		}
		src.Close()
	}
}

// FuzzCSVPipe compares the pipelined and the sequential csv readers.
func FuzzCSVPipe(f *testing.F) {
	seedFiles(f, "simple.csv", "unix-millis.csv", "rfc3339.csv", "quoted.csv", "backwards.csv", "malformed.csv")
	r := rand.New(rand.NewPCG(5, 6))
	for range 8 {
		f.Add(randomCSV(r))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if want, got := rowsTranscript(t, data, -1, 0), rowsTranscript(t, data, 2, 16); got != want {
			t.Fatalf("rows differ\ngot:\n%s\nwant:\n%s", got, want)
		}
		for _, opts := range []FileOptions{{}, {SkipBadRows: true}, {SkipBadRows: true, ReorderWindow: time.Second}} {
			if want, got := sourceTranscript(data, opts, -1, 0), sourceTranscript(data, opts, 2, 16); got != want {
				t.Fatalf("%+v: source differs\ngot:\n%s\nwant:\n%s", opts, got, want)
			}
		}
	})
}

// TestCSVTimestampPrefix reads timestamps that share (or almost share) the
// text before the decimal point with the row before, which the block
// parser reuses, and checks every row against the reference reader.
func TestCSVTimestampPrefix(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,function\n")
	for _, ts := range []string{
		"12.5", "12.25", "12.", "12", "12.x", "12.75", "123.5", "12.3", ".5", ".25", "1.", "1.000000001",
		"1234567890123.5", "1234567890123.25", "123456789012345.5", "1234567890123456.5", "1234567890123456.75",
		"99.999999999", "99.9999999999", "100.0", "100.0000000001",
	} {
		fmt.Fprintf(&b, "%s,fn-%s\n", ts, ts)
	}
	data := []byte(b.String())
	want := rowsTranscript(t, data, -1, 0)
	for _, workers := range []int{0, 2} {
		if got := rowsTranscript(t, data, workers, 0); got != want {
			t.Errorf("workers %d:\n%s\nwant:\n%s", workers, got, want)
		}
	}
	if !strings.Contains(want, "t.csv:6: column timestamp") {
		t.Errorf("the malformed row is not reported:\n%s", want)
	}
}
