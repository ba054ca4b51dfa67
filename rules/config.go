package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fcplan/fcplan/model/pathglob"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/fcplan/fcplan/model/yamldup"
	"github.com/fcplan/fcplan/rules/finding"
)

// ConfigFileName is the project configuration file fcplan looks for.
const ConfigFileName = ".fcplan.yaml"

// Config is a project's .fcplan.yaml plus the run-time switches the CLI
// adds. The zero Config runs every rule with its default severity.
//
//	rules:                 # per rule: off, a severity, or a mapping
//	  RAM003: off
//	  NET002: info
//	  COST001:
//	    severity: error
//	    exclude: ["sandbox/**"]
//	disable: [COST003]     # rule IDs or families (RAM, NET, GO...)
//	enable: [RAM, NET001]  # when present, only these run
//	baseline: .fcplan-baseline.json
//	failOn: warning        # error | warning | info | never
//	exclude: ["examples/**", "*.test.yaml"]
type Config struct {
	// Path is the file the configuration came from, "" for none. Exclude
	// globs are relative to its directory.
	Path string
	// Rules holds per-rule settings by ID.
	Rules map[string]RuleConfig
	// Disable and Enable list rule IDs, families ("RAM") or "all".
	Disable []string
	Enable  []string
	// Baseline is the baseline file, relative to the working directory (a
	// path in the file is resolved against the file's directory).
	Baseline string
	// FailOn is "error", "warning", "info", "never" or "" (the CLI default).
	FailOn string
	// Exclude lists path globs whose findings are dropped ("**" matches any
	// number of directories; a pattern without "/" matches a base name; a
	// pattern matching a directory covers everything under it).
	Exclude []string

	// ReportUnusedIgnores turns on FCP002.
	ReportUnusedIgnores bool
	// ReadFile reads source files (for ignore comments, kind
	// safefile.Config or safefile.Source) and the baseline (kind
	// safefile.Baseline); nil means safefile.Read, which refuses special
	// files and files over the kind's cap. Apply calls it from several
	// goroutines.
	ReadFile func(path string, kind safefile.Kind) ([]byte, error)

	// baselineKey is where ParseConfig found the `baseline:` key, so that
	// LoadConfig can place an error about the path it names.
	baselineKey *yaml.Node
	// baselineText is the path as written in the file.
	baselineText string
}

// RuleConfig is one rule's setting.
type RuleConfig struct {
	// Off disables the rule.
	Off bool
	// Severity overrides the severity of every finding; 0 keeps it.
	Severity finding.Severity
	// Exclude lists path globs where this rule's findings are dropped.
	Exclude []string
}

// ConfigError is a problem in a configuration file, with its position.
type ConfigError struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *ConfigError) Error() string {
	l := finding.Location{File: e.File, Line: e.Line, Column: e.Column}
	return l.String() + ": " + e.Msg
}

var configKeys = []string{"rules", "disable", "enable", "baseline", "failOn", "exclude"}

// LoadConfig reads and parses a configuration file: a regular file within
// the config size cap (a FIFO or a symlink to a device is refused without
// blocking). The `baseline:` path in it must stay inside the file's
// directory, after symlinks, and out of /proc, /dev and /sys: the file may
// come from the pull request being checked, and a baseline's contents end up
// in reports. An error names the `baseline:` key's file:line:col.
func LoadConfig(file string) (Config, error) {
	data, err := safefile.Read(file, safefile.Config)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w; expected a YAML configuration file", file, unwrapPathError(err))
	}
	cfg, err := ParseConfig(file, data)
	if err != nil {
		return cfg, err
	}
	if cfg.baselineKey != nil {
		dir := filepath.Dir(file)
		if _, err := safefile.Confine(dir, dir, cfg.baselineText); err != nil && !errors.Is(err, fs.ErrNotExist) {
			// A baseline that does not exist yet is reported when it is
			// read (or written by --write-baseline); one that leaves the
			// project never is read.
			return cfg, configParser{file: file}.errAt(cfg.baselineKey,
				"baseline %q: %v: want a path inside %s (use --baseline on the command line for a file elsewhere)",
				cfg.baselineText, confineReason(err), displayDir(dir))
		}
	}
	return cfg, nil
}

