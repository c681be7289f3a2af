package store_test

import (
	"strings"
	"testing"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/report/fixture"
)

func testPenalty() store.Penalty {
	return store.Penalty{
		Name: "示例单位1-1", USCC: excel.SyntheticUSCC("130801", 1), DecisionNo: "承统罚决字〔2026〕第1号",
		ViolationType: "迟报统计资料", Facts: "2026年9月迟报月度统计报表", Basis: "《中华人民共和国统计法》第四十一条",
		Category: "警告；罚款", Content: "警告并处罚款一万元", FineWan: "1", DecisionDate: "2026-11-20",
		PublicUntil: "2027-05-20", Authority: "承德市统计局", AuthorityUSCC: excel.SyntheticUSCC("130800", 7),
		Source: "承德市统计局", EnteredBy: "刘录入",
	}
}

func TestPenaltyColumnsOrder(t *testing.T) {
	want := "相对人名称,统一社会信用代码,法定代表人,主要负责人,决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额(万元),处罚决定日期,公示截止期,处罚机关,处罚机关统一社会信用代码,数据来源"
	if got := strings.Join(store.PenaltyColumns, ","); got != want {
		t.Fatalf("columns\n%s\nwant\n%s", got, want)
	}
	p := testPenalty()
	p.LegalRep, p.Principal = "张法人", "李负责"
	row := p.Row()
	if len(row) != len(store.PenaltyColumns) || row[0] != p.Name || row[2] != "张法人" || row[3] != "李负责" || row[4] != p.DecisionNo || row[10] != "1" || row[15] != p.Source {
		t.Fatalf("row %v", row)
	}
}

