package workload

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFunctionCap: every reader that names functions stops with a
// FunctionLimitError past the cap, counts only the functions --function
// keeps, and reads a trace at the cap to the end.
func TestFunctionCap(t *testing.T) {
	const limit = 50
	rows := map[string]struct {
		header string
		row    func(i int) string
	}{
		"csv":       {"timestamp,duration_ms,function", func(i int) string { return fmt.Sprintf("%d,10,fn%x", i, i) }},
		"azure2021": {"app,func,end_timestamp,duration", func(i int) string { return fmt.Sprintf("app,fn%x,%d.5,0.5", i, i+1) }},
		"fc-requestlog": {"", func(i int) string {
			return fmt.Sprintf(`{"__time__":%d,"functionName":"fn%x","durationMs":10}`, 1705476027+i, i)
		}},
	}
	for format, r := range rows {
		for _, tc := range []struct {
			names    int
			function string
			wantErr  bool
		}{
			{limit + 1, "", true},
			{limit, "", false},
			{1000, "fn3e", false}, // keeps fn3e and fn3e0..fn3e7: 9 functions
			{1000, "fn1", true},   // keeps fn1, fn1x, fn1xx: 273 functions
		} {
			t.Run(fmt.Sprintf("%s/%d/%s", format, tc.names, tc.function), func(t *testing.T) {
				var b strings.Builder
				if r.header != "" {
					b.WriteString(r.header + "\n")
				}
				for i := range tc.names {
					b.WriteString(r.row(i) + "\n")
				}
				path := filepath.Join(t.TempDir(), "trace")
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				prefix := tc.function
				if format == "azure2021" && prefix != "" {
					prefix = "app/" + prefix // azure2021 keys are app/func
				}
				src, err := OpenFile(path, format, FileOptions{MaxFunctions: limit, Function: prefix})
				if err != nil {
					t.Fatal(err)
				}
				defer src.Close()
				var a Arrival
				var n int
				for {
					ok, err := src.Next(&a)
					if err != nil {
						var fe *FunctionLimitError
						if !tc.wantErr || !errors.As(err, &fe) {
							t.Fatalf("after %d arrivals: %v", n, err)
						}
						if fe.Limit != limit || !strings.Contains(err.Error(), "more than 50 distinct functions") || !strings.Contains(err.Error(), "--function PREFIX") {
							t.Errorf("error %q", err)
						}
						return
					}
					if !ok {
						break
					}
					n++
				}
				if tc.wantErr {
					t.Fatalf("read %d arrivals of %d functions with a cap of %d: no error", n, tc.names, limit)
				}
			})
		}
	}
}

// orderedOf returns the orderedSource under OpenFile's function cap.
func orderedOf(src Source) *orderedSource {
	if c, ok := src.(*functionCap); ok {
		src = c.Source
	}
	return src.(*orderedSource)
}
