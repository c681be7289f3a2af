package store_test

import (
	"errors"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/sampling/estimate"
	"shuangsui/store"
	"shuangsui/store/report/fixture"
)

func TestResultRules(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	c := f.S.Ceremony()
	county := f.Counties()[0]
	units := c.CurrentUnits(county)
	var outsider string
	for _, u := range c.Frame.Units {
		if !slices.Contains(units, u.ID) && u.County == county {
			outsider = u.ID
			break
		}
	}
	base := store.ResultInput{Ceremony: f.S.ID(), Unit: units[0], Start: "2026-09-10", End: "2026-09-11", Codes: []string{store.CodeNoProblem}, EnteredBy: "刘录入"}
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
		_, err := f.DB.PutResult(in)
		var fe *store.FieldError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: error %v (field %+v), want %q in field %s", tc.name, err, fe, tc.want, tc.field)
		}
	}
	if rs, _ := f.DB.Results(""); len(rs) != 0 {
		t.Fatalf("refused inputs wrote %d results", len(rs))
	}

	// A good result, with a statistics-specific finding, writes history.
	in := base
	in.Codes = []string{"迟报统计资料", "发现问题已责令改正", "迟报统计资料"}
	r, err := f.DB.PutResult(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.County != county || !slices.Equal(r.Team, c.CurrentTeam(county)) || len(r.Codes) != 2 || r.EnteredAt != "2026-11-25T10:00:00+08:00" {
		t.Fatalf("stored result %+v", r)
	}
	hist := func() []store.Inspection {
		var out []store.Inspection
		f.DB.EachInspection(func(in store.Inspection) error { out = append(out, in); return nil })
		return out
	}
	want := store.Inspection{Unit: units[0], Date: "2026-09-11", Matter: "SJ-001", Source: store.SourceCeremony(f.S.ID())}
	if h := hist(); len(h) != 1 || h[0] != want {
		t.Fatalf("history %+v, want %+v", h, want)
	}
	recent, _ := f.DB.InspectedWithin(36, "2027-01-01")
	if !recent[units[0]] {
		t.Fatal("the 3-year rule does not see the result")
	}
	// A correction of the end date moves the history entry.
	in.End = "2026-09-12"
	if _, err := f.DB.PutResult(in); err == nil || !strings.Contains(err.Error(), "修改须写明理由") || !strings.Contains(err.Error(), units[0]) {
		t.Fatalf("a correction without a reason: %v", err)
	}
	in.Reason = "结束日期填错"
	if _, err := f.DB.PutResult(in); err != nil {
		t.Fatal(err)
	}
	want.Date = "2026-09-12"
	if h := hist(); len(h) != 1 || h[0] != want {
		t.Fatalf("history after correction %+v", h)
	}

	// A unit substituted out takes no result; its replacement does.
	if err := f.S.Substitute(sampling.SubstituteUnit, county, units[1], "已注销", "张操作"); err != nil {
		t.Fatal(err)
	}
	newUnit := f.S.Ceremony().CurrentUnits(county)[1]
	in = base
	in.Unit = units[1]
	if _, err := f.DB.PutResult(in); err == nil || !strings.Contains(err.Error(), "替换后的名单") {
		t.Fatalf("substituted-out unit: %v", err)
	}
	in.Unit = newUnit
	if _, err := f.DB.PutResult(in); err != nil {
		t.Fatal(err)
	}

	// The findings list is editable; new codes become valid.
	if err := f.DB.SetStatFindings([]string{"伪造统计资料"}); err != nil {
		t.Fatal(err)
	}
	in.Codes, in.Reason = []string{"伪造统计资料"}, "复核后改为统计专项发现"
	if _, err := f.DB.PutResult(in); err != nil {
		t.Fatal(err)
	}
	in.Codes = []string{"迟报统计资料"}
	if _, err := f.DB.PutResult(in); err == nil {
		t.Fatal("a finding removed from the list was accepted")
	}
	if err := f.DB.SetStatFindings([]string{"未发现问题"}); err == nil {
		t.Fatal("a finding equal to a standard code was accepted")
	}
}

