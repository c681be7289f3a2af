package sheet

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"shuangsui/sampling"
)

// testInfo is what a Chengde draw says about itself.
func testInfo() sampling.Info {
	return sampling.Info{
		Organisation:   "承德市统计局",
		Round:          "2026年第二轮",
		Place:          "承德市统计局三楼会议室",
		Operator:       "李明",
		Supervisor:     "王芳",
		MatterBasis:    "《中华人民共和国统计法》第三十三条、第三十五条;《中华人民共和国统计法实施条例》第三十五条",
		MatterContent:  "调查单位执行统计制度、建立原始记录、统计台账、统计资料、统计数据质量管理情况",
		Scope:          "一套表联网直报单位",
		NoRepeatMonths: 36,
		Exclusions: []sampling.Exclusion{
			{County: "130821", Reason: "closed", Count: 2},
			{County: "130802", Reason: "inspected_recently", Count: 5},
			{County: "130802", Reason: "deregistered", Count: 1},
			{County: "130822", Reason: "not_direct_reporting", Count: 14},
			{County: "130826", Reason: "out_of_scope_category", Count: 3},
			{County: "130871", Reason: "inactive_county", Count: 9},
			{County: "130881", Reason: "merged_elsewhere", Count: 1},
		},
	}
}

var testCounties = []sampling.County{
	{ID: "130802", Name: "双桥区"},
	{ID: "130803", Name: "双滦区"},
	{ID: "130821", Name: "承德县"},
	{ID: "130822", Name: "兴隆县"},
	{ID: "130826", Name: "丰宁满族自治县"},
	{ID: "130828", Name: "围场满族蒙古族自治县"},
	{ID: "130881", Name: "平泉市"},
}

var unitNames = []string{
	"承德%s钢铁集团有限公司", "%s建龙特殊钢有限公司", "%s露露股份有限公司第二分厂", "%s宾馆", "%s物流园区开发建设投资有限责任公司",
	"%s热力有限公司", "%s新华书店", "%s农村商业银行股份有限公司营业部", "%s矿业有限公司",
}

var categories = []string{"规上工业", "规上工业", "规上工业", "限上批零住餐", "投资项目", "规上服务业", "限上批零住餐", "规上服务业", "规上工业"}

// testFrame builds a feasible frame of seven counties, 4–9 units each, and
// 24 inspectors.
func testFrame(method string, designated bool) sampling.Frame {
	f := sampling.Frame{
		Matter:   sampling.Matter{Code: "TJ-2026-01", Version: 2, Name: "原始记录和统计台账建立及使用情况", Specialty: "综合"},
		DrawDate: "2026-11-25",
		Params:   sampling.Params{Counties: 2, UnitsPerCounty: 3, Method: method, Members: 1, Alternates: 2},
		Counties: testCounties,
	}
	for ci, c := range testCounties {
		n := 4 + (ci*5)%6
		short := []rune(c.Name)
		for u := range n {
			id := fmt.Sprintf("91%s%09d%c", c.ID, 1000+ci*100+u, "0123456789ABCDEFGHJKLMNPQRTUWXY"[(ci*7+u)%31])
			f.Units = append(f.Units, sampling.Unit{ID: id, County: c.ID,
				Name: fmt.Sprintf(unitNames[(ci+u)%len(unitNames)], string(short[:2])), Category: categories[(ci+u)%len(categories)]})
		}
	}
	surnames := []rune("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张")
	for i := range 24 {
		in := sampling.Inspector{
			ID:              fmt.Sprintf("1308%02d%06d", i%7, 20210000+i),
			Name:            string(surnames[i]) + []string{"建华", "志强", "秀兰", "海燕", "国庆", "丽"}[i%6],
			HomeCounty:      testCounties[i%len(testCounties)].ID,
			Specialties:     []string{"综合"},
			LeaderQualified: i%3 == 0,
			Active:          i != 17,
			ValidUntil:      "2028-12-31",
		}
		if i%4 == 0 {
			in.Specialties = []string{"工业", "综合"}
			in.HomeCounty = "" // the city bureau
		}
		if i == 5 {
			in.ConflictCounties = []string{"130802"}
		}
		f.Inspectors = append(f.Inspectors, in)
	}
	if designated {
		f.Params.Leaders = []string{f.Inspectors[0].ID, f.Inspectors[4].ID, f.Inspectors[8].ID}
	}
	return f
}

var testWitnesses = []sampling.Witness{
	{Name: "张建国", Role: "市人大代表", Digits: "38271904"},
	{Name: "刘秀英", Role: "企业代表(承德钢铁集团有限公司财务部)", Digits: "77315028"},
	{Name: "赵磊", Role: "新闻媒体(承德日报社)", Digits: "4601"},
}

// ceremony runs a ceremony up to phase stop (PhaseSealed for all of it),
// with step times one minute apart from 09:30 on the draw date.
func ceremony(t testing.TB, f sampling.Frame, stop sampling.Phase) *sampling.Ceremony {
	t.Helper()
	return ceremonyWith(t, f, testWitnesses, stop)
}

