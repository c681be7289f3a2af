package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/store"
)

// openLibrary builds the test library in a fresh file and opens it.
func openLibrary(t *testing.T) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func noCeremonies(t *testing.T, db *store.DB) {
	t.Helper()
	list, err := db.Ceremonies()
	if err != nil || len(list) != 0 {
		t.Fatalf("ceremonies after a refusal: %+v %v", list, err)
	}
}

func TestPrepareNamesTheFrameOnce(t *testing.T) {
	db := openLibrary(t)
	for name, a := range map[string]Answers{
		"bad date":       {Matter: "SJ-001", DrawDate: "2026-13-01"},
		"unknown matter": {Matter: "NOPE", DrawDate: "2026-11-25"},
	} {
		_, _, err := Prepare(db, a)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		if n := strings.Count(err.Error(), "生成抽取名录"); n != 1 {
			t.Errorf("%s: %q names the frame %d times", name, err, n)
		}
	}
}

func TestRunRefusesBadAnswersBeforeWritingAnything(t *testing.T) {
	db := openLibrary(t)
	for name, tt := range map[string]struct {
		change func(*Answers)
		want   []string
	}{
		"letter in digits": {func(a *Answers) { a.Witnesses[1].Digits = "3a271" }, []string{"第 2 名见证人 李监督", `"3a271"`, "第 2 个字符 'a' 不是数字"}},
		"empty digits":     {func(a *Answers) { a.Witnesses[3].Digits = "" }, []string{"第 4 名见证人 钱群众", "数字不能为空"}},
		"full-width digit": {func(a *Answers) { a.Witnesses[0].Digits = "3827１" }, []string{"第 1 名见证人 王见证", "第 5 个字符"}},
		"unnamed witness":  {func(a *Answers) { a.Witnesses[2].Name = "  " }, []string{"第 3 名见证人", "姓名为空"}},
		"newline in role":  {func(a *Answers) { a.Witnesses[2].Role = "企业\n代表" }, []string{"第 3 名见证人 赵代表", "换行"}},
		"too few digits":   {func(a *Answers) { a.Witnesses = a.Witnesses[:3] }, []string{"共输入 15 位数字(3 名),至少需要 20 位"}},
		"raised minimum":   {func(a *Answers) { a.Info.MinDigits = 21 }, []string{"共输入 20 位数字(4 名),至少需要 21 位"}},
		"negative minimum": {func(a *Answers) { a.Info.MinDigits = -1 }, []string{"min_digits", "不能为负"}},
		"no witnesses":     {func(a *Answers) { a.Witnesses = nil }, []string{"没有见证人"}},
		"bad method":       {func(a *Answers) { a.Params.Method = "random" }, []string{"params", `"random"`}},
		"unknown leader":   {func(a *Answers) { a.Params.Leaders = []string{"冀统执9999"} }, []string{"params", "冀统执9999"}},
		"bad date":         {func(a *Answers) { a.DrawDate = "2026-11-31" }, []string{`"2026-11-31"`, "YYYY-MM-DD"}},
	} {
		a := testAnswers()
		tt.change(&a)
		_, err := Run(db, a, "", nil)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", name, err, w)
			}
		}
		if strings.Contains(err.Error(), "生成抽取名录") && name != "bad date" {
			t.Errorf("%s: %q came from the frame, not the answers", name, err)
		}
	}
	noCeremonies(t, db)
}

func TestCheckDrawDateRefusesTheFuture(t *testing.T) {
	a := testAnswers()
	a.DrawDate = "2027-01-05"
	if err := a.CheckDrawDate("2026-11-27"); err == nil || err.Error() != "抽取日期 2027-01-05 晚于今天 2026-11-27" {
		t.Fatalf("future date: %v", err)
	}
	if err := a.Check("2026-11-27"); err == nil || !strings.Contains(err.Error(), "晚于今天") {
		t.Fatalf("Check with a future date: %v", err)
	}
	for _, d := range []string{"2026-11-27", "2026-11-25", "2019-01-01"} {
		a.DrawDate = d
		if err := a.Check("2026-11-27"); err != nil {
			t.Errorf("%s refused: %v", d, err)
		}
	}
}

