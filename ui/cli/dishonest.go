package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"shuangsui/store"
	"shuangsui/store/report"
)

// dishonestList prints or exports the seriously dishonest units.
func dishonestList(env *Env, args []string) error {
	fs := newFlags(env, "dishonest list")
	asOf := fs.String("as-of", "", "列出此日仍在严重失信期内的单位 YYYY-MM-DD,默认今天 (in force on)")
	all := fs.Bool("all", false, "列出全部认定,包括已过期的 (every mark, expired ones too)")
	out := fs.String("o", "", "导出 .xlsx 或 .csv (export)")
	layoutPath := fs.String("layout", "", layoutFlagHelp)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	lay, err := loadLayoutFor(*layoutPath, *out)
	if err != nil {
		return err
	}
	if lay != nil && *out == "" {
		return usagef("--layout 须与 -o 一起用")
	}
	if *out != "" {
		if ext := strings.ToLower(filepath.Ext(*out)); ext != ".xlsx" && ext != ".csv" {
			return usagef("-o %s: 扩展名应为 .xlsx 或 .csv", *out)
		}
	}
	if *all && *asOf != "" {
		return usagef("--all 与 --as-of 只能用一个")
	}
	day := ""
	if !*all {
		var err error
		if day, err = todayFlag(*asOf); err != nil {
			return usagef("--as-of %q 不是 YYYY-MM-DD 格式", *asOf)
		}
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.DishonestList(day)
	if err != nil {
		return err
	}
	rows := [][]string{store.DishonestColumns}
	for _, d := range list {
		rows = append(rows, d.Row())
	}
	title := "统计严重失信企业名单"
	note := "截至 " + day + " 仍在严重失信期内的单位"
	if *all {
		note = "全部严重失信认定(含已移出的)"
	}
	if *out == "" {
		if len(list) == 0 {
			fmt.Fprintf(env.Stdout, "没有严重失信单位(%s)\n", note)
			return nil
		}
		for _, r := range rows {
			fmt.Fprintln(env.Stdout, strings.Join(r, "\t"))
		}
		return nil
	}
	if lay != nil {
		if err := writeLaidOut(lay, *out, "严重失信名单", rows); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已按 %s 导出 %d 个严重失信单位到 %s\n", lay.Name, len(list), *out)
		return nil
	}
	if err := report.WriteTable(*out, "严重失信名单", title, rows, note+";法定代表人、主要负责人取自该单位最近一次行政处罚;由 shuangsui 据检查结果和严重失信认定生成。"); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 个严重失信单位到 %s\n", len(list), *out)
	return nil
}
