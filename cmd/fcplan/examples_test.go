package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// examplePlaceholders is the documented mapping from the placeholder paths
// the --help examples use to fixtures of this repository (relative to
// cmd/fcplan). TestHelpExamples copies each fixture under the placeholder's
// name into an empty working directory, so an example runs as written: a
// user's ./my-project is the image-pipeline example project, s.yaml a
// one-function project whose function is named api, and so on.
var examplePlaceholders = map[string]string{
	"my-project":        "../../testdata/projects/image-pipeline",
	"s.yaml":            "testdata/simulate/s.yaml",
	"before/s.yaml":     "testdata/compare/before/s.yaml",
	"after/s.yaml":      "testdata/compare/after/s.yaml",
	"infra":             "../../testdata/projects/tf-vpc-nat",
	"functions":         "../../testdata/projects/fc3-vpc-app",
	"prod.tfvars":       "testdata/examples/prod.tfvars",
	"trace.csv":         "../../testdata/traces/simple.csv",
	"requests.csv":      "../../testdata/traces/simple.csv",
	"Azure2021.csv":     "../../testdata/traces/azure2021-mini.csv",
	"Azure2021_200.csv": "../../testdata/traces/azure2021-mini.csv",
	"azure2019":         "../../testdata/traces/azure2019-mini",
	"fc-requests.jsonl": "../../testdata/traces/requestlog.jsonl",
	"testdata/projects": "../../testdata/projects",
	"testdata/traces":   "../../testdata/traces",
	"go-module":         "testdata/examples/gomod",
	// review's examples run in a project of their own ("review ." is the
	// image pipeline and an infra/ module, not every placeholder above).
	"review-project":                   "../../testdata/projects/image-pipeline",
	"review-project/my-project":        "../../testdata/projects/image-pipeline",
	"review-project/infra":             "../../testdata/projects/tf-vpc-nat",
	"review-project/testdata/projects": "../../testdata/projects",
	"review-project/testdata/traces":   "../../testdata/traces",
}

// exampleDirs says where an example runs, by subcommand: the vet examples in a
// Go module laid out as they assume (./cmd/..., ./internal/handler), the
// review examples in a project directory of their own, every other example
// in the working directory holding the placeholders above.
var exampleDirs = map[string]string{"vet": "go-module", "review": "review-project"}

// exampleCommand is one runnable line of an Example: text.
type exampleCommand struct {
	command string   // the cobra command path, e.g. "fcplan trace gen"
	line    string   // the example as documented
	args    []string // fcplan's arguments
	pipe    []string // a command the output is piped to (jq), if any
	stdout  string   // a file the output is redirected to, if any
}

// TestHelpExamples runs every example of every command's --help as written
// (placeholders mapped to fixtures, see examplePlaceholders) and fails on
// exit status 2 or a panic: an example may document findings (exit 1) but
// never a usage or input error. A piped jq filter runs too, when jq is
// installed, and must not fail on the JSON (a null where an array belongs).
func TestHelpExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every --help example (simulations of hours of traffic); skipped with -short")
	}
	vetEnv(t)
	ws := t.TempDir()
	for dst, src := range examplePlaceholders {
		if err := copyPath(src, filepath.Join(ws, dst)); err != nil {
			t.Fatalf("placeholder %s: %v", dst, err)
		}
	}
	examples := collectExamples(t, NewRootCommand(DefaultStreams()))
	if len(examples) < 40 {
		t.Fatalf("found %d examples, want every command's (at least 40)", len(examples))
	}
	_, haveJQ := exec.LookPath("jq")
	for _, ex := range examples {
		t.Run(ex.line, func(t *testing.T) {
			dir := ws
			if len(ex.args) > 0 {
				dir = filepath.Join(ws, exampleDirs[ex.args[0]])
			}
			t.Chdir(dir)
			var out, errOut bytes.Buffer
			code := runExample(ex.args, &out, &errOut)
			if code != ExitOK && code != ExitFindings {
				t.Fatalf("%s\nexit %d, want 0 or 1; stderr:\n%s", ex.line, code, errOut.String())
			}
			if ex.stdout != "" {
				if err := os.WriteFile(ex.stdout, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if ex.pipe != nil && haveJQ == nil {
				jq := exec.Command(ex.pipe[0], ex.pipe[1:]...)
				jq.Stdin = &out
				jqOut, err := jq.CombinedOutput()
				var exit *exec.ExitError
				// jq -e exits 1 when the filter's answer is false, which
				// is what such an example checks; other codes are errors.
				if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
					t.Errorf("%s\n%s: %v\n%s", ex.line, strings.Join(ex.pipe, " "), err, jqOut)
				}
			}
		})
	}
}

// runExample runs fcplan in process, turning a panic into a test failure's
// exit code.
func runExample(args []string, out, errOut *bytes.Buffer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errOut, "panic: %v", r)
			code = -1
		}
	}()
	return Execute(args, &Streams{In: strings.NewReader(""), Out: out, ErrOut: errOut})
}

// collectExamples parses the Example: text of cmd and every command below
// it into the commands it documents.
func collectExamples(t *testing.T, cmd *cobra.Command) []exampleCommand {
	t.Helper()
	var all []exampleCommand
	for _, line := range exampleLines(cmd.Example) {
		words, err := shellWords(line)
		if err != nil {
			t.Fatalf("%s: example %q: %v", cmd.CommandPath(), line, err)
		}
		ex := exampleCommand{command: cmd.CommandPath(), line: line}
		for i := 1; i < len(words); i++ {
			switch words[i] {
			case "|":
				ex.pipe = words[i+1:]
				i = len(words)
			case ">":
				ex.stdout = words[i+1]
				i++
			default:
				ex.args = append(ex.args, words[i])
			}
		}
		all = append(all, ex)
	}
	for _, c := range cmd.Commands() {
		all = append(all, collectExamples(t, c)...)
	}
	return all
}

// exampleLines returns the command lines of an Example: text, continuation
// lines joined, comments left out.
func exampleLines(text string) []string {
	var lines []string
	var cur string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if cur != "" {
			cur += " " + strings.TrimSuffix(l, "\\")
		} else if strings.HasPrefix(l, "fcplan ") || l == "fcplan" {
			cur = strings.TrimSuffix(l, "\\")
		}
		if cur != "" && !strings.HasSuffix(l, "\\") {
			lines = append(lines, strings.Join(strings.Fields(cur), " "))
			cur = ""
		}
	}
	return lines
}

// shellWords splits an example line as sh would: on blanks, with single and
// double quotes; | and > stand alone.
func shellWords(line string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c", quote)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// copyPath copies a file or a directory tree from src to dst.
func copyPath(src, dst string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}
	return os.CopyFS(dst, os.DirFS(src))
}

// TestExampleParsing pins the parser the examples test relies on.
func TestExampleParsing(t *testing.T) {
	text := "  # comment\n  fcplan a --x 1 \\\n    --y 'p q' | jq -e '.a[]'\n\n  fcplan b > out.csv\n  fcplan"
	lines := exampleLines(text)
	want := []string{"fcplan a --x 1 --y 'p q' | jq -e '.a[]'", "fcplan b > out.csv", "fcplan"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("exampleLines = %q, want %q", lines, want)
	}
	words, err := shellWords(lines[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(words, ","); got != "fcplan,a,--x,1,--y,p q,|,jq,-e,.a[]" {
		t.Errorf("shellWords = %s", got)
	}
	if _, err := shellWords("fcplan 'open"); err == nil {
		t.Error("an unclosed quote must be an error")
	}
}
