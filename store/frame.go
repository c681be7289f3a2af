package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// DefaultNoRepeatMonths is the default no-repeat window: a unit inspected
// within three years is not drawn again.
const DefaultNoRepeatMonths = 36

// Exclusion reasons; see the package comment for their order.
const (
	ExclRemoved            = "removed"
	ExclClosed             = "closed"
	ExclDeregistered       = "deregistered"
	ExclInactiveCounty     = "inactive_county"
	ExclOutOfScopeCategory = "out_of_scope_category"
	ExclNotDirectReporting = "not_direct_reporting"
	ExclInspectedRecently  = "inspected_recently"
	ExclDrawnRecently      = "drawn_recently"
	// ExclNotDirected: not a unit of the directed frame (SPEC.md §12): not
	// a key unit, not dishonest, already inspected in the period, or not on
	// the list.
	ExclNotDirected = "not_directed"
)

// FrameQuery asks for the eligible frame of one matter on one date.
type FrameQuery struct {
	MatterCode    string
	MatterVersion int    // 0 = the latest version
	DrawDate      string // YYYY-MM-DD
	Params        sampling.Params
	// NoRepeatMonths: 0 means DefaultNoRepeatMonths, a negative value
	// turns the no-repeat rule off.
	NoRepeatMonths      int
	DirectReportingOnly bool
	// Directed, when not nil, builds a directed frame (SPEC.md §12) of its
	// kind instead of the eligible one: the matter's categories, the
	// direct-reporting filter and the no-repeat rule do not apply, and the
	// parameters become those that take every unit. List holds the unit
	// ids of a DirectedList.
	Directed *sampling.Directed
	List     []string
	// DirectedCounties, when not empty, keeps a directed frame to these
	// counties (one team per county: a city's whole list may need more
	// teams than it has leaders; the rest stays in coverage).
	DirectedCounties []string
	// Partner is the department a joint check is held with ("" if none).
	Partner string
}

// Exclusions count the units left out of a frame, by reason and by county
// (ByCounty[county code][reason]); every unit not in the frame is counted
// exactly once.
type Exclusions struct {
	ByReason map[string]int
	ByCounty map[string]map[string]int
}

// Total is the number of units excluded.
func (e Exclusions) Total() int {
	n := 0
	for _, c := range e.ByReason {
		n += c
	}
	return n
}

// EligibleFrame builds the frame of a draw from the library, in one read
// transaction: the eligible units (see the package comment), the active
// counties with at least one eligible unit, every inspector (sampling
// applies inspector eligibility itself) and the matter version.
func (db *DB) EligibleFrame(q FrameQuery) (sampling.Frame, Exclusions, error) {
	return db.EligibleFrameProgress(q, nil)
}

// The phases of reading a frame, as FrameProgress is told them.
const (
	FramePhaseCheck   = "check"   // the libraries compared with their logged fingerprints
	FramePhaseHistory = "history" // recent inspections and draws (the no-repeat rule)
	FramePhaseUnits   = "units"   // the units read (done of total)
)

// FrameProgress is told what a frame read is doing: the phase, and for
// FramePhaseUnits the units read so far of the library's total (every
// 16,384 units). An error from it stops the read, which returns it.
type FrameProgress func(phase string, done, total int) error

