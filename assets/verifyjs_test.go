package assets

import (
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// nodePath is the node binary that runs verify.js, or "" when there is none.
var nodePath = sync.OnceValue(func() string {
	p, err := exec.LookPath("node")
	if err != nil {
		return ""
	}
	return p
})

// needNode skips t when node is not on PATH.
func needNode(t *testing.T) string {
	t.Helper()
	if nodePath() == "" {
		t.Skip("node not on PATH: verify.js is not run")
	}
	return nodePath()
}

// runJS runs verify.js with args and returns its combined output and exit status.
func runJS(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(nodePath(), append([]string{"verify.js"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		t.Fatalf("node verify.js %v: %v", args, err)
	}
	return string(out), 0
}

// firstMismatch is the path a verifier's report names first: the text
// between "不通过 FAIL: " and the next ": " of its first line ("" for a pass).
func firstMismatch(out string) string {
	line, _, _ := strings.Cut(out, "\n")
	rest, ok := strings.CutPrefix(line, "不通过 FAIL: ")
	if !ok {
		return ""
	}
	where, _, _ := strings.Cut(rest, ": ")
	return where
}

// agreeJS runs verify.js on the arguments verify.py was given and fails t
// unless it exits with the same status and names the same first mismatch;
// every agreement test that runs verify.py thereby runs verify.js too.
func agreeJS(t *testing.T, args []string, pyOut string, pyCode int) {
	t.Helper()
	if nodePath() == "" {
		t.Log("node not on PATH: verify.js not compared")
		return
	}
	out, code := runJS(t, args...)
	if code != pyCode || firstMismatch(out) != firstMismatch(pyOut) {
		t.Errorf("verify.js %v disagrees with verify.py:\nverify.js (exit %d): %s\nverify.py (exit %d): %s",
			args, code, firstLine(out), pyCode, firstLine(pyOut))
		return
	}
	// Word for word, but for the JSON parser's own error text.
	if firstLine(out) != firstLine(pyOut) && firstMismatch(out) != notJSON {
		t.Errorf("verify.js words the first mismatch otherwise:\nverify.js: %s\nverify.py: %s", firstLine(out), firstLine(pyOut))
	}
}

// notJSON is the report's path for a file that is not JSON; after it each
// verifier gives its own parser's message.
const notJSON = "记录不是有效的 JSON the record is not valid JSON"

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestVerifyJSSelftest(t *testing.T) {
	needNode(t)
	out, code := runJS(t, "selftest")
	if code != 0 || !strings.Contains(out, "全部通过") {
		t.Fatalf("verify.js selftest: exit %d\n%s", code, out)
	}
}