// confineReason is Confine's error without the path it repeats.
func confineReason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && errors.Is(err, safefile.ErrOutside) {
		return msg[i+2:]
	}
	return msg
}

func displayDir(dir string) string {
	if dir == "." {
		return "the configuration file's directory"
	}
	return dir
}

// unwrapPathError drops the path that fs.PathError repeats.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ParseConfig parses a configuration file's contents. Unknown keys, unknown
// rule IDs and bad severities are errors naming file:line:col, with a
// did-you-mean where one is close. It does not touch the file system:
// LoadConfig checks where the baseline path leads.
func ParseConfig(file string, data []byte) (Config, error) {
	cfg := Config{Path: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil // an empty file is an empty configuration
		}
		return cfg, &ConfigError{File: file, Line: yamlErrorLine(err), Msg: "not valid YAML: " + trimYAMLError(err)}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return cfg, nil
	}
	p := configParser{file: file}
	if root.Kind != yaml.MappingNode {
		return cfg, p.errAt(root, "want a mapping with keys %s", strings.Join(configKeys, ", "))
	}
	if dups := yamldup.Find(root); len(dups) > 0 {
		d := dups[0]
		return cfg, p.errAt(d.Again, "duplicate key %s (first at line %d)", d.Key, d.First.Line)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "rules":
			cfg.Rules, err = p.rules(v)
		case "disable":
			cfg.Disable, err = p.selectors(v)
		case "enable":
			cfg.Enable, err = p.selectors(v)
		case "baseline":
			var s string
			if s, err = p.scalar(v, "a file path"); err == nil && s != "" {
				cfg.baselineKey, cfg.baselineText = k, s
				if !filepath.IsAbs(s) {
					s = filepath.Join(filepath.Dir(file), s)
				}
				cfg.Baseline = s
			}
		case "failOn":
			var s string
			if s, err = p.scalar(v, "error, warning, info or never"); err == nil {
				s = strings.ToLower(s)
				if _, perr := ParseFailOn(s); perr != nil {
					err = p.errAt(v, "failOn %q: want error, warning, info or never", s)
				}
				cfg.FailOn = s
			}
		case "exclude":
			cfg.Exclude, err = p.globs(v)
		default:
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if s := suggest(k.Value, configKeys); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (want " + strings.Join(configKeys, ", ") + ")"
			}
			err = p.errAt(k, "%s", msg)
		}
		if err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// ParseFailOn reads a --fail-on / failOn value; 0 means never.
func ParseFailOn(s string) (finding.Severity, error) {
	if strings.EqualFold(strings.TrimSpace(s), "never") {
		return 0, nil
	}
	return finding.ParseSeverity(s)
}

type configParser struct{ file string }

func (p configParser) errAt(n *yaml.Node, format string, args ...any) error {
	return &ConfigError{File: p.file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (p configParser) scalar(n *yaml.Node, want string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errAt(n, "want %s", want)
	}
	return strings.TrimSpace(n.Value), nil
}

func (p configParser) list(n *yaml.Node, want string) ([]*yaml.Node, error) {
	switch n.Kind {
	case yaml.SequenceNode:
		for _, el := range n.Content {
			if el.Kind != yaml.ScalarNode {
				return nil, p.errAt(el, "want %s", want)
			}
		}
		return n.Content, nil
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return []*yaml.Node{n}, nil
	}
	return nil, p.errAt(n, "want a list of %s", want)
}

// selectors reads a list of rule IDs, families or "all".
func (p configParser) selectors(n *yaml.Node) ([]string, error) {
	els, err := p.list(n, "rule IDs or families (RAM, NET...)")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(els))
	for _, el := range els {
		s := strings.ToUpper(strings.TrimSpace(el.Value))
		if !validSelector(s) {
			return nil, p.unknownRule(el, s)
		}
		out = append(out, s)
	}
	return out, nil
}