func TestALaterFailureNamesTheOpenCeremony(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	// The database goes away after the commit step: the witness step fails.
	var id string
	_, err = Run(db, testAnswers(), "", func(s *Session) {
		id = s.ID()
		if len(s.Ceremony().Steps) == 1 {
			db.Close()
		}
	})
	var open *UnfinishedError
	if !errors.As(err, &open) || open.ID != id || id == "" {
		t.Fatalf("error %v, want the open ceremony %q", err, id)
	}
	for _, w := range []string{"仪式 " + id, "draw --resume " + id, "放弃"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q does not say %q", err, w)
		}
	}
	db, err = store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := Run(db, testAnswers(), id, nil)
	if err != nil || s.Ceremony().Phase != sampling.PhaseSealed {
		t.Fatalf("resume after the failure: %v", err)
	}
}

func TestResumeOfAFinishedCeremonySaysSo(t *testing.T) {
	db := openLibrary(t)
	sealed, err := Run(db, testAnswers(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	id, code := sealed.ID(), sealed.Ceremony().VerificationCode()
	_, err = Run(db, testAnswers(), id, nil)
	if err == nil {
		t.Fatal("a sealed ceremony was resumed")
	}
	for _, w := range []string{"仪式 " + id + " 已封存", code, "record " + id + " -o"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("sealed: %q does not say %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "指纹") {
		t.Errorf("sealed: %q speaks of the fingerprint", err)
	}

	// An abandoned one, with answers whose frame differs as well.
	open := runUntilWitnesses(db, testAnswers(), 2)
	if err := open.Abandon("见证人未到齐"); err != nil {
		t.Fatal(err)
	}
	a := testAnswers()
	a.Params.UnitsPerCounty = 5
	_, err = Run(db, a, open.ID(), nil)
	if err == nil || !strings.Contains(err.Error(), "仪式 "+open.ID()+" 已放弃") || !strings.Contains(err.Error(), "见证人未到齐") {
		t.Fatalf("abandoned: %v", err)
	}
}

func TestResumeChecksTheStoredMinimumOfDigitsFirst(t *testing.T) {
	db := openLibrary(t)
	a := testAnswers()
	a.Info.MinDigits = 25
	a.Witnesses = append(a.Witnesses, sampling.Witness{Name: "孙见证", Role: "群众代表", Digits: "55555"})
	open := runUntilWitnesses(db, a, 2)
	// The same witnesses but the last: 20 digits, enough by the answers'
	// own default, not by the 25 the ceremony was committed with.
	_, err := Run(db, testAnswers(), open.ID(), nil)
	if err == nil || !strings.Contains(err.Error(), "仪式 "+open.ID()) || !strings.Contains(err.Error(), "至少需要 25 位") {
		t.Fatalf("resume short of the stored minimum: %v", err)
	}
	again, err := Resume(db, open.ID())
	if err != nil || len(again.Ceremony().Witnesses) != 2 {
		t.Fatalf("the refused resume wrote witnesses: %v", err)
	}
}

// The record file is written step by step (writeRecordJSON), byte for byte
// what json.Encoder with two-space indent writes for the whole record:
// with steps, with a step without payload, and with none.
func TestRecordJSONIsTheEncodersBytes(t *testing.T) {
	encoder := func(r sampling.Record) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	r := sampling.Record{Format: sampling.RecordFormat, Ceremony: "C-1", Info: sampling.Info{Title: "见证记录 <A&B>", Place: "三楼\u2028"},
		Witnesses: []sampling.Witness{{Name: "张三", Digits: "123"}}, Head: "h",
		Steps: []sampling.Step{
			{Seq: 1, Kind: "commit", At: "2026-12-02T10:00:00+08:00", Payload: []byte(`{"info":{"title":"<见证>"},"frame_gzip":"H4sI"}`), Prev: sampling.GenesisHash, Hash: "a"},
			{Seq: 2, Kind: "witness", At: "2026-12-02T10:00:01+08:00", Payload: nil, Prev: "a", Hash: "b"},
			{Seq: 3, Kind: "seal", At: "2026-12-02T10:00:02+08:00", Payload: []byte{}, Prev: "b", Hash: "c"},
			{Seq: 4, Kind: "x", At: "t", Payload: bytes.Repeat([]byte{0xff, 0x00, 0x7f}, 70000), Prev: "c", Hash: "d"},
		}}
	for _, steps := range [][]sampling.Step{r.Steps, r.Steps[:1], nil, {}} {
		r.Steps = steps
		got, err := recordJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		if want := encoder(r); !bytes.Equal(got, want) {
			t.Fatalf("%d steps: record JSON differs from the encoder's:\n%s\nwant\n%s", len(steps), got, want)
		}
	}
}
