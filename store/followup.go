package store

// Follow-up (plan §(四) 严禁有案不移、以罚代刑): a result that found a
// problem is followed by a penalty or a transfer. Until one of them is
// recorded the result is on the follow-up list. A correction that takes
// the problem out of the result takes it off the list too, since the
// current result no longer carries a problem.

import (
	"fmt"
	"sort"
	"time"

	"shuangsui/store/workdays"
)

// FollowUp is one problem result with neither a penalty nor a transfer.
type FollowUp struct {
	Result   Result
	Name     string // the unit's name in the library ("" if it left it)
	County   string // the county's name in the library
	Days     int    // calendar days since the inspection ended
	Workdays int    // working days since the inspection ended
}

// FollowUps returns, as of today, the current results of ceremony ("" for
// every sealed ceremony) that found a problem and have no penalty and no
// transfer, oldest inspection first.
func (db *DB) FollowUps(cal *workdays.Calendar, ceremony, today string) ([]FollowUp, error) {
	t, err := time.Parse(dateLayout, today)
	if err != nil {
		return nil, fmt.Errorf("日期 %q 不是 YYYY-MM-DD 格式", today)
	}
	if ceremony != "" {
		if _, err := db.SealedCeremony(ceremony); err != nil {
			return nil, err
		}
	}
	rs, err := db.Results(ceremony)
	if err != nil {
		return nil, err
	}
	ps, err := db.Penalties()
	if err != nil {
		return nil, err
	}
	ts, err := db.Transfers()
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	for _, p := range ps {
		if p.Ceremony != "" {
			done[string(resultKey(p.Ceremony, p.Unit))] = true
		}
	}
	for _, tr := range ts {
		done[string(resultKey(tr.Ceremony, tr.Unit))] = true
	}
	cs, err := db.Counties()
	if err != nil {
		return nil, err
	}
	counties := map[string]string{}
	for _, c := range cs {
		counties[c.Code] = c.Name
	}
	var out []FollowUp
	for _, r := range rs {
		if r.Class() != ClassProblem || done[string(resultKey(r.Ceremony, r.Unit))] {
			continue
		}
		// Names come from the library, not from the ceremony's frame: a
		// frame may hold hundreds of thousands of units and Home asks for
		// this list every time it is shown.
		u, _, err := db.Unit(r.Unit)
		if err != nil {
			return nil, fmt.Errorf("读取单位 %s: %w", r.Unit, err)
		}
		f := FollowUp{Result: r, Name: u.Name, County: nameOr(counties, r.County)}
		end, err := time.Parse(dateLayout, r.End)
		if err != nil {
			return nil, fmt.Errorf("仪式 %s 单位 %s: 检查结束日期 %q 无效", r.Ceremony, r.Unit, r.End)
		}
		if !t.Before(end) {
			f.Days = int(t.Sub(end).Hours() / 24)
			f.Workdays, _ = cal.WorkdaysBetween(end, t)
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Result.End < out[j].Result.End })
	return out, nil
}