func TestResultsRequireASealedCeremony(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	db := f.DB
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
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	good := store.ResultInput{Ceremony: f.S.ID(), Unit: units[0], Start: "2026-09-10", End: "2026-09-10", Codes: []string{store.CodeNoProblem}, EnteredBy: "刘"}
	bad := good
	bad.Unit, bad.End = units[1], "2026-09-01"
	dup := good
	err := f.DB.PutResults([]store.ResultInput{good, bad, dup})
	var be *store.BatchError
	if !errors.As(err, &be) || len(be.Items) != 2 || be.Items[0].Index != 1 || be.Items[1].Index != 2 {
		t.Fatalf("batch error %v", err)
	}
	if rs, _ := f.DB.Results(f.S.ID()); len(rs) != 0 {
		t.Fatalf("a failed batch wrote %d results", len(rs))
	}
	n := 0
	f.DB.EachInspection(func(store.Inspection) error { n++; return nil })
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
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	c := f.S.Ceremony()
	cs := f.Counties()
	M := map[string]int{"130801": 11, "130802": 12, "130803": 13, "130804": 14, "130805": 10, "130806": 11}
	plan := [][]string{
		{"迟报统计资料", store.CodeNoProblem, store.CodeNoProblem, store.CodeNoProblem},
		{"提供不真实统计资料", "发现问题已责令改正", store.CodeNoProblem, store.CodeNoProblem},
		{store.CodeNoProblem, "未发现开展本次抽查涉及的经营活动", store.CodeNoProblem, ""},
	}
	for i, county := range cs {
		for j, u := range c.CurrentUnits(county) {
			if plan[i][j] != "" {
				f.Put(t, u, "2026-09-10", "2026-09-12", plan[i][j])
			}
		}
	}
	e, err := f.DB.EstimateCeremony(f.S.ID())
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
	f := fixture.New(t, "2026-09-01", 1, 1)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits("130801")
	for i, u := range units {
		code := store.CodeNoProblem
		if i == 0 {
			code = "拒报统计资料"
		}
		f.Put(t, u, "2026-09-02", "2026-09-02", code)
	}
	e, err := f.DB.EstimateCeremony(f.S.ID())
	if err != nil {
		t.Fatal(err)
	}
	if e.Method != store.EstimateWilsonFPC || e.N != 11 || e.Inspected != 4 || e.P != 0.25 ||
		math.Abs(e.Lo-0.0581) > 5e-4 || math.Abs(e.Hi-0.6429) > 5e-4 {
		t.Fatalf("estimate %+v", e)
	}
}

func TestEstimateWithoutResults(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	if _, err := f.DB.EstimateCeremony(f.S.ID()); err == nil || !strings.Contains(err.Error(), "尚无") {
		t.Fatalf("no results: %v", err)
	}
}

// An input equal to the stored result (codes in any order) is left as it
// is, 录入人 and 录入时间 included; only new and changed inputs are
// written and counted so.
func TestPutResultBatchLeavesUnchangedResults(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	first := f.Put(t, units[0], "2026-09-10", "2026-09-11", "迟报统计资料", "发现问题已责令改正")
	f.Put(t, units[1], "2026-09-10", "2026-09-10", store.CodeNoProblem)
	f.Clock.Set("2026-11-26")
	in := func(unit, end string, codes ...string) store.ResultInput {
		return store.ResultInput{Ceremony: f.S.ID(), Unit: unit, Start: "2026-09-10", End: end, Codes: codes, EnteredBy: "李", Reason: "核对原始记录"}
	}
	c, err := f.DB.PutResultBatch([]store.ResultInput{
		in(units[0], "2026-09-11", "发现问题已责令改正", "迟报统计资料"), // same codes, other order
		in(units[1], "2026-09-12", store.CodeNoProblem),   // end date corrected
		in(units[2], "2026-09-13", store.CodeNoProblem),   // new
	})
	if err != nil || c != (store.ResultCounts{New: 1, Changed: 1, Unchanged: 1}) || c.Stored() != 2 {
		t.Fatalf("counts %+v %v", c, err)
	}
	if r, _, _ := f.DB.Result(f.S.ID(), units[0]); r.EnteredBy != "刘录入" || r.EnteredAt != first.EnteredAt || !slices.Equal(r.Codes, first.Codes) {
		t.Fatalf("unchanged result rewritten: %+v", r)
	}
	if r, _, _ := f.DB.Result(f.S.ID(), units[1]); r.EnteredBy != "李" || r.End != "2026-09-12" {
		t.Fatalf("changed result %+v", r)
	}
	// The single-result path follows the same rule.
	if r, err := f.DB.PutResult(in(units[0], "2026-09-11", "迟报统计资料", "发现问题已责令改正")); err != nil || r.EnteredBy != "刘录入" {
		t.Fatalf("PutResult of an unchanged result: %+v %v", r, err)
	}
	// A bad batch counts nothing.
	if c, err := f.DB.PutResultBatch([]store.ResultInput{in(units[3], "2026-08-01", store.CodeNoProblem)}); err == nil || c != (store.ResultCounts{}) {
		t.Fatalf("bad batch: %+v %v", c, err)
	}
}

