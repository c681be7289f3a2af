package store

// The coverage plan of one year (seed plan 三(三)–(五)):
//
//   - per county and overall, the enterprises inspected in the year by a
//     random or directed check (distinct units with such an inspection
//     history entry dated in the year, see mattercoverage.go) against the
//     base: the enterprises among the units in the library, not removed,
//     status active; with the 5 % floor: at least ceil(5 % × base) units;
//   - per matter, its ratio and frequency against the year
//     (mattercoverage.go);
//   - key units (重点单位, active, not removed) not inspected in the year
//     (by any check): they are covered in full once a year;
//   - seriously dishonest units whose dishonest period overlaps the
//     half-year of asOf and that were not inspected in that half-year:
//     they are covered every half year;
//   - rounds held: sealed ceremonies whose draw date lies in the year,
//     against the two rounds a year of the seed plan;
//   - active inspectors with fewer than 2 training days dated in the year.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Coverage floors of the seed plan.
const (
	CoverageFloorPercent = 5
	RoundsPerYear        = 2
	TrainingDaysPerYear  = 2.0
)

// CountyCoverage is one line of the plan.
type CountyCoverage struct {
	County    string
	Name      string
	Units     int // active units in the library, enterprises or not
	Frame     int // the base: active enterprises in the library
	Inspected int // of them, inspected in the year by a random or directed check
	Required  int // ceil(5 % × Frame)
}

// Short is how many more units must be inspected to reach the floor.
func (c CountyCoverage) Short() int { return max(0, c.Required-c.Inspected) }

// Percent is Inspected/Frame in percent (0 for an empty frame).
func (c CountyCoverage) Percent() float64 {
	if c.Frame == 0 {
		return 0
	}
	return 100 * float64(c.Inspected) / float64(c.Frame)
}

// UnitRef names a unit in a list of the plan.
type UnitRef struct {
	ID, Name, County string
}

// TrainingShort is an inspector under the training floor.
type TrainingShort struct {
	ID, Name string
	Days     float64
}

// Coverage is the plan of one year as of a date.
type Coverage struct {
	Year     int
	AsOf     string
	HalfFrom string // the half-year of AsOf
	HalfTo   string
	Counties []CountyCoverage
	Total    CountyCoverage
	// KeyNotInspected: key units not inspected in Year.
	KeyNotInspected []UnitRef
	// DishonestNotInspected: seriously dishonest in the half-year, not
	// inspected in it.
	DishonestNotInspected []UnitRef
	Rounds                []string // sealed random ceremonies drawn in Year (joint random ones too)
	// Directed are the sealed directed ceremonies (定向检查) drawn in
	// Year: their results count like any other, but they are not rounds.
	Directed     []string
	Undertrained []TrainingShort
	// Matters: every matter in use, with its ratio and frequency.
	Matters []MatterCoverage
}

func required(frame int) int { return (frame*CoverageFloorPercent + 99) / 100 }

