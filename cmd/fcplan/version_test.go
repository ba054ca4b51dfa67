package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionSameEverywhere: --version and the version command print the
// same line.
func TestVersionSameEverywhere(t *testing.T) {
	var a, b bytes.Buffer
	if code := Execute([]string{"--version"}, &Streams{In: strings.NewReader(""), Out: &a, ErrOut: &a}); code != ExitOK {
		t.Fatalf("--version: exit %d: %s", code, a.String())
	}
	if code := Execute([]string{"version"}, &Streams{In: strings.NewReader(""), Out: &b, ErrOut: &b}); code != ExitOK {
		t.Fatalf("version: exit %d: %s", code, b.String())
	}
	if a.String() != b.String() || !strings.HasPrefix(a.String(), "fcplan ") {
		t.Errorf("--version printed %q, version printed %q: want one line, the same", a.String(), b.String())
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Path: "github.com/fcplan/fcplan", Version: "v0.4.0-0.20261205021000-0123456789ab+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-12-05T02:10:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	clean := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "fedcba9876543210"}, {Key: "vcs.modified", Value: "false"}}}
	devel := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}
	for _, tc := range []struct {
		name    string
		bi      *debug.BuildInfo
		ok      bool
		version string
		line    string
	}{
		{"stamped dirty", stamped, true, "v0.4.0-0.20261205021000-0123456789ab+dirty",
			"fcplan v0.4.0-0.20261205021000-0123456789ab+dirty (commit 0123456789ab modified, 2026-12-05T02:10:00Z, go1.26.0)"},
		{"tagged clean", clean, true, "v1.2.3", "fcplan v1.2.3 (commit fedcba987654, go1.26.0)"},
		{"go run", devel, true, "dev", "fcplan dev (go1.26.0)"},
		{"no build info", nil, false, "dev", "fcplan dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := buildVersion(tc.bi, tc.ok); got != tc.version {
				t.Errorf("buildVersion = %q, want %q", got, tc.version)
			}
			saved := version
			version = tc.version
			defer func() { version = saved }()
			if got := versionLine(tc.bi, tc.ok); got != tc.line {
				t.Errorf("versionLine = %q, want %q", got, tc.line)
			}
		})
	}
}
