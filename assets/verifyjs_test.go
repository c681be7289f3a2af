package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"shuangsui/sampling"
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

// verify.js inflates what Go's compress/gzip writes, at every level and
// with the optional header fields, on random and on repetitive data; and it
// counts the bytes after the member.
func TestVerifyJSInflate(t *testing.T) {
	needNode(t)
	rng := rand.New(rand.NewPCG(16, 1))
	random := make([]byte, 300_000)
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	text := make([]byte, 0, 400_000)
	for i := 0; len(text) < 400_000; i++ {
		text = fmt.Appendf(text, "unit\t%08d\t1308%02d\t工业\t承德某某有限公司%d\n", rng.IntN(1e8), i%20, rng.IntN(50))
	}
	inputs := map[string][]byte{"empty": {}, "one byte": {'x'}, "random": random, "frame-like text": text,
		"random runs": func() []byte {
			b := make([]byte, 200_000)
			for i := 0; i < len(b); {
				n := 1 + rng.IntN(300)
				c := byte(rng.IntN(4))
				for j := 0; j < n && i < len(b); j++ {
					b[i] = c
					i++
				}
			}
			return b
		}()}
	dir := t.TempDir()
	n := 0
	for name, data := range inputs {
		for _, level := range []int{gzip.HuffmanOnly, gzip.NoCompression, gzip.BestSpeed, 5, gzip.BestCompression} {
			for _, header := range []bool{false, true} {
				var buf bytes.Buffer
				w, err := gzip.NewWriterLevel(&buf, level)
				if err != nil {
					t.Fatal(err)
				}
				if header {
					w.Name, w.Comment, w.Extra = "frame.txt", "shuangsui \u00e9", []byte{1, 2, 3, 4}
				}
				if _, err := w.Write(data); err != nil {
					t.Fatal(err)
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				trailing := 0
				if header {
					buf.WriteString("xyz") // bytes after the member are counted, not read
					trailing = 3
				}
				n++
				path := filepath.Join(dir, fmt.Sprintf("%d.gz", n))
				if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				out, code := runJS(t, "gunzip", path)
				want := fmt.Sprintf("%x %d %d", sha256.Sum256(data), len(data), trailing)
				if code != 0 || strings.TrimSpace(out) != want {
					t.Errorf("%s, level %d, header %v: exit %d, %q, want %q", name, level, header, code, strings.TrimSpace(out), want)
				}
			}
		}
	}
	// A member cut short, and one with a byte of its data changed, are refused.
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(text)
	w.Close()
	gz := buf.Bytes()
	bad := map[string][]byte{"cut short": gz[:len(gz)/2], "changed": append(append([]byte{}, gz[:100]...), append([]byte{gz[100] ^ 0x10}, gz[101:]...)...)}
	for name, data := range bad {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".gz")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, code := runJS(t, "gunzip", path); code == 0 {
			t.Errorf("%s: inflated: %s", name, out)
		}
	}
}

// TestVerifyJSSaysWhenATextIsTooLong: a frame text longer than the
// JavaScript engine can make one string of (as the 633 MB frame of a
// 10M-unit record) is "cannot verify here" with exit status 2, never "not
// UTF-8" nor a FAIL: nothing is known against the record. The engine's
// limit is played by a TextDecoder that throws for the frame text what
// node throws (an Error with the code ERR_STRING_TOO_LONG) or what a
// browser throws (a RangeError).
func TestVerifyJSSaysWhenATextIsTooLong(t *testing.T) {
	node := needNode(t)
	p, _ := sealedRecord(t, "toolong", testFrame(sampling.MethodSimple, false, 3, 2), false)
	for _, throw := range []string{
		`Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), {code: "ERR_STRING_TOO_LONG"})`,
		`new RangeError("Invalid string length")`,
	} {
		script := `
const Real = globalThis.TextDecoder;
globalThis.TextDecoder = class extends Real {
  decode(b) {
    if (b && b.length > 15 && Buffer.from(b.subarray(0, 15)).toString() === "shuangsui-frame") throw ` + throw + `;
    return super.decode(b);
  }
};
process.exitCode = require("./verify.js").main(["record", process.argv[1]]);
`
		out, err := exec.Command(node, "-e", script, p).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != 2 || !strings.Contains(string(out), "无法核验 CANNOT VERIFY") || !strings.Contains(string(out), "verify.py") ||
			strings.Contains(string(out), "不通过") || strings.Contains(string(out), "UTF-8") {
			t.Errorf("%s: exit %d:\n%s", throw, code, out)
		}
	}
	if out, code := runJS(t, "record", p); code != 0 {
		t.Fatalf("the same record with the real decoder: exit %d\n%s", code, out)
	}
}
