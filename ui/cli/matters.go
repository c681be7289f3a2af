package cli

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"shuangsui/store/report"
)

func init() {
	register(&Command{
		Name:   "matters",
		Usage:  "history [CODE] [--since YYYY-MM-DD] [-o F.xlsx|F.csv]",
		HelpZH: "抽查事项清单: 列出每个事项的每一版及其调整内容(新增/调整/停用/恢复、生效日期); -o 导出调整结果供向社会公布",
		HelpEN: "the matter list: every version of each matter and what it changed (added/changed/retired/revived, effective date); -o exports the changes for publication",
		Run: func(env *Env, args []string) error {
			return dispatch(env, "matters", args, map[string]func(*Env, []string) error{"history": mattersHistory})
		},
	})
}

// matterHistoryColumns head the printed and exported change list.
var matterHistoryColumns = []string{"事项编码", "事项名称", "版本", "生效日期", "登记日期", "调整类型", "调整内容"}

func mattersHistory(env *Env, args []string) error {
	fs := newFlags(env, "matters history")
	since := fs.String("since", "", "只列出此日期及以后生效的版本 YYYY-MM-DD (versions effective on or after)")
	out := fs.String("o", "", "导出调整结果 .xlsx 或 .csv (export the changes)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("多余的参数: %v(只能给一个事项编码)", pos[1:])
	}
	code := ""
	if len(pos) == 1 {
		code = pos[0]
	}
	if *out != "" {
		if ext := strings.ToLower(filepath.Ext(*out)); ext != ".xlsx" && ext != ".csv" {
			return usagef("-o %s: 扩展名应为 .xlsx 或 .csv", *out)
		}
	}
	if *since != "" {
		if _, err := todayFlag(*since); err != nil {
			return usagef("--since %q 不是 YYYY-MM-DD 格式", *since)
		}
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	hist, err := db.MatterHistory(code, *since)
	if err != nil {
		return err
	}
	rows := [][]string{matterHistoryColumns}
	for _, c := range hist {
		rows = append(rows, []string{c.Code, c.Name, strconv.Itoa(c.Version), c.EffectiveFrom, c.Recorded, c.Kind, c.Summary()})
	}
	if *out == "" {
		for _, r := range rows {
			fmt.Fprintln(env.Stdout, strings.Join(r, "\t"))
		}
		if len(hist) == 0 {
			fmt.Fprintln(env.Stdout, env.Lang.T("(没有符合条件的版本)", "(no versions match)"))
		}
		return nil
	}
	title := "随机抽查事项清单调整情况"
	if *since != "" {
		title += "(" + *since + " 起)"
	}
	if err := report.WriteTable(*out, "事项调整", title, rows, "由 shuangsui 据事项清单的各版本生成;“调整内容”列出与上一版不同的项目(旧 → 新)。"); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, env.Lang.T("已导出 %d 条事项调整到 %s\n", "exported %d matter changes to %s\n"), len(hist), *out)
	return nil
}
