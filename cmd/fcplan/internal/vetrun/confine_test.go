package vetrun

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckTree(t *testing.T) {
	write := func(t *testing.T, path, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(t *testing.T, target, path string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, proj, outside string)
		want  string // "" = accepted
	}{
		{"plain module", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "go.mod"), "module m\n\ngo 1.22\n")
			write(t, filepath.Join(proj, "a.go"), "package m\n")
		}, ""},
		{"replace inside", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "svc", "go.mod"), "module m\n\ngo 1.22\n\nreplace example.com/lib => ../lib\n")
			write(t, filepath.Join(proj, "lib", "go.mod"), "module example.com/lib\n")
		}, ""},
		{"replace by module path", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "go.mod"), "module m\n\ngo 1.22\n\nreplace example.com/lib => example.com/fork v1.0.0\n")
		}, ""},
		{"symlink inside", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "real.go"), "package m\n")
			link(t, filepath.Join(proj, "real.go"), filepath.Join(proj, "alias.go"))
		}, ""},
		{"Go file to the environment", func(t *testing.T, proj, _ string) {
			link(t, "/proc/self/environ", filepath.Join(proj, "a", "e.go"))
		}, "e.go"},
		{"Go file outside", func(t *testing.T, proj, outside string) {
			link(t, filepath.Join(outside, "secret.go"), filepath.Join(proj, "x.go"))
		}, "x.go"},
		{"go.mod to /dev/zero", func(t *testing.T, proj, _ string) {
			link(t, "/dev/zero", filepath.Join(proj, "go.mod"))
		}, "go.mod"},
		{"go.sum outside", func(t *testing.T, proj, outside string) {
			link(t, filepath.Join(outside, "secret.go"), filepath.Join(proj, "go.sum"))
		}, "go.sum"},
		{"replace outside", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "go.mod"), "module m\n\ngo 1.22\n\nreplace example.com/lib => ../outside/lib\n")
		}, `go.mod:5: "../outside/lib" is outside`},
		{"absolute replace", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "go.mod"), "module m\n\ngo 1.22\n\nreplace (\n\texample.com/lib => /etc\n)\n")
		}, `go.mod:6: "/etc" is outside`},
		{"go.work use outside", func(t *testing.T, proj, _ string) {
			write(t, filepath.Join(proj, "go.work"), "go 1.22\n\nuse ../outside\n")
		}, `go.work:3: "../outside" is outside`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			proj, outside := filepath.Join(root, "proj"), filepath.Join(root, "outside")
			write(t, filepath.Join(outside, "secret.go"), "package x // secret\n")
			if err := os.MkdirAll(proj, 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, proj, outside)
			err := checkTree(proj, proj)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrOutsideProject) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want ErrOutsideProject naming %q", err, tt.want)
			}
		})
	}
}

// A monorepo's module may replace a sibling: the boundary is the
// repository, found by its .git entry.
func TestProjectRootIsTheRepository(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	svc := filepath.Join(repo, "services", "api")
	if err := os.MkdirAll(svc, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(svc, "go.mod"), []byte("module api\n\ngo 1.22\n\nreplace example.com/lib => ../../lib\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := projectRoot(svc); got != repo {
		t.Errorf("projectRoot = %s, want %s", got, repo)
	}
	if err := checkTree(projectRoot(svc), svc); err != nil {
		t.Errorf("a replace inside the repository was refused: %v", err)
	}
	if err := checkTree(svc, svc); !errors.Is(err, ErrOutsideProject) {
		t.Errorf("with the module as the root, the replace was accepted: %v", err)
	}
}
