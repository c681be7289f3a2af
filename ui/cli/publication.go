package cli

import (
	"fmt"
	"strings"

	"shuangsui/store"
	"shuangsui/store/report"
)

func init() {
	register(&Command{
		Name:   "publication",
		Usage:  "due|mark|export|holidays …",
		HelpZH: "一公开: 列出即将到期/已逾期的公示(检查结束后 20 个工作日),登记公示日期,导出抽查结果公示表,设置或清除节假日调整文件",
		HelpEN: "publication: list results due soon or overdue (20 working days after the inspection), record publication, export the 公示表, set or clear the holiday override file",
		Run: func(env *Env, args []string) error {
			return dispatch(env, "publication", args, map[string]func(*Env, []string) error{
				"due": publicationDue, "mark": publicationMark, "export": publicationExport, "holidays": publicationHolidays,
			})
		},
	})
}

// leftText is the working days left to a publication deadline, or how
// many it is overdue.
func leftText(state string, left int) string {
	if state == store.PubOverdue {
		return fmt.Sprintf("逾期 %d", -left)
	}
	return fmt.Sprint(left)
}

func publicationDue(env *Env, args []string) error {
	fs := newFlags(env, "publication due")
	asOf := addAsOfFlags(fs, "按此日期判断 YYYY-MM-DD,默认今天 (as-of date)")
	all := fs.Bool("all", false, "列出全部检查结果,而不只是即将到期和已逾期的 (list every result)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	db, cal, day, err := asOf.open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	var ps []store.Publication
	if *all {
		ps, err = db.Publications(cal, "", day)
	} else {
		ps, err = db.Attention(cal, day)
	}
	if err != nil {
		return err
	}
	w := env.Stdout
	if len(ps) == 0 {
		fmt.Fprintf(w, "截至 %s 没有即将到期或逾期未公示的检查结果\n", day)
		return nil
	}
	fmt.Fprintln(w, "状态\t仪式\t单位代码\t检查结束\t应公示日期\t剩余工作日")
	for _, p := range ps {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", store.PubStateName(p.State), p.Result.Ceremony, p.Result.Unit, p.Result.End, p.DueText(), leftText(p.State, p.Left))
	}
	return nil
}

func publicationMark(env *Env, args []string) error {
	fs := newFlags(env, "publication mark")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	unit := fs.String("unit", "", "单位代码 (unit id)")
	date := fs.String("date", "", "公示日期 YYYY-MM-DD (publication date)")
	by := fs.String("by", "", "登记人,必填 (recorded by, required)")
	reason := fs.String("reason", "", "更正理由: 修改已登记的公示日期时必填 (why a recorded date is changed; required then)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" || *unit == "" || *date == "" {
		return usagef("需要 --ceremony、--unit 与 --date")
	}
	if strings.TrimSpace(*by) == "" {
		return usagef("需要 --by: 写明由谁登记的公示(与 results enter、transfer add 一样须留名)")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.MarkPublished(*id, *unit, *date, *by, *reason); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记: 仪式 %s 单位 %s 于 %s 公示\n", *id, strings.ToUpper(*unit), *date)
	return nil
}

func publicationExport(env *Env, args []string) error {
	fs := newFlags(env, "publication export")
	round := fs.String("round", "", "轮次,与抽取时填写的一致 (round, as entered at the draw)")
	out := fs.String("o", "", "导出文件 .xlsx (output file)")
	holidays := fs.String("holidays", "", "节假日调整文件 (working-day override file)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *round == "" || *out == "" {
		return usagef("需要 --round 与 -o")
	}
	if err := wantXLSX(*out); err != nil {
		return err
	}
	db, cal, err := openDBCalendar(env, *holidays)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := report.ExportPublication(db, cal, *round, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出抽查结果公示表 %d 行到 %s\n", n, *out)
	return nil
}

func publicationHolidays(env *Env, args []string) error {
	fs := newFlags(env, "publication holidays")
	set := fs.String("set", "", "节假日调整文件路径,先校验再按绝对路径保存 (override file to check and remember by its absolute path)")
	clearIt := fs.Bool("clear", false, "不再使用节假日调整文件 (forget the override file)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *set != "" && *clearIt {
		return usagef("--set 与 --clear 只能给出一个")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if *set != "" {
		if _, err := db.SetHolidaysFile(*set); err != nil {
			return err
		}
	}
	if *clearIt {
		if err := db.ClearHolidaysFile(); err != nil {
			return err
		}
	}
	cal, path, err := db.LoadCalendar("")
	if err != nil {
		return err
	}
	first, last := cal.BuiltinYears()
	if path == "" {
		path = "(未设置)"
	}
	fmt.Fprintf(env.Stdout, "节假日调整文件: %s\n内置官方安排: %d–%d 年\n", path, first, last)
	for y := last + 1; y <= last+2; y++ {
		state := "未覆盖,跨入该年的应公示日期为暂定"
		if cal.Covered(y) {
			state = "已由调整文件覆盖"
		}
		fmt.Fprintf(env.Stdout, "%d 年: %s\n", y, state)
	}
	return nil
}
