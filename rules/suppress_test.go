package rules

import (
	"reflect"
	"strings"
	"testing"
)

func TestScanDirectives(t *testing.T) {
	type want struct {
		line, col, target int
		rules             []string
		reason            string
	}
	tests := []struct {
		name   string
		syntax CommentSyntax
		src    string
		want   []want
	}{
		{"yaml trailing", YAMLComments,
			"a: 1\nb: '*' # fcplan:ignore RAM001 -- admin sandbox\n",
			[]want{{2, 10, 0, []string{"RAM001"}, "admin sandbox"}}},
		{"yaml own line, stacked, blank and comment lines skipped", YAMLComments,
			"# fcplan:ignore RAM001 -- a\n  #fcplan:ignore ram003,RAM007 -- b -- c\n\n  # other comment\n  Action: '*'\n",
			[]want{{1, 3, 5, []string{"RAM001"}, "a"}, {2, 4, 5, []string{"RAM003", "RAM007"}, "b -- c"}}},
		{"yaml no reason", YAMLComments, "x: 1 # fcplan:ignore SEC001\n",
			[]want{{1, 8, 0, []string{"SEC001"}, ""}}},
		{"yaml marker in a value is not a comment", YAMLComments, "x: 'fcplan:ignore SEC001 -- no'\ny: a#fcplan:ignore\n",
			nil},
		{"yaml marker inside quoted scalars is not a directive", YAMLComments,
			"K: \"LTAI5tAbCdEfGhIjKlMnOpQr # fcplan:ignore SEC001 -- test key\"\n" +
				"S: 'it''s # fcplan:ignore SEC002 -- no'\n" +
				"M: \"first line\n  # fcplan:ignore SEC003 -- no\"\n" +
				"T: !!str \"x # fcplan:ignore SEC004 -- no\" # fcplan:ignore SEC005 -- yes\n",
			[]want{{5, 45, 0, []string{"SEC005"}, "yes"}}},
		{"yaml marker inside block scalars is not a directive", YAMLComments,
			"a:\n  script: | # fcplan:ignore SEC001 -- on the indicator line\n    echo 1\n    # fcplan:ignore SEC002 -- text\n\n    echo 2\n  folded: >-\n    # fcplan:ignore SEC003 -- text\n  # fcplan:ignore SEC004 -- yes\n  b: 1\n",
			[]want{{2, 15, 0, []string{"SEC001"}, "on the indicator line"}, {9, 5, 10, []string{"SEC004"}, "yes"}}},
		{"hcl slash and block", HCLComments,
			"// fcplan:ignore NET002 -- one zone on purpose\nvswitch_ids = [a]\nx = 1 /* fcplan:ignore COST001 -- capped upstream */\n",
			[]want{{1, 4, 2, []string{"NET002"}, "one zone on purpose"}, {3, 10, 0, []string{"COST001"}, "capped upstream"}}},
		{"go", GoComments,
			"package p\n\nfunc h() {\n\t//fcplan:ignore GO001 -- pooled by caller\n\tdb, _ := sql.Open(\"x\", \"y\")\n}\n",
			[]want{{4, 4, 5, []string{"GO001"}, "pooled by caller"}}},
		{"go marker inside strings is not a directive", GoComments,
			"package p\n\nvar a = \"x // fcplan:ignore GO002 -- no\"\nvar b = `\n// fcplan:ignore GO002 -- no\n`\nvar c = 1 // fcplan:ignore GO004 -- yes\n",
			[]want{{7, 14, 0, []string{"GO004"}, "yes"}}},
		{"hcl marker inside strings and heredocs is not a directive", HCLComments,
			"a = \"x # fcplan:ignore RAM001 -- no\"\nb = <<EOT\n# fcplan:ignore RAM001 -- no\nEOT\nc = 1 # fcplan:ignore RAM002 -- yes\n",
			[]want{{5, 9, 0, []string{"RAM002"}, "yes"}}},
		{"crlf", YAMLComments, "# fcplan:ignore REL001 -- r\r\nx: 1\r\n",
			[]want{{1, 3, 2, []string{"REL001"}, "r"}}},
		{"last line", YAMLComments, "x: 1\n# fcplan:ignore REL001 -- r", []want{{2, 3, 0, []string{"REL001"}, "r"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := ScanDirectives("f", []byte(tc.src), tc.syntax)
			var got []want
			for _, d := range ds {
				got = append(got, want{d.Location.Line, d.Location.Column, d.Target, d.Rules, d.Reason})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDirectiveCovers(t *testing.T) {
	ds := ScanDirectives("f", []byte("# fcplan:ignore A001 -- r\nx: 1 # fcplan:ignore B001 -- r\ny: 2\n"), YAMLComments)
	cases := []struct {
		d    int
		id   string
		line int
		want bool
	}{
		{0, "A001", 1, true}, {0, "A001", 2, true}, {0, "A001", 3, false}, {0, "B001", 2, false},
		{1, "B001", 2, true}, {1, "B001", 3, false},
	}
	for _, c := range cases {
		if got := ds[c.d].Covers(c.id, c.line); got != c.want {
			t.Errorf("directive %d Covers(%s, %d) = %v", c.d, c.id, c.line, got)
		}
	}
}

func TestSyntaxFor(t *testing.T) {
	for path, want := range map[string]bool{"s.yaml": true, "a/B.YML": true, "main.tf": true, "x.go": true, "plan.json": false, "README": false} {
		if _, ok := SyntaxFor(path); ok != want {
			t.Errorf("SyntaxFor(%s) = %v", path, ok)
		}
	}
}

// FuzzScanDirectives: any source gives directives on real lines with
// positive columns, and never panics.
func FuzzScanDirectives(f *testing.F) {
	f.Add([]byte("# fcplan:ignore RAM001 -- r\nx: 1\n"), 0)
	f.Add([]byte("x /* fcplan:ignore A,B -- */ y\n//fcplan:ignore\n"), 1)
	f.Add([]byte("fcplan:ignorefcplan:ignore # fcplan:ignore --"), 2)
	f.Fuzz(func(t *testing.T, src []byte, which int) {
		syntax := []CommentSyntax{YAMLComments, HCLComments, GoComments}[uint(which)%3]
		lines := strings.Count(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n") + 1
		for _, d := range ScanDirectives("f", src, syntax) {
			if d.Location.Line < 1 || d.Location.Line > lines || d.Location.Column < 1 {
				t.Errorf("bad position %+v", d.Location)
			}
			if d.Target != 0 && d.Target <= d.Location.Line {
				t.Errorf("target %d before directive line %d", d.Target, d.Location.Line)
			}
			d.problem(KnownID)
		}
	})
}
