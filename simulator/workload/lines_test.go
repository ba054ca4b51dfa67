package workload

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 50)
	in := "\ufeffa,b\r\n\n" + long + "\nlast"
	// A 4-byte buffer forces growth; OneByteReader forces partial reads.
	lr := &lineReader{r: iotest.OneByteReader(strings.NewReader(in)), buf: make([]byte, 4)}
	var got []string
	for {
		b, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(b))
	}
	if want := []string{"a,b", "", long, "last"}; !reflect.DeepEqual(got, want) || lr.line != 4 {
		t.Errorf("lines %q (count %d), want %q", got, lr.line, want)
	}
	lr = &lineReader{r: iotest.ErrReader(io.ErrUnexpectedEOF), buf: make([]byte, 8)}
	if _, err := lr.next(); err != io.ErrUnexpectedEOF {
		t.Errorf("read error = %v", err)
	}
}

func TestSplit(t *testing.T) {
	var s splitter
	for _, tc := range []struct {
		in   string
		want []string
		bad  bool
	}{
		{"a,b,,c", []string{"a", "b", "", "c"}, false},
		{"", []string{""}, false},
		{`"a,b",c`, []string{"a,b", "c"}, false},
		{`"say ""hi""",x`, []string{`say "hi"`, "x"}, false},
		{`a,"b"`, []string{"a", "b"}, false},
		{`"open`, nil, true},
		{`"a"b,c`, nil, true},
		{`a"b,c`, nil, true},
	} {
		got, err := s.split([]byte(tc.in))
		if (err != nil) != tc.bad {
			t.Errorf("split(%q) error = %v", tc.in, err)
			continue
		}
		var strs []string
		for _, f := range got {
			strs = append(strs, string(f))
		}
		if !tc.bad && !reflect.DeepEqual(strs, tc.want) {
			t.Errorf("split(%q) = %q, want %q", tc.in, strs, tc.want)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in          string
		whole, frac int64
		ok          bool
	}{
		{"12", 12, 0, true}, {"12.5", 12, 500000000, true}, {"0.000000001", 0, 1, true},
		{"1.0000000019", 1, 1, true}, {"1e3", 1000, 0, true}, {"1234567890123456789", 1234567890123456789, 0, true},
		{"", 0, 0, false}, {"-1", 0, 0, false}, {"1.2.3", 0, 0, false}, {".", 0, 0, false}, {"99999999999999999999", 0, 0, false}, {"NaN", 0, 0, false},
	} {
		w, f, ok := parseDecimal([]byte(tc.in))
		if ok != tc.ok || ok && (w != tc.whole || f != tc.frac) {
			t.Errorf("parseDecimal(%q) = %d, %d, %v; want %d, %d, %v", tc.in, w, f, ok, tc.whole, tc.frac, tc.ok)
		}
	}
}
