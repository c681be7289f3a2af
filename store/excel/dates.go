package excel

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var (
	reDateText = regexp.MustCompile(`^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:[ T][0-9:.]+)?$`)
	reDate8    = regexp.MustCompile(`^([0-9]{4})([0-9]{2})([0-9]{2})$`)
	reSerial   = regexp.MustCompile(`^[0-9]{1,5}(?:\.[0-9]+)?$`)
)

// excelEpoch is day 0 of the 1900 date system as Excel counts it (serial 60
// is the non-existent 1900-02-29, so serials from 61 on count from here).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a date written as an Excel serial (44256), as text
// (2021-03-01, 2021/3/1, 2021.3.1, 2021年3月1日, 20210301) with an optional
// time of day, and returns it as YYYY-MM-DD. Blank gives "".
func parseDate(s string) (string, error) {
	s = foldAll(s)
	if s == "" {
		return "", nil
	}
	var y, m, d int
	if mm := reDateText.FindStringSubmatch(s); mm != nil {
		y, _ = strconv.Atoi(mm[1])
		m, _ = strconv.Atoi(mm[2])
		d, _ = strconv.Atoi(mm[3])
	} else if mm := reDate8.FindStringSubmatch(s); mm != nil {
		y, _ = strconv.Atoi(mm[1])
		m, _ = strconv.Atoi(mm[2])
		d, _ = strconv.Atoi(mm[3])
	} else if reSerial.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 61 {
			return "", fmt.Errorf("无法识别的日期 %q", s)
		}
		t := excelEpoch.AddDate(0, 0, int(f))
		if t.Year() < 1950 || t.Year() > 2100 {
			return "", fmt.Errorf("日期 %q 超出 1950–2100 年", s)
		}
		return t.Format(time.DateOnly), nil
	} else {
		return "", fmt.Errorf("无法识别的日期 %q, 请写成 2021-03-01、2021/3/1 或 2021年3月1日", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", fmt.Errorf("日期 %q 不存在", s)
	}
	if y < 1950 || y > 2100 {
		return "", fmt.Errorf("日期 %q 超出 1950–2100 年", s)
	}
	return t.Format(time.DateOnly), nil
}

// ParseDate reads a date the way library imports do (an Excel serial, or
// text such as 2026-12-02, 2026/12/2, 2026.12.2, 2026年12月2日, 20261202)
// and returns it as YYYY-MM-DD; blank gives "". Other imports (results)
// use it so that every import accepts the same dates.
func ParseDate(s string) (string, error) { return parseDate(s) }