func (p configParser) unknownRule(n *yaml.Node, id string) error {
	msg := fmt.Sprintf("unknown rule %q", id)
	if s := SuggestID(id); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	} else {
		msg += " (see `fcplan rules`)"
	}
	return p.errAt(n, "%s", msg)
}

func (p configParser) globs(n *yaml.Node) ([]string, error) {
	els, err := p.list(n, "path globs")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(els))
	for _, el := range els {
		g := strings.TrimSpace(el.Value)
		if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
			return nil, p.errAt(el, "bad glob %q: %v", g, err)
		}
		out = append(out, g)
	}
	return out, nil
}

func (p configParser) rules(n *yaml.Node) (map[string]RuleConfig, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errAt(n, "want a mapping from rule ID to off, error, warning or info")
	}
	out := map[string]RuleConfig{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := strings.ToUpper(strings.TrimSpace(k.Value))
		if !KnownID(id) {
			return nil, p.unknownRule(k, id)
		}
		if _, dup := out[id]; dup {
			return nil, p.errAt(k, "duplicate rule %s", id)
		}
		var rc RuleConfig
		switch v.Kind {
		case yaml.ScalarNode:
			var err error
			if rc, err = p.ruleLevel(v, rc); err != nil {
				return nil, err
			}
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				rk, rv := v.Content[j], v.Content[j+1]
				var err error
				switch rk.Value {
				case "severity":
					rc, err = p.ruleLevel(rv, rc)
				case "exclude":
					rc.Exclude, err = p.globs(rv)
				default:
					msg := fmt.Sprintf("unknown key %q in rule %s", rk.Value, id)
					if s := suggest(rk.Value, []string{"severity", "exclude"}); s != "" {
						msg += fmt.Sprintf(" (did you mean %q?)", s)
					} else {
						msg += " (want severity or exclude)"
					}
					err = p.errAt(rk, "%s", msg)
				}
				if err != nil {
					return nil, err
				}
			}
		default:
			return nil, p.errAt(v, "rule %s: want off, error, warning, info or a mapping with severity and exclude", id)
		}
		out[id] = rc
	}
	return out, nil
}

// ruleLevel reads off/on/error/warning/info. YAML 1.1 readers turn a bare
// off into false, so booleans are accepted too.
func (p configParser) ruleLevel(n *yaml.Node, rc RuleConfig) (RuleConfig, error) {
	if n.Kind != yaml.ScalarNode {
		return rc, p.errAt(n, "want off, error, warning or info")
	}
	switch v := strings.ToLower(strings.TrimSpace(n.Value)); v {
	case "off", "false", "disable", "disabled", "no":
		rc.Off = true
	case "on", "true", "default", "yes":
		rc.Off = false
	default:
		sev, err := finding.ParseSeverity(v)
		if err != nil {
			return rc, p.errAt(n, "severity %q: want off, error, warning or info", n.Value)
		}
		rc.Severity = sev
	}
	return rc, nil
}

// validSelector accepts "ALL", a known ID or a family prefix of one.
// ParseSelector normalises a rule selector given on the command line (a
// rule ID, a family such as RAM, or all; any case) as enable and disable in
// .fcplan.yaml take it, or says which known ID it was probably meant to be.
func ParseSelector(s string) (string, error) {
	id := strings.ToUpper(strings.TrimSpace(s))
	if validSelector(id) {
		return id, nil
	}
	if sug := SuggestID(id); sug != "" {
		return "", fmt.Errorf("unknown rule %q (did you mean %s?)", s, sug)
	}
	return "", fmt.Errorf("unknown rule %q (see `fcplan rules`)", s)
}

