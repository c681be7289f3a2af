package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"shuangsui/store/report"
)

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
	rows := report.FollowUpRows(list)
	if *out != "" {
		if err := report.ExportFollowUps(list, day, *out); err != nil {
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
