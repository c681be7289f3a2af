package assets

import (
	"regexp"
	"strings"
	"testing"
)

// bothRefuse fails unless verify and verify.py (at py) both refuse the
// record at p; sameStep: and both name the same step (or the same summary
// member) as the first that differs.
func bothRefuse(t *testing.T, py, p string, sameStep bool) {
	t.Helper()
	goErr := goVerify(p)
	out, code := runPy(t, py, "record", p)
	if goErr == nil || code != 1 {
		t.Fatalf("go: %v; python exit %d: %s", goErr, code, out)
	}
	step := regexp.MustCompile(`第 \d+ 步`)
	if g, s := step.FindString(goErr.Error()), step.FindString(out); sameStep && g != s {
		t.Errorf("go names %q, python %q:\n%v\n%s", g, s, goErr, out)
	}
	t.Logf("go: %v\npython: %s", goErr, strings.TrimSpace(out))
}
