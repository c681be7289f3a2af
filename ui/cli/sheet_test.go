package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangsui/sampling"
	"shuangsui/store"
)

// sheetFrame is a small feasible frame: three counties of three units,
// eight inspectors of the city bureau.
func sheetFrame() sampling.Frame {
	f := sampling.Frame{
		Matter:   sampling.Matter{Code: "TJ-01", Version: 1, Name: "原始记录和统计台账", Specialty: "综合"},
		DrawDate: "2026-11-25",
		Params:   sampling.Params{Counties: 1, UnitsPerCounty: 2, Method: sampling.MethodSimple, Members: 1, Alternates: 1},
	}
	for i, name := range []string{"双桥区", "承德县", "隆化县"} {
		id := fmt.Sprintf("13080%d", i+2)
		f.Counties = append(f.Counties, sampling.County{ID: id, Name: name})
		for u := range 3 {
			f.Units = append(f.Units, sampling.Unit{ID: fmt.Sprintf("9113%s%07d", id, i*10+u), County: id, Name: name + fmt.Sprintf("第%d单位有限公司", u+1), Category: "规上工业"})
		}
	}
	for i := range 8 {
		f.Inspectors = append(f.Inspectors, sampling.Inspector{ID: fmt.Sprintf("130800%04d", i), Name: fmt.Sprintf("检查员%d", i),
			Specialties: []string{"综合"}, LeaderQualified: i < 3, Active: true, ValidUntil: "2028-12-31"})
	}
	return f
}

// sheetDB stores a ceremony run up to stop and returns the database path,
// the ceremony id and its state.
func sheetDB(t *testing.T, stop sampling.Phase) (string, string, *sampling.Ceremony) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.db")
	at := time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	db, err := store.Open(path, store.Options{Now: func() time.Time { at = at.Add(time.Minute); return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id, err := db.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	c := &sampling.Ceremony{}
	step := func(kind string, payload []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.AppendStep(id, kind, payload)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Apply(s); err != nil {
			t.Fatal(err)
		}
	}
	step(c.Commit(sampling.Info{Organisation: "承德市统计局", Operator: "李明", Supervisor: "王芳", Place: "三楼会议室"}, sheetFrame()))
	if stop == sampling.PhaseWitnesses {
		return path, id, c
	}
	step(c.AddWitness(sampling.Witness{Name: "张建国", Role: "市人大代表", Digits: "3827190477"}))
	step(c.AddWitness(sampling.Witness{Name: "刘秀英", Role: "企业代表", Digits: "7731502846"}))
	step(c.FixSeed())
	for c.Phase != sampling.PhaseSealed {
		step(c.Next())
	}
	return path, id, c
}

func TestSheetFromDB(t *testing.T) {
	dbPath, id, c := sheetDB(t, sampling.PhaseSealed)
	dir := t.TempDir()
	txt, xlsx := filepath.Join(dir, "s.txt"), filepath.Join(dir, "s.xlsx")
	code, out, errOut := run(t, "", "sheet", "--db", dbPath, id, "-o", txt)
	if code != 0 || !strings.Contains(out, c.VerificationCode()) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	b, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), c.VerificationCode()) || !strings.Contains(string(b), "抽取结果") {
		t.Errorf("text sheet lacks the code:\n%s", b)
	}
	code, _, errOut = run(t, "", "sheet", id, "-o", xlsx, "--db", dbPath, "--kind", "final")
	if code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, errOut)
	}
	for _, p := range []string{txt, xlsx} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", p, fi.Mode(), err)
		}
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.SearchSheet("见证记录", c.VerificationCode()); len(got) == 0 {
		t.Error("xlsx lacks the verification code")
	}
}

func TestSheetPreFromDB(t *testing.T) {
	dbPath, id, c := sheetDB(t, sampling.PhaseWitnesses)
	txt := filepath.Join(t.TempDir(), "pre.txt")
	code, out, errOut := run(t, "", "--lang", "en", "sheet", "--db", dbPath, id, "-o", txt)
	if code != 0 || !strings.Contains(out, "pre-draw") || !strings.Contains(out, c.Fingerprint) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = run(t, "", "sheet", "--db", dbPath, id, "-o", txt, "--kind", "final")
	if code != 1 || !strings.Contains(errOut, "尚未封存") {
		t.Fatalf("final sheet of an unsealed ceremony: exit %d %s", code, errOut)
	}
}

