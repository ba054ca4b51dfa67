package rules

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/rules/finding"
)

// Suppressed is a finding silenced by a fcplan:ignore comment.
type Suppressed struct {
	Finding finding.Finding
	// Reason is the justification written after " -- ".
	Reason string
	// Directive is where the comment is.
	Directive finding.Location
}

// Result is what a lint run reports.
type Result struct {
	// Findings are the active findings, sorted by file, line, column, rule
	// and message.
	Findings []finding.Finding
	// Suppressed are findings silenced by ignore comments.
	Suppressed []Suppressed
	// Baselined are findings already recorded in the baseline.
	Baselined []finding.Finding
	// RuleIDs are the rules that ran, sorted.
	RuleIDs []string
	// Errors are failures of the run itself (a rule that panicked, an
	// unreadable baseline); the CLI exits 2 on any.
	Errors []error
}

// Run runs the enabled rules over p and applies the configuration:
// severity overrides, excludes, ignore comments in the project's files and
// the baseline. A rule that panics is reported in Result.Errors and the
// others still run.
func Run(p *model.Project, cfg Config, ctx *Context) Result {
	if ctx == nil {
		ctx = &Context{}
	}
	if ctx.Catalog == nil {
		ctx.Catalog = catalog.Default()
	}
	var (
		fs   []finding.Finding
		ran  []string
		errs []error
	)
	for _, r := range All() {
		if !cfg.Enabled(r.ID) {
			continue
		}
		ran = append(ran, r.ID)
		out, err := runRule(r, p, ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fs = append(fs, out...)
	}
	res := Apply(Batch{Findings: fs, Files: p.Files, RuleIDs: ran}, cfg)
	res.Errors = append(errs, res.Errors...)
	return res
}

func runRule(r *Rule, p *model.Project, ctx *Context) (out []finding.Finding, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("rule %s failed (please report this bug): %v\n%s", r.ID, v, debug.Stack())
		}
	}()
	for _, f := range r.Check(p, ctx) {
		if f.RuleID == "" {
			f.RuleID = r.ID
		}
		if f.Severity == 0 {
			f.Severity = r.Severity
		}
		out = append(out, f)
	}
	return out, nil
}

// Batch is the input of Apply: findings from rules or analyzers, the files
// that were checked, and the rules that ran.
type Batch struct {
	Findings []finding.Finding
	// Files are read for ignore comments (together with the files the
	// findings are in); files without a comment syntax (JSON) are skipped.
	Files []string
	// RuleIDs are the rules that ran; an ignore comment naming another rule
	// is never reported unused.
	RuleIDs []string
}