func TestPenaltyRules(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	for _, tc := range []struct {
		name, want string
		edit       func(*store.Penalty)
	}{
		{"no name", "相对人名称为空", func(p *store.Penalty) { p.Name = "" }},
		{"bad code", "统一社会信用代码", func(p *store.Penalty) { p.USCC = "91130800MA0000000X" }},
		{"short code", "不是 18 位", func(p *store.Penalty) { p.USCC = "U1-001" }},
		{"unknown category", "处罚类别", func(p *store.Penalty) { p.Category = "批评教育" }},
		{"fine without amount", "须大于 0", func(p *store.Penalty) { p.FineWan = "" }},
		{"amount without fine", "不含罚款", func(p *store.Penalty) { p.Category = "警告" }},
		{"bad amount", "不是非负数", func(p *store.Penalty) { p.FineWan = "1万" }},
		{"public before decision", "早于处罚决定日期", func(p *store.Penalty) { p.PublicUntil = "2026-11-19" }},
		{"future decision", "晚于今天", func(p *store.Penalty) { p.DecisionDate = "2026-11-26"; p.PublicUntil = "2027-01-01" }},
		{"result missing", "没有检查结果", func(p *store.Penalty) { p.Ceremony, p.Unit = f.S.ID(), "U1-001" }},
	} {
		p := testPenalty()
		tc.edit(&p)
		if _, err := f.DB.PutPenalty(p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := f.DB.PutPenalty(testPenalty()); err != nil {
		t.Fatal(err)
	}
	ps, err := f.DB.Penalties()
	if err != nil || len(ps) != 1 || ps[0].EnteredAt == "" {
		t.Fatalf("penalties %+v %v", ps, err)
	}
}

func TestTransfers(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	unit := f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
	if _, err := f.DB.AddTransfer(store.Transfer{Ceremony: f.S.ID(), Unit: unit, Kind: store.TransferPolice, To: "承德市公安局", Reason: "涉嫌伪造统计资料"}, "2026-11-20", "刘"); err == nil {
		t.Fatal("a transfer without a result was accepted")
	}
	f.Put(t, unit, "2026-09-10", "2026-09-10", "提供不真实统计资料")
	if _, err := f.DB.AddTransfer(store.Transfer{Ceremony: f.S.ID(), Unit: unit, Kind: "法院", To: "x", Reason: "y"}, "2026-11-20", "刘"); err == nil {
		t.Fatal("an unknown kind was accepted")
	}
	tr, err := f.DB.AddTransfer(store.Transfer{Ceremony: f.S.ID(), Unit: unit, Kind: store.TransferPolice, To: "承德市公安局", Reason: "涉嫌伪造统计资料"}, "2026-11-20", "刘")
	if err != nil || tr.ID != "YS-000001" || tr.Status != "待移送" {
		t.Fatalf("transfer %+v %v", tr, err)
	}
	if tr, err = f.DB.SetTransferStatus(tr.ID, "已受理", "2026-11-22", "刘", "公安已立案审查"); err != nil || tr.Status != "已受理" || len(tr.Log) != 2 {
		t.Fatalf("forward: %+v %v", tr, err)
	}
	if _, err := f.DB.SetTransferStatus(tr.ID, "已移送", "2026-11-23", "刘", ""); err == nil || !strings.Contains(err.Error(), "只能向前") {
		t.Fatalf("backward: %v", err)
	}
	if _, err := f.DB.SetTransferStatus(tr.ID, "已办结", "2026-11-21", "刘", ""); err == nil || !strings.Contains(err.Error(), "早于上一状态") {
		t.Fatalf("date going back: %v", err)
	}
	list, _ := f.DB.Transfers()
	if len(list) != 1 || list[0].Status != "已受理" {
		t.Fatalf("transfers %+v", list)
	}
}

func TestMarkDishonestFeedsTheUnitAndCoverage(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-10", "2026-09-10", store.CodeNoProblem)
	f.Put(t, units[1], "2026-09-10", "2026-09-11", "拒报统计资料")
	if err := f.DB.MarkDishonest(f.S.ID(), units[0], "2026-10-01", "", "刘", "拒报"); err == nil || !strings.Contains(err.Error(), "未发现问题") {
		t.Fatalf("dishonest without a problem: %v", err)
	}
	if err := f.DB.MarkDishonest(f.S.ID(), units[1], "2026-09-01", "", "刘", "拒报"); err == nil || !strings.Contains(err.Error(), "早于检查结束日期") {
		t.Fatalf("dishonest before the inspection: %v", err)
	}
	if err := f.DB.MarkDishonest(f.S.ID(), units[1], "2026-10-01", "2026-09-30", "刘", "拒报"); err == nil {
		t.Fatal("to before from accepted")
	}
	if err := f.DB.MarkDishonest(f.S.ID(), units[1], "2026-10-01", "2029-09-30", "刘", "拒报统计资料,情节严重"); err != nil {
		t.Fatal(err)
	}
	u, _, _ := f.DB.Unit(units[1])
	if u.DishonestFrom != "2026-10-01" || u.DishonestTo != "2029-09-30" {
		t.Fatalf("unit %+v", u)
	}
	r, _, _ := f.DB.Result(f.S.ID(), units[1])
	if r.Dishonest == nil || r.Dishonest.By != "刘" {
		t.Fatalf("result %+v", r)
	}
	// Inspected in the second half of 2026: covered for that half, due
	// again in the first half of 2027.
	cv, err := f.DB.CoverageOf(2026, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if hasUnit(cv.DishonestNotInspected, units[1]) {
		t.Fatalf("2026 H2 lists a dishonest unit inspected in it: %+v", cv.DishonestNotInspected)
	}
	cv, err = f.DB.CoverageOf(2027, "2027-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if !hasUnit(cv.DishonestNotInspected, units[1]) {
		t.Fatalf("2027 H1 does not list the dishonest unit: %+v", cv.DishonestNotInspected)
	}
}

func hasUnit(list []store.UnitRef, id string) bool {
	for _, u := range list {
		if u.ID == id {
			return true
		}
	}
	return false
}

// Transfers, dishonest marks and penalties tied to a result name a wrong
// or unsealed ceremony first.
func TestResultActionsCheckTheCeremonyFirst(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	unit := f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
	f.Put(t, unit, "2026-09-10", "2026-09-10", "提供不真实统计资料")
	open, err := f.DB.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ ceremony, want string }{{"nope", "仪式 nope: 未找到"}, {open, "仪式 " + open + " 尚未封存"}} {
		_, err := f.DB.AddTransfer(store.Transfer{Ceremony: tc.ceremony, Unit: unit, Kind: store.TransferPolice, To: "承德市公安局", Reason: "涉嫌伪造统计资料"}, "2026-11-20", "刘")
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "没有检查结果") {
			t.Errorf("transfer in %s: %v, want %q", tc.ceremony, err, tc.want)
		}
		err = f.DB.MarkDishonest(tc.ceremony, unit, "2026-10-01", "", "刘", "拒报")
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "没有检查结果") {
			t.Errorf("dishonest in %s: %v, want %q", tc.ceremony, err, tc.want)
		}
		p := testPenalty()
		p.Ceremony, p.Unit = tc.ceremony, unit
		if _, err := f.DB.PutPenalty(p); err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "没有检查结果") {
			t.Errorf("penalty in %s: %v, want %q", tc.ceremony, err, tc.want)
		}
	}
	if list, _ := f.DB.Transfers(); len(list) != 0 {
		t.Fatalf("refused transfers stored: %+v", list)
	}
}

// A transfer needs a result that found a problem, like a dishonest mark.
func TestTransferNeedsAProblem(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-10", "2026-09-10", store.CodeNoProblem)
	f.Put(t, units[1], "2026-09-10", "2026-09-10", "已关闭停业或正在组织清算")
	f.Put(t, units[2], "2026-09-10", "2026-09-10", "拒报统计资料")
	add := func(unit string) error {
		_, err := f.DB.AddTransfer(store.Transfer{Ceremony: f.S.ID(), Unit: unit, Kind: store.TransferDepartment, To: "市市场监管局", Reason: "线索移送"}, "2026-11-20", "刘")
		return err
	}
	if err := add(units[0]); err == nil || !strings.Contains(err.Error(), "检查结果(未发现问题)未发现问题,不能据此移送") {
		t.Fatalf("transfer without a problem: %v", err)
	}
	if err := add(units[1]); err == nil || !strings.Contains(err.Error(), "无法判定有无问题,不能据此移送") {
		t.Fatalf("transfer of an unclassified result: %v", err)
	}
	if list, _ := f.DB.Transfers(); len(list) != 0 {
		t.Fatalf("refused transfers stored: %+v", list)
	}
	if err := add(units[2]); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.MarkDishonest(f.S.ID(), units[1], "2026-10-01", "", "刘", "停业"); err == nil || !strings.Contains(err.Error(), "无法判定有无问题,不能据此认定严重失信") {
		t.Fatalf("dishonest from an unclassified result: %v", err)
	}
}
