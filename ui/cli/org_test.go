package cli

import (
	"os"
	"path/filepath"
	"shuangsui/sampling"
	"strings"
	"testing"
)

// org --level county puts the rule into the next frame: the record says
// home_county_allowed, verifies, and the sheet prints the rule; a typo in
// the level is a usage error.
func TestOrgLevelCounty(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	if code, out, _ := runCLI(t, db, "org"); code != 0 || !strings.Contains(out, "市级统计局") {
		t.Fatalf("default: %d %q", code, out)
	}
	if code, _, errs := runCLI(t, db, "org", "--level", "twon"); code != 2 || !strings.Contains(errs, "单位级别 \"twon\" 无效") {
		t.Fatalf("typo: %d %q", code, errs)
	}
	if code, out, errs := runCLI(t, db, "org", "--level", "county"); code != 0 || !strings.Contains(out, "可选派本县执法人员") {
		t.Fatalf("county: %d %q %q", code, out, errs)
	}
	rec := filepath.Join(dir, "r.json")
	if code, _, errs := runCLI(t, db, "draw", "--answers", filepath.Join("..", "..", "assets", "demo", "answers.json"), "--out", rec); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(rec)
	r, err := sampling.ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, f, _, err := sampling.DecodeCommit(r.Steps[0].Payload); err != nil || !f.HomeCountyAllowed {
		t.Fatalf("the record's frame lacks the rule: %v", err)
	}
	if code, _, errs := runCLI(t, db, "verify", rec); code != 0 {
		t.Fatalf("verify: %q", errs)
	}
	sheet := filepath.Join(dir, "s.txt")
	if code, _, errs := runCLI(t, db, "sheet", rec, "-o", sheet); code != 0 {
		t.Fatal(errs)
	}
	if s, _ := os.ReadFile(sheet); !strings.Contains(string(s), "本县人员          县级统计局:可选派本县执法人员") {
		t.Fatalf("the sheet does not print the rule:\n%s", s)
	}
}
