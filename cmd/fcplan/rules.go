package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/rules"
)

// RulesSchemaVersion is the version of `fcplan rules --format json`.
const RulesSchemaVersion = 1

type rulesOptions struct {
	format string
}

func init() {
	registerCommand(80, newRulesCmd)
}

func newRulesCmd(s *Streams) *cobra.Command {
	opts := &rulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List fcplan's rules and analyzers, or explain one",
		Long: `rules lists every check fcplan runs: the configuration rules of 'fcplan lint'
(RAM, NET, REL, COST, SEC, FCP) and the Go analyzers of 'fcplan vet' (GO),
with their ID, default severity, name and summary.

'fcplan rules explain ID' prints a check's documentation page: what it
finds, why it matters, how to fix it and when it is fine to suppress.`,
		Example: `  # Every rule
  fcplan rules

  # As JSON, for scripts
  fcplan rules --format json | jq -r '.rules[].id'

  # The documentation of one rule
  fcplan rules explain RAM003`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRulesList(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output `format`: text or json")
	cmd.AddCommand(&cobra.Command{
		Use:   "explain ID",
		Short: "Print the documentation page of a rule or analyzer",
		Example: `  fcplan rules explain NET001
  fcplan rules explain go001`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cobra.FixedCompletions(rules.KnownIDs(), cobra.ShellCompDirectiveNoFileComp),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRulesExplain(s, args[0])
		},
	})
	return cmd
}

// ruleEntry is one row of `fcplan rules` (and one object of its JSON).
type ruleEntry struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	// Command is the command that runs the check: "lint" or "vet".
	Command string `json:"command"`
	DocURL  string `json:"docUrl"`
}

// ruleEntries lists registered rules, then the documented checks that are
// not registered rules (the Go analyzers), by ID.
func ruleEntries() []ruleEntry {
	var out []ruleEntry
	for _, id := range rules.KnownIDs() {
		e := ruleEntry{ID: id, Command: "lint", DocURL: rules.DocURL(id)}
		page, _ := rules.Doc(id)
		if r := rules.Lookup(id); r != nil {
			e.Name, e.Severity, e.Summary = r.Name, r.Severity.String(), r.Summary
		} else {
			e.Command = "vet"
			e.Summary = rules.DocTitle(id, page)
			e.Severity = docSeverity(page)
			if name, rest, ok := strings.Cut(e.Summary, ":"); ok && !strings.Contains(name, " ") {
				e.Name, e.Summary = name, strings.TrimSpace(rest)
			}
		}
		out = append(out, e)
	}
	return out
}

// docSeverity reads a "Severity: warning" line from a doc page, or "".
func docSeverity(page string) string {
	for _, line := range strings.Split(page, "\n") {
		line = strings.Trim(strings.TrimSpace(line), "*_")
		if rest, ok := strings.CutPrefix(strings.ToLower(line), "severity:"); ok {
			rest = strings.Trim(strings.TrimSpace(rest), "*_`")
			if f := strings.Fields(rest); len(f) > 0 {
				return strings.Trim(f[0], ",.;")
			}
		}
	}
	return ""
}

func runRulesList(s *Streams, opts *rulesOptions) error {
	entries := ruleEntries()
	switch opts.format {
	case "json":
		enc := json.NewEncoder(safetext.JSONWriter{W: s.Out})
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		doc := struct {
			Version int         `json:"version"`
			Rules   []ruleEntry `json:"rules"`
		}{RulesSchemaVersion, entries}
		return enc.Encode(doc)
	case "text", "table":
		tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tCOMMAND\tNAME\tSUMMARY")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, dash(e.Severity), e.Command, dash(e.Name), e.Summary)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(s.Out, "\n%d checks; 'fcplan rules explain ID' prints one's documentation\n", len(entries))
		return err
	}
	return withExitCode(ExitInput, fmt.Errorf("--format %q: want text or json", opts.format))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runRulesExplain(s *Streams, id string) error {
	id = strings.ToUpper(strings.TrimSpace(id))
	page, ok := rules.Doc(id)
	if !ok {
		if r := rules.Lookup(id); r != nil {
			_, err := fmt.Fprintf(s.Out, "# %s: %s\n\nSeverity: %s\n\n%s\n\n(no documentation page yet: %s)\n",
				r.ID, r.Name, r.Severity, r.Summary, rules.DocURL(r.ID))
			return err
		}
		msg := fmt.Sprintf("unknown rule %q", id)
		if sug := rules.SuggestID(id); sug != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", sug)
		}
		return withExitCode(ExitInput, fmt.Errorf("%s; 'fcplan rules' lists them", msg))
	}
	if _, err := fmt.Fprint(s.Out, page); err != nil {
		return err
	}
	if !strings.HasSuffix(page, "\n") {
		fmt.Fprintln(s.Out)
	}
	return nil
}
