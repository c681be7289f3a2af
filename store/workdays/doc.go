// Package workdays is the official Chinese working-day calendar used to
// count deadlines in working days (工作日), above all the publication
// deadline of "一公开": the result of an inspection is published within 20
// working days after the inspection ends.
//
// # Sources
//
// A day is a working day unless it is a rest day. The arrangement of each
// year is announced by the General Office of the State Council
// (国务院办公厅关于 YYYY 年部分节假日安排的通知, usually in November of the
// year before). It lists public holidays (放假) and make-up working days on
// a Saturday or Sunday (调休上班). The calendar answers, for one civil date:
//
//  1. an entry in the editable override (see Overrides), if there is one;
//  2. else the table of github.com/6tail/lunar-go HolidayUtil, which holds
//     the State Council arrangements from 29 December 2001 onwards;
//  3. else the week: Monday to Friday are working days, Saturday and
//     Sunday are not.
//
// A year is covered when its official arrangement is known: lunar-go has
// it (see BuiltinYears; v1.4.7 ends with 2027), or the override declares
// the year complete. In a year that is not covered only weekends (and any
// override entries) are known, so a deadline counted across it is
// provisional: it must be recounted once the State Council publishes that
// year's arrangement and someone enters it into the override file. The
// same holds for 25–31 December of a covered year followed by one that is
// not: the next notice may put rest or make-up days there.
//
// # Counting convention
//
// AddWorkdays(start, n) returns the n-th working day after start. The start
// day itself never counts, whether or not it is a working day; the day
// returned is always a working day. So the publication due date of an
// inspection that ended on end is AddWorkdays(end, 20): if the inspection
// ends on Wednesday 30 September 2026, the first working day counted is
// Thursday 8 October (1–7 October is the National Day holiday) and the due
// date is Tuesday 3 November 2026.
//
// # Dates
//
// Days are civil dates. A time.Time passed in is reduced to its year,
// month and day in its own location (t.Date()); the time of day and the
// zone are ignored. Dates returned are midnight UTC (see Date). The package
// never reads the clock: callers pass "today" when they need it.
package workdays
