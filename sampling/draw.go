package sampling

import (
	"fmt"
	"slices"
	"strings"
)

// ValidateParams checks the parameters of a frame on their own: counts in
// range, a known method, overrides naming counties of the frame, designated
// leaders naming inspectors of the frame, no duplicates.
func (f Frame) ValidateParams() error {
	p := f.Params
	switch {
	case p.Counties < 1:
		return fmt.Errorf("抽取县(市、区)数须至少为 1,现为 %d", p.Counties)
	case p.UnitsPerCounty < 1:
		return fmt.Errorf("每县抽取单位数须至少为 1,现为 %d", p.UnitsPerCounty)
	case p.Members < 1:
		return fmt.Errorf("每组成员数(组长以外)须至少为 1,现为 %d:每次检查至少两名执法人员", p.Members)
	case p.Alternates < 0:
		return fmt.Errorf("备选数不能为负,现为 %d", p.Alternates)
	case p.Method != MethodSimple && p.Method != MethodSystematic:
		return fmt.Errorf("抽样方法 %q 无效,应为 %s 或 %s", p.Method, MethodSimple, MethodSystematic)
	}
	if f.DrawDate == "" {
		return fmt.Errorf("缺少抽取日期")
	}
	counties := map[string]bool{}
	for _, c := range f.Counties {
		if counties[c.ID] {
			return fmt.Errorf("县(市、区)编码重复: %q", c.ID)
		}
		counties[c.ID] = true
	}
	seen := map[string]bool{}
	for _, o := range p.UnitsOverride {
		if seen[o.County] {
			return fmt.Errorf("县(市、区) %q 的单位数设置了两次", o.County)
		}
		seen[o.County] = true
		if o.Units < 1 {
			return fmt.Errorf("县(市、区) %q 的抽取单位数须至少为 1,现为 %d", o.County, o.Units)
		}
	}
	inspectors := map[string]bool{}
	for _, in := range f.Inspectors {
		if inspectors[in.ID] {
			return fmt.Errorf("执法证号重复: %q", in.ID)
		}
		inspectors[in.ID] = true
	}
	leaders := map[string]bool{}
	for _, l := range p.Leaders {
		if !inspectors[l] {
			return fmt.Errorf("指定组长 %q 不在执法检查人员名录中", l)
		}
		if leaders[l] {
			return fmt.Errorf("指定组长 %q 重复", l)
		}
		leaders[l] = true
	}
	// Repeated unit ids are adjacent once sorted; a frame's units usually
	// are (the store and the canonical text list them in id order), which
	// makes this linear and spares a map, or a sorted copy, of every id.
	sorted := true
	for i, u := range f.Units {
		if !counties[u.County] {
			return fmt.Errorf("单位 %q 所属县(市、区) %q 不在名录中", u.ID, u.County)
		}
		if i > 0 && f.Units[i-1].ID >= u.ID {
			if f.Units[i-1].ID == u.ID {
				return fmt.Errorf("单位编码重复: %q", u.ID)
			}
			sorted = false
		}
	}
	if sorted {
		return f.validateDirected()
	}
	ids := make([]string, len(f.Units))
	for i, u := range f.Units {
		ids[i] = u.ID
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return fmt.Errorf("单位编码重复: %q", ids[i])
		}
	}
	return f.validateDirected()
}

// validateDirected checks what a directed frame adds (SPEC.md §12): a
// known kind with its reason (and, for a list, its source), and parameters
// that draw every unit: k is the number of counties with units, m the
// largest number of units in one of them, no override, the simple method.
func (f Frame) validateDirected() error {
	d := f.Directed
	if f.Partner != "" && strings.TrimSpace(f.Partner) != f.Partner {
		return fmt.Errorf("联合检查部门 %q 首尾不能有空白", f.Partner)
	}
	if d == nil {
		return nil
	}
	switch {
	case d.Kind != DirectedKey && d.Kind != DirectedDishonest && d.Kind != DirectedList:
		return fmt.Errorf("定向检查类型 %q 无效,应为 %s、%s 或 %s", d.Kind, DirectedKey, DirectedDishonest, DirectedList)
	case strings.TrimSpace(d.Reason) == "":
		return fmt.Errorf("定向检查须写明理由")
	case d.Kind == DirectedList && strings.TrimSpace(d.Source) == "":
		return fmt.Errorf("定向检查的名单须写明来源")
	case f.Params.Method != MethodSimple:
		return fmt.Errorf("定向检查不抽单位,抽样方法须为 %s,现为 %s", MethodSimple, f.Params.Method)
	case len(f.Params.UnitsOverride) > 0:
		return fmt.Errorf("定向检查不抽单位,不能按县设置单位数")
	}
	counts := f.unitCounts()
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	if len(counts) == 0 {
		return fmt.Errorf("定向检查的名录中没有单位")
	}
	if f.Params.Counties != len(counts) || f.Params.UnitsPerCounty != most {
		return fmt.Errorf("定向检查须检查名录中的每一个单位:县(市、区)数应为 %d(现为 %d),每县单位数应为 %d(现为 %d)",
			len(counts), f.Params.Counties, most, f.Params.UnitsPerCounty)
	}
	return nil
}

