package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fcplan/fcplan/model"
	"github.com/fcplan/fcplan/model/pathglob"
	"github.com/fcplan/fcplan/model/safefile"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Terraform's file functions, confined: a path a module names is read only
// when, after every symlink is resolved, it is a regular file inside the
// project directory (never under /proc, /dev or /sys) and within the size cap
// for source files. Anything else is an unknown value with an info
// diagnostic at the call, so a pull request cannot make fcplan read a CI
// secret (file("/proc/self/environ")) into a value that a rule then quotes.
// Relative paths are taken from the module's directory.

// maxFilesetEntries bounds the directory entries one fileset() call visits.
const maxFilesetEntries = 10000

// fileFuncs returns the file functions for module m.
func (m *module) fileFuncs() map[string]function.Function {
	hashed := func(name string, h func() hash.Hash, enc func([]byte) string) function.Function {
		return m.fileFunc(name, func(b []byte) (cty.Value, string) {
			d := h()
			d.Write(b)
			return cty.StringVal(enc(d.Sum(nil))), ""
		})
	}
	b64 := base64.StdEncoding.EncodeToString
	return map[string]function.Function{
		"file": m.fileFunc("file", func(b []byte) (cty.Value, string) {
			if !utf8.Valid(b) {
				return cty.NilVal, "the file is not valid UTF-8 (filebase64 reads binary files)"
			}
			return cty.StringVal(string(b)), ""
		}),
		"filebase64": m.fileFunc("filebase64", func(b []byte) (cty.Value, string) {
			return cty.StringVal(b64(b)), ""
		}),
		"filemd5":          hashed("filemd5", md5.New, hex.EncodeToString),
		"filesha1":         hashed("filesha1", sha1.New, hex.EncodeToString),
		"filesha256":       hashed("filesha256", sha256.New, hex.EncodeToString),
		"filesha512":       hashed("filesha512", sha512.New, hex.EncodeToString),
		"filebase64sha256": hashed("filebase64sha256", sha256.New, b64),
		"filebase64sha512": hashed("filebase64sha512", sha512.New, b64),
		"fileexists":       m.fileExistsFunc(),
		"fileset":          m.filesetFunc(),
		"templatefile":     m.templateFileFunc(),
		"abspath": m.unknownPathFunc("abspath", func(string) string {
			return "the absolute path depends on where Terraform runs"
		}),
		"pathexpand": m.unknownPathFunc("pathexpand", func(p string) string {
			if strings.HasPrefix(p, "~") {
				return "~ is the home directory of whoever runs Terraform"
			}
			return ""
		}),
	}
}

// fileNote records why a file function's value is unknown, at the call.
func (m *module) fileNote(fn, p, reason string) {
	m.ev.noteHere("file:"+fn+":"+p, model.DiagInfo, "%s(%q): not read: %s; the value is unknown", fn, shorten(p), reason)
}

// readConfined reads the file a module names for function fn, or records why
// not and returns ok false.
func (m *module) readConfined(fn, p string) ([]byte, bool) {
	real, err := m.confine(p)
	if err != nil {
		m.fileNote(fn, p, accessReason(p, err))
		return nil, false
	}
	b, err := safefile.Read(real, safefile.Source)
	if err != nil {
		m.fileNote(fn, p, accessReason(p, err))
		return nil, false
	}
	// Reading counts against the budget, so file("big") in a loop ends.
	if !m.ev.chargeHere(int64(len(b))) {
		return nil, false
	}
	return b, true
}

// errDanglingLink stands for a missing file reached through a symlink: it is
// reported as outside the project, the way an existing file behind the same
// symlink is, so that a pull request cannot learn from fcplan's output
// whether a file exists outside the project.
var errDanglingLink = fmt.Errorf("%w (through a symlink)", safefile.ErrOutside)

// confine is confineIn against the project root and the module's directory.
func (m *module) confine(p string) (string, error) { return confineIn(m.ev.root, m.dir, p) }

// confineIn is safefile.Confine with a missing file behind a symlink
// reported as outside.
func confineIn(root, base, p string) (string, error) {
	real, err := safefile.Confine(root, base, p)
	if errors.Is(err, fs.ErrNotExist) && throughSymlink(root, base, p) {
		return "", errDanglingLink
	}
	return real, err
}

