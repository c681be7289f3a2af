package workdays

import (
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// Source says where the calendar took its answer for one day from.
type Source int

const (
	// SourceWeek: no entry anywhere; Monday–Friday work, Saturday–Sunday rest.
	SourceWeek Source = iota
	// SourceOfficial: the State Council arrangement as held by lunar-go.
	SourceOfficial
	// SourceOverride: an entry of the editable override file.
	SourceOverride
)

func (s Source) String() string {
	switch s {
	case SourceOfficial:
		return "国务院办公厅节假日安排"
	case SourceOverride:
		return "本地覆盖文件"
	default:
		return "按周末推定"
	}
}

// Day is everything the calendar knows about one civil date.
type Day struct {
	Date    time.Time // midnight UTC
	Workday bool
	// Name is the holiday the entry belongs to, e.g. "国庆节"; for a make-up
	// working day it is the holiday it makes up for (Workday is then true).
	// Empty for ordinary weekdays and weekends.
	Name   string
	Source Source
	// Covered: the official arrangement for Date is known. False in a year
	// not covered, and also from 25 December on when the next year is not
	// covered: the next year's notice may move rest days or make-up days
	// into the end of December (it did for 2002, 2006–2008, 2012, 2017–2019,
	// 2023 and 2024, as early as 29 December).
	Covered bool
}

type entry struct {
	workday bool
	name    string
}

// Calendar answers working-day questions. It is immutable after New and
// safe for concurrent use.
type Calendar struct {
	official      map[int]entry // key yyyymmdd
	officialYears map[int]bool
	override      map[int]entry
	overrideYears map[int]bool
}

// firstTableYear and lastScanYear bound the scan of lunar-go's table. The
// table starts on 2001-12-29; years after lastScanYear are never looked up.
const (
	firstTableYear = 2001
	lastScanYear   = 2200
)

// New returns a calendar built from lunar-go's table of official
// arrangements, with overrides taking precedence day by day. The zero
// Overrides is valid and adds nothing.
func New(overrides Overrides) *Calendar {
	c := &Calendar{
		official:      map[int]entry{},
		officialYears: map[int]bool{},
		override:      map[int]entry{},
		overrideYears: map[int]bool{},
	}
	for y := firstTableYear; y <= lastScanYear; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := time.Parse(time.DateOnly, h.GetDay())
			if err != nil {
				continue // lunar-go's own table is well formed; be safe anyway
			}
			c.official[key(d)] = entry{workday: h.IsWork(), name: h.GetName()}
			// Every year's arrangement names the Spring Festival rest days,
			// so a 春节 rest day dated in year y means lunar-go holds the
			// arrangement of year y. (2001 only has make-up days for New
			// Year 2002 and is therefore not covered.)
			if !h.IsWork() && h.GetName() == "春节" && d.Year() == y {
				c.officialYears[y] = true
			}
		}
	}
	for y, yo := range overrides.Years {
		if yo.Complete {
			c.overrideYears[y] = true
		}
		for _, e := range yo.Days {
			c.override[key(e.Date)] = entry{workday: e.Workday, name: e.Name}
		}
	}
	return c
}

// BuiltinYears returns the first and the last year whose official
// arrangement the calendar holds from lunar-go (override not counted). With
// lunar-go v1.4.7 that is 2002 and 2027.
func (c *Calendar) BuiltinYears() (first, last int) {
	for y := range c.officialYears {
		if first == 0 || y < first {
			first = y
		}
		if y > last {
			last = y
		}
	}
	return first, last
}

// Covered reports whether the official arrangement of year is known, from
// lunar-go or from an override year marked complete.
func (c *Calendar) Covered(year int) bool {
	return c.officialYears[year] || c.overrideYears[year]
}

// lateDecember is the first day of December that the next year's notice may
// still change.
const lateDecember = 25

func (c *Calendar) dayCovered(d time.Time) bool {
	y := d.Year()
	if !c.Covered(y) {
		return false
	}
	if d.Month() == time.December && d.Day() >= lateDecember {
		return c.Covered(y + 1)
	}
	return true
}

// Date returns the civil date y-m-d as midnight UTC, the form this package
// returns and the one callers should store.
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// civil reduces t to its civil date, in t's own location, as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return Date(y, m, d)
}

func key(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// Day describes the civil date of d.
func (c *Calendar) Day(d time.Time) Day {
	d = civil(d)
	out := Day{Date: d, Covered: c.dayCovered(d)}
	k := key(d)
	if e, ok := c.override[k]; ok {
		out.Workday, out.Name, out.Source = e.workday, e.name, SourceOverride
		return out
	}
	if e, ok := c.official[k]; ok {
		out.Workday, out.Name, out.Source = e.workday, e.name, SourceOfficial
		return out
	}
	wd := d.Weekday()
	out.Workday = wd != time.Saturday && wd != time.Sunday
	out.Source = SourceWeek
	return out
}

// IsWorkday reports whether the civil date of d is a working day.
func (c *Calendar) IsWorkday(d time.Time) bool {
	return c.Day(d).Workday
}

// AddWorkdays returns the n-th working day after the civil date of start;
// start itself does not count. For n < 0 it counts backwards and returns
// the |n|-th working day before start; for n == 0 it returns start.
//
// provisional is true when any day examined (the days strictly after start
// up to and including due) is not covered (see Day.Covered: a year not
// Covered, or the last days of December before one): there only weekends
// and override entries are known, so the real due date may differ
// once that year's arrangement is published. Missing holidays make the
// provisional date too early, missing make-up Saturdays too late.
func (c *Calendar) AddWorkdays(start time.Time, n int) (due time.Time, provisional bool) {
	d := civil(start)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		day := c.Day(d)
		if !day.Covered {
			provisional = true
		}
		if day.Workday {
			n--
		}
	}
	return d, provisional
}

// WorkdaysBetween counts the working days in (from, to]: the days strictly
// after from up to and including to. It is 0 when to is not after from.
// AddWorkdays(from, n) is the first date to with WorkdaysBetween(from, to)
// == n. provisional has the meaning of AddWorkdays.
func (c *Calendar) WorkdaysBetween(from, to time.Time) (n int, provisional bool) {
	d, end := civil(from), civil(to)
	for d.Before(end) {
		d = d.AddDate(0, 0, 1)
		day := c.Day(d)
		if !day.Covered {
			provisional = true
		}
		if day.Workday {
			n++
		}
	}
	return n, provisional
}
