package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func info(settings ...string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		bi := &debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Path: "shuangsui", Version: "(devel)"}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi, true
	}
}

func TestBuildLine(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, c := range []struct {
		name, v, commit, date string
		read                  func() (*debug.BuildInfo, bool)
		want                  string
		stamped               bool
	}{
		{"stamped by .ci/dist", "v1.2.0", rev, "2026-11-30T08:15:00Z", info("vcs.revision", "ffff", "vcs.modified", "true"),
			"shuangsui v1.2.0 (0123456789ab, 2026-11-30)", true},
		{"stamped, git describe between tags", "v1.2.0-3-g0123456-dirty", rev, "2026-11-30T08:15:00Z", info(),
			"shuangsui v1.2.0-3-g0123456-dirty (0123456789ab, 2026-11-30)", true},
		{"go build in a clean checkout", "", "", "", info("vcs.revision", rev, "vcs.time", "2026-11-30T08:15:00Z", "vcs.modified", "false"),
			"shuangsui 开发版本 (development build, 0123456789ab, go1.99.1)", false},
		{"go build with changes", "", "", "", info("vcs.revision", rev, "vcs.modified", "true"),
			"shuangsui 开发版本 (development build, 0123456789ab 已修改 (modified), go1.99.1)", false},
		{"go build -buildvcs=false", "", "", "", info(),
			"shuangsui 开发版本 (development build, go1.99.1)", false},
		{"no build information at all", "", "", "", func() (*debug.BuildInfo, bool) { return nil, false },
			"shuangsui 开发版本 (development build, go", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := get(c.v, c.commit, c.date, c.read)
			if got := b.String(); !strings.HasPrefix(got, c.want) {
				t.Errorf("String() = %q, want %q", got, c.want)
			}
			if b.Stamped != c.stamped {
				t.Errorf("Stamped = %v", b.Stamped)
			}
		})
	}
}

// A stamped build keeps the stamped commit and date even when the toolchain
// recorded others; an unstamped one takes the toolchain's.
func TestBuildFields(t *testing.T) {
	b := get("v1.0.0", "abc", "2026-01-02T03:04:05Z", info("vcs.revision", "def", "vcs.time", "2020-01-01T00:00:00Z"))
	if b.Commit != "abc" || b.Date != "2026-01-02T03:04:05Z" || b.Module != "shuangsui (devel)" || b.GoVersion != "go1.99.1" {
		t.Errorf("stamped: %+v", b)
	}
	b = get("", "", "", info("vcs.revision", "def", "vcs.time", "2020-01-01T00:00:00Z", "vcs.modified", "true"))
	if b.Commit != "def" || b.Date != "2020-01-01T00:00:00Z" || !b.Dirty || b.Stamped {
		t.Errorf("unstamped: %+v", b)
	}
}
