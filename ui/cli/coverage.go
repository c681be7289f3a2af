package cli

import (
	"fmt"
	"strconv"
	"strings"

	"shuangsui/store"
	"shuangsui/store/report"
)

func init() {
	register(&Command{
		Name:   "coverage",
		Usage:  "--year Y [--as-of YYYY-MM-DD] [-o F.xlsx]",
		HelpZH: "年度覆盖情况: 各县企业检查比例与 5% 下限、各事项的比例与频次、未检查的重点单位和严重失信单位、抽查轮次、培训不足 2 天的执法人员",
		HelpEN: "coverage of a year: share of enterprises inspected per county against 5 %, each matter's ratio and frequency, key and seriously dishonest units not inspected, rounds held, inspectors under 2 training days",
		Run:    runCoverage,
	})
}

func runCoverage(env *Env, args []string) error {
	fs := newFlags(env, "coverage")
	year := fs.Int("year", 0, "年度 (year)")
	asOf := fs.String("as-of", "", "统计日期,决定半年度;默认今天或该年 12 月 31 日 (as-of date)")
	out := fs.String("o", "", "另存为 .xlsx (also write a workbook)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *year < 2000 || *year > 2100 {
		return usagef("需要 --year(如 2026)")
	}
	day := *asOf
	if day == "" {
		today, _ := todayFlag("")
		day = strconv.Itoa(*year) + "-12-31"
		if strings.HasPrefix(today, strconv.Itoa(*year)+"-") {
			day = today
		}
	}
	if *out != "" {
		if err := wantXLSX(*out); err != nil {
			return err
		}
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	cv, err := db.CoverageOf(*year, day)
	if err != nil {
		return err
	}
	w := env.Stdout
	fmt.Fprintf(w, "%d 年抽查覆盖情况(截至 %s)\n", cv.Year, cv.AsOf)
	for _, r := range report.CoverageRows(cv) {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	mark := func(ok bool) string {
		if ok {
			return "达标"
		}
		return "未达标"
	}
	fmt.Fprintf(w, "总体检查比例 %.1f%%,5%% 下限 %d 个: %s\n", cv.Total.Percent(), cv.Total.Required, mark(cv.Total.Short() == 0))
	fmt.Fprintln(w, "(5% 的基数是在营企业,即统一社会信用代码以 91 开头的单位;每个企业只计一次;只计双随机抽查和定向检查)")
	fmt.Fprintln(w, "各抽查事项的比例与频次:")
	for _, r := range report.MatterCoverageRows(cv) {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	fmt.Fprintf(w, "抽查轮次 %d/%d: %s %s\n", len(cv.Rounds), store.RoundsPerYear, mark(len(cv.Rounds) >= store.RoundsPerYear), strings.Join(cv.Rounds, "、"))
	if len(cv.Directed) > 0 {
		fmt.Fprintf(w, "定向检查 %d 次(其结果计入覆盖,不计入轮次): %s\n", len(cv.Directed), strings.Join(cv.Directed, "、"))
	}
	list := func(title string, us []store.UnitRef) {
		fmt.Fprintf(w, "%s: %d 个\n", title, len(us))
		for _, u := range us {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", u.ID, u.Name, u.County)
		}
	}
	list("本年尚未检查的重点单位", cv.KeyNotInspected)
	list(fmt.Sprintf("本半年(%s 至 %s)尚未检查的严重失信单位", cv.HalfFrom, cv.HalfTo), cv.DishonestNotInspected)
	fmt.Fprintf(w, "本年培训不足 %.0f 天的执法人员: %d 名\n", store.TrainingDaysPerYear, len(cv.Undertrained))
	for _, in := range cv.Undertrained {
		fmt.Fprintf(w, "  %s\t%s\t%s 天\n", in.ID, in.Name, strconv.FormatFloat(in.Days, 'f', -1, 64))
	}
	if *out != "" {
		if err := report.ExportCoverage(cv, *out); err != nil {
			return err
		}
		fmt.Fprintln(w, "已导出到 "+*out)
	}
	return nil
}
