package assets

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	var subs struct{ Substitutions []struct{ In string } }
	if err := json.Unmarshal(good, &subs); err != nil {
		t.Fatal(err)
	}
	table := regexp.MustCompile(`<table id="subs">(.*?)</table>`).FindStringSubmatch(dom)
	if table == nil || strings.Count(table[1], "<tr>") != len(subs.Substitutions)+1 || len(subs.Substitutions) == 0 ||
		!strings.Contains(table[1], "<td>"+subs.Substitutions[0].In+"</td>") {
		t.Errorf("good record: the substitutions are not listed (%d in the record): %q", len(subs.Substitutions), table)
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

// The page verifies a record chosen in its file input (the path a person
// takes: click, choose the file), driven through the DevTools protocol:
// the good record passes with its codes shown, the tampered one fails
// naming seed; and a file that is not a record is refused, not crashed on.
func TestVerifierPageChooseFile(t *testing.T) {
	browser := chromium()
	if browser == "" {
		t.Skip("chromium not on PATH (bash .ci/deps installs it): the page is not driven")
	}
	page, err := VerifierPage()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pagePath := filepath.Join(dir, "核验.html")
	if err := os.WriteFile(pagePath, page, 0o600); err != nil {
		t.Fatal(err)
	}
	goodPath, good := sealedRecord(t, "choose", testFrame(sampling.MethodSimple, true, 3, 2), true)
	bad := tamper(t, good, "choose-seed", func(r map[string]any) {
		r["seed"] = strings.Replace(r["seed"].(string), "3", "4", 1)
	})
	notJSON := filepath.Join(dir, "照片.json")
	if err := os.WriteFile(notJSON, []byte("\x89PNG\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDevtools(t, browser)
	pageURL := (&url.URL{Scheme: "file", Path: pagePath}).String()

	ms := d.chooseFile(t, pageURL, goodPath)
	if v := d.eval(t, `document.body.getAttribute("data-verdict")`); v != "pass" {
		t.Fatalf("good record chosen: verdict %q: %s", v, d.eval(t, `document.getElementById("what").textContent`))
	}
	if got, want := d.eval(t, `document.getElementById("code").getAttribute("data-value")`), attrFromJSON(t, good, "verification_code"); got != want {
		t.Errorf("good record chosen: code %q, want %q", got, want)
	}
	if got := d.eval(t, `document.getElementById("verdict").textContent`); !strings.Contains(got, "通过") {
		t.Errorf("good record chosen: verdict text %q", got)
	}
	t.Logf("good record verified in the page in %s ms", ms)

	d.chooseFile(t, pageURL, bad)
	if v, w := d.eval(t, `document.body.getAttribute("data-verdict")`), d.eval(t, `document.getElementById("where").textContent`); v != "fail" || w != "seed" {
		t.Errorf("tampered record chosen: verdict %q, where %q", v, w)
	}
	d.chooseAgain(t, goodPath) // the same page, another file: the verdict follows the file
	if v := d.eval(t, `document.body.getAttribute("data-verdict")`); v != "pass" {
		t.Errorf("good record chosen again on the same page: verdict %q", v)
	}
	d.chooseAgain(t, goodPath) // the same file twice in a row is verified again
	if v := d.eval(t, `document.body.getAttribute("data-verdict")`); v != "pass" {
		t.Errorf("good record chosen twice: verdict %q", v)
	}
	d.chooseFile(t, pageURL, notJSON)
	if v, w := d.eval(t, `document.body.getAttribute("data-verdict")`), d.eval(t, `document.getElementById("where").textContent`); v != "fail" || !strings.Contains(w, "不是有效的 JSON") {
		t.Errorf("not a record: verdict %q, where %q", v, w)
	}
}

// BenchmarkVerifierPage is the figure of README: the record named by
// SHUANGSUI_BENCH_RECORD (.ci/pagebench.sh makes one of 100 000 units),
// chosen in the page in headless Chromium; page-ms is the time the page
// itself measured for verifying, ns/op the whole choose-and-wait.
func BenchmarkVerifierPage(b *testing.B) {
	record := os.Getenv("SHUANGSUI_BENCH_RECORD")
	if record == "" {
		b.Skip("SHUANGSUI_BENCH_RECORD not set (bash .ci/pagebench.sh sets it)")
	}
	browser := chromium()
	if browser == "" {
		b.Skip("chromium not on PATH")
	}
	page, err := VerifierPage()
	if err != nil {
		b.Fatal(err)
	}
	pagePath := filepath.Join(b.TempDir(), "核验.html")
	if err := os.WriteFile(pagePath, page, 0o600); err != nil {
		b.Fatal(err)
	}
	d := startDevtools(b, browser)
	pageURL := (&url.URL{Scheme: "file", Path: pagePath}).String()
	total := 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ms := d.chooseFile(b, pageURL, record)
		if v := d.eval(b, `document.body.getAttribute("data-verdict")`); v != "pass" {
			b.Fatalf("verdict %q: %s", v, d.eval(b, `document.getElementById("what").textContent`))
		}
		var n float64
		fmt.Sscan(ms, &n)
		total += n
	}
	b.ReportMetric(total/float64(b.N), "page-ms")
}