// CoverageOf computes the coverage plan of year as of asOf (YYYY-MM-DD,
// which should lie in year; it picks the half-year).
func (db *DB) CoverageOf(year int, asOf string) (Coverage, error) {
	cv := Coverage{Year: year, AsOf: asOf}
	if err := checkDate("统计日期", asOf, false); err != nil {
		return cv, err
	}
	y := strconv.Itoa(year)
	if !strings.HasPrefix(asOf, y+"-") {
		return cv, fmt.Errorf("统计日期 %s 不在 %d 年内", asOf, year)
	}
	if asOf[5:7] <= "06" {
		cv.HalfFrom, cv.HalfTo = y+"-01-01", y+"-06-30"
	} else {
		cv.HalfFrom, cv.HalfTo = y+"-07-01", y+"-12-31"
	}
	inYear, inHalf, counted := map[string]bool{}, map[string]bool{}, map[string]bool{}
	byMatter := map[string]map[string]bool{} // matter → units it counted in the year
	err := db.EachInspection(func(in Inspection) error {
		if strings.HasPrefix(in.Date, y+"-") {
			inYear[in.Unit] = true
			if in.Date >= cv.HalfFrom && in.Date <= cv.HalfTo {
				inHalf[in.Unit] = true
			}
			if CountsForFloor(in.Source) {
				counted[in.Unit] = true
				if byMatter[in.Matter] == nil {
					byMatter[in.Matter] = map[string]bool{}
				}
				byMatter[in.Matter][in.Unit] = true
			}
		}
		return nil
	})
	if err != nil {
		return cv, fmt.Errorf("读取检查历史: %w", err)
	}
	counties, err := db.Counties()
	if err != nil {
		return cv, err
	}
	matters, err := db.Matters()
	if err != nil {
		return cv, err
	}
	matters = slices.DeleteFunc(matters, func(m Matter) bool { return m.Retired })
	for _, m := range matters {
		mc := MatterCoverage{Code: m.Code, Name: m.Name, Ratio: m.Ratio, Frequency: m.Frequency}
		mc.RatioPercent, _ = ParseRatio(m.Ratio)
		mc.Times, _ = ParseFrequency(m.Frequency)
		cv.Matters = append(cv.Matters, mc)
	}
	by := map[string]*CountyCoverage{}
	for _, c := range counties {
		cv.Counties = append(cv.Counties, CountyCoverage{County: c.Code, Name: c.Name})
	}
	for i := range cv.Counties {
		by[cv.Counties[i].County] = &cv.Counties[i]
	}
	err = db.EachUnit(func(u Unit) error {
		if u.Removed || u.Status != StatusActive {
			return nil
		}
		c := by[u.County]
		if c == nil {
			cv.Counties = append(cv.Counties, CountyCoverage{County: u.County, Name: u.County})
			for i := range cv.Counties {
				by[cv.Counties[i].County] = &cv.Counties[i]
			}
			c = by[u.County]
		}
		c.Units++
		if IsEnterprise(u.ID) {
			c.Frame++
			if counted[u.ID] {
				c.Inspected++
			}
		}
		for i, m := range matters {
			if inMatterBase(u, m) {
				cv.Matters[i].Base++
				if byMatter[m.Code][u.ID] {
					cv.Matters[i].Inspected++
				}
			}
		}
		ref := UnitRef{ID: u.ID, Name: u.Name, County: u.County}
		if u.Key && !inYear[u.ID] {
			cv.KeyNotInspected = append(cv.KeyNotInspected, ref)
		}
		if u.DishonestFrom != "" && u.DishonestFrom <= cv.HalfTo && (u.DishonestTo == "" || u.DishonestTo >= cv.HalfFrom) && !inHalf[u.ID] {
			cv.DishonestNotInspected = append(cv.DishonestNotInspected, ref)
		}
		return nil
	})
	if err != nil {
		return cv, fmt.Errorf("读取名录库: %w", err)
	}
	cv.Counties = slices.DeleteFunc(cv.Counties, func(c CountyCoverage) bool { return c.Units == 0 && c.Inspected == 0 })
	cv.Total = CountyCoverage{County: "", Name: "合计"}
	for i := range cv.Counties {
		c := &cv.Counties[i]
		c.Required = required(c.Frame)
		cv.Total.Units += c.Units
		cv.Total.Frame += c.Frame
		cv.Total.Inspected += c.Inspected
	}
	cv.Total.Required = required(cv.Total.Frame)
	infos, err := db.SealedCeremonies()
	if err != nil {
		return cv, err
	}
	for _, ci := range infos {
		if strings.HasPrefix(ci.DrawDate, y+"-") && ci.Directed != nil {
			cv.Directed = append(cv.Directed, ci.ID)
		} else if strings.HasPrefix(ci.DrawDate, y+"-") {
			cv.Rounds = append(cv.Rounds, ci.ID)
			for i := range cv.Matters {
				if cv.Matters[i].Code == ci.Matter.Code {
					cv.Matters[i].Rounds = append(cv.Matters[i].Rounds, ci.ID)
				}
			}
		}
	}
	for i := range cv.Matters {
		cv.Matters[i].Required = RequiredFor(cv.Matters[i].RatioPercent, cv.Matters[i].Base)
	}
	ins, err := db.Inspectors()
	if err != nil {
		return cv, err
	}
	for _, in := range ins {
		if !in.Active {
			continue
		}
		days := 0.0
		for _, t := range in.Training {
			if strings.HasPrefix(t.Date, y+"-") {
				days += t.Days
			}
		}
		if days < TrainingDaysPerYear {
			cv.Undertrained = append(cv.Undertrained, TrainingShort{ID: in.ID, Name: in.Name, Days: days})
		}
	}
	return cv, nil
}