// EligibleFrameProgress is EligibleFrame telling progress (nil: nothing)
// what it is doing.
func (db *DB) EligibleFrameProgress(q FrameQuery, progress FrameProgress) (sampling.Frame, Exclusions, error) {
	tell := func(phase string, done, total int) error {
		if progress == nil {
			return nil
		}
		return progress(phase, done, total)
	}
	ex := Exclusions{ByReason: map[string]int{}, ByCounty: map[string]map[string]int{}}
	var f sampling.Frame
	if err := checkDate("抽取日期", q.DrawDate, false); err != nil {
		return f, ex, fmt.Errorf("生成抽取名录: %w", err)
	}
	months := q.NoRepeatMonths
	if months == 0 {
		months = DefaultNoRepeatMonths
	}
	if q.Directed != nil {
		months = -1
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := tell(FramePhaseCheck, 0, 0); err != nil {
			return err
		}
		if err := db.verifyLibraries(tx, libraries...); err != nil {
			return err
		}
		if err := verifyIndexes(tx, bDrawn); err != nil {
			return err
		}
		m, err := readMatter(tx, q.MatterCode, q.MatterVersion)
		if err != nil {
			return err
		}
		if m.Retired {
			return fmt.Errorf("抽查事项 %s 第 %d 版已停用", m.Code, m.Version)
		}
		counties, err := readCounties(tx)
		if err != nil {
			return err
		}
		inspectors, err := readInspectors(tx)
		if err != nil {
			return err
		}
		directed, err := directedFilter(tx, q)
		if err != nil {
			return err
		}
		if err := tell(FramePhaseHistory, 0, 0); err != nil {
			return err
		}
		recent, drawn := map[string]bool{}, map[string]bool{}
		if months > 0 {
			if recent, err = inspectedWithin(tx, months, q.DrawDate); err != nil {
				return err
			}
			if drawn, err = drawnWithin(tx, months, q.DrawDate); err != nil {
				return err
			}
		}
		active := map[string]bool{}
		for _, c := range counties {
			if c.Active {
				active[c.Code] = true
			}
		}
		var inScope map[string]bool
		if len(m.Categories) > 0 {
			inScope = map[string]bool{}
			for _, c := range m.Categories {
				inScope[c] = true
			}
		}
		// County and category strings are shared, not allocated per unit.
		countyName := map[string]string{}
		for _, c := range counties {
			countyName[c.Code] = c.Code
		}
		category := map[string]string{}
		hasUnits := map[string]bool{}
		var units frameUnits
		exclude := func(county []byte, reason string) {
			ex.ByReason[reason]++
			byc := ex.ByCounty[string(county)]
			if byc == nil {
				byc = map[string]int{}
				ex.ByCounty[string(county)] = byc
			}
			byc[reason]++
		}
		if directed != nil { // SPEC.md §12: neither applies to a directed frame
			inScope, q.DirectReportingOnly = nil, false
		}
		total, read := 0, 0
		if progress != nil {
			total = tx.Bucket(bUnits).Stats().KeyN
		}
		if err := tell(FramePhaseUnits, 0, total); err != nil {
			return err
		}
		err = tx.Bucket(bUnits).ForEach(func(k, v []byte) error {
			read++
			if read%releaseEvery == 0 {
				releasePages(tx) // the pages read so far, as the scan goes
			}
			if read%(1<<14) == 0 {
				if err := tell(FramePhaseUnits, read, total); err != nil {
					return err
				}
			}
			u, err := viewUnit(v)
			if err != nil {
				return fmt.Errorf("读取单位 %s: %w", k, err)
			}
			switch {
			case u.flags&flagRemoved != 0:
				exclude(u.county, ExclRemoved)
			case string(u.status) == StatusClosed:
				exclude(u.county, ExclClosed)
			case string(u.status) == StatusDeregistered:
				exclude(u.county, ExclDeregistered)
			case string(u.status) != StatusActive:
				return fmt.Errorf("单位 %s: 状态 %q 无法识别", u.id, u.status)
			case !active[string(u.county)]:
				exclude(u.county, ExclInactiveCounty)
			case directed != nil && !directed(u):
				exclude(u.county, ExclNotDirected)
			case inScope != nil && !inScope[string(u.category)]:
				exclude(u.county, ExclOutOfScopeCategory)
			case q.DirectReportingOnly && u.flags&flagDirect == 0:
				exclude(u.county, ExclNotDirectReporting)
			case recent[string(u.id)]:
				exclude(u.county, ExclInspectedRecently)
			case drawn[string(u.id)]:
				exclude(u.county, ExclDrawnRecently)
			default:
				cat, ok := category[string(u.category)]
				if !ok {
					cat = string(u.category)
					category[cat] = cat
				}
				county := countyName[string(u.county)] // active, so listed
				hasUnits[county] = true
				units.add(u.id, u.name, county, cat)
			}
			return nil
		})
		if err != nil {
			return err
		}
		f = sampling.Frame{
			Matter:   sampling.Matter{Code: m.Code, Version: m.Version, Name: m.Name, Specialty: m.Specialty},
			DrawDate: q.DrawDate,
			Params:   q.Params,
			Units:    units.all(),
		}
		// The organisation's rule for an inspector's own county (organisation.go).
		f.HomeCountyAllowed = string(tx.Bucket(bSettings).Get([]byte(SettingOrgLevel))) == OrgCounty
		f.Partner = q.Partner
		if q.Directed != nil {
			if err := directedDone(tx, q, f.Units); err != nil {
				return err
			}
			d := *q.Directed
			f.Directed = &d
			f.Params = f.DirectedParams(q.Params)
		}
		for _, c := range counties {
			if c.Active && hasUnits[c.Code] {
				f.Counties = append(f.Counties, sampling.County{ID: c.Code, Name: c.Name})
			}
		}
		for _, in := range inspectors {
			f.Inspectors = append(f.Inspectors, sampling.Inspector{
				ID: in.ID, Name: in.Name, HomeCounty: in.HomeCounty,
				Specialties: slices.Clone(in.Specialties), LeaderQualified: in.LeaderQualified,
				Active: in.Active, ValidUntil: in.ValidUntil,
				ConflictCounties: slices.Clone(in.Conflicts.Counties), ConflictUnits: slices.Clone(in.Conflicts.Units),
			})
		}
		// Every unit's page was read; the frame holds copies.
		releasePages(tx)
		return nil
	})
	if err != nil {
		return sampling.Frame{}, ex, fmt.Errorf("生成抽取名录(事项 %s, %s): %w", q.MatterCode, q.DrawDate, err)
	}
	return f, ex, nil
}

