package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shuangsui/assets/version"
	"shuangsui/sampling"
	"shuangsui/store"
)

var fixedClock = store.Options{Now: func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)) }}

// buildLibrary writes a small library: 6 counties, 10–14 units each,
// 40 inspectors, one matter.
func buildLibrary(t testing.TB, path string) {
	t.Helper()
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	opt := store.ImportOptions{}
	must := func(_ store.ImportSummary, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.ImportCounties(opt, func(put func(store.County) error) error {
		for c := 1; c <= 6; c++ {
			if err := put(store.County{Code: fmt.Sprintf("1308%02d", c), Name: fmt.Sprintf("第%d县", c), Active: true}); err != nil {
				return err
			}
		}
		return nil
	}))
	must(db.ImportUnits(opt, func(put func(store.Unit) error) error {
		for c := 1; c <= 6; c++ {
			for u := 1; u <= 10+c%5; u++ {
				err := put(store.Unit{ID: fmt.Sprintf("U%d-%03d", c, u), Name: fmt.Sprintf("示例单位%d-%d", c, u),
					County: fmt.Sprintf("1308%02d", c), Category: "规上工业", DirectReporting: true, Status: store.StatusActive})
				if err != nil {
					return err
				}
			}
		}
		return nil
	}))
	must(db.ImportInspectors(opt, func(put func(store.Inspector) error) error {
		for i := 1; i <= 40; i++ {
			in := store.Inspector{ID: fmt.Sprintf("冀统执%04d", i), Name: fmt.Sprintf("检查员%d", i), Department: "法规科",
				HomeCounty: fmt.Sprintf("1308%02d", i%8), Specialties: []string{"综合"}, LeaderQualified: i%4 == 0,
				ValidUntil: "2028-12-31", Active: true}
			if i%9 == 0 {
				in.Conflicts.Counties = []string{"130801"}
			}
			if err := put(in); err != nil {
				return err
			}
		}
		return nil
	}))
	must(db.ImportMatters(opt, func(put func(store.Matter) error) error {
		return put(store.Matter{Code: "SJ-001", EffectiveFrom: "2026-01-01", Name: "调查对象依法建立原始记录、统计台账和统计资料管理制度执行情况",
			Basis: "《中华人民共和国统计法》", Content: "原始记录、统计台账", Specialty: "综合"})
	}))
}

func testAnswers() Answers {
	return Answers{
		Matter:   "SJ-001",
		DrawDate: "2026-11-25",
		Info:     sampling.Info{Title: "测试见证记录", Organisation: "承德市统计局", Round: "2026年第二轮", Place: "三楼会议室", Operator: "张操作"},
		Params:   sampling.Params{Counties: 3, UnitsPerCounty: 4, Method: sampling.MethodSimple, Members: 2, Alternates: 2},
		Witnesses: []sampling.Witness{
			{Name: "王见证", Role: "纪检组", Digits: "38271"}, {Name: "李监督", Role: "法规科", Digits: "90412"},
			{Name: "赵代表", Role: "企业代表", Digits: "77315"}, {Name: "钱群众", Role: "群众代表", Digits: "02846"},
		},
		DirectReportingOnly: true,
	}
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func runToRecord(t *testing.T, path, resume string) []byte {
	t.Helper()
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := Run(db, testAnswers(), resume, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.RecordJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunSealsAVerifiableRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := Run(db, testAnswers(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Record()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sampling.Verify(r); err != nil {
		t.Fatalf("record does not verify: %v", err)
	}
	if r.Program != version.String() || !strings.HasPrefix(r.Program, "shuangsui ") {
		t.Errorf("record names the program %q, want %q", r.Program, version.String())
	}
	if r.Seed != "38271-90412-77315-02846" || r.Info.MatterBasis != "《中华人民共和国统计法》" || r.Info.NoRepeatMonths != 36 {
		t.Fatalf("record info: seed %q, %+v", r.Seed, r.Info)
	}
	again, err := Resume(db, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	if again.Ceremony().VerificationCode() != r.VerificationCode {
		t.Fatal("resumed sealed ceremony has another code")
	}
	if err := again.Abandon("太迟了"); err == nil {
		t.Fatal("a sealed ceremony was abandoned")
	}
	county := r.Result.Units[0].County
	out := again.Ceremony().CurrentUnits(county)[0]
	if err := again.Substitute(sampling.SubstituteUnit, county, out, "已注销", "张操作"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendStep(s.ID(), sampling.StepWitness, []byte(`{}`)); err == nil {
		t.Fatal("the store took a witness after the seal")
	}
	reopened, err := Resume(db, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	amended, _ := reopened.Record()
	if _, err := sampling.Verify(amended); err != nil || len(amended.Substitutions) != 1 || amended.AmendedHead == "" {
		t.Fatalf("amended record: %v, %+v", err, amended.Substitutions)
	}
	list, _ := db.Ceremonies()
	if len(list) != 1 || !list[0].Sealed {
		t.Fatalf("ceremony list after a substitution: %+v", list)
	}
}

func TestStartRefusesAnInfeasibleFrameAndWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := testAnswers()
	a.Params.Members = 30
	_, err = Run(db, a, "", nil)
	var inf *sampling.InfeasibleError
	if !errors.As(err, &inf) {
		t.Fatalf("error %v, want infeasible", err)
	}
	list, err := db.Ceremonies()
	if err != nil || len(list) != 0 {
		t.Fatalf("ceremonies after refusal: %v %v", list, err)
	}
}

// runUntilWitnesses runs the answers a in a new ceremony and pulls the
// plug once n witnesses are stored, leaving the ceremony open.
func runUntilWitnesses(db *store.DB, a Answers, n int) *Session {
	stop := errors.New("stop")
	var open *Session
	func() {
		defer func() {
			if r := recover(); r != stop {
				panic(r)
			}
		}()
		Run(db, a, "", func(s *Session) {
			open = s
			if len(s.Ceremony().Witnesses) == n {
				panic(stop)
			}
		})
	}()
	return open
}

func TestResumeRefusesOtherAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id := runUntilWitnesses(db, testAnswers(), 2).ID()
	a := testAnswers()
	a.Witnesses[1].Digits = "11111"
	if _, err := Run(db, a, id, nil); err == nil || !strings.Contains(err.Error(), "第 2 名见证人") {
		t.Fatalf("changed witness: %v", err)
	}
	a = testAnswers()
	a.Params.UnitsPerCounty = 5
	if _, err := Run(db, a, id, nil); err == nil || !strings.Contains(err.Error(), "指纹") {
		t.Fatalf("changed parameters: %v", err)
	}
}
