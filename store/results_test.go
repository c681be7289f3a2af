package store_test

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"shuangsui/sampling"
	"shuangsui/sampling/estimate"
	"shuangsui/store"
	"shuangsui/store/session"
)

// testClock is a store clock the tests move forward.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

func (c *testClock) set(day string) {
	d, err := time.ParseInLocation("2006-01-02", day, time.FixedZone("CST", 8*3600))
	if err != nil {
		panic(err)
	}
	c.t = d.Add(10 * time.Hour)
}

// fixture is a store with a small library and one sealed ceremony.
type fixture struct {
	db    *store.DB
	clock *testClock
	s     *session.Session
}

// newFixture writes a library of `counties` counties (10–14 units each,
// county 1 has key unit U1-001, county 2 a dishonest U2-001), 40
// inspectors (the first with 2 training days in 2026, the second 1.5) and
// one matter, then seals a ceremony drawn on drawDate: k counties, 4 units
// each, teams of leader + 2.
func newFixture(t testing.TB, drawDate string, counties, k int) *fixture {
	t.Helper()
	clock := &testClock{}
	clock.set(drawDate)
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opt := store.ImportOptions{}
	must := func(_ store.ImportSummary, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.ImportCounties(opt, func(put func(store.County) error) error {
		for c := 1; c <= counties; c++ {
			if err := put(store.County{Code: fmt.Sprintf("1308%02d", c), Name: fmt.Sprintf("第%d县", c), Active: true}); err != nil {
				return err
			}
		}
		return nil
	}))
	must(db.ImportUnits(opt, func(put func(store.Unit) error) error {
		for c := 1; c <= counties; c++ {
			for u := 1; u <= 10+c%5; u++ {
				unit := store.Unit{ID: fmt.Sprintf("U%d-%03d", c, u), Name: fmt.Sprintf("示例单位%d-%d", c, u),
					County: fmt.Sprintf("1308%02d", c), Category: "规上工业", DirectReporting: true, Status: store.StatusActive}
				unit.Key = c == 1 && u == 1
				if c == 2 && u == 1 {
					unit.DishonestFrom = "2025-06-01"
				}
				if err := put(unit); err != nil {
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
			switch i {
			case 1:
				in.Training = []store.Training{{Date: "2026-03-01", Days: 1, Topic: "统计法"}, {Date: "2026-04-01", Days: 1, Topic: "执法"}}
			case 2:
				in.Training = []store.Training{{Date: "2026-03-01", Days: 1.5, Topic: "统计法"}, {Date: "2025-04-01", Days: 3, Topic: "旧"}}
			}
			if err := put(in); err != nil {
				return err
			}
		}
		return nil
	}))
	must(db.ImportMatters(opt, func(put func(store.Matter) error) error {
		return put(store.Matter{Code: "SJ-001", EffectiveFrom: "2026-01-01", Name: "统计台账和统计资料管理制度执行情况",
			Basis: "《中华人民共和国统计法》", Content: "原始记录、统计台账", Specialty: "综合"})
	}))
	a := session.Answers{
		Matter:   "SJ-001",
		DrawDate: drawDate,
		Info:     sampling.Info{Title: "测试见证记录", Organisation: "承德市统计局", Round: "2026年第二轮", Place: "会议室", Operator: "张操作"},
		Params:   sampling.Params{Counties: k, UnitsPerCounty: 4, Method: sampling.MethodSimple, Members: 2, Alternates: 2},
		Witnesses: []sampling.Witness{
			{Name: "王见证", Role: "纪检组", Digits: "38271"}, {Name: "李监督", Role: "法规科", Digits: "90412"},
			{Name: "赵代表", Role: "企业代表", Digits: "77315"}, {Name: "钱群众", Role: "群众代表", Digits: "02846"},
		},
		DirectReportingOnly: true,
	}
	s, err := session.Run(db, a, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, clock: clock, s: s}
}

func (f *fixture) counties() []string {
	var out []string
	for _, ud := range f.s.Ceremony().Result.Units {
		out = append(out, ud.County)
	}
	return out
}

func (f *fixture) put(t testing.TB, unit, start, end string, codes ...string) store.Result {
	t.Helper()
	r, err := f.db.PutResult(store.ResultInput{Ceremony: f.s.ID(), Unit: unit, Start: start, End: end, Codes: codes, EnteredBy: "刘录入"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResultRules(t *testing.T) {
	f := newFixture(t, "2026-09-01", 6, 3)
	f.clock.set("2026-11-25")
	c := f.s.Ceremony()
	county := f.counties()[0]
	units := c.CurrentUnits(county)
	var outsider string
	for _, u := range c.Frame.Units {
		if !slices.Contains(units, u.ID) && u.County == county {
			outsider = u.ID
			break
		}
	}
	base := store.ResultInput{Ceremony: f.s.ID(), Unit: units[0], Start: "2026-09-10", End: "2026-09-11", Codes: []string{store.CodeNoProblem}, EnteredBy: "刘录入"}
	cases := []struct {
		name, want, field string
		edit              func(*store.ResultInput)
	}{
		{"unknown ceremony", "未找到", "ceremony", func(in *store.ResultInput) { in.Ceremony = "2026-01-01-009" }},
		{"unit not drawn", "不在仪式", "unit", func(in *store.ResultInput) { in.Unit = outsider }},
		{"end before start", "早于开始日期", "end", func(in *store.ResultInput) { in.End = "2026-09-09" }},
		{"bad date", "YYYY-MM-DD", "start", func(in *store.ResultInput) { in.Start = "2026/09/10" }},
		{"before the draw", "早于抽取日期", "start", func(in *store.ResultInput) { in.Start = "2026-08-31" }},
		{"in the future", "晚于今天", "end", func(in *store.ResultInput) { in.End = "2026-11-26" }},
		{"unknown code", "不在标准结果", "codes", func(in *store.ResultInput) { in.Codes = []string{"随便写的"} }},
		{"no code", "至少需要一项", "codes", func(in *store.ResultInput) { in.Codes = nil }},
		{"contradiction", "不能与发现问题", "codes", func(in *store.ResultInput) { in.Codes = []string{store.CodeNoProblem, "迟报统计资料"} }},
		{"no one entered it", "录入人", "entered_by", func(in *store.ResultInput) { in.EnteredBy = " " }},
	}
	for _, tc := range cases {
		in := base
		tc.edit(&in)
		_, err := f.db.PutResult(in)
		var fe *store.FieldError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: error %v (field %+v), want %q in field %s", tc.name, err, fe, tc.want, tc.field)
		}
	}
	if rs, _ := f.db.Results(""); len(rs) != 0 {
		t.Fatalf("refused inputs wrote %d results", len(rs))
	}

	// A good result, with a statistics-specific finding, writes history.
	in := base
	in.Codes = []string{"迟报统计资料", "发现问题已责令改正", "迟报统计资料"}
	r, err := f.db.PutResult(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.County != county || !slices.Equal(r.Team, c.CurrentTeam(county)) || len(r.Codes) != 2 || r.EnteredAt != "2026-11-25T10:00:00+08:00" {
		t.Fatalf("stored result %+v", r)
	}
	hist := func() []store.Inspection {
		var out []store.Inspection
		f.db.EachInspection(func(in store.Inspection) error { out = append(out, in); return nil })
		return out
	}
	want := store.Inspection{Unit: units[0], Date: "2026-09-11", Matter: "SJ-001", Source: store.SourceCeremony(f.s.ID())}
	if h := hist(); len(h) != 1 || h[0] != want {
		t.Fatalf("history %+v, want %+v", h, want)
	}
	recent, _ := f.db.InspectedWithin(36, "2027-01-01")
	if !recent[units[0]] {
		t.Fatal("the 3-year rule does not see the result")
	}
	// A correction of the end date moves the history entry.
	in.End = "2026-09-12"
	if _, err := f.db.PutResult(in); err != nil {
		t.Fatal(err)
	}
	want.Date = "2026-09-12"
	if h := hist(); len(h) != 1 || h[0] != want {
		t.Fatalf("history after correction %+v", h)
	}

	// A unit substituted out takes no result; its replacement does.
	if err := f.s.Substitute(sampling.SubstituteUnit, county, units[1], "已注销", "张操作"); err != nil {
		t.Fatal(err)
	}
	newUnit := f.s.Ceremony().CurrentUnits(county)[1]
	in = base
	in.Unit = units[1]
	if _, err := f.db.PutResult(in); err == nil || !strings.Contains(err.Error(), "替换后的名单") {
		t.Fatalf("substituted-out unit: %v", err)
	}
	in.Unit = newUnit
	if _, err := f.db.PutResult(in); err != nil {
		t.Fatal(err)
	}

	// The findings list is editable; new codes become valid.
	if err := f.db.SetStatFindings([]string{"伪造统计资料"}); err != nil {
		t.Fatal(err)
	}
	in.Codes = []string{"伪造统计资料"}
	if _, err := f.db.PutResult(in); err != nil {
		t.Fatal(err)
	}
	in.Codes = []string{"迟报统计资料"}
	if _, err := f.db.PutResult(in); err == nil {
		t.Fatal("a finding removed from the list was accepted")
	}
	if err := f.db.SetStatFindings([]string{"未发现问题"}); err == nil {
		t.Fatal("a finding equal to a standard code was accepted")
	}
}

func TestResultsRequireASealedCeremony(t *testing.T) {
	f := newFixture(t, "2026-09-01", 6, 3)
	db := f.db
	id, err := db.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.PutResult(store.ResultInput{Ceremony: id, Unit: "U1-001", Start: "2026-09-01", End: "2026-09-01", Codes: []string{store.CodeNoProblem}, EnteredBy: "x"})
	if err == nil || !strings.Contains(err.Error(), id) {
		t.Fatalf("empty ceremony: %v", err)
	}
}

func TestPutResultsIsAllOrNothing(t *testing.T) {
	f := newFixture(t, "2026-09-01", 6, 3)
	f.clock.set("2026-11-25")
	units := f.s.Ceremony().CurrentUnits(f.counties()[0])
	good := store.ResultInput{Ceremony: f.s.ID(), Unit: units[0], Start: "2026-09-10", End: "2026-09-10", Codes: []string{store.CodeNoProblem}, EnteredBy: "刘"}
	bad := good
	bad.Unit, bad.End = units[1], "2026-09-01"
	dup := good
	err := f.db.PutResults([]store.ResultInput{good, bad, dup})
	var be *store.BatchError
	if !errors.As(err, &be) || len(be.Items) != 2 || be.Items[0].Index != 1 || be.Items[1].Index != 2 {
		t.Fatalf("batch error %v", err)
	}
	if rs, _ := f.db.Results(f.s.ID()); len(rs) != 0 {
		t.Fatalf("a failed batch wrote %d results", len(rs))
	}
	n := 0
	f.db.EachInspection(func(store.Inspection) error { n++; return nil })
	if n != 0 {
		t.Fatalf("a failed batch wrote %d history entries", n)
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		codes []string
		want  store.Class
	}{
		{[]string{"未发现问题"}, store.ClassNoProblem},
		{[]string{"迟报统计资料"}, store.ClassProblem},
		{[]string{"通过登记的住所(经营场所)无法联系"}, store.ClassProblem},
		{[]string{"不配合检查情节严重"}, store.ClassProblem},
		{[]string{"未发现开展本次抽查涉及的经营活动"}, store.ClassUnclassified},
		{[]string{"已关闭停业或正在组织清算", "发现问题待后续处理"}, store.ClassProblem},
		{[]string{"已关闭停业或正在组织清算", "未发现问题"}, store.ClassNoProblem},
	} {
		if got := store.Classify(tc.codes); got != tc.want {
			t.Errorf("Classify(%v) = %d, want %d", tc.codes, got, tc.want)
		}
	}
}

// TestEstimateTwoStage works one case out by hand: 6 counties of 11, 12,
// 13, 14, 10 and 11 eligible units (K = 6, N = 71), 3 drawn, 4 units each.
// Results: first county 1 problem of 4; second 2 of 4; third 0 problems,
// one unit without the activity (left out), one result still missing.
func TestEstimateTwoStage(t *testing.T) {
	f := newFixture(t, "2026-09-01", 6, 3)
	f.clock.set("2026-11-25")
	c := f.s.Ceremony()
	cs := f.counties()
	M := map[string]int{"130801": 11, "130802": 12, "130803": 13, "130804": 14, "130805": 10, "130806": 11}
	plan := [][]string{
		{"迟报统计资料", store.CodeNoProblem, store.CodeNoProblem, store.CodeNoProblem},
		{"提供不真实统计资料", "发现问题已责令改正", store.CodeNoProblem, store.CodeNoProblem},
		{store.CodeNoProblem, "未发现开展本次抽查涉及的经营活动", store.CodeNoProblem, ""},
	}
	for i, county := range cs {
		for j, u := range c.CurrentUnits(county) {
			if plan[i][j] != "" {
				f.put(t, u, "2026-09-10", "2026-09-12", plan[i][j])
			}
		}
	}
	e, err := f.db.EstimateCeremony(f.s.ID())
	if err != nil {
		t.Fatal(err)
	}
	m0, m1, m2 := float64(M[cs[0]]), float64(M[cs[1]]), float64(M[cs[2]])
	wantP := (m0*1.0/4 + m1*2.0/4 + m2*0) / (m0 + m1 + m2)
	if e.Method != store.EstimateTwoStage || e.K != 6 || e.N != 71 || e.Drawn != 3 || e.Inspected != 10 || e.Problems != 3 ||
		e.Unclassified != 1 || e.Pending != 1 || math.Abs(e.P-wantP) > 1e-12 {
		t.Fatalf("estimate %+v, want P = %v", e, wantP)
	}
	direct, err := estimate.TwoStage(estimate.TwoStageInput{K: 6, M0: 71, Counties: []estimate.County{
		{M: M[cs[0]], Sampled: 4, Problems: 1}, {M: M[cs[1]], Sampled: 4, Problems: 2}, {M: M[cs[2]], Sampled: 2, Problems: 0}}})
	if err != nil {
		t.Fatal(err)
	}
	if !e.HasInterval || e.Lo != direct.Lo || e.Hi != direct.Hi || e.Lo >= e.P || e.Hi <= e.P {
		t.Fatalf("interval [%v, %v], want [%v, %v]", e.Lo, e.Hi, direct.Lo, direct.Hi)
	}
	if txt := e.Text(); !strings.Contains(txt, "95% 区间") || !strings.Contains(txt, "1 个无法判定") || !strings.Contains(txt, "1 个尚未录入") {
		t.Fatalf("text %q", txt)
	}
}

// TestEstimateOneCounty: a frame of one county of 11 units, 4 inspected,
// 1 with a problem: WilsonFPC(1, 4, 11). By hand: p̂ = 0.25,
// z' = 1.96·√(7/10) = 1.63983, z'² = 2.68904; centre = (0.25 + 2.68904/8)
// / (1 + 2.68904/4) = 0.58613/1.67226 = 0.35051; half = 1.63983/1.67226 ·
// √(0.1875/4 + 2.68904/64) = 0.98061 · √0.088891 = 0.29237; so
// [0.0581, 0.6429].
func TestEstimateOneCounty(t *testing.T) {
	f := newFixture(t, "2026-09-01", 1, 1)
	f.clock.set("2026-11-25")
	units := f.s.Ceremony().CurrentUnits("130801")
	for i, u := range units {
		code := store.CodeNoProblem
		if i == 0 {
			code = "拒报统计资料"
		}
		f.put(t, u, "2026-09-02", "2026-09-02", code)
	}
	e, err := f.db.EstimateCeremony(f.s.ID())
	if err != nil {
		t.Fatal(err)
	}
	if e.Method != store.EstimateWilsonFPC || e.N != 11 || e.Inspected != 4 || e.P != 0.25 ||
		math.Abs(e.Lo-0.0581) > 5e-4 || math.Abs(e.Hi-0.6429) > 5e-4 {
		t.Fatalf("estimate %+v", e)
	}
}

func TestEstimateWithoutResults(t *testing.T) {
	f := newFixture(t, "2026-09-01", 6, 3)
	if _, err := f.db.EstimateCeremony(f.s.ID()); err == nil || !strings.Contains(err.Error(), "尚无") {
		t.Fatalf("no results: %v", err)
	}
}
