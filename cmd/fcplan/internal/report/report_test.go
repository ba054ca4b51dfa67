package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fcplan/fcplan/model/secret"
	"github.com/fcplan/fcplan/rules/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const docBase = "https://github.com/fcplan/fcplan/blob/main/rules/docs/"

// sampleReport has a finding of every severity in two files, a finding
// without a file, related locations, a secret that a check forgot to mask,
// suppressed and baselined findings, and load diagnostics.
func sampleReport() Report {
	src := "testdata/src/"
	return Report{
		Version: "test",
		Findings: []finding.Finding{
			{RuleID: "SEC001", Severity: finding.Error, Location: finding.Location{File: src + "s.yaml", Line: 10, Column: 38},
				Message: "hard-coded AccessKey ID LTAI5tAbCdEfGhIjKlMnOpQr in environment variable ALIBABA_CLOUD_ACCESS_KEY_ID",
				Fix:     "use the function role's temporary credentials", DocURL: docBase + "SEC001.md", Subject: "api"},
			{RuleID: "RAM001", Severity: finding.Error, Location: finding.Location{File: src + "main.tf", Line: 4, Column: 51},
				Message: `policy "p" allows every action ("*") | administrator`, Fix: "list the actions the function calls",
				DocURL: docBase + "RAM001.md", Subject: "alicloud_ram_policy.p",
				Related: []finding.Related{{Location: finding.Location{File: src + "s.yaml", Line: 12, Column: 13}, Message: "role used by function api"}}},
			{RuleID: "COST003", Severity: finding.Info, Location: finding.Location{File: src + "s.yaml", Line: 7, Column: 21},
				Message: "instance concurrency 1 on a custom runtime serving HTTP", DocURL: docBase + "COST003.md", Subject: "api"},
			{RuleID: "NET002", Severity: finding.Warning, Location: finding.Location{File: src + "s.yaml", Line: 8, Column: 5},
				Message: "line with a tab before the column", Subject: "api"},
			{RuleID: "REL001", Severity: finding.Warning, Location: finding.Location{File: src + "missing.yaml", Line: 3, Column: 1},
				Message: "file that cannot be read has no snippet <b>", Subject: "worker"},
		},
		Suppressed: []Suppressed{
			{Finding: finding.Finding{RuleID: "SEC002", Severity: finding.Info, Location: finding.Location{File: src + "s.yaml", Line: 5, Column: 5}, Message: "anonymous HTTP trigger"},
				Kind: KindInSource, Justification: "public webhook, signed payloads"},
			{Finding: finding.Finding{RuleID: "RAM003", Severity: finding.Warning, Location: finding.Location{File: src + "main.tf", Line: 4, Column: 20}, Message: "write on all resources"},
				Kind: KindBaseline, Justification: ".fcplan-baseline.json"},
		},
		Diagnostics: []Diagnostic{
			{Severity: "error", Location: finding.Location{File: src + "broken.yaml", Line: 2, Column: 3}, Message: "cannot parse: mapping values are not allowed here"},
			{Severity: "info", Location: finding.Location{File: src + "README.md"}, Message: "skipped: not a project file"},
		},
		Rules: []RuleInfo{
			{ID: "RAM001", Name: "ram-admin-action", Summary: "Allow of * actions", Severity: finding.Error,
				Help: "# RAM001\n\nA policy that allows every action makes the function an administrator.\n\n## Fix\n\nList actions.", HelpURI: docBase + "RAM001.md"},
			{ID: "SEC001", Name: "hard-coded-access-key", Summary: "Hard-coded AccessKey", Severity: finding.Error, HelpURI: docBase + "SEC001.md"},
			{ID: "COST003", Name: "concurrency-one", Summary: "Instance concurrency 1 on HTTP", Severity: finding.Info, HelpURI: docBase + "COST003.md"},
			{ID: "NET002", Name: "single-zone", Summary: "One vSwitch", Severity: finding.Warning},
		},
		Notes: []string{"catalog 2026.11.0"},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file; got:\n%s", name, got)
	}
}

func TestFormatsGolden(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, sampleReport(), Options{}); err != nil {
				t.Fatal(err)
			}
			ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md"}[format]
			golden(t, "sample."+ext, buf.Bytes())

			out := buf.String()
			if strings.Contains(out, "LTAI5tAbCdEfGhIjKlMnOpQr") {
				t.Errorf("%s output contains the AccessKey ID in full", format)
			}
			if strings.Contains(out, "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0") {
				t.Errorf("%s output contains the AccessKey secret in full", format)
			}
			// Deterministic: a second run gives the same bytes.
			var again bytes.Buffer
			if err := Write(&again, format, sampleReport(), Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("output differs between runs")
			}
		})
	}
}

func TestEmptyReport(t *testing.T) {
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, format, Report{}, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md"}[format]
		golden(t, "empty."+ext, buf.Bytes())
	}
}

