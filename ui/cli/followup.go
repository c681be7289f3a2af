package cli

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"shuangsui/store"
	"shuangsui/store/report"
)

// followupColumns head the printed and exported follow-up list.
var followupColumns = []string{"仪式", "县(市、区)", "单位代码", "单位名称", "检查结束", "检查结果", "已过天数", "已过工作日"}

// followupRows renders the follow-up list with its header.
func followupRows(fs []store.FollowUp) [][]string {
	rows := [][]string{followupColumns}
	for _, f := range fs {
		r := f.Result
		rows = append(rows, []string{r.Ceremony, f.County, r.Unit, f.Name, r.End, strings.Join(r.Codes, "；"),
			strconv.Itoa(f.Days), strconv.Itoa(f.Workdays)})
	}
	return rows
}

// resultsFollowup lists the problem results with neither penalty nor
// transfer (严禁有案不移、以罚代刑), oldest first.
func resultsFollowup(env *Env, args []string) error {
	fs := newFlags(env, "results followup")
	id := fs.String("ceremony", "", "只列出此仪式 (one ceremony only)")
	asOf := addAsOfFlags(fs, "按此日期计算已过天数 YYYY-MM-DD,默认今天 (as-of date)")
	out := fs.String("o", "", "导出 .xlsx 或 .csv (export)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *out != "" {
		if ext := strings.ToLower(filepath.Ext(*out)); ext != ".xlsx" && ext != ".csv" {
			return usagef("-o %s: 扩展名应为 .xlsx 或 .csv", *out)
		}
	}
	db, cal, day, err := asOf.open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.FollowUps(cal, strings.TrimSpace(*id), day)
	if err != nil {
		return err
	}
	rows := followupRows(list)
	if *out != "" {
		if err := report.WriteTable(*out, "待处理问题", "发现问题尚未处罚或移送的检查结果", rows,
			"截至 "+day+";登记行政处罚(penalties add)或移送(transfer add)后即不再列出。"); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已导出 %d 条到 %s\n", len(list), *out)
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintf(env.Stdout, "截至 %s 没有发现问题却未处罚、未移送的检查结果\n", day)
		return nil
	}
	for _, r := range rows {
		fmt.Fprintln(env.Stdout, strings.Join(r, "\t"))
	}
	fmt.Fprintf(env.Stdout, "共 %d 条: 发现问题,尚无行政处罚和移送(严禁有案不移、以罚代刑);登记处罚用 penalties add,移送用 transfer add\n", len(list))
	return nil
}
