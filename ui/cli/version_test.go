package cli

import (
	"runtime"
	"strings"
	"testing"
)

// A test binary is not stamped: version must say so, and still name the
// module and the Go version. --version prints the same as version.
func TestVersionOfADevelopmentBuild(t *testing.T) {
	code, out, errOut := run(t, "", "version")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"shuangsui 开发版本", "Go 版本:  " + runtime.Version(), "模块:", "提交:     未知", "平台:     " + runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(out, want) {
			t.Errorf("version lacks %q:\n%s", want, out)
		}
	}
	code, flagOut, _ := run(t, "", "--version")
	if code != 0 || flagOut != out {
		t.Errorf("--version: exit %d\n%s\nwant\n%s", code, flagOut, out)
	}
	_, en, _ := run(t, "", "--lang", "en", "--version")
	if !strings.Contains(en, "development build") || !strings.Contains(en, "Go version: "+runtime.Version()) {
		t.Errorf("English:\n%s", en)
	}
	if code, _, _ := run(t, "", "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d, want 2", code)
	}
}