func TestSheetFromRecord(t *testing.T) {
	_, id, c := sheetDB(t, sampling.PhaseSealed)
	rec, err := sampling.NewRecord(id, c)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "record.json")
	writeJSON(t, good, rec)
	out := filepath.Join(dir, "s.xlsx")
	if code, stdout, errOut := run(t, "", "sheet", good, "-o", out); code != 0 || !strings.Contains(stdout, c.VerificationCode()) {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, errOut)
	}

	rec.Seed = "1-2-3"
	bad := filepath.Join(dir, "tampered.json")
	writeJSON(t, bad, rec)
	out2 := filepath.Join(dir, "bad.txt")
	code, _, errOut := run(t, "", "sheet", bad, "-o", out2)
	if code != 1 || !strings.Contains(errOut, "核验不通过") || !strings.Contains(errOut, "seed") {
		t.Fatalf("tampered record: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("a sheet was written for a record that fails verification")
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSheetUsage(t *testing.T) {
	dbPath, id, _ := sheetDB(t, sampling.PhaseWitnesses)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"sheet"},
		{"sheet", "--db", dbPath, id},
		{"sheet", "--db", dbPath, id, "-o", filepath.Join(dir, "x.pdf")},
		{"sheet", "--db", dbPath, id, "-o", filepath.Join(dir, "x.txt"), "--kind", "draft"},
		{"sheet", "--db", dbPath, id, "extra", "-o", filepath.Join(dir, "x.txt")},
	} {
		if code, _, errOut := run(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, want 2; %s", args, code, errOut)
		}
	}
	missing := filepath.Join(dir, "none.db")
	code, _, errOut := run(t, "", "sheet", "--db", missing, id, "-o", filepath.Join(dir, "x.txt"))
	if code != 1 || !strings.Contains(errOut, "不存在") {
		t.Errorf("missing db: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("sheet created a database")
	}
	code, _, errOut = run(t, "", "sheet", "--db", dbPath, id, "-o", filepath.Join(dir, "x.txt"), "--kind", "amend")
	if code != 1 || !strings.Contains(errOut, "尚未封存") {
		t.Errorf("amendment sheet of an unsealed ceremony: exit %d %s", code, errOut)
	}
	code, _, errOut = run(t, "", "sheet", "--db", dbPath, "2026-01-01-009", "-o", filepath.Join(dir, "x.txt"))
	if code != 1 || !strings.Contains(errOut, "2026-01-01-009") {
		t.Errorf("unknown ceremony: exit %d %s", code, errOut)
	}
}

// substituteInDB appends a unit substitution to a sealed ceremony in the
// database and applies it to c.
func substituteInDB(t *testing.T, dbPath, id string, c *sampling.Ceremony) {
	t.Helper()
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	county := c.Result.Units[0].County
	kind, payload, err := c.Substitute(sampling.SubstituteUnit, county, c.CurrentUnits(county)[0], "已注销", "张操作")
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.AppendStep(id, kind, payload)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(s); err != nil {
		t.Fatal(err)
	}
}

func TestSheetAmend(t *testing.T) {
	dbPath, id, c := sheetDB(t, sampling.PhaseSealed)
	substituteInDB(t, dbPath, id, c)
	sub := c.Substitutions[0]
	dir := t.TempDir()

	// by default a ceremony with substitutions gets the amendment sheet
	txt := filepath.Join(dir, "amend.txt")
	code, out, errOut := run(t, "", "sheet", "--db", dbPath, id, "-o", txt)
	if code != 0 || !strings.Contains(out, "替换修订记录") || !strings.Contains(out, c.Head()) || !strings.Contains(out, c.VerificationCode()) ||
		!strings.Contains(out, "默认打印替换修订记录; 抽取结果页请加 --kind final") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	b, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), "\n") {
		t.Error("the text sheet does not end with a line break")
	}
	for _, want := range []string{"替换修订记录", sub.Out, sub.In, "已注销", "张操作", "替换者按抽签号顺序自动确定"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("amendment text lacks %q", want)
		}
	}
	if fi, err := os.Stat(txt); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: %v %v", txt, fi.Mode(), err)
	}

	// the xlsx, from the exported record, which carries the substitutions
	rec, err := sampling.NewRecord(id, c)
	if err != nil {
		t.Fatal(err)
	}
	recPath := filepath.Join(dir, "record.json")
	writeJSON(t, recPath, rec)
	xlsx := filepath.Join(dir, "amend.xlsx")
	code, out, errOut = run(t, "", "--lang", "en", "sheet", recPath, "-o", xlsx, "--kind", "amend")
	if code != 0 || !strings.Contains(out, "amendment sheet") || !strings.Contains(out, c.Head()) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.SearchSheet("Amendment", c.Head()); len(got) == 0 {
		t.Error("xlsx lacks the amended code")
	}
	hf, err := f.GetHeaderFooter("Amendment")
	if err != nil || !strings.HasSuffix(hf.OddFooter, "amended code "+c.Head()) {
		t.Errorf("footer %q, %v", hf.OddFooter, err)
	}

	// the final sheet stays available and points to the amendment
	final := filepath.Join(dir, "final.txt")
	code, out, errOut = run(t, "", "sheet", "--db", dbPath, id, "-o", final, "--kind", "final")
	if code != 0 || !strings.Contains(out, "抽取结果") || !strings.Contains(out, "--kind amend") {
		t.Fatalf("final: exit %d\n%s\n%s", code, out, errOut)
	}
	if b, _ := os.ReadFile(final); strings.Contains(string(b), c.Head()) || !strings.Contains(string(b), c.VerificationCode()) {
		t.Error("the final sheet of an amended ceremony must show the draw as sealed")
	}
}
