package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/report"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/rules"
	"github.com/fcplan/fcplan/rules/finding"
)

// findingFlags are the flags lint and vet share for configuration,
// baselines and unused suppressions.
type findingFlags struct {
	config        string
	baseline      string
	writeBaseline string
	reportUnused  bool
}

// loadFindingsConfig reads --config, or the .fcplan.yaml found from the
// search paths, and applies the baseline flags.
func loadFindingsConfig(f findingFlags, search []string) (rules.Config, error) {
	var cfg rules.Config
	path := f.config
	if path == "" {
		path = rules.FindConfig(search)
		// A .fcplan.yaml found in the project is part of it, possibly the
		// pull request's: a symlink from it to a file elsewhere (whose
		// lines a parse error would quote) is not followed.
		if path != "" {
			dir := filepath.Dir(path)
			if _, err := safefile.Confine(dir, dir, filepath.Base(path)); err != nil {
				why := strings.TrimPrefix(err.Error(), filepath.Base(path)+": ")
				return cfg, fmt.Errorf("config %s: %s; a %s found in the project must be a file inside its directory (name one elsewhere with --config)",
					path, why, rules.ConfigFileName)
			}
		}
	}
	if path != "" {
		var err error
		if cfg, err = rules.LoadConfig(path); err != nil {
			return cfg, err
		}
	}
	if f.baseline != "" {
		cfg.Baseline = f.baseline
	}
	if f.writeBaseline != "" {
		cfg.Baseline = "" // record everything, including what an old baseline hid
	}
	cfg.ReportUnusedIgnores = f.reportUnused
	return cfg, nil
}

// writeBaselineFile records findings as the baseline at path.
// Known secret values of the run writing to stdout are masked in it.
func writeBaselineFile(stdout io.Writer, path string, fs []finding.Finding) error {
	var buf bytes.Buffer
	if err := rules.NewBaseline(fs).Write(&buf); err != nil {
		return fmt.Errorf("--write-baseline %s: %w", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--write-baseline: %w", err)
	}
	if _, err := f.Write(maskFor(stdout, buf.Bytes())); err != nil {
		f.Close()
		return fmt.Errorf("--write-baseline %s: %w", path, err)
	}
	return f.Close()
}

// recordBaseline writes every current finding (those an old baseline hid
// included) to the baseline at path, then reports them as baselined: the
// run that records a baseline passes.
func recordBaseline(s *Streams, path string, res *rules.Result, cfg *rules.Config) error {
	all := append(append([]finding.Finding(nil), res.Findings...), res.Baselined...)
	if err := writeBaselineFile(s.Out, path, all); err != nil {
		return err
	}
	fmt.Fprintf(s.ErrOut, "fcplan: wrote %d findings to baseline %s\n", len(all), path)
	rules.SortFindings(all)
	res.Baselined, res.Findings = all, nil
	cfg.Baseline = path
	return nil
}

// suppressedOf lists what the rules engine held back: findings suppressed in
// the source and findings in the baseline.
func suppressedOf(res rules.Result, cfg rules.Config) []report.Suppressed {
	var out []report.Suppressed
	for _, x := range res.Suppressed {
		out = append(out, report.Suppressed{Finding: x.Finding, Kind: report.KindInSource, Justification: x.Reason})
	}
	for _, f := range res.Baselined {
		out = append(out, report.Suppressed{Finding: f, Kind: report.KindBaseline, Justification: "in baseline " + cfg.Baseline})
	}
	return out
}

// readSnippetSource reads a file again for a report's source snippets
// through safefile: a file replaced by a FIFO or a device since it was
// loaded just has no snippet.
func readSnippetSource(path string) ([]byte, error) {
	return safefile.Read(path, rules.SourceKind(path))
}
