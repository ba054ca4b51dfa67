package main

import (
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fcplan/fcplan/model/catalog"
	"github.com/fcplan/fcplan/rules"
	"github.com/fcplan/fcplan/simulator/fc"
)

// listedValueFlags are the flags whose help lists every valid value
// ("output format: text, json or markdown"): their completion is that list,
// so the help and the completion cannot disagree.
var listedValueFlags = []string{"format", "trace-format", "pricing", "billing-era", "currency", "invocation", "objective", "sweep", "routing", "fail-on"}

// listedValue is one value in such a list: a lower-case word, or an
// upper-case currency code.
var listedValue = regexp.MustCompile(`^([a-z0-9][a-z0-9.-]*|[A-Z]{3})$`)

// parenthetical is a remark in a flag's help, left out of its value list.
var parenthetical = regexp.MustCompile(`\([^)]*\)`)

// valuesFromUsage reads the values a flag's help lists, after its first
// colon (if any) and up to a semicolon, remarks in parentheses left out:
// "output format: text, json or markdown", "CNY or USD (default: ...)".
func valuesFromUsage(usage string) []string {
	list := parenthetical.ReplaceAllString(usage, "")
	if _, after, ok := strings.Cut(list, ": "); ok {
		list = after
	}
	list, _, _ = strings.Cut(list, ";")
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(list, " or ", ", "), ",") {
		w := strings.TrimSpace(part)
		w, _, _ = strings.Cut(w, "[") // balanced[:W]
		if listedValue.MatchString(w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// registerCompletions adds value completion to the flags of cmd and every
// command below it: listed values, rule IDs and families for --enable and
// --disable, regions and ECS types from the embedded catalog, --vary and
// --set keys, and rule IDs for 'rules explain'.
func registerCompletions(cmd *cobra.Command) {
	fixed := func(values []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
	}
	cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
		var values []string
		switch {
		case slices.Contains(listedValueFlags, f.Name):
			values = valuesFromUsage(f.Usage)
		case f.Name == "enable" || f.Name == "disable":
			values = ruleSelectors()
		case f.Name == "region":
			values = catalog.Default().Prices.RegionIDs()
		case f.Name == "ecs-type":
			for name := range catalog.Default().ECS.Types {
				values = append(values, name)
			}
			slices.Sort(values)
		case f.Name == "vary" || f.Name == "set":
			for _, k := range fc.SetKeys() {
				values = append(values, k+"=")
			}
			_ = cmd.RegisterFlagCompletionFunc(f.Name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp|cobra.ShellCompDirectiveNoSpace))
			return
		}
		if len(values) > 0 {
			_ = cmd.RegisterFlagCompletionFunc(f.Name, fixed(values))
		}
	})
	for _, c := range cmd.Commands() {
		registerCompletions(c)
	}
}

// ruleSelectors are the rule IDs and families --enable and --disable take.
func ruleSelectors() []string {
	var out []string
	for _, id := range rules.KnownIDs() {
		fam := strings.TrimRight(id, "0123456789")
		if !slices.Contains(out, fam) {
			out = append(out, fam)
		}
	}
	return append(out, rules.KnownIDs()...)
}