// frameUnits gathers the units of a frame in blocks: a block's ids and
// names are one string, cut into each unit's, and the blocks are joined
// once at the end. A library of a million units then costs a few dozen
// allocations and one copy, instead of two million small strings and a
// slice doubled twenty times (each doubling a copy of everything so far).
type frameUnits struct {
	blocks [][]sampling.Unit
	cur    []sampling.Unit
	text   []byte
	cuts   []int // end of each id and each name of cur in text
	n      int
}

const frameBlock = 1 << 14

func (f *frameUnits) add(id, name []byte, county, category string) {
	if f.cur == nil {
		f.cur = make([]sampling.Unit, 0, frameBlock)
	}
	if f.cuts == nil {
		f.cuts = make([]int, 0, 2*frameBlock)
		f.text = make([]byte, 0, 64*frameBlock)
	}
	f.text = append(f.text, id...)
	f.cuts = append(f.cuts, len(f.text))
	f.text = append(f.text, name...)
	f.cuts = append(f.cuts, len(f.text))
	f.cur = append(f.cur, sampling.Unit{County: county, Category: category})
	f.n++
	if len(f.cur) == frameBlock {
		f.flush()
	}
}

// flush cuts the ids and names of the current block from one string.
func (f *frameUnits) flush() {
	if len(f.cur) == 0 {
		return
	}
	text := string(f.text)
	at := 0
	for i := range f.cur {
		idEnd, nameEnd := f.cuts[2*i], f.cuts[2*i+1]
		f.cur[i].ID, f.cur[i].Name = text[at:idEnd], text[idEnd:nameEnd]
		at = nameEnd
	}
	f.blocks = append(f.blocks, f.cur)
	f.cur, f.text, f.cuts = nil, f.text[:0], f.cuts[:0]
}

// all returns every unit added, in order, in one slice of exactly their
// number (nil when there is none).
func (f *frameUnits) all() []sampling.Unit {
	f.flush()
	if f.n == 0 {
		return nil
	}
	if len(f.blocks) == 1 {
		return slices.Clip(f.blocks[0])
	}
	out := make([]sampling.Unit, 0, f.n)
	for _, b := range f.blocks {
		out = append(out, b...)
	}
	return out
}
