package cli

import (
	"fmt"
	"os"
	"strings"

	"shuangsui/store"
	"shuangsui/store/report"
)

func init() {
	register(&Command{
		Name:   "penalties",
		Usage:  "add --json FILE | list | export -o F.csv|F.xlsx [--layout F] | due [--all] | publish --decision NO --date D --by NAME",
		HelpZH: "行政处罚: 录入(JSON,含法定代表人、主要负责人)、列出、按信用中国“双公示”字段顺序导出 CSV/xlsx、列出即将到期/已逾期的公示(处罚决定后 7 个工作日)、登记公示日期",
		HelpEN: "penalties: add (JSON, with legal representative and principal), list, export CSV/xlsx in the 信用中国 双公示 column order, list publications due soon or overdue (7 working days after the decision), record publication",
		Run: func(env *Env, args []string) error {
			return dispatch(env, "penalties", args, map[string]func(*Env, []string) error{
				"add": penaltiesAdd, "list": penaltiesList, "export": penaltiesExport,
				"due": penaltiesDue, "publish": penaltiesPublish,
			})
		},
	})
	register(&Command{
		Name:   "transfer",
		Usage:  "add|status|list …",
		HelpZH: "移送: 把案件移送有关部门或公安机关并跟踪状态(待移送/已移送/已受理/已办结)",
		HelpEN: "transfers to another department or public security, with status",
		Run: func(env *Env, args []string) error {
			return dispatch(env, "transfer", args, map[string]func(*Env, []string) error{
				"add": transferAdd, "status": transferStatus, "list": transferList,
			})
		},
	})
	register(&Command{
		Name:   "dishonest",
		Usage:  "--ceremony ID --unit U --from D [--to D] --by NAME --reason R  |  list [--as-of D | --all] [-o F.xlsx|F.csv [--layout F]]",
		HelpZH: "据检查结果认定严重失信单位(起止日期),纳入每半年覆盖的范围; list 列出或导出严重失信单位名单(供公示和报送信用中国)",
		HelpEN: "mark a unit seriously dishonest (from/to) from its result; it then needs an inspection every half year; list lists or exports the seriously dishonest units (for publication and 信用中国)",
		Run:    runDishonest,
	})
}

func penaltiesAdd(env *Env, args []string) error {
	fs := newFlags(env, "penalties add")
	path := fs.String("json", "", "处罚记录 JSON 文件 (penalty as JSON)")
	reason := fs.String("reason", "", "更正理由: 决定书文号已录入时必填 (why a recorded penalty is changed; required then)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return usagef("需要 --json 文件;字段: name uscc legal_rep principal decision_no violation_type facts basis category content fine_wan decision_date public_until authority authority_uscc source entered_by [ceremony unit]")
	}
	f, err := os.Open(*path)
	if err != nil {
		return usagef("打开 %s: %v", *path, err)
	}
	var p store.Penalty
	err = decodeStrict(f, &p)
	f.Close()
	if err != nil {
		return usagef("%s: %v", *path, err)
	}
	if *reason != "" {
		p.Reason = *reason
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err = db.PutPenalty(p)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已录入行政处罚 %s(%s)\n", p.DecisionNo, p.Name)
	return nil
}

func penaltiesList(env *Env, args []string) error {
	fs := newFlags(env, "penalties list")
	db, err := parseAndOpen(env, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := db.Penalties()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, strings.Join(store.PenaltyColumns, "\t"))
	for _, p := range ps {
		fmt.Fprintln(env.Stdout, strings.Join(p.Row(), "\t"))
	}
	return nil
}

func penaltiesExport(env *Env, args []string) error {
	fs := newFlags(env, "penalties export")
	out := fs.String("o", "", "导出文件 .csv 或 .xlsx (output file)")
	layoutPath := fs.String("layout", "", layoutFlagHelp)
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("需要 -o")
	}
	lay, err := loadLayoutFor(*layoutPath, *out)
	if err != nil {
		return err
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if lay != nil {
		ps, err := db.Penalties()
		if err != nil {
			return err
		}
		rows := [][]string{store.PenaltyColumns}
		for _, p := range ps {
			rows = append(rows, p.Row())
		}
		if err := writeLaidOut(lay, *out, "行政处罚", rows); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已按 %s 导出 %d 条行政处罚到 %s\n", lay.Name, len(ps), *out)
		return nil
	}
	n, err := report.ExportPenalties(db, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 条行政处罚到 %s\n", n, *out)
	return nil
}

func transferAdd(env *Env, args []string) error {
	fs := newFlags(env, "transfer add")
	var t store.Transfer
	fs.StringVar(&t.Ceremony, "ceremony", "", "仪式编号 (ceremony id)")
	fs.StringVar(&t.Unit, "unit", "", "单位代码 (unit id)")
	police := fs.Bool("police", false, "移送公安机关(默认移送有关部门) (to public security)")
	fs.StringVar(&t.To, "to", "", "接收机关 (receiving body)")
	fs.StringVar(&t.Reason, "reason", "", "移送事由 (reason)")
	fs.StringVar(&t.Status, "status", "", "初始状态,默认待移送 (initial status)")
	date := fs.String("date", "", "日期 YYYY-MM-DD")
	by := fs.String("by", "", "经办人 (handled by)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	t.Kind = store.TransferDepartment
	if *police {
		t.Kind = store.TransferPolice
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err = db.AddTransfer(t, *date, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记移送 %s: %s → %s(%s),状态 %s\n", t.ID, t.Unit, t.To, t.Kind, t.Status)
	return nil
}

func transferStatus(env *Env, args []string) error {
	fs := newFlags(env, "transfer status")
	id := fs.String("id", "", "移送编号 YS-… (transfer id)")
	status := fs.String("status", "", strings.Join(store.TransferStatuses, "|"))
	date := fs.String("date", "", "日期 YYYY-MM-DD")
	by := fs.String("by", "", "经办人 (handled by)")
	note := fs.String("note", "", "说明 (note)")
	db, err := parseAndOpen(env, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.SetTransferStatus(*id, *status, *date, *by, *note)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "移送 %s 状态: %s\n", t.ID, t.Status)
	return nil
}

func transferList(env *Env, args []string) error {
	fs := newFlags(env, "transfer list")
	db, err := parseAndOpen(env, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	ts, err := db.Transfers()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "编号\t仪式\t单位\t类型\t接收机关\t状态\t最近日期")
	for _, t := range ts {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Ceremony, t.Unit, t.Kind, t.To, t.Status, t.Log[len(t.Log)-1].Date)
	}
	return nil
}

func runDishonest(env *Env, args []string) error {
	if len(args) > 0 && args[0] == "list" {
		return dishonestList(env, args[1:])
	}
	fs := newFlags(env, "dishonest")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	unit := fs.String("unit", "", "单位代码 (unit id)")
	from := fs.String("from", "", "严重失信起始日期 YYYY-MM-DD")
	to := fs.String("to", "", "严重失信截止日期 YYYY-MM-DD(可空)")
	by := fs.String("by", "", "认定人 (decided by)")
	reason := fs.String("reason", "", "理由 (reason)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" || *unit == "" || *from == "" {
		return usagef("需要 --ceremony、--unit 与 --from")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.MarkDishonest(*id, *unit, *from, *to, *by, *reason); err != nil {
		return err
	}
	until := *to
	if until == "" {
		until = "(未定)"
	}
	fmt.Fprintf(env.Stdout, "已认定 %s 为严重失信单位: %s 至 %s\n", strings.ToUpper(*unit), *from, until)
	return nil
}
