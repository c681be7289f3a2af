package workdays

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Overrides is the editable part of the calendar: the arrangements of
// years lunar-go does not hold yet, and any local correction. Entries take
// precedence over lunar-go day by day.
type Overrides struct {
	Years map[int]YearOverride
}

// YearOverride holds the entries of one calendar year.
type YearOverride struct {
	// Complete declares that Days hold the whole official arrangement of
	// the year (every 放假 and 调休上班 day of the State Council notice),
	// so the year counts as covered and deadlines in it are final.
	Complete bool
	// Source names the notice, e.g. "国务院办公厅关于2027年部分节假日安排的通知".
	Source string
	Days   []Entry
}

// Entry is one dated exception to the week.
type Entry struct {
	Date    time.Time // civil date, midnight UTC
	Workday bool      // true: 调休上班 (work on a weekend); false: 放假
	Name    string    // e.g. 春节; may be empty
	Line    int       // line of the override file, 0 if not parsed from one
}

var (
	yearRe = regexp.MustCompile(`^\d{4}$`)
	dateRe = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
)

// ParseOverrides reads an override file. Errors name the line, in Chinese;
// all bad lines are reported together.
//
// The file is UTF-8 text, one item per line; a leading BOM, CRLF
// line ends and full-width spaces are accepted. Example:
//
//	# 示例（日期虚构，以国务院办公厅当年通知为准）；录入人：张三
//	2027 完整 国务院办公厅关于2027年部分节假日安排的通知
//	2027-01-01 休 元旦
//	2027-02-06 班 春节
//
// A line "YYYY 完整 来源" declares the year's arrangement complete (the rest
// of the line names the notice and is required). A line "YYYY-MM-DD 休 名称"
// adds a rest day, "YYYY-MM-DD 班 名称" a make-up working day; 放假 and 上班
// are accepted for 休 and 班, the name is optional. Text after # and blank
// lines are ignored.
func ParseOverrides(r io.Reader) (Overrides, error) {
	o := Overrides{Years: map[int]YearOverride{}}
	seenDate := map[int]int{} // yyyymmdd -> line
	seenYear := map[int]int{} // year -> line of its 完整 declaration
	var errs []error
	bad := func(line int, format string, a ...any) {
		errs = append(errs, fmt.Errorf("第 %d 行：%s", line, fmt.Sprintf(format, a...)))
	}

	sc := bufio.NewScanner(r)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		text := sc.Text()
		if lineNo == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if i := strings.IndexAny(text, "#＃"); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text) // also splits on U+3000 and strips \r
		if len(f) == 0 {
			continue
		}
		switch {
		case yearRe.MatchString(f[0]):
			y, _ := strconv.Atoi(f[0])
			if y < firstTableYear || y > lastScanYear {
				bad(lineNo, "年份 %d 超出范围（%d–%d）", y, firstTableYear, lastScanYear)
				continue
			}
			if len(f) < 3 || f[1] != "完整" {
				bad(lineNo, "年份行应写作「%d 完整 通知名称」，例如「%d 完整 国务院办公厅关于%d年部分节假日安排的通知」", y, y, y)
				continue
			}
			if prev, ok := seenYear[y]; ok {
				bad(lineNo, "%d 年已在第 %d 行声明为完整", y, prev)
				continue
			}
			seenYear[y] = lineNo
			yo := o.Years[y]
			yo.Complete = true
			yo.Source = strings.Join(f[2:], " ")
			o.Years[y] = yo

		case dateRe.MatchString(f[0]):
			d, err := time.Parse("2006-1-2", f[0])
			if err != nil {
				bad(lineNo, "日期「%s」不存在", f[0])
				continue
			}
			if d.Year() < firstTableYear || d.Year() > lastScanYear {
				bad(lineNo, "日期 %s 超出范围（%d–%d 年）", f[0], firstTableYear, lastScanYear)
				continue
			}
			if len(f) < 2 {
				bad(lineNo, "日期 %s 后缺少「休」或「班」", f[0])
				continue
			}
			var work bool
			switch f[1] {
			case "休", "放假":
				work = false
			case "班", "上班":
				work = true
			default:
				bad(lineNo, "「%s」无法识别，日期后应写「休」（放假）或「班」（调休上班）", f[1])
				continue
			}
			k := key(d)
			if prev, ok := seenDate[k]; ok {
				bad(lineNo, "日期 %s 已在第 %d 行出现", d.Format(time.DateOnly), prev)
				continue
			}
			seenDate[k] = lineNo
			yo := o.Years[d.Year()]
			yo.Days = append(yo.Days, Entry{
				Date: d, Workday: work, Name: strings.Join(f[2:], " "), Line: lineNo,
			})
			o.Years[d.Year()] = yo

		default:
			bad(lineNo, "无法识别「%s」，应以日期（如 2027-01-01）或年份（如 2027）开头", f[0])
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("读取节假日覆盖文件失败（第 %d 行之后）：%w", lineNo, err))
	}
	if len(errs) > 0 {
		return Overrides{}, errors.Join(errs...)
	}
	return o, nil
}

// Text renders o in the file format read by ParseOverrides, years and days
// in order, so that an edited override can be saved and read back.
func (o Overrides) Text() string {
	var b strings.Builder
	years := make([]int, 0, len(o.Years))
	for y := range o.Years {
		years = append(years, y)
	}
	sort.Ints(years)
	for i, y := range years {
		yo := o.Years[y]
		if i > 0 {
			b.WriteString("\n")
		}
		if yo.Complete {
			src := strings.Join(strings.Fields(yo.Source), " ")
			if src == "" {
				src = "（未注明来源）"
			}
			fmt.Fprintf(&b, "%d 完整 %s\n", y, src)
		}
		days := append([]Entry(nil), yo.Days...)
		sort.SliceStable(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
		for _, e := range days {
			kind := "休"
			if e.Workday {
				kind = "班"
			}
			line := civil(e.Date).Format(time.DateOnly) + " " + kind
			if name := strings.Join(strings.Fields(e.Name), " "); name != "" {
				line += " " + name
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
