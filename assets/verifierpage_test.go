package assets

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// The page is verify.js inside verifier.html, whole, and reaches for no
// network: no address, no file or script loaded from anywhere.
func TestVerifierPageIsSelfContained(t *testing.T) {
	page, err := VerifierPage()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, verifyJS) || bytes.Contains(page, placeholder) {
		t.Fatal("the page does not hold verify.js in place of its placeholder")
	}
	for _, bad := range []string{"http:", "https:", "//cdn", " src=", "<link", "@import", "fetch("} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !bytes.Contains(page, []byte("default-src 'none'")) {
		t.Error("the page has no Content-Security-Policy forbidding loads")
	}
}

// chromium is the headless browser the page tests drive, or "" without one.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageDOM opens dir/核验.html#record=name (with ?query) in headless
// Chromium from its file URL and returns the DOM after the page settled.
func pageDOM(t *testing.T, browser, dir, name, query string) string {
	t.Helper()
	u := url.URL{Scheme: "file", Path: filepath.Join(dir, "核验.html"), RawQuery: query, Fragment: "record=" + name}
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--allow-file-access-from-files",
		"--virtual-time-budget=30000", "--dump-dom", u.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", u.String(), err, stderr.String())
	}
	return string(out)
}

// attr is the value of the first attribute name="…" in dom after marker.
func attr(dom, marker, name string) string {
	i := strings.Index(dom, marker)
	if i < 0 {
		return ""
	}
	m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(dom[i:])
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// text is the text of the element with the given id (no nested elements).
func text(dom, id string) string {
	m := regexp.MustCompile(`id="` + id + `"[^>]*>([^<]*)<`).FindStringSubmatch(dom)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// The page, opened from a file URL in headless Chromium, verifies a good
// record (verdict, verification code, current head, seed, F) and names the
// first difference of a tampered one, in Chinese and in English.
func TestVerifierPageInChromium(t *testing.T) {
	browser := chromium()
	if browser == "" {
		t.Skip("chromium not on PATH (bash .ci/deps installs it): the page is not driven")
	}
	page, err := VerifierPage()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "核验.html"), page, 0o600); err != nil {
		t.Fatal(err)
	}
	_, good := sealedRecord(t, "page", testFrame(sampling.MethodSystematic, false, 3, 2), true)
	var rec struct{ Seed, Fingerprint, VerificationCode, Head string }
	if err := json.Unmarshal(good, &rec); err != nil {
		t.Fatal(err)
	}
	rec.VerificationCode = attrFromJSON(t, good, "verification_code")
	rec.Head = attrFromJSON(t, good, "head")
	if err := os.WriteFile(filepath.Join(dir, "记录.json"), good, 0o600); err != nil {
		t.Fatal(err)
	}
	tampered := tamper(t, good, "seed", func(r map[string]any) {
		r["seed"] = strings.Replace(r["seed"].(string), "3", "4", 1)
	})
	data, err := os.ReadFile(tampered)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tampered.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}

	dom := pageDOM(t, browser, dir, "记录.json", "")
	if v := attr(dom, "<body", "data-verdict"); v != "pass" {
		t.Fatalf("good record: verdict %q\n%s", v, dom)
	}
	for id, want := range map[string]string{"code": rec.VerificationCode, "head": rec.Head, "fingerprint": rec.Fingerprint} {
		if got := attr(dom, `id="`+id+`"`, "data-value"); got != want || want == "" {
			t.Errorf("good record: %s shows %q, want %q", id, got, want)
		}
	}
	if !strings.Contains(dom, rec.Seed) || !strings.Contains(dom, "通过") {
		t.Errorf("good record: seed %q or 通过 not shown", rec.Seed)
	}
	if rec.VerificationCode == rec.Head {
		t.Error("the test record should have steps after the seal (head ≠ verification code)")
	}

	dom = pageDOM(t, browser, dir, "tampered.json", "")
	if v := attr(dom, "<body", "data-verdict"); v != "fail" {
		t.Fatalf("tampered record: verdict %q", v)
	}
	if w := text(dom, "where"); w != "seed" || !strings.Contains(text(dom, "what"), "记录为 recorded") || !strings.Contains(dom, "不通过") {
		t.Errorf("tampered record: first difference %q: %q", w, text(dom, "what"))
	}
	dom = pageDOM(t, browser, dir, "tampered.json", "lang=en")
	if !strings.Contains(text(dom, "verdict"), "FAIL") || text(dom, "where") != "seed" {
		t.Errorf("tampered record in English: verdict %q, where %q", text(dom, "verdict"), text(dom, "where"))
	}
}

// attrFromJSON is the string member name of the JSON object data.
func attrFromJSON(t *testing.T, data []byte, name string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	s, _ := m[name].(string)
	return s
}
