package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// complete runs cobra's hidden completion command as a shell would and
// returns the candidates (the last line is the directive).
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Execute(append([]string{cobra.ShellCompRequestCmd}, args...), &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errb}); code != ExitOK {
		t.Fatalf("__complete %v: exit %d: %s", args, code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return lines[:len(lines)-1]
}

func TestFlagValueCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"lint", "--format", ""}, []string{"text", "json", "sarif", "markdown"}},
		{[]string{"inspect", "--format", ""}, []string{"table", "json"}},
		{[]string{"lint", "--fail-on", ""}, []string{"error", "warning", "info", "never"}},
		{[]string{"vet", "--disable", ""}, []string{"GO", "GO001", "RAM003"}},
		{[]string{"lint", "--enable", ""}, []string{"NET", "SEC001"}},
		{[]string{"cost", "--region", ""}, []string{"cn-hangzhou", "cn-shanghai"}},
		{[]string{"cost", "--currency", ""}, []string{"CNY", "USD"}},
		{[]string{"cost", "--ecs-type", ""}, []string{"ecs.c7.large"}},
		{[]string{"simulate", "--billing-era", ""}, []string{"legacy", "cu-2024-08", "2025-12"}},
		{[]string{"simulate", "--pricing", ""}, []string{"fc3", "fc2"}},
		{[]string{"simulate", "--routing", ""}, []string{"pack", "spread"}},
		{[]string{"simulate", "--set", ""}, []string{"memorysize=", "instanceconcurrency="}},
		{[]string{"compare", "--vary", ""}, []string{"memorysize="}},
		{[]string{"compare", "--objective", ""}, []string{"cost", "latency", "balanced"}},
		{[]string{"trace", "stats", "--trace-format", ""}, []string{"csv", "azure2019", "azure2021", "fc-requestlog"}},
		{[]string{"rules", "explain", ""}, []string{"NET001", "GO001"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got := complete(t, tc.args...)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("completion %v lacks %q", got, w)
				}
			}
		})
	}
}

// TestListedFlagsComplete: every flag whose values completion reads from
// its help still lists them there, so a reworded help cannot silently lose
// its completion.
func TestListedFlagsComplete(t *testing.T) {
	var walk func(*cobra.Command)
	seen := 0
	walk = func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if !slices.Contains(listedValueFlags, f.Name) {
				return
			}
			seen++
			if vals := valuesFromUsage(f.Usage); len(vals) < 1 || f.Name != "sweep" && len(vals) < 2 {
				t.Errorf("%s --%s: help %q lists %v, want its values", c.CommandPath(), f.Name, f.Usage, vals)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCommand(DefaultStreams()))
	if seen < 10 {
		t.Errorf("found %d listed-value flags, want at least 10", seen)
	}
}