func validSelector(s string) bool {
	if s == "ALL" || KnownID(s) {
		return true
	}
	for _, id := range KnownIDs() {
		if family(id) == s {
			return true
		}
	}
	return false
}

// family is the letters of an ID: "RAM" for "RAM003".
func family(id string) string {
	return strings.TrimRight(id, "0123456789")
}

func selects(sel []string, id string) bool {
	for _, s := range sel {
		if s == "ALL" || s == id || s == family(id) {
			return true
		}
	}
	return false
}

// Enabled reports whether rule id runs under this configuration.
func (c Config) Enabled(id string) bool {
	if rc, ok := c.Rules[id]; ok && rc.Off {
		return false
	}
	// The FCP checks guard the ignore comments themselves: an allow-list of
	// other rules does not turn them off (disable does).
	if len(c.Enable) > 0 && !selects(c.Enable, id) && family(id) != "FCP" {
		return false
	}
	return !selects(c.Disable, id)
}

// Excluded reports whether findings of rule id in file are dropped.
// Globs are matched against the file's path relative to the configuration
// file's directory (or as given when there is no configuration file or the
// file lies outside that directory).
func (c Config) Excluded(id, file string) bool {
	rc, ok := c.Rules[id]
	if len(c.Exclude) == 0 && (!ok || len(rc.Exclude) == 0) {
		return false
	}
	p := c.relPath(file)
	return matchAny(c.Exclude, p) || (ok && matchAny(rc.Exclude, p))
}

// relPath is file relative to the configuration's directory, slash-separated.
func (c Config) relPath(file string) string {
	p := file
	if c.Path != "" && file != "" {
		dir := filepath.Dir(c.Path)
		rel, err := filepath.Rel(dir, file)
		if err != nil {
			absDir, err1 := filepath.Abs(dir)
			absFile, err2 := filepath.Abs(file)
			if err1 == nil && err2 == nil {
				rel, err = filepath.Rel(absDir, absFile)
			}
		}
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			p = rel
		}
	}
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
}

func matchAny(globs []string, p string) bool {
	if p == "" || p == "." {
		return false
	}
	for _, g := range globs {
		if MatchPath(g, p) {
			return true
		}
	}
	return false
}

// MatchPath matches a slash-separated path against a glob where "**" stands
// for any number of path segments. A pattern without "/" matches the base
// name; a pattern that matches a parent directory matches the path.
func MatchPath(pattern, p string) bool {
	pattern = strings.TrimPrefix(strings.TrimSuffix(filepath.ToSlash(pattern), "/"), "./")
	if !strings.Contains(pattern, "/") && pattern != "**" {
		for _, seg := range strings.Split(p, "/") {
			if ok, _ := path.Match(pattern, seg); ok {
				return true
			}
		}
		return false
	}
	// A match of any leading part of the path covers the rest; pathglob
	// takes linear time where a backtracking match of "**/**/..." did not.
	return pathglob.MatchPrefix(strings.Split(pattern, "/"), strings.Split(p, "/"))
}

// FindConfig returns the configuration file to use when --config is not
// given: .fcplan.yaml in the working directory, else in the first path's
// directory (the path itself when it is a directory); "" when there is none.
func FindConfig(paths []string) string {
	candidates := []string{ConfigFileName}
	if len(paths) > 0 {
		dir := paths[0]
		if info, err := os.Stat(dir); err == nil && !info.IsDir() {
			dir = filepath.Dir(dir)
		}
		candidates = append(candidates, filepath.Join(dir, ConfigFileName))
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && !info.IsDir() {
			return c
		}
	}
	return ""
}

// keysSorted returns m's keys sorted (for deterministic iteration).
func keysSorted[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// yamlErrorLine extracts the line from a yaml.v3 error ("yaml: line 3: ...").
func yamlErrorLine(err error) int {
	var line int
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &line)
	}
	return line
}

func trimYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if strings.HasPrefix(msg, "line ") {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
	}
	return msg
}