// readIn reads p (relative to base) if it is a regular file inside root
// within kind's cap.
func readIn(root, base, p string, kind safefile.Kind) ([]byte, error) {
	real, err := confineIn(root, base, p)
	if err != nil {
		return nil, err
	}
	return safefile.Read(real, kind)
}

// throughSymlink reports whether a path component below root on the way to
// p (relative to base) is a symlink.
func throughSymlink(root, base, p string) bool {
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	absRoot, err1 := filepath.Abs(root)
	absP, err2 := filepath.Abs(p)
	if err1 != nil || err2 != nil {
		return true
	}
	rel, err := filepath.Rel(absRoot, absP)
	if err != nil {
		return true
	}
	cur := absRoot
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		st, err := os.Lstat(cur)
		if err != nil {
			return false
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return true
		}
	}
	return false
}

// accessReason says in a few words why a path was not read, without
// repeating the path.
func accessReason(p string, err error) string {
	switch {
	case errors.Is(err, safefile.ErrOutside):
		if strings.Contains(err.Error(), "(through a symlink)") {
			// The same words whether or not the target exists.
			return "outside the project directory (through a symlink)"
		}
		return strings.TrimPrefix(err.Error(), p+": ")
	case errors.Is(err, fs.ErrNotExist):
		return "no such file in the project"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// fileFunc is a function of one path that reads the file and converts its
// bytes; conv returns a reason instead of a value to refuse them.
func (m *module) fileFunc(name string, conv func([]byte) (cty.Value, string)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			b, ok := m.readConfined(name, p)
			if !ok {
				return cty.UnknownVal(cty.String), nil
			}
			v, reason := conv(b)
			if reason != "" {
				m.fileNote(name, p, reason)
				return cty.UnknownVal(cty.String), nil
			}
			return v, nil
		},
	})
}

// unknownPathFunc is abspath or pathexpand: a string function whose value
// would describe the machine running Terraform, not the project. why returns
// the reason it is unknown, or "" when the path is returned unchanged.
func (m *module) unknownPathFunc(name string, why func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			if reason := why(p); reason != "" {
				m.ev.noteHere("path:"+name+":"+p, model.DiagInfo, "%s(%q): %s; the value is unknown", name, shorten(p), reason)
				return cty.UnknownVal(cty.String), nil
			}
			return cty.StringVal(p), nil
		},
	})
}

func (m *module) fileExistsFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			real, err := m.confine(p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				// Confine checks the lexical path first, so a missing file
				// outside the project is reported as outside, not false.
				return cty.False, nil
			case err != nil:
				m.fileNote("fileexists", p, accessReason(p, err))
				return cty.UnknownVal(cty.Bool), nil
			}
			st, err := os.Stat(real)
			if err != nil {
				m.fileNote("fileexists", p, accessReason(p, err))
				return cty.UnknownVal(cty.Bool), nil
			}
			if !st.Mode().IsRegular() {
				m.fileNote("fileexists", p, "not a regular file")
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.True, nil
		},
	})
}

// filesetFunc is fileset(path, pattern): the regular files under path whose
// path relative to it matches pattern (*, ?, [...], {a,b} and ** for any
// number of directories), relative and with forward slashes.
func (m *module) filesetFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := cty.UnknownVal(cty.Set(cty.String))
			base, pattern := args[0].AsString(), args[1].AsString()
			patterns, ok := expandBraces(pattern, 64)
			if !ok {
				m.fileNote("fileset", base, "the pattern has too many {a,b} alternatives")
				return unknown, nil
			}
			real, err := m.confine(base)
			if err != nil {
				m.fileNote("fileset", base, accessReason(base, err))
				return unknown, nil
			}
			var found []cty.Value
			visited := 0
			err = filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				visited++
				if visited > maxFilesetEntries {
					return errTooManyEntries
				}
				if d.IsDir() {
					return nil
				}
				if d.Type()&fs.ModeSymlink != 0 {
					// A symlink counts when it resolves to a regular file
					// inside the project.
					target, err := safefile.Confine(m.ev.root, real, p)
					if err != nil {
						return nil
					}
					if st, err := os.Stat(target); err != nil || !st.Mode().IsRegular() {
						return nil
					}
				} else if !d.Type().IsRegular() {
					return nil
				}
				rel, err := filepath.Rel(real, p)
				if err != nil {
					return nil
				}
				rel = filepath.ToSlash(rel)
				for _, pat := range patterns {
					if globMatch(pat, rel) {
						found = append(found, cty.StringVal(rel))
						break
					}
				}
				return nil
			})
			if !m.ev.chargeHere(workPerElement * int64(visited)) {
				return unknown, nil
			}
			if errors.Is(err, errTooManyEntries) {
				m.fileNote("fileset", base, "the directory has more than "+strconv.Itoa(maxFilesetEntries)+" entries")
				return unknown, nil
			}
			if len(found) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			sort.Slice(found, func(i, j int) bool { return found[i].AsString() < found[j].AsString() })
			return cty.SetVal(found), nil
		},
	})
}

