package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/assets"
)

// verifier -o writes the page (0600, the embedded page byte for byte) and
// refuses, in Chinese and without writing, a folder, another extension, a
// missing folder or no -o at all.
func TestVerifierWritesThePage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "核验.html")
	code, stdout, stderr := run(t, "", "verifier", "-o", out)
	if code != 0 || !strings.Contains(stdout, "已写出离线核验网页") {
		t.Fatalf("verifier: exit %d\n%s%s", code, stdout, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("page mode %v, want 0600", fi.Mode().Perm())
	}
	got, _ := os.ReadFile(out)
	want, err := assets.VerifierPage()
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("the page written differs from the embedded one (%v)", err)
	}
	for name, c := range map[string]struct{ path, msg string }{
		"a folder":       {dir, "是一个文件夹"},
		"not .html":      {filepath.Join(dir, "核验.txt"), "扩展名应为 .html"},
		"missing folder": {filepath.Join(dir, "无此文件夹", "核验.html"), "不存在"},
		"no -o":          {"", "请用 -o 指定"},
	} {
		args := []string{"verifier"}
		if c.path != "" {
			args = append(args, "-o", c.path)
		}
		code, _, stderr := run(t, "", args...)
		if code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("%s: exit %d, stderr %q, want 2 and %q", name, code, stderr, c.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "核验.txt")); err == nil {
		t.Error("a refused path was written")
	}
}
