package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/secret"
)

// loadFlags are the flags every command that loads a project shares
// (inspect, lint, simulate, review): Terraform variables and the values of
// ${env('X')} in s.yaml.
type loadFlags struct {
	vars     []string
	varFiles []string
	env      []string
	cmd      *cobra.Command // for the run's secret registry (its context)
}

// register adds the flags to cmd.
func (f *loadFlags) register(cmd *cobra.Command) {
	f.cmd = cmd
	cmd.Flags().StringArrayVar(&f.vars, "var", nil, "Terraform variable `name=value` (repeatable)")
	cmd.Flags().StringArrayVar(&f.varFiles, "var-file", nil, "Terraform variable `file` (*.tfvars; repeatable)")
	cmd.Flags().StringArrayVar(&f.env, "env", nil, "value `NAME=value` for ${env('NAME')} in s.yaml (repeatable; the process environment is never read)")
}

// options turns the flags into loader options.
func (f *loadFlags) options() (load.Options, error) {
	var o load.Options
	vars, err := keyValues("--var", f.vars)
	if err != nil {
		return o, err
	}
	env, err := keyValues("--env", f.env)
	if err != nil {
		return o, err
	}
	// The Terraform loader reads these; refuse here, before any loading,
	// what it must not open (a FIFO would block it, /dev/zero would never
	// end) with a message that names the flag.
	for _, vf := range f.varFiles {
		file, _, err := safefile.Open(vf, safefile.Config)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return o, fmt.Errorf("--var-file %s: %w; expected a Terraform variable file (*.tfvars)", vf, err)
		}
		file.Close()
	}
	o.Terraform.Vars = vars
	o.Terraform.VarFiles = f.varFiles
	o.SYAML.Env = env
	// Values the CI passes under a credential name are secrets wherever a
	// pull request makes them show up (a function named ${env('DB_PASSWORD')}):
	// the run's writers mask them. The Terraform loader adds -var values of
	// sensitive variables and -var-file values.
	if f.cmd != nil {
		o.Secrets = secret.RegistryFrom(f.cmd.Context())
	}
	for _, m := range []map[string]string{vars, env} {
		for k, v := range m {
			if secret.IsName(k) {
				o.Secrets.Add(v)
			}
		}
	}
	return o, nil
}

// keyValues parses name=value pairs; nil when there are none.
func keyValues(flag string, pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("%s %q: want name=value", flag, kv)
		}
		out[strings.TrimSpace(k)] = v
	}
	return out, nil
}
