package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

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
	rules         ruleSelection
}

// ruleSelection is --enable and --disable, shared by lint and vet.
type ruleSelection struct {
	enable, disable []string
}

// register adds --enable and --disable to cmd.
func (r *ruleSelection) register(cmd *cobra.Command) {
	cmd.Flags().StringSliceVar(&r.enable, "enable", nil,
		"run only these `rules` (IDs or families, comma-separated or repeated; replaces the configuration's enable list)")
	cmd.Flags().StringSliceVar(&r.disable, "disable", nil,
		"do not run these `rules` (IDs or families, comma-separated or repeated; added to the configuration's disable list)")
}

// apply puts the flags over cfg as .fcplan.yaml's enable and disable would
// be: --enable replaces the file's allow-list and turns back on what the
// file turns off by the same ID or family; --disable adds to its disable
// list.
func (r ruleSelection) apply(cfg *rules.Config) error {
	parse := func(flag string, in []string) ([]string, error) {
		var out []string
		for _, s := range in {
			id, err := rules.ParseSelector(s)
			if err != nil {
				return nil, fmt.Errorf("--%s: %w", flag, err)
			}
			out = append(out, id)
		}
		return out, nil
	}
	enable, err := parse("enable", r.enable)
	if err != nil {
		return err
	}
	disable, err := parse("disable", r.disable)
	if err != nil {
		return err
	}
	if len(enable) > 0 {
		cfg.Enable = enable
		cfg.Disable = slices.DeleteFunc(cfg.Disable, func(d string) bool { return slices.Contains(enable, d) })
		for id, rc := range cfg.Rules {
			family := strings.TrimRight(id, "0123456789")
			if rc.Off && slices.ContainsFunc(enable, func(e string) bool { return e == "ALL" || e == id || e == family }) {
				rc.Off = false
				cfg.Rules[id] = rc
			}
		}
	}
	cfg.Disable = append(cfg.Disable, disable...)
	return nil
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
	if err := f.rules.apply(&cfg); err != nil {
		return cfg, err
	}
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