// Three counties drawn, one with results: the note says so (not that one
// county was drawn), in Chinese only, with the store's punctuation.
func TestEstimateNoteSaysWhatIsTrue(t *testing.T) {
	ascii := regexp.MustCompile(`[A-Za-z]`)
	check := func(t *testing.T, txt string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(txt, w) {
				t.Errorf("text %q lacks %q", txt, w)
			}
		}
		if strings.ContainsAny(txt, "，；：（）") || ascii.MatchString(strings.ReplaceAll(txt, "Wilson", "")) {
			t.Errorf("text %q: full-width punctuation or English", txt)
		}
	}
	t.Run("three drawn, one with results", func(t *testing.T) {
		f := fixture.New(t, "2026-09-01", 6, 3)
		f.Clock.Set("2026-11-25")
		cs := f.Counties()
		units := f.S.Ceremony().CurrentUnits(cs[0])
		f.Put(t, units[0], "2026-09-10", "2026-09-10", "迟报统计资料")
		f.Put(t, units[1], "2026-09-10", "2026-09-10", store.CodeNoProblem)
		f.Put(t, f.S.Ceremony().CurrentUnits(cs[1])[0], "2026-09-10", "2026-09-10", "未发现开展本次抽查涉及的经营活动")
		e, err := f.DB.EstimateCeremony(f.S.ID())
		if err != nil || e.HasInterval || e.P != 0.5 {
			t.Fatalf("estimate %+v %v", e, err)
		}
		txt := e.Text()
		check(t, txt, "抽中的 3 个县中目前只有 1 个县有可用于估计的检查结果(1 个县尚无结果,1 个县的结果均无法判定)", "无法估计县间方差", "无法给出区间")
		if strings.Contains(txt, "只抽取了 1 个县") || strings.Contains(txt, "合格县") {
			t.Errorf("text %q says one county was drawn", txt)
		}
	})
	t.Run("one drawn", func(t *testing.T) {
		f := fixture.New(t, "2026-09-01", 6, 1)
		f.Clock.Set("2026-11-25")
		units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
		f.Put(t, units[0], "2026-09-10", "2026-09-10", "迟报统计资料")
		f.Put(t, units[1], "2026-09-10", "2026-09-10", store.CodeNoProblem)
		e, err := f.DB.EstimateCeremony(f.S.ID())
		if err != nil {
			t.Fatal(err)
		}
		check(t, e.Text(), "合格县 6 个中只抽取了 1 个县,无法估计县间方差")
	})
	t.Run("an error of package estimate", func(t *testing.T) {
		f := fixture.New(t, "2026-09-01", 6, 3)
		f.Clock.Set("2026-11-25")
		f.Put(t, f.S.Ceremony().CurrentUnits(f.Counties()[0])[0], "2026-09-10", "2026-09-10", "迟报统计资料")
		_, err := f.DB.EstimateCeremony(f.S.ID())
		if err == nil {
			t.Fatal("one unit of one county gave an estimate")
		}
		check(t, err.Error(), "估计问题单位占比", "无法估计县内方差")
	})
}