var errTooManyEntries = errors.New("too many entries")

// expandBraces expands {a,b} alternatives (not nested) into separate
// patterns, at most max of them.
func expandBraces(pattern string, max int) ([]string, bool) {
	open := strings.IndexByte(pattern, '{')
	if open < 0 {
		return []string{pattern}, true
	}
	end := strings.IndexByte(pattern[open:], '}')
	if end < 0 {
		return []string{pattern}, true
	}
	end += open
	var out []string
	for _, alt := range strings.Split(pattern[open+1:end], ",") {
		rest, ok := expandBraces(pattern[end+1:], max)
		if !ok {
			return nil, false
		}
		for _, r := range rest {
			out = append(out, pattern[:open]+alt+r)
			if len(out) > max {
				return nil, false
			}
		}
	}
	return out, true
}

// globMatch matches a slash-separated relative path against a pattern whose
// segments are path.Match patterns or "**" (any number of segments).
func globMatch(pattern, name string) bool {
	return pathglob.Match(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

// templateFileFunc is templatefile(path, vars): the template is read like
// file(), parsed and evaluated with vars and the same functions (except
// templatefile itself, as in Terraform), within the evaluation budget.
func (m *module) templateFileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := cty.UnknownVal(cty.String)
			p := args[0].AsString()
			b, ok := m.readConfined("templatefile", p)
			if !ok {
				return unknown, nil
			}
			name := p
			if !filepath.IsAbs(name) {
				name = filepath.Join(m.dir, p)
			}
			// Parsing costs more than reading: count it again, eightfold.
			if !m.ev.chargeHere(8 * int64(len(b))) {
				return unknown, nil
			}
			if at, problem := nestingProblem(b); problem != "" {
				m.ev.record(m, pos(at, name), "template:"+name, model.DiagWarning, "template not evaluated: %s; the value is unknown", problem)
				return unknown, nil
			}
			expr, diags := hclsyntax.ParseTemplate(b, name, hcl.InitialPos)
			if diags.HasErrors() {
				m.addHCLDiags(diags, name)
				return unknown, nil
			}
			vars := args[1]
			if !vars.IsWhollyKnown() {
				return unknown, nil
			}
			scope := map[string]cty.Value{}
			if !vars.IsNull() {
				ty := vars.Type()
				if !ty.IsObjectType() && !ty.IsMapType() {
					m.fileNote("templatefile", p, "the second argument must be an object of template variables")
					return unknown, nil
				}
				for it := vars.ElementIterator(); it.Next(); {
					k, v := it.Element()
					scope[k.AsString()] = v
				}
			}
			if _, seen := m.src[name]; !seen {
				m.src[name] = b
			}
			expr = m.instrumentTop(expr)
			funcs := make(map[string]function.Function, len(m.funcs))
			for k, f := range m.funcs {
				if k != "templatefile" {
					funcs[k] = f
				}
			}
			ev := m.ev
			r := expr.Range()
			if !ev.enter(m, r) {
				return unknown, nil
			}
			defer ev.leave()
			v, diags := expr.Value(&hcl.EvalContext{Variables: scope, Functions: funcs})
			if diags.HasErrors() {
				d := diags[0]
				at := model.Pos{File: name}
				if d.Subject != nil {
					at = rangePos(*d.Subject)
				}
				m.ev.record(m, at, "template:"+name, model.DiagWarning, "template not evaluated: %s: %s; the value is unknown", d.Summary, d.Detail)
				return unknown, nil
			}
			v = ev.admit(m, r, v, false)
			if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
				return unknown, nil
			}
			return v, nil
		},
	})
}
