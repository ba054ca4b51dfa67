package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"

	"github.com/fcplan/fcplan/cmd/fcplan/internal/safetext"
	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/load"
	"github.com/fcplan/fcplan/model/secret"
)

// InspectSchemaVersion is the version of `fcplan inspect --format json`. It
// changes only when a key is removed or changes meaning.
const InspectSchemaVersion = 1

type inspectOptions struct {
	paths  []string
	format string
	output string
	load   loadFlags
}

func init() {
	registerCommand(10, newInspectCmd)
}

func newInspectCmd(s *Streams) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect [PATH...]",
		Short: "Show the functions, roles and network fcplan loads from a project",
		Long: `inspect loads Serverless Devs s.yaml files (fc3 and legacy fc), Terraform
module directories (*.tf) and Terraform plan JSON ('terraform show -json'),
and prints what fcplan understood: one row per function, or with
--format json the whole model (functions, roles, policies, network,
diagnostics) with the file:line:col of every attribute. A list is always an
array ([] when empty), never null; a value that is not set is null.

Values that cannot be known before deployment (${env('X')} without a value,
{{ template }} placeholders, Terraform variables without a default, computed
attributes) are shown as ?<original text> in the table and as
{"unknown": "<original text>"} in JSON.

Exit status: 0 when every file loaded, 2 when any file failed to load (the
others are still shown).`,
		Example: `  # Every function of a directory of s.yaml files
  fcplan inspect testdata/projects/fc3-vpc-app

  # A Terraform module with a variable file
  fcplan inspect infra/ --var-file prod.tfvars

  # The whole model as JSON
  fcplan inspect s.yaml --format json | jq '.functions[].memoryMB'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runInspect(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "table", "output format: table or json")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write to `file` instead of standard output")
	opts.load.register(cmd)
	return cmd
}

func runInspect(s *Streams, opts *inspectOptions) (err error) {
	if opts.format != "table" && opts.format != "json" {
		return withExitCode(ExitInput, fmt.Errorf("--format %q: want table or json", opts.format))
	}
	lo, err := opts.load.options()
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	p := load.Paths(opts.paths, lo)

	out, closeOut, err := openOutput(s.Out, opts.output)
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	defer closeOut(&err)
	switch opts.format {
	case "json":
		err = writeInspectJSON(out, p)
	default:
		err = writeInspectTable(out, p)
		writeDiagnostics(s.ErrOut, p.Diagnostics)
	}
	if err != nil {
		return withExitCode(ExitInput, err)
	}
	if p.HasErrors() {
		return withExitCode(ExitInput, nil)
	}
	return nil
}

// inspectDocument is the stable JSON contract of `fcplan inspect`.
type inspectDocument struct {
	SchemaVersion int `json:"schemaVersion"`
	*model.Project
}

// writeInspectJSON writes the model with every secret value masked
// (secret.MaskJSON: an environment variable's value is read under its name,
// so SK: <30 characters> and DB_PASSWORD: ... are masked, and AccessKey IDs
// and DSN passwords anywhere), keeping the order of keys.
func writeInspectJSON(w io.Writer, p *model.Project) error {
	emptyCollections(reflect.ValueOf(p), map[uintptr]bool{})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(inspectDocument{SchemaVersion: InspectSchemaVersion, Project: p}); err != nil {
		return err
	}
	masked, err := secret.MaskJSON(buf.Bytes())
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, masked, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(safetext.JSON(out.Bytes()))
	return err
}

func writeInspectTable(w io.Writer, p *model.Project) error {
	if len(p.Functions) == 0 {
		_, err := fmt.Fprintln(w, "no functions found")
		return err
	}
	sw := safetext.NewWriter(w) // backstop: nothing from a config reaches the terminal raw
	w = sw
	t := tablewriter.NewTable(w)
	t.Header("Function", "Source", "Runtime", "Memory MB", "vCPU", "Concurrency", "Timeout s", "Min/Max", "VPC", "Internet", "Role", "Triggers")
	for _, f := range p.Functions {
		row := inspectRow(f)
		for i, c := range row {
			row[i] = safetext.Text(secret.MaskText(c)) // no value may add a line or an escape to the table
		}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s, %s, %s, %s from %s\n",
		nounCount(len(p.Functions), "function"), nounCount(len(p.Roles), "role"), nounCount(len(p.Policies), "policy"),
		nounCount(len(p.Network.VSwitches), "vSwitch"), nounCount(len(p.Files), "file"))
	if err != nil {
		return err
	}
	return sw.Flush()
}

// nounCount formats n with the noun in singular or plural ("1 file", "2 files",
// "3 policies").
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y"):
		noun = strings.TrimSuffix(noun, "y") + "ies"
	case strings.HasSuffix(noun, "ch"):
		noun += "es"
	default:
		noun += "s"
	}
	return strconv.Itoa(n) + " " + noun
}

func inspectRow(f *model.Function) []string {
	minMax := cell(f.Scaling.MinInstances, "0") + "/" + cell(f.Scaling.MaxInstances, "-")
	if f.Scaling.ProvisionedTarget.Set {
		minMax += " (prov " + cell(f.Scaling.ProvisionedTarget, "") + ")"
	}
	return []string{
		f.Name.Text(),
		fmt.Sprintf("%s:%d", f.Source.File, f.Source.Line),
		cell(f.Runtime, "-"),
		cell(f.MemoryMB, "-"),
		cell(f.VCPU, "-"),
		cell(f.InstanceConcurrency, "-"),
		cell(f.TimeoutSeconds, "-"),
		minMax,
		vpcCell(f.VPC),
		cell(f.InternetAccess, "-"),
		cell(f.Role, "-"),
		triggersCell(f.Triggers),
	}
}

// cell shows a known value, ?text for an unknown one, and def when unset.
func cell[T model.Scalar](v model.Value[T], def string) string {
	switch {
	case !v.Set:
		return def
	case v.IsUnknown():
		return "?" + v.Unknown
	}
	switch x := any(v.V).(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return v.Text()
}

func vpcCell(v *model.VPCConfig) string {
	switch {
	case v == nil:
		return "-"
	case v.Auto:
		return "auto"
	}
	parts := make([]string, 0, len(v.VSwitchIDs))
	for _, id := range v.VSwitchIDs {
		parts = append(parts, cell(id, ""))
	}
	return strings.Join(parts, ",")
}

func triggersCell(ts []*model.Trigger) string {
	if len(ts) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		parts = append(parts, cell(t.Type, "?"))
	}
	return strings.Join(parts, ",")
}

// writeDiagnostics prints loader diagnostics as file:line:col: severity:
// message, with any secret a message quotes masked.
func writeDiagnostics(w io.Writer, ds []model.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(w, safetext.Text(secret.MaskText(d.String())))
	}
}

// emptyCollections replaces every nil slice and nil map that JSON would
// encode in the value v points to with an empty one, so that
// `inspect --format json` writes [] and {} for "none" and a jq filter such as
// '.functions[].triggers[]' works on a function without triggers. Fields
// JSON skips (json:"-", unexported) are not walked: they hold the links
// between resources, which form cycles.
func emptyCollections(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		emptyCollections(v.Elem(), seen)
	case reflect.Interface:
		if !v.IsNil() && v.Elem().Kind() == reflect.Pointer {
			emptyCollections(v.Elem(), seen)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			emptyCollections(v.Field(i), seen)
		}
	case reflect.Slice:
		if v.IsNil() {
			if v.CanSet() && v.Type().Elem().Kind() != reflect.Uint8 { // []byte encodes as a string
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		for i := range v.Len() {
			emptyCollections(v.Index(i), seen)
		}
	case reflect.Map:
		if v.IsNil() {
			if v.CanSet() {
				v.Set(reflect.MakeMap(v.Type()))
			}
			return
		}
		// Map values are not addressable: fill a copy and store it back.
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			emptyCollections(e, seen)
			v.SetMapIndex(k, e)
		}
	}
}