// DirectedParams returns p with the counts that make a draw of f take
// every unit (SPEC.md §12): k = the counties with units, m = the most units
// in one county, no override, the simple method.
func (f Frame) DirectedParams(p Params) Params {
	counts := f.unitCounts()
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	p.Counties, p.UnitsPerCounty, p.UnitsOverride, p.Method = len(counts), most, nil, MethodSimple
	return p
}

// unitsByCounty groups the ids of the frame's units by county, each list
// in byte order.
func (f Frame) unitsByCounty() map[string][]string {
	counts := f.unitCounts()
	by := make(map[string][]string, len(counts))
	for c, n := range counts {
		by[c] = make([]string, 0, n) // counted first: no growing copies
	}
	for _, u := range f.Units {
		by[u.County] = append(by[u.County], u.ID)
	}
	for _, ids := range by {
		if !slices.IsSorted(ids) { // a canonical frame's units are in id order
			slices.Sort(ids)
		}
	}
	return by
}

// unitsIn returns units(c): the ids of the frame's units in county c, in
// byte order (one county's list, not every county's).
func (f Frame) unitsIn(county string) []string {
	n := 0
	for _, u := range f.Units {
		if u.County == county {
			n++
		}
	}
	ids := make([]string, 0, n)
	for _, u := range f.Units {
		if u.County == county {
			ids = append(ids, u.ID)
		}
	}
	if !slices.IsSorted(ids) {
		slices.Sort(ids)
	}
	return ids
}

// unitCounts counts the frame's units by county.
func (f Frame) unitCounts() map[string]int {
	counts := map[string]int{}
	for _, u := range f.Units {
		counts[u.County]++
	}
	return counts
}

// eligibleCounties returns the ids of the counties with at least one unit,
// in byte order.
func (f Frame) eligibleCounties() []string { return f.eligibleIn(f.unitCounts()) }