func TestSARIFValidates(t *testing.T) {
	for name, r := range map[string]Report{"sample": sampleReport(), "empty": {}} {
		var buf bytes.Buffer
		if err := Write(&buf, "sarif", r, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, e := range validateSARIF(t, buf.Bytes()) {
			t.Errorf("%s: %s", name, e)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", Report{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "text, json, sarif, markdown") {
		t.Errorf("got %v", err)
	}
}

func TestSnippetReaderErrorsAreSkipped(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	opts := Options{ReadFile: func(string) ([]byte, error) { return nil, errors.New("denied") }}
	if err := Write(&buf, "text", r, opts); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "     4 | ") {
		t.Errorf("snippet printed although the reader failed:\n%s", buf.String())
	}
}

func TestSnippetCaret(t *testing.T) {
	files := map[string]string{"a": "key: value\n\tx: \"y\"\n" + strings.Repeat("a", 400) + "Z\n"}
	read := func(p string) ([]byte, error) { return []byte(files[p]), nil }
	tests := []struct {
		loc  finding.Location
		want string
	}{
		{finding.Location{File: "a", Line: 1, Column: 6}, "     1 | key: value\n       |      ^\n"},
		{finding.Location{File: "a", Line: 2, Column: 5}, "     2 | \tx: \"y\"\n       | \t   ^\n"},
		{finding.Location{File: "a", Line: 1, Column: 99}, "     1 | key: value\n       |           ^\n"},
		{finding.Location{File: "a", Line: 1}, "     1 | key: value\n"},
		{finding.Location{File: "a", Line: 9, Column: 1}, ""},
		{finding.Location{File: "a", Line: 3, Column: 401}, "     3 | " + strings.Repeat("a", 79) + "Z\n       | " + strings.Repeat(" ", 79) + "^\n"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		writeSnippet(&buf, &sourceCache{read: read, files: map[string][]string{}}, tc.loc, false)
		if buf.String() != tc.want {
			t.Errorf("%v:\ngot  %q\nwant %q", tc.loc, buf.String(), tc.want)
		}
	}
}

// TestSnippetMasksSecrets: a secret under a neutral or credential key is
// masked in the source line of every kind of file, and the caret still
// points at the finding's column after the mask shortened the line.
func TestSnippetMasksSecrets(t *testing.T) {
	files := map[string]string{
		"s.yaml":    "  SK: Pq7Rn2Jx9Wm4Kt6Yv1Bz8Hc3Ld5Fg0 # fcplan:ignore X -- y\n  DSN: mysql://app:Vr7pQx2Lm9Tz@db:3306/x\n",
		"main.tf":   "    SK = \"Wd3Fg7Hj1Kl5Zx9Cv2Bn6Mq4Rt8Yu0\"\n",
		"main.go":   "var m = map[string]string{\"sk\": \"Ns5Bv1Cx7Zl3Kj9Hg2Fd6Sa4Qw8Er0\", \"ak\": \"LTAI3sD8fG2hJ6kL0zX4cV7b\"}\n",
		"long.yaml": strings.Repeat("a", 300) + " SK: " + strings.Repeat("Pq7Rn2Jx9W", 30) + "\n",
	}
	read := func(p string) ([]byte, error) { return []byte(files[p]), nil }
	tests := []struct {
		loc  finding.Location
		want string
	}{
		{finding.Location{File: "s.yaml", Line: 1, Column: 38}, "     1 |   SK: ****...5Fg0 # fcplan:ignore X -- y\n       |                   ^\n"},
		{finding.Location{File: "s.yaml", Line: 2, Column: 3}, "     2 |   DSN: mysql://app:****@db:3306/x\n       |   ^\n"},
		{finding.Location{File: "main.tf", Line: 1, Column: 5}, "     1 |     SK = \"****...8Yu0\"\n       |     ^\n"},
		{finding.Location{File: "main.go", Line: 1, Column: 74}, "     1 | var m = map[string]string{\"sk\": \"****...8Er0\", \"ak\": \"LTAI****...cV7b\"}\n       | " + strings.Repeat(" ", 54) + "^\n"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		writeSnippet(&buf, &sourceCache{read: read, files: map[string][]string{}}, tc.loc, false)
		if buf.String() != tc.want {
			t.Errorf("%v:\ngot  %q\nwant %q", tc.loc, buf.String(), tc.want)
		}
	}
	// A secret longer than the snippet window, with the column inside it:
	// nothing of it but the last four characters is printed.
	var buf bytes.Buffer
	writeSnippet(&buf, &sourceCache{read: read, files: map[string][]string{}}, finding.Location{File: "long.yaml", Line: 1, Column: 400}, false)
	if strings.Contains(buf.String(), "Pq7Rn") || !strings.Contains(buf.String(), "SK: ****...Jx9W") {
		t.Errorf("long line: %q", buf.String())
	}
}

func TestMaskSecrets(t *testing.T) {
	tests := []struct{ in, want string }{
		{"id LTAI5tAbCdEfGhIjKlMnOpQr here", "id LTAI****...OpQr here"},
		{"LTAI****...OpQr", "LTAI****...OpQr"},
		{`access_key_secret = "Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0"`, `access_key_secret = "****...1hG0"`},
		{"AccessKeySecret: Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0", "AccessKeySecret: ****...1hG0"},
		{"secret: short", "secret: ****"},
		{"secret: <your-secret>", "secret: <your-secret>"},
		{"dsn mysql://app:S3cretPw@db:3306/x", "dsn mysql://app:****@db:3306/x"},
		{"LTAI123", "LTAI123"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := maskSecrets(tc.in); got != tc.want {
			t.Errorf("maskSecrets(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestArtifactURI(t *testing.T) {
	tests := map[string]string{
		"s.yaml":            "s.yaml",
		"./infra/main.tf":   "infra/main.tf",
		"dir with space/a":  "dir%20with%20space/a",
		"/abs/path/s.yaml":  "file:///abs/path/s.yaml",
		"a#b.yaml":          "a%23b.yaml",
		"../shared/s.yaml":  "../shared/s.yaml",
		"testdata/x:y.yaml": "testdata/x:y.yaml",
		"x:y.yaml":          "./x:y.yaml",
	}
	for in, want := range tests {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzText feeds arbitrary file contents and positions to the text format,
// which reads user files for its snippets: it must never panic and never
// print an AccessKey ID in full.
func FuzzText(f *testing.F) {
	f.Add([]byte("a: LTAI5tAbCdEfGhIjKlMnOpQr\n"), 1, 4)
	f.Add([]byte("\t\x00\x1b[2J\r\n"), 1, 3)
	f.Add([]byte("é漢字\n"), 1, 2)
	f.Add([]byte(""), 0, -1)
	f.Add([]byte("A LTAI00000000000000000000"), 1, -24)
	f.Fuzz(func(t *testing.T, src []byte, line, col int) {
		r := Report{Findings: []finding.Finding{{RuleID: "X001", Severity: finding.Warning,
			Location: finding.Location{File: "f", Line: line, Column: col}, Message: string(src)}}}
		var buf bytes.Buffer
		opts := Options{ReadFile: func(string) ([]byte, error) { return src, nil }}
		if err := Write(&buf, "text", r, opts); err != nil {
			t.Fatal(err)
		}
		// Placeholders (LTAI0000..., LTAIxxxx...) are printed as they are.
		if ids := secret.AccessKeyIDs(buf.String()); len(ids) > 0 {
			t.Errorf("unmasked key %q in output", ids[0])
		}
	})
}

// TestCLISARIFValidates validates the SARIF that `fcplan lint` wrote into
// its golden files (with the real rules and their doc pages).
func TestCLISARIFValidates(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "lint", "golden", "*.sarif"))
	if len(files) == 0 {
		t.Skip("no lint SARIF golden files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range validateSARIF(t, data) {
			t.Errorf("%s: %s", f, e)
		}
	}
}

func TestMarkdownStaysWithinCommentLimit(t *testing.T) {
	var r Report
	for i := range 3000 {
		r.Findings = append(r.Findings, finding.Finding{RuleID: "RAM003", Severity: finding.Warning,
			Location: finding.Location{File: fmt.Sprintf("svc%04d/s.yaml", i), Line: 3, Column: 5},
			Message:  strings.Repeat("a long message ", 5), Fix: "scope it"})
	}
	var buf bytes.Buffer
	if err := Write(&buf, "markdown", r, Options{}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 65536 {
		t.Errorf("comment is %d bytes", buf.Len())
	}
	if !strings.Contains(buf.String(), "more findings not shown") {
		t.Error("no note about omitted findings")
	}
}

// A finding that says its value is a credential gets that value masked in
// the snippet even where the line alone does not name a credential (a
// Terraform variable's default), quoted or not; the caret stays on it.
func TestSnippetMasksFindingValue(t *testing.T) {
	files := map[string]string{
		"main.tf": "  default = \"Hq4-Vb8-Lm2w\" # db\nvariable \"p\" { default = \"Zx9vB3nM5kL7jH2g\" }\n",
		"s.yaml":  "    PASS: r3d-Pr0d-x9\n",
	}
	read := func(p string) ([]byte, error) { return []byte(files[p]), nil }
	tests := []struct {
		loc    finding.Location
		want   string
		secret string
	}{
		{finding.Location{File: "main.tf", Line: 1, Column: 13}, "     1 |   default = \"****\" # db\n       |             ^\n", "Hq4-Vb8-Lm2w"},
		{finding.Location{File: "main.tf", Line: 2, Column: 26}, "     2 | variable \"p\" { default = \"****...jH2g\" }\n       |                          ^\n", "Zx9vB3nM5kL7jH2g"},
		{finding.Location{File: "s.yaml", Line: 1, Column: 11}, "     1 |     PASS: ****\n       |           ^\n", "r3d-Pr0d-x9"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		writeSnippet(&buf, &sourceCache{read: read, files: map[string][]string{}}, tc.loc, true)
		if buf.String() != tc.want || strings.Contains(buf.String(), tc.secret) {
			t.Errorf("%v:\ngot  %q\nwant %q", tc.loc, buf.String(), tc.want)
		}
	}
}
