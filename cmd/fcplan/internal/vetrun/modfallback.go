package vetrun

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/fcplan/fcplan/model/safefile"
)

// A module the go command cannot use (no go.sum entry for it and no
// network, a private module, a checksum mismatch) makes the whole load fail
// when the go command needs it to build the module graph (go.mod files at
// go 1.16 and older, whose graph is not pruned): 'fcplan vet' then had
// nothing to analyze and exited 2, although most packages never import that
// module. The fallback drops the failing module's requirement from a
// temporary copy of go.mod (-modfile; go.mod itself is never written) and
// loads again: the packages that import the module get an unresolved import
// and are analyzed degraded, every other package is analyzed fully.

// maxDroppedModules bounds the retries: each drops one module.
const maxDroppedModules = 32

// failingModule matches the go command's "go: example.com/m@v1.2.3: ..."
// errors about one module.
var failingModule = regexp.MustCompile(`\bgo: ([^\s@:]+)@([^\s:]+): ([^\n]+)`)

// modFallback is a temporary go.mod for the module rooted at root, with
// the requirements of the modules that failed removed.
type modFallback struct {
	root    string // directory of the real go.mod
	file    *modfile.File
	tmpDir  string
	modPath string // the temporary go.mod
	dropped []string
}

// newModFallback prepares a fallback for the module containing dir, or
// returns nil when there is none (no go.mod above dir).
func newModFallback(dir string) (*modFallback, error) {
	root := moduleRoot(dir)
	if root == "" {
		return nil, nil
	}
	gomod := filepath.Join(root, "go.mod")
	data, err := safefile.Read(gomod, safefile.Source)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", gomod, err)
	}
	f, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "fcplan-vet-mod-")
	if err != nil {
		return nil, err
	}
	fb := &modFallback{root: root, file: f, tmpDir: tmp, modPath: filepath.Join(tmp, "go.mod")}
	// The go command reads go.sum beside the -modfile: copy the real one.
	if sum, err := safefile.Read(filepath.Join(root, "go.sum"), safefile.Source); err == nil {
		if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o600); err != nil {
			fb.Close()
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		fb.Close()
		return nil, fmt.Errorf("read %s: %w", filepath.Join(root, "go.sum"), err)
	}
	return fb, nil
}

// drop removes the requirement that loadErr names and rewrites the
// temporary go.mod; it reports false when loadErr names no module this
// go.mod requires (nothing left to try).
func (fb *modFallback) drop(loadErr error) (bool, error) {
	if len(fb.dropped) >= maxDroppedModules {
		return false, nil
	}
	for _, m := range failingModule.FindAllStringSubmatch(loadErr.Error(), -1) {
		path := m[1]
		for _, r := range fb.file.Require {
			if r.Mod.Path != path {
				continue
			}
			if err := fb.file.DropRequire(path); err != nil {
				return false, err
			}
			why, _, _ := strings.Cut(m[3], "; to add it")
			fb.dropped = append(fb.dropped, fmt.Sprintf("%s@%s: %s", m[1], m[2], strings.TrimSpace(why)))
			fb.file.Cleanup()
			data, err := fb.file.Format()
			if err != nil {
				return false, err
			}
			return true, os.WriteFile(fb.modPath, data, 0o600)
		}
	}
	return false, nil
}

// Close removes the temporary files.
func (fb *modFallback) Close() {
	if fb != nil {
		os.RemoveAll(fb.tmpDir)
	}
}

// moduleRoot returns the nearest directory at or above dir holding a
// go.mod, or "".
func moduleRoot(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !st.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