// eligibleIn is eligibleCounties given the units counted per county.
func (f Frame) eligibleIn(counts map[string]int) []string {
	var ids []string
	for _, c := range f.Counties {
		if counts[c.ID] > 0 {
			ids = append(ids, c.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// serves reports whether inspector in may inspect in county, given the
// units that could be inspected there: active, certificate valid on the
// draw date, not from the county (unless the frame allows it), no
// declared conflict with the county or with any of the units.
// needSpecialty adds the matter's specialty.
func (f Frame) serves(in Inspector, county string, units []string, needSpecialty bool) bool {
	if !in.Active || in.ValidUntil < f.DrawDate || (in.HomeCounty == county && !f.HomeCountyAllowed) {
		return false
	}
	if slices.Contains(in.ConflictCounties, county) {
		return false
	}
	for _, u := range in.ConflictUnits {
		if slices.Contains(units, u) {
			return false
		}
	}
	return !needSpecialty || slices.Contains(in.Specialties, f.Matter.Specialty)
}

// Shortage names one pool that is too small, and by how much.
type Shortage struct {
	Pool   string `json:"pool"`   // "counties", "leaders", "designated_leaders" or "members"
	County string `json:"county"` // empty for "counties"
	Have   int    `json:"have"`
	Need   int    `json:"need"`
}

func (s Shortage) String() string {
	switch s.Pool {
	case "counties":
		return fmt.Sprintf("有合格单位的县(市、区)只有 %d 个,需要 %d 个,差 %d 个", s.Have, s.Need, s.Need-s.Have)
	case "leaders":
		return fmt.Sprintf("%s:可任组长的执法人员只有 %d 名,最坏情况下需要 %d 名,差 %d 名", s.County, s.Have, s.Need, s.Need-s.Have)
	case "designated_leaders":
		return fmt.Sprintf("%s:可到该地检查的指定组长只有 %d 名,最坏情况下需要 %d 名,差 %d 名", s.County, s.Have, s.Need, s.Need-s.Have)
	default:
		return fmt.Sprintf("%s:可选派的执法人员只有 %d 名,最坏情况下需要 %d 名,差 %d 名", s.County, s.Have, s.Need, s.Need-s.Have)
	}
}

// CountyPools is what the feasibility check found for one eligible county.
type CountyPools struct {
	County  string `json:"county"`
	Units   int    `json:"units"`   // eligible units
	Take    int    `json:"take"`    // units that would be drawn there: min(m, Units)
	Members int    `json:"members"` // inspectors who can serve there in the worst case
	Leaders int    `json:"leaders"` // leader candidates who can serve there in the worst case
}

// Feasibility is the answer of Feasible.
type Feasibility struct {
	Counties  int           `json:"counties"` // eligible counties
	Pools     []CountyPools `json:"pools"`    // in byte order of county id
	Shortages []Shortage    `json:"shortages"`
}

// OK reports whether the draw succeeds whatever the seed.
func (r Feasibility) OK() bool { return len(r.Shortages) == 0 }

// Feasible checks, without a seed, that the three-stage draw succeeds for
// every possible seed. It assumes the worst case in stage 3: an inspector
// who declares a conflict with any eligible unit of a county does not count
// for that county, and every other team may have taken its leader and
// members from the same pool. See SPEC.md §7.
func Feasible(f Frame) (Feasibility, error) {
	if err := f.ValidateParams(); err != nil {
		return Feasibility{}, err
	}
	p := f.Params
	counts := f.unitCounts()
	eligible := f.eligibleIn(counts)
	// The counties of every unit some inspector must step aside from (the
	// one thing serves reads a county's units for), found in one pass
	// instead of a search of each county's units for each inspector.
	conflictCounties := map[string][]string{}
	for _, in := range f.Inspectors {
		for _, u := range in.ConflictUnits {
			conflictCounties[u] = nil
		}
	}
	if len(conflictCounties) > 0 {
		for _, u := range f.Units {
			if cs, ok := conflictCounties[u.ID]; ok {
				conflictCounties[u.ID] = append(cs, u.County)
			}
		}
	}
	report := Feasibility{Counties: len(eligible)}
	if len(eligible) < p.Counties {
		report.Shortages = append(report.Shortages, Shortage{Pool: "counties", Have: len(eligible), Need: p.Counties})
	}
	k := min(p.Counties, len(eligible))
	leaderCandidates := map[string]bool{}
	if len(p.Leaders) > 0 {
		for _, l := range p.Leaders {
			leaderCandidates[l] = true
		}
	} else {
		for _, in := range f.Inspectors {
			if in.LeaderQualified {
				leaderCandidates[in.ID] = true
			}
		}
	}
	for _, c := range eligible {
		n := counts[c]
		pool := CountyPools{County: c, Units: n, Take: min(p.UnitsFor(c), n)}
		overlap := 0
		servesHere := func(in Inspector, needSpecialty bool) bool {
			for _, u := range in.ConflictUnits {
				if slices.Contains(conflictCounties[u], c) {
					return false
				}
			}
			return f.serves(in, c, nil, needSpecialty)
		}
		for _, in := range f.Inspectors {
			member := servesHere(in, true)
			if member {
				pool.Members++
				if leaderCandidates[in.ID] {
					overlap++
				}
			}
			if leaderCandidates[in.ID] && servesHere(in, len(p.Leaders) == 0) {
				pool.Leaders++
			}
		}
		report.Pools = append(report.Pools, pool)
		if pool.Leaders < k {
			kind := "leaders"
			if len(p.Leaders) > 0 {
				kind = "designated_leaders"
			}
			report.Shortages = append(report.Shortages, Shortage{Pool: kind, County: c, Have: pool.Leaders, Need: k})
		}
		if need := k*p.Members + min(k, overlap); pool.Members < need {
			report.Shortages = append(report.Shortages, Shortage{Pool: "members", County: c, Have: pool.Members, Need: need})
		}
	}
	return report, nil
}

// InfeasibleError is returned by Draw when Feasible finds shortages.
type InfeasibleError struct{ Shortages []Shortage }

func (e *InfeasibleError) Error() string {
	parts := make([]string, len(e.Shortages))
	for i, s := range e.Shortages {
		parts[i] = s.String()
	}
	return "无法抽取: " + strings.Join(parts, ";")
}

// Draw runs the three-stage draw of SPEC.md §6 on frame f with ceremony
// seed S. It refuses an infeasible frame before touching the seed.
func Draw(f Frame, seed string) (Result, error) {
	report, err := Feasible(f)
	if err != nil {
		return Result{}, err
	}
	if !report.OK() {
		return Result{}, &InfeasibleError{Shortages: report.Shortages}
	}
	fp, err := f.Fingerprint()
	if err != nil {
		return Result{}, err
	}
	counties, err := DrawCounties(f, seed, fp)
	if err != nil {
		return Result{}, err
	}
	var res Result
	res.Counties = counties
	for _, c := range Drawn(counties) {
		ud, err := DrawUnits(f, seed, fp, c.ID)
		if err != nil {
			return Result{}, err
		}
		res.Units = append(res.Units, ud)
	}
	res.Teams, err = DrawTeams(f, seed, fp, res.Units)
	return res, err
}

// DrawCounties is stage 1: k counties among those with an eligible unit,
// then r alternates.
func DrawCounties(f Frame, seed, fingerprint string) ([]Pick, error) {
	picks, err := Sample(f.eligibleCounties(), StageSeed(seed, fingerprint, LabelCounties()), f.Params.Counties, f.Params.Alternates)
	if err != nil {
		return nil, fmt.Errorf("第一阶段(抽取县): %w", err)
	}
	return picks, nil
}

// DrawUnits is stage 2 in one drawn county: min(m, N) units by the frame's
// method, then r alternates.
func DrawUnits(f Frame, seed, fingerprint, county string) (UnitDraw, error) {
	ids := f.unitsIn(county)
	take := min(f.Params.UnitsFor(county), len(ids))
	ud := UnitDraw{County: county, Method: f.Params.Method, Take: take}
	s := StageSeed(seed, fingerprint, LabelUnits(county))
	var err error
	if f.Params.Method == MethodSystematic {
		ud.Start, ud.Picks, err = Systematic(ids, s, take, f.Params.Alternates)
	} else {
		ud.Picks, err = Sample(ids, s, take, f.Params.Alternates)
	}
	if err != nil {
		return UnitDraw{}, fmt.Errorf("第二阶段(%s 抽取单位): %w", county, err)
	}
	return ud, nil
}

// DrawTeams is stage 3: one team per drawn county, in stage-1 order. All
// leaders are fixed first (designated in list order, or drawn), then the
// members of each team are drawn from the inspectors who serve there and
// are in no team yet.
func DrawTeams(f Frame, seed, fingerprint string, units []UnitDraw) ([]Team, error) {
	byID := map[string]Inspector{}
	ids := make([]string, 0, len(f.Inspectors))
	for _, in := range f.Inspectors {
		byID[in.ID] = in
		ids = append(ids, in.ID)
	}
	slices.Sort(ids)
	used := map[string]bool{}
	teams := make([]Team, len(units))
	pool := func(county string, drawn []string, leader bool) []string {
		var out []string
		for _, id := range ids {
			in := byID[id]
			if used[id] || (leader && !in.LeaderQualified) || !f.serves(in, county, drawn, true) {
				continue
			}
			out = append(out, id)
		}
		return out
	}
	drawnUnits := func(ud UnitDraw) []string {
		var out []string
		for _, p := range Drawn(ud.Picks) {
			out = append(out, p.ID)
		}
		return out
	}
	for i, ud := range units {
		t := &teams[i]
		t.County = ud.County
		if len(f.Params.Leaders) > 0 {
			t.Designated = true
			for _, id := range f.Params.Leaders {
				if !used[id] && f.serves(byID[id], ud.County, drawnUnits(ud), false) {
					t.Leader = Pick{Rank: 1, ID: id}
					break
				}
			}
			if t.Leader.ID == "" {
				return nil, fmt.Errorf("第三阶段(%s): 指定组长均不能到该地检查", ud.County)
			}
		} else {
			picks, err := Sample(pool(ud.County, drawnUnits(ud), true), StageSeed(seed, fingerprint, LabelLeader(ud.County)), 1, 0)
			if err != nil {
				return nil, fmt.Errorf("第三阶段(%s 抽取组长): %w", ud.County, err)
			}
			t.Leader = picks[0]
		}
		used[t.Leader.ID] = true
	}
	for i, ud := range units {
		t := &teams[i]
		picks, err := Sample(pool(ud.County, drawnUnits(ud), false), StageSeed(seed, fingerprint, LabelMembers(ud.County)), f.Params.Members, f.Params.Alternates)
		if err != nil {
			return nil, fmt.Errorf("第三阶段(%s 抽取组员): %w", ud.County, err)
		}
		for _, p := range picks {
			if p.Alternate {
				t.Alternates = append(t.Alternates, p)
			} else {
				t.Members = append(t.Members, p)
				used[p.ID] = true
			}
		}
	}
	return teams, nil
}
