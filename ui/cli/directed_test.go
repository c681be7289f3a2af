package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangsui/sampling"
)

// writeAnswers writes the demo answers changed by edit.
func writeAnswers(t *testing.T, dir, name string, edit func(a map[string]any)) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "assets", "demo", "answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var a map[string]any
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	edit(a)
	out, _ := json.Marshal(a)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A directed draw of the key units of two counties on the demo data takes
// every one of them, verifies, and its result counts in coverage (one key
// unit fewer to go); a joint draw with the partner's list names the
// partner on the sheet; bad answers are refused naming what is wrong.
func TestDirectedAndJointDraws(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	_, before, _ := runCLI(t, db, "coverage", "--year", "2026", "--as-of", "2026-11-25")
	key := writeAnswers(t, dir, "key.json", func(a map[string]any) {
		p := a["params"].(map[string]any)
		delete(p, "counties")
		delete(p, "units_per_county")
		p["members"] = 1
		a["directed"] = "key"
		a["directed_counties"] = []string{"130803", "130804"}
	})
	rec := filepath.Join(dir, "key-record.json")
	code, out, errs := runCLI(t, db, "draw", "--answers", key, "--out", rec)
	if code != 0 || !strings.Contains(out, "检查方式: 定向检查(重点单位)") {
		t.Fatalf("directed draw: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, db, "verify", rec); code != 0 {
		t.Fatalf("verify: %q", errs)
	}
	b, _ := os.ReadFile(rec)
	r, err := sampling.ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	_, f, _, err := sampling.DecodeCommit(r.Steps[0].Payload)
	if err != nil || f.Directed == nil || f.Directed.Kind != "key" {
		t.Fatalf("frame: %+v %v", f.Directed, err)
	}
	for _, u := range f.Units {
		found := false
		for _, ud := range r.Result.Units {
			for _, p := range sampling.Drawn(ud.Picks) {
				found = found || p.ID == u.ID
			}
		}
		if !found {
			t.Errorf("key unit %s of the frame was not drawn", u.ID)
		}
	}
	if !strings.Contains(before, "本年尚未检查的重点单位: 94 个") {
		t.Fatalf("coverage before: %s", before)
	}
	unit := r.Result.Units[0].Picks[0].ID
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", r.Ceremony, "--unit", unit, "--start", "2026-11-26", "--end", "2026-11-27", "--codes", "未发现问题", "--by", "张明"); code != 0 {
		t.Fatal(errs)
	}
	_, after, _ := runCLI(t, db, "coverage", "--year", "2026", "--as-of", "2026-11-27")
	if !strings.Contains(after, "本年尚未检查的重点单位: 93 个") || !strings.Contains(after, "定向检查 1 次") {
		t.Fatalf("coverage after: %s", after)
	}
	// Published, the 公示表 says 定向检查 in its 抽查类型 column.
	if code, _, errs := runCLI(t, db, "publication", "mark", "--ceremony", r.Ceremony, "--unit", unit, "--date", "2026-11-28", "--by", "王芳"); code != 0 {
		t.Fatal(errs)
	}
	table := filepath.Join(dir, "公示表.xlsx")
	if code, _, errs := runCLI(t, db, "publication", "export", "--round", r.Info.Round, "-o", table); code != 0 {
		t.Fatal(errs)
	}
	x, err := excelize.OpenFile(table)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(x.GetSheetList()[0])
	found := false
	for _, row := range rows {
		found = found || strings.Contains(strings.Join(row, "|"), unit+"|") && strings.Contains(strings.Join(row, "|"), "|定向检查(重点单位)|")
	}
	if !found {
		t.Fatalf("公示表 lacks the directed row: %v", rows)
	}
	// Joint, with the partner's list in a CSV file.
	list := filepath.Join(dir, "名单.csv")
	os.WriteFile(list, []byte("统一社会信用代码,单位名称\n"+f.Units[0].ID+",甲\n"+f.Units[1].ID+",乙\n"), 0o600)
	joint := writeAnswers(t, dir, "joint.json", func(a map[string]any) {
		p := a["params"].(map[string]any)
		delete(p, "counties")
		delete(p, "units_per_county")
		a["directed"], a["reason"], a["list_file"], a["list_source"] = "list", "企业年报联合抽查", list, "市场监督管理局提供"
		a["partner"] = "承德市市场监督管理局"
	})
	jrec := filepath.Join(dir, "joint-record.json")
	if code, out, errs := runCLI(t, db, "draw", "--answers", joint, "--out", jrec); code != 0 || !strings.Contains(out, "跨部门联合检查(与承德市市场监督管理局") {
		t.Fatalf("joint draw: %d %q %q", code, out, errs)
	}
	sheet := filepath.Join(dir, "s.txt")
	if code, _, errs := runCLI(t, db, "sheet", jrec, "-o", sheet); code != 0 {
		t.Fatal(errs)
	}
	text, _ := os.ReadFile(sheet)
	for _, want := range []string{"联合检查部门", "承德市市场监督管理局", "名单来源", "名单.csv"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	// A tired clerk's answers.
	for _, tc := range []struct {
		edit func(a map[string]any)
		want string
	}{
		{func(a map[string]any) { a["directed"] = "keys" }, "directed \"keys\" 无效"},
		{func(a map[string]any) { a["directed"] = "key" }, "不能再给 params.counties"},
		{func(a map[string]any) { a["reason"] = "x" }, "但没有 \"directed\""},
		{func(a map[string]any) {
			p := a["params"].(map[string]any)
			delete(p, "counties")
			delete(p, "units_per_county")
			a["directed"], a["reason"], a["list"], a["list_source"] = "list", "r", []string{"NO-SUCH-UNIT"}, "s"
		}, "第 1 项 NO-SUCH-UNIT: 名录库中没有这个单位"},
	} {
		bad := writeAnswers(t, dir, "bad.json", tc.edit)
		if code, _, errs := runCLI(t, db, "draw", "--answers", bad, "--out", filepath.Join(dir, "bad-record.json")); code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("want %q: %d %q", tc.want, code, errs)
		}
	}
}