// Apply applies cfg to findings produced elsewhere (rules via Run, Go
// analyzers via `fcplan vet`): enable/disable, excludes, severity
// overrides, fcplan:ignore comments (malformed ones reported as FCP001,
// unused ones as FCP002 when cfg.ReportUnusedIgnores), the baseline, and a
// deterministic order.
func Apply(b Batch, cfg Config) Result {
	read := cfg.ReadFile
	if read == nil {
		read = safefile.Read
	}
	res := Result{RuleIDs: append([]string(nil), b.RuleIDs...)}
	sort.Strings(res.RuleIDs)
	ran := map[string]bool{}
	for _, id := range b.RuleIDs {
		ran[id] = true
	}

	keep := func(f finding.Finding) (finding.Finding, bool) {
		if !cfg.Enabled(f.RuleID) || cfg.Excluded(f.RuleID, f.Location.File) {
			return f, false
		}
		if rc, ok := cfg.Rules[f.RuleID]; ok && rc.Severity != 0 {
			f.Severity = rc.Severity
		}
		if f.DocURL == "" && KnownID(f.RuleID) {
			f.DocURL = DocURL(f.RuleID)
		}
		return f, true
	}
	var active []finding.Finding
	for _, f := range b.Findings {
		if f, ok := keep(f); ok {
			active = append(active, f)
		}
	}

	// Ignore comments, file by file.
	files := map[string]bool{}
	for _, f := range b.Files {
		files[f] = true
	}
	for _, f := range active {
		if f.Location.File != "" {
			files[f.Location.File] = true
		}
	}
	directives := map[string][]Directive{}
	var meta []finding.Finding // FCP001 and FCP002
	scanned, unread := scanFiles(keysSorted(files), read)
	res.Errors = append(res.Errors, unread...)
	for _, sf := range scanned {
		for _, d := range sf {
			if msg := d.problem(KnownID); msg != "" {
				meta = append(meta, finding.Finding{
					RuleID: MalformedIgnoreID, Severity: finding.Warning, Location: d.Location,
					Message: "fcplan:ignore comment " + msg,
					Fix:     "write `fcplan:ignore RULE[,RULE2] -- reason` on the finding's line or the line above",
				})
				continue
			}
			directives[d.Location.File] = append(directives[d.Location.File], d)
		}
	}
	used := map[*Directive]map[string]bool{}
	var remaining []finding.Finding
	for _, f := range active {
		if d := findDirective(directives[f.Location.File], f); d != nil {
			if used[d] == nil {
				used[d] = map[string]bool{}
			}
			used[d][f.RuleID] = true
			res.Suppressed = append(res.Suppressed, Suppressed{Finding: f, Reason: d.Reason, Directive: d.Location})
			continue
		}
		remaining = append(remaining, f)
	}
	if cfg.ReportUnusedIgnores {
		for _, file := range keysSorted(directives) {
			ds := directives[file]
			for i := range ds {
				d := &ds[i]
				var unused []string
				for _, id := range d.Rules {
					if ran[id] && cfg.Enabled(id) && !used[d][id] {
						unused = append(unused, id)
					}
				}
				if len(unused) == 0 {
					continue
				}
				meta = append(meta, finding.Finding{
					RuleID: UnusedIgnoreID, Severity: finding.Warning, Location: d.Location,
					Message: fmt.Sprintf("fcplan:ignore %s silences nothing: no %s finding on this line or the next",
						strings.Join(unused, ","), strings.Join(unused, " or ")),
					Fix: "remove the comment (or the unused rule IDs from it)",
				})
			}
		}
	}
	for _, f := range meta {
		if f, ok := keep(f); ok {
			remaining = append(remaining, f)
		}
	}

	// Baseline.
	if cfg.Baseline != "" {
		data, err := read(cfg.Baseline, safefile.Baseline)
		var bl *Baseline
		if err == nil {
			bl, err = ParseBaseline(cfg.Baseline, data)
		} else {
			err = fmt.Errorf("baseline %s: %w; expected a baseline written by --write-baseline", cfg.Baseline, unwrapPathError(err))
		}
		if err != nil {
			res.Errors = append(res.Errors, err)
		} else {
			remaining, res.Baselined = bl.split(remaining)
		}
	}

	SortFindings(remaining)
	SortFindings(res.Baselined)
	slices.SortStableFunc(res.Suppressed, func(a, b Suppressed) int { return compareFindings(a.Finding, b.Finding) })
	res.Findings = remaining
	return res
}

// scanReaders bounds the files read at once: reading is latency-bound on
// network and virtual disks, so a few readers hide most of it.
const scanReaders = 8

// scanFiles reads files concurrently and returns their directives in the
// order of files. Files without a comment syntax have none. A file that
// exists but is refused (a special file, or over its size cap) gives an
// error: its ignore comments cannot be honoured, and saying nothing would
// leave the user guessing why a suppressed finding came back. Files that
// cannot be opened at all were already reported by the loader.
func scanFiles(files []string, read func(string, safefile.Kind) ([]byte, error)) ([][]Directive, []error) {
	out := make([][]Directive, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(scanReaders, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				syntax, ok := SyntaxFor(files[i])
				if !ok {
					continue
				}
				src, err := read(files[i], SourceKind(files[i]))
				switch {
				case err == nil:
					out[i] = ScanDirectives(files[i], src, syntax)
				case errors.Is(err, safefile.ErrTooLarge) || errors.Is(err, safefile.ErrNotRegular):
					errs[i] = fmt.Errorf("%s: fcplan:ignore comments not read: %w", files[i], unwrapPathError(err))
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var refused []error
	for _, err := range errs {
		if err != nil {
			refused = append(refused, err)
		}
	}
	return out, refused
}

// SourceKind is the size cap a file read again for its text (ignore
// comments, a report's snippets) falls under: the configuration cap for the
// files the loaders read with it (s.yaml, Terraform), so that a file that
// loaded can also be read again, and the source cap for the rest.
func SourceKind(path string) safefile.Kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".tf", ".tfvars", ".hcl":
		return safefile.Config
	}
	return safefile.Source
}

// findDirective returns the directive silencing f, or nil. Directives are
// looked up by pointer so their use can be counted.
func findDirective(ds []Directive, f finding.Finding) *Directive {
	for i := range ds {
		if ds[i].Covers(f.RuleID, f.Location.Line) {
			return &ds[i]
		}
	}
	return nil
}

// SortFindings orders findings by file, line, column, rule and message.
func SortFindings(fs []finding.Finding) {
	slices.SortStableFunc(fs, compareFindings)
}

func compareFindings(a, b finding.Finding) int {
	return cmp.Or(
		strings.Compare(a.Location.File, b.Location.File),
		cmp.Compare(a.Location.Line, b.Location.Line),
		cmp.Compare(a.Location.Column, b.Location.Column),
		strings.Compare(a.RuleID, b.RuleID),
		strings.Compare(a.Message, b.Message),
		strings.Compare(a.Subject, b.Subject),
	)
}
