package store

import (
	"fmt"
	"sort"
	"strings"
)

// DishonestColumns head the list of seriously dishonest units published
// and sent to 信用中国 (plan §(五)), in the order DishonestEntry.Row gives.
var DishonestColumns = []string{
	"单位名称", "统一社会信用代码", "法定代表人", "主要负责人", "县(市、区)", "列入日期", "移出日期",
	"列入事由", "认定机关", "认定人", "抽查仪式", "检查结果", "行政处罚决定书文号",
}

// DishonestEntry is one unit marked seriously dishonest, with the result
// the mark was made from and the penalties that name the unit.
type DishonestEntry struct {
	Unit       string
	Name       string
	LegalRep   string // from the latest penalty of the unit that names one
	Principal  string
	County     string // its name
	From, To   string
	Reason, By string
	Authority  string // the organisation of the ceremony
	Ceremony   string
	Codes      []string
	Decisions  []string // decision numbers of the unit's penalties
}

// Row returns the entry's cells in DishonestColumns order.
func (d DishonestEntry) Row() []string {
	return []string{d.Name, d.Unit, d.LegalRep, d.Principal, d.County, d.From, d.To, d.Reason, d.Authority, d.By,
		d.Ceremony, strings.Join(d.Codes, "；"), strings.Join(d.Decisions, "；")}
}

// DishonestList returns the units whose current seriously dishonest mark
// is in force on asOf (from ≤ asOf, and to empty or ≥ asOf), every mark
// when asOf is "", by unit code. A unit marked in two ceremonies is listed
// once, with its latest mark.
func (db *DB) DishonestList(asOf string) ([]DishonestEntry, error) {
	if err := checkDate("截至日期", asOf, true); err != nil {
		return nil, err
	}
	rs, err := db.Results("")
	if err != nil {
		return nil, err
	}
	infos, err := db.SealedCeremonies()
	if err != nil {
		return nil, err
	}
	org := map[string]string{}
	for _, c := range infos {
		org[c.ID] = c.Organisation
	}
	ps, err := db.Penalties()
	if err != nil {
		return nil, err
	}
	counties, err := db.Counties()
	if err != nil {
		return nil, err
	}
	countyName := map[string]string{}
	for _, c := range counties {
		countyName[c.Code] = c.Name
	}
	byUnit := map[string]DishonestEntry{}
	for _, r := range rs {
		d := r.Dishonest
		if d == nil || (asOf != "" && (d.From > asOf || (d.To != "" && d.To < asOf))) {
			continue
		}
		if prev, ok := byUnit[r.Unit]; ok && prev.From > d.From {
			continue
		}
		e := DishonestEntry{Unit: r.Unit, County: nameOr(countyName, r.County), From: d.From, To: d.To, Reason: d.Reason,
			By: d.By, Authority: org[r.Ceremony], Ceremony: r.Ceremony, Codes: r.Codes}
		u, ok, err := db.Unit(r.Unit)
		if err != nil {
			return nil, fmt.Errorf("读取单位 %s: %w", r.Unit, err)
		}
		if ok {
			e.Name = u.Name
		}
		latest := ""
		for _, p := range ps {
			if p.USCC != r.Unit && p.Unit != r.Unit {
				continue
			}
			e.Decisions = append(e.Decisions, p.DecisionNo)
			if (p.LegalRep != "" || p.Principal != "") && p.DecisionDate >= latest {
				latest, e.LegalRep, e.Principal = p.DecisionDate, p.LegalRep, p.Principal
			}
			if e.Name == "" {
				e.Name = p.Name
			}
		}
		byUnit[r.Unit] = e
	}
	out := make([]DishonestEntry, 0, len(byUnit))
	for _, e := range byUnit {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Unit < out[j].Unit })
	return out, nil
}
