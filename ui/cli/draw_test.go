package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/session"
	"shuangsui/ui/lang"
)

// demoDB writes a database holding the demo data and returns its path.
func demoDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := excel.LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDrawRecordVerifyOnTheDemoData(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	rec := filepath.Join(dir, "record.json")
	code, out, errOut := run(t, "", "--db", db, "draw", "--answers", "../../assets/demo/answers.json", "--out", rec)
	if code != 0 {
		t.Fatalf("draw: exit %d\n%s", code, errOut)
	}
	raw, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	var r sampling.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "校验码: "+r.VerificationCode) || r.Seed != "38271-90412-77315-02846" || len(sampling.Drawn(r.Result.Counties)) != 3 {
		t.Fatalf("draw output:\n%s", out)
	}
	if fi, _ := os.Stat(rec); fi.Mode().Perm() != 0o600 {
		t.Errorf("record mode %v", fi.Mode().Perm())
	}

	code, out, _ = run(t, "", "verify", rec)
	if code != 0 || !strings.Contains(out, "核验通过") {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
	// The frame is in the record once, in the commit step; verify --frame
	// writes its canonical text, whose SHA-256 is F.
	if r.Frame != nil || bytes.Contains(raw, []byte(`"frame":`)) {
		t.Fatal("the record holds the frame besides its commit step")
	}
	tsv := filepath.Join(dir, "frame.tsv")
	if code, _, errOut := run(t, "", "verify", rec, "--frame", tsv); code != 0 {
		t.Fatalf("verify --frame: exit %d\n%s", code, errOut)
	}
	text, err := os.ReadFile(tsv)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(text); hex.EncodeToString(sum[:]) != r.Fingerprint || !bytes.HasPrefix(text, []byte("shuangsui-frame\t1\n")) {
		t.Fatalf("verify --frame wrote %d bytes whose SHA-256 is not F %s", len(text), r.Fingerprint)
	}

	// The same record again, exported from the database.
	again := filepath.Join(dir, "again.json")
	if code, _, errOut := run(t, "", "--db", db, "record", r.Ceremony, "-o", again); code != 0 {
		t.Fatalf("record: %s", errOut)
	}
	if b, _ := os.ReadFile(again); !bytes.Equal(b, raw) {
		t.Fatal("record export differs from the draw's record")
	}
	// A record is JSON: an .xlsx name is refused before anything is written.
	wrong := filepath.Join(dir, "r.xlsx")
	if code, _, errOut := run(t, "", "--db", db, "record", r.Ceremony, "-o", wrong); code != 2 || !strings.Contains(errOut, "-o "+wrong+": 记录文件的扩展名应为 .json") {
		t.Fatalf("record -o r.xlsx: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(wrong); err == nil {
		t.Fatal("record wrote r.xlsx")
	}

	// One byte of a drawn unit's id changed: verify fails and names the field.
	unit := r.Result.Units[0].Picks[0].ID
	at := bytes.Index(raw, []byte(`"result":`))
	forged := append(bytes.Clone(raw[:at]), bytes.Replace(raw[at:], []byte(`"id": "`+unit+`"`), []byte(`"id": "`+unit[:17]+"X"+`"`), 1)...)
	if bytes.Equal(forged, raw) {
		t.Fatal("the test did not change the record")
	}
	bad := filepath.Join(dir, "forged.json")
	os.WriteFile(bad, forged, 0o600)
	code, _, errOut = run(t, "", "verify", bad)
	if code != 1 || !strings.Contains(errOut, "核验不通过") || !strings.Contains(errOut, "result.units") {
		t.Fatalf("forged record: exit %d\n%s", code, errOut)
	}
}

// ceremonies lists the ceremonies of a database file.
func ceremonies(t *testing.T, path string) []store.CeremonySummary {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	return list
}

const goodWitnesses = `[{"name":"甲","digits":"12345"},{"name":"乙","digits":"67890"},{"name":"丙","digits":"13579"},{"name":"丁","digits":"24680"}]`

func TestDrawRefusesBadAnswers(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	answers := filepath.Join(dir, "a.json")
	params := `"params":{"counties":2,"units_per_county":3,"method":"simple","members":1}`
	for name, tt := range map[string]struct {
		body string
		code int
		want string
	}{
		"misspelt field": {`{"matter":"SJ-001","draw_date":"2026-11-25","witneses":[]}`, 2, "witneses"},
		"no witnesses":   {`{"matter":"SJ-001","draw_date":"2026-11-25"}`, 2, "没有见证人"},
		"unknown matter": {`{"matter":"NOPE","draw_date":"2026-11-25",` + params + `,"witnesses":` + goodWitnesses + `}`, 1, "NOPE"},
		"too few digits": {`{"matter":"SJ-001","draw_date":"2026-11-25",` + params + `,"witnesses":[{"name":"甲","digits":"12345"}]}`, 2, "至少需要 20 位"},
		"letter in digits": {`{"matter":"SJ-001","draw_date":"2026-11-25",` + params + `,"witnesses":[{"name":"王建国","digits":"38271"},{"name":"李秀英","digits":"3a271"},{"name":"丙","digits":"1234567890"}]}`,
			2, `第 2 名见证人 李秀英的数字 "3a271": 第 2 个字符 'a' 不是数字`},
		"unnamed witness": {`{"matter":"SJ-001","draw_date":"2026-11-25",` + params + `,"witnesses":[{"name":"","digits":"12345678901234567890"}]}`, 2, "第 1 名见证人: 姓名为空"},
		"bad params":      {`{"matter":"SJ-001","draw_date":"2026-11-25","params":{"counties":2,"units_per_county":3,"method":"simple","members":0},"witnesses":` + goodWitnesses + `}`, 2, "params"},
		"future date":     {`{"matter":"SJ-001","draw_date":"2999-01-05",` + params + `,"witnesses":` + goodWitnesses + `}`, 2, "抽取日期 2999-01-05 晚于今天 "},
		"infeasible team": {`{"matter":"SJ-001","draw_date":"2026-11-25","params":{"counties":3,"units_per_county":3,"method":"simple","members":20},"witnesses":` + goodWitnesses + `}`, 1, "无法抽取"},
	} {
		os.WriteFile(answers, []byte(tt.body), 0o600)
		code, _, errOut := run(t, "", "--db", db, "draw", "--answers", answers, "--out", filepath.Join(dir, "r.json"))
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, want %d with %q\n%s", name, code, tt.code, tt.want, errOut)
		}
		if strings.Count(errOut, "生成抽取名录") > 1 {
			t.Errorf("%s: doubled prefix\n%s", name, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err == nil {
		t.Error("a refused draw wrote a record")
	}
	if list := ceremonies(t, db); len(list) != 0 {
		t.Errorf("refused draws left ceremonies behind: %+v", list)
	}
}

func TestDrawChecksTheRecordPathBeforeDrawing(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file.json")
	os.WriteFile(file, []byte("x"), 0o600)
	os.Mkdir(filepath.Join(dir, "folder.json"), 0o700)
	for name, tt := range map[string]struct{ out, want string }{
		"missing folder":     {filepath.Join(dir, "nonexistent", "o.json"), "文件夹 " + filepath.Join(dir, "nonexistent") + " 不存在"},
		"folder is file":     {filepath.Join(file, "o.json"), file + " 不是文件夹"},
		"path is folder":     {dir, "是一个文件夹"},
		"folder named .json": {filepath.Join(dir, "folder.json"), "是一个文件夹"},
		"not json":           {filepath.Join(dir, "o.xlsx"), "扩展名应为 .json"},
		"no extension":       {filepath.Join(dir, "record"), "扩展名应为 .json"},
	} {
		code, out, errOut := run(t, "", "--db", db, "draw", "--answers", "../../assets/demo/answers.json", "--out", tt.out)
		if code != 2 || !strings.Contains(errOut, "--out") || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%s: exit %d, want 2 with %q\n%s%s", name, code, tt.want, out, errOut)
		}
	}
	if list := ceremonies(t, db); len(list) != 0 {
		t.Errorf("a refused --out still drew: %+v", list)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the checks left files behind: %v", entries)
	}
}

func TestDrawRecordWriteFailureNamesTheSealedCeremony(t *testing.T) {
	path := demoDB(t)
	f, err := os.Open("../../assets/demo/answers.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := session.ReadAnswers(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := session.Run(db, a, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	id, code := s.ID(), s.Ceremony().VerificationCode()
	var stdout bytes.Buffer
	env := &Env{Lang: lang.ZH, Stdout: &stdout, Stderr: io.Discard}
	// The folder vanished between the check and the write.
	err = writeDrawRecord(env, s, filepath.Join(t.TempDir(), "gone", "o.json"))
	if err == nil {
		t.Fatal("the write did not fail")
	}
	for _, w := range []string{"仪式 " + id + " 已封存", code, "record " + id + " -o"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q does not say %q", err, w)
		}
	}
	if !strings.Contains(stdout.String(), "仪式: "+id) || !strings.Contains(stdout.String(), "校验码: "+code) {
		t.Errorf("the ceremony was not shown before the write:\n%s", stdout.String())
	}
}

func TestDrawResumeOfASealedCeremony(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	code, _, errOut := run(t, "", "--db", db, "draw", "--answers", "../../assets/demo/answers.json", "--out", filepath.Join(dir, "r.json"))
	if code != 0 {
		t.Fatalf("draw: %s", errOut)
	}
	list := ceremonies(t, db)
	if len(list) != 1 {
		t.Fatalf("ceremonies: %+v", list)
	}
	id := list[0].ID
	code, _, errOut = run(t, "", "--db", db, "draw", "--answers", "../../assets/demo/answers.json", "--out", filepath.Join(dir, "again.json"), "--resume", id)
	if code != 1 || !strings.Contains(errOut, "仪式 "+id+" 已封存") || !strings.Contains(errOut, "record "+id+" -o") || strings.Contains(errOut, "指纹") {
		t.Fatalf("resume of a sealed ceremony: exit %d\n%s", code, errOut)
	}
}
