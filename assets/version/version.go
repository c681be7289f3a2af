// Package version is what a shuangsui binary knows about its own build:
// the version, commit and build date that .ci/dist stamps into it at link
// time, and the module and Go version that the Go toolchain records in
// every binary.
//
// .ci/dist links with
//
//	-ldflags "-X shuangsui/assets/version.Version=v1.2.0
//	          -X shuangsui/assets/version.Commit=<40 hex digits>
//	          -X shuangsui/assets/version.Date=<commit time, RFC 3339 UTC>"
//
// A plain `go build` or `go run` stamps nothing: such a build says so
// ("开发版本", a development build) instead of inventing a version, and
// still names the module, the Go version and, when the toolchain recorded
// them, the VCS revision and time.
//
// The version is informational wherever it is written (records, witness
// sheets, 公示表, exports): it names the program that wrote the file and is
// never part of a hash that another build must reproduce.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Stamped at link time by .ci/dist; empty in a development build.
var (
	Version string // e.g. "v1.2.0" or "v1.2.0-3-g1a2b3c4-dirty" (git describe)
	Commit  string // the full commit hash
	Date    string // the commit's time, RFC 3339 in UTC (not the wall clock: builds are reproducible)
)

// Name is the program's name as records and printouts give it.
const Name = "shuangsui"

// Build describes one binary.
type Build struct {
	Stamped   bool   // Version was set at link time
	Version   string // the stamped version; "" when not stamped
	Commit    string // stamped, else the toolchain's vcs.revision, else ""
	Date      string // stamped, else the toolchain's vcs.time, else ""
	Dirty     bool   // the toolchain recorded vcs.modified=true (development builds only)
	Module    string // the main module's path and version, e.g. "shuangsui (devel)"
	GoVersion string // e.g. "go1.26.8"
}

// Get returns the build of the running binary.
func Get() Build {
	return get(Version, Commit, Date, debug.ReadBuildInfo)
}

func get(v, commit, date string, read func() (*debug.BuildInfo, bool)) Build {
	b := Build{Stamped: v != "", Version: v, Commit: commit, Date: date, GoVersion: runtime.Version(), Module: Name}
	bi, ok := read()
	if !ok {
		return b
	}
	if bi.GoVersion != "" {
		b.GoVersion = bi.GoVersion
	}
	b.Module = bi.Main.Path
	if bi.Main.Version != "" {
		b.Module += " " + bi.Main.Version
	}
	if b.Stamped {
		return b
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if b.Commit == "" {
				b.Commit = s.Value
			}
		case "vcs.time":
			if b.Date == "" {
				b.Date = s.Value
			}
		case "vcs.modified":
			b.Dirty = s.Value == "true"
		}
	}
	return b
}

// String is the one line that records, sheets and exports carry, e.g.
// "shuangsui v1.2.0 (1a2b3c4d5e6f, 2026-11-30)", or for a development
// build "shuangsui 开发版本 (development build, 1a2b3c4d5e6f 已修改, go1.26.8)".
func (b Build) String() string {
	if b.Stamped {
		var extra []string
		if b.Commit != "" {
			extra = append(extra, short(b.Commit))
		}
		if b.Date != "" {
			extra = append(extra, day(b.Date))
		}
		if len(extra) == 0 {
			return Name + " " + b.Version
		}
		return fmt.Sprintf("%s %s (%s)", Name, b.Version, strings.Join(extra, ", "))
	}
	extra := []string{"development build"}
	if b.Commit != "" {
		c := short(b.Commit)
		if b.Dirty {
			c += " 已修改 (modified)"
		}
		extra = append(extra, c)
	}
	extra = append(extra, b.GoVersion)
	return fmt.Sprintf("%s 开发版本 (%s)", Name, strings.Join(extra, ", "))
}

// String is Get().String(): the program as records and printouts name it.
func String() string { return Get().String() }

// short is the first 12 hex digits of a commit hash.
func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// day is the date part of an RFC 3339 time.
func day(t string) string {
	if d, _, ok := strings.Cut(t, "T"); ok {
		return d
	}
	return t
}
