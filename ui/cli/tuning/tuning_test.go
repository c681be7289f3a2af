package tuning

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestMemoryLimit: the default soft limit applies unless GOMEMLIMIT is
// set, which the runtime has then read itself.
func TestMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	for _, tt := range []struct {
		env  string
		want int64
	}{
		{"", DefaultMemoryLimit},
		{"3GiB", 12345}, // left as it was
	} {
		debug.SetMemoryLimit(12345)
		stop := Start(func(k string) string {
			if k == "GOMEMLIMIT" {
				return tt.env
			}
			return ""
		}, os.Stderr)
		stop()
		if got := debug.SetMemoryLimit(-1); got != tt.want {
			t.Errorf("GOMEMLIMIT=%q: limit %d, want %d", tt.env, got, tt.want)
		}
	}
}

// TestProfiles: asked for, both profiles are written (0600); a profile that
// cannot be written is said on stderr.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"SHUANGSUI_CPUPROFILE": filepath.Join(dir, "cpu.pprof"), "SHUANGSUI_MEMPROFILE": filepath.Join(dir, "mem.pprof")}
	var stderr bytes.Buffer
	Start(func(k string) string { return env[k] }, &stderr)()
	for _, f := range []string{"cpu.pprof", "mem.pprof"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() == 0 || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", f, st, err)
		}
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
	env = map[string]string{"SHUANGSUI_MEMPROFILE": filepath.Join(dir, "no", "such", "dir", "mem.pprof")}
	Start(func(k string) string { return env[k] }, &stderr)()
	if !bytes.Contains(stderr.Bytes(), []byte("SHUANGSUI_MEMPROFILE")) {
		t.Errorf("an unwritable profile is not said: %q", stderr.String())
	}
}