// ceremonyW is a sealed ceremony with the given witnesses.
func ceremonyW(t testing.TB, f sampling.Frame, ws []sampling.Witness) *sampling.Ceremony {
	t.Helper()
	return ceremonyWith(t, f, ws, sampling.PhaseSealed)
}

func ceremonyWith(t testing.TB, f sampling.Frame, ws []sampling.Witness, stop sampling.Phase) *sampling.Ceremony {
	t.Helper()
	c := &sampling.Ceremony{}
	at := time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	prev := sampling.GenesisHash
	apply := func(kind string, payload []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("step %d: %v", len(c.Steps)+1, err)
		}
		seq := uint64(len(c.Steps) + 1)
		when := at.Add(time.Duration(seq-1) * time.Minute).Format(time.RFC3339)
		s := sampling.Step{Seq: seq, Kind: kind, At: when, Payload: payload, Prev: prev,
			Hash: sampling.StepHash(prev, seq, kind, when, payload)}
		if err := c.Apply(s); err != nil {
			t.Fatalf("apply step %d: %v", seq, err)
		}
		prev = s.Hash
	}
	apply(c.Commit(testInfo(), f))
	if stop == sampling.PhaseWitnesses {
		return c
	}
	for _, w := range ws {
		apply(c.AddWitness(w))
	}
	apply(c.FixSeed())
	for c.Phase != stop && c.Phase != sampling.PhaseSealed {
		apply(c.Next())
	}
	return c
}

// amendFrame is testFrame with declared conflicts: every inspector who
// cannot lead conflicts with one unit of each county, so that a unit
// substitution can make a team member unfit.
func amendFrame() sampling.Frame {
	f := testFrame(sampling.MethodSimple, false)
	byCounty := map[string][]string{}
	for _, u := range f.Units {
		byCounty[u.County] = append(byCounty[u.County], u.ID)
	}
	for j := range f.Inspectors {
		if f.Inspectors[j].LeaderQualified {
			continue
		}
		for _, ct := range testCounties {
			us := byCounty[ct.ID]
			f.Inspectors[j].ConflictUnits = append(f.Inspectors[j].ConflictUnits, us[j%len(us)])
		}
	}
	return f
}

// amendWitnesses give a seed under which the first unit alternate of 兴隆县
// conflicts with a member of its team.
func amendWitnesses() []sampling.Witness {
	ws := slices.Clone(testWitnesses)
	ws[2].Digits = "1001"
	return ws
}

// substitute appends a substitute step to a sealed ceremony, a day after
// the seal and an hour after the substitution before.
func substitute(t testing.TB, c *sampling.Ceremony, kind, county, out, reason, operator string) sampling.Substitution {
	t.Helper()
	k, payload, err := c.Substitute(kind, county, out, reason, operator)
	if err != nil {
		t.Fatalf("substitute %s %s in %s: %v", kind, out, county, err)
	}
	last := c.Steps[len(c.Steps)-1]
	at, err := time.Parse(time.RFC3339, last.At)
	if err != nil {
		t.Fatal(err)
	}
	if last.Kind == sampling.StepSeal {
		at = at.Add(24*time.Hour - 39*time.Minute) // the next morning, 09:00
	} else {
		at = at.Add(time.Hour)
	}
	when := at.Format(time.RFC3339)
	seq := last.Seq + 1
	s := sampling.Step{Seq: seq, Kind: k, At: when, Payload: payload, Prev: last.Hash,
		Hash: sampling.StepHash(last.Hash, seq, k, when, payload)}
	if err := c.Apply(s); err != nil {
		t.Fatalf("apply substitution %d: %v", seq, err)
	}
	return c.Substitutions[len(c.Substitutions)-1]
}

// amendCounty is the county whose unit substitution leaves a member unfit.
const amendCounty = "130822"

// amended is a sealed ceremony with three substitutions: a unit of
// 兴隆县 (whose replacement conflicts with a team member, now unfit), the
// leader of the other drawn county and then one of its units.
func amended(t testing.TB) *sampling.Ceremony {
	t.Helper()
	c := ceremonyW(t, amendFrame(), amendWitnesses())
	other := ""
	for _, ud := range c.Result.Units {
		if ud.County != amendCounty {
			other = ud.County
		}
	}
	if other == "" || len(c.Result.Units) != 2 {
		t.Fatalf("the draw no longer takes %s and one other county: %+v", amendCounty, c.Result.Counties)
	}
	substitute(t, c, sampling.SubstituteUnit, amendCounty, c.CurrentUnits(amendCounty)[1], "已注销", "张操作")
	if len(c.Unfit(amendCounty)) != 1 {
		t.Fatalf("unfit in %s: %v, want one member", amendCounty, c.Unfit(amendCounty))
	}
	substitute(t, c, sampling.SubstituteInspector, other, c.CurrentTeam(other)[0], "出差,无法参加检查", "张操作")
	substitute(t, c, sampling.SubstituteUnit, other, c.CurrentUnits(other)[2], "通过登记的住所(经营场所)无法联系", "李明")
	return c
}
