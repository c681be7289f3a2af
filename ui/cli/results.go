package cli

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"shuangsui/store"
	"shuangsui/store/report"
)

func init() {
	register(&Command{
		Name:   "results",
		Usage:  "list|enter|history|followup|export|import|estimate|findings …",
		HelpZH: "检查结果: 列出、录入(修改已录入的结果须 --reason)、history 列出封存后的全部记录、followup 列出发现问题却既无处罚也无移送的结果、导出/导入 xlsx、问题单位占比估计、编辑统计专项发现列表",
		HelpEN: "inspection results: list, enter (changing a stored result needs --reason), history of every entry after the seal, followup lists problem results with neither penalty nor transfer, export/import xlsx, problem-rate estimate, edit the statistics findings list",
		Run: func(env *Env, args []string) error {
			return dispatch(env, "results", args, map[string]func(*Env, []string) error{
				"list": resultsList, "enter": resultsEnter, "export": resultsExport, "import": resultsImport,
				"estimate": resultsEstimate, "findings": resultsFindings, "history": resultsHistory,
				"followup": resultsFollowup,
			})
		},
	})
}

// dispatch runs the sub-subcommand args[0] of command name.
func dispatch(env *Env, name string, args []string, subs map[string]func(*Env, []string) error) error {
	var keys []string
	for k := range subs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(args) > 0 && isHelpFlag(args[0]) {
		env.usage.Reset()
		fmt.Fprintf(&env.usage, env.Lang.T("%s 的子命令: %s (加 -h 查看各子命令的参数)\n", "subcommands of %s: %s (add -h after one for its flags)\n"), name, strings.Join(keys, ", "))
		return flag.ErrHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("%s 需要子命令: %s", name, strings.Join(keys, "、"))
	}
	fn, ok := subs[args[0]]
	if !ok {
		return usagef("%s 没有子命令 %q(可用: %s)", name, args[0], strings.Join(keys, "、"))
	}
	return fn(env, args[1:])
}

func noRest(rest []string) error {
	if len(rest) > 0 {
		return usagef("多余的参数: %s", strings.Join(rest, " "))
	}
	return nil
}

func todayFlag(s string) (string, error) {
	if s == "" {
		return time.Now().Format("2006-01-02"), nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return "", usagef("--today %q 不是 YYYY-MM-DD 格式", s)
	}
	return s, nil
}

func resultsList(env *Env, args []string) error {
	fs := newFlags(env, "results list")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	asOf := addAsOfFlags(fs, "按此日期判断逾期 YYYY-MM-DD,默认今天 (as-of date)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" {
		return usagef("需要 --ceremony")
	}
	db, cal, day, err := asOf.open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	sheet, err := db.ResultSheet(*id)
	if err != nil {
		return err
	}
	w := env.Stdout
	if f := sheet.Ceremony.Frame; f.Directed != nil || f.Partner != "" {
		// The source of the units of a directed or joint check (SPEC §12).
		zh, _ := store.CheckKind(f.Directed, f.Partner)
		line := "检查方式: " + zh
		if d := f.Directed; d != nil {
			line += ";理由: " + d.Reason
			if d.Source != "" {
				line += ";名单来源: " + d.Source
			}
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, strings.Join([]string{"县(市、区)", "单位代码", "单位名称", "检查日期", "检查结果", "应公示日期", "公示状态"}, "\t"))
	for _, row := range sheet.Rows {
		cells := []string{row.CountyName, row.Unit, row.UnitName, "", "未录入", "", ""}
		if r := row.Result; r != nil {
			p, err := store.PublicationOf(cal, *r, day)
			if err != nil {
				return err
			}
			cells[3], cells[4], cells[5], cells[6] = r.Start+"至"+r.End, strings.Join(r.Codes, "；"), p.DueText(), store.PubStateName(p.State)
			if p.State == store.PubPublished || p.State == store.PubPublishedLate {
				cells[6] += " " + r.Published
			}
			if r.Corrected != "" {
				cells[6] += " 已更正 " + r.Corrected
			}
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	printEstimate(env, db, *id)
	return nil
}

// resultsHistory prints every step after the seal of a ceremony (or of
// one unit), oldest first: time, who, what, reason.
func resultsHistory(env *Env, args []string) error {
	fs := newFlags(env, "results history")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	unit := fs.String("unit", "", "只列出此单位的记录 (only this unit)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" {
		return usagef("需要 --ceremony")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := db.History(*id, *unit)
	if err != nil {
		return err
	}
	c, err := db.SealedCeremony(*id)
	if err != nil {
		return err
	}
	w, l := env.Stdout, env.Lang
	fmt.Fprintf(w, "%s %s\n%s %s\n", l.T("校验码", "verification code"), c.VerificationCode(), l.T("当前校验码", "current head"), c.Head())
	if len(h) == 0 {
		fmt.Fprintln(w, l.T("封存后还没有任何记录", "nothing recorded after the seal yet"))
		return nil
	}
	fmt.Fprintln(w, strings.Join([]string{l.T("步骤", "step"), l.T("时间", "time"), l.T("操作人", "by"), l.T("记录", "entry"),
		l.T("单位", "unit"), l.T("内容", "what"), l.T("理由", "reason")}, "\t"))
	for _, e := range h {
		kind := l.T(store.KindName(e.Kind), e.Kind)
		if e.Corrects != 0 {
			kind += l.T(fmt.Sprintf("(更正第 %d 步)", e.Corrects), fmt.Sprintf(" (corrects step %d)", e.Corrects))
		}
		fmt.Fprintln(w, strings.Join([]string{fmt.Sprint(e.Seq), e.At, e.Operator, kind, e.Unit, e.What, e.Reason}, "\t"))
	}
	return nil
}

func printEstimate(env *Env, db *store.DB, id string) {
	e, err := db.EstimateCeremony(id)
	if err != nil {
		fmt.Fprintln(env.Stdout, err.Error())
		return
	}
	fmt.Fprintln(env.Stdout, e.Text())
}

func resultsEnter(env *Env, args []string) error {
	fs := newFlags(env, "results enter")
	var in store.ResultInput
	fs.StringVar(&in.Ceremony, "ceremony", "", "仪式编号 (ceremony id)")
	fs.StringVar(&in.Unit, "unit", "", "单位代码 (unit id)")
	fs.StringVar(&in.Start, "start", "", "检查开始日期 YYYY-MM-DD")
	fs.StringVar(&in.End, "end", "", "检查结束日期 YYYY-MM-DD")
	codes := fs.String("codes", "", "检查结果,多项用分号分隔 (result codes, separated by ;)")
	fs.StringVar(&in.Notes, "notes", "", "备注 (notes)")
	fs.StringVar(&in.EnteredBy, "by", "", "录入人 (entered by)")
	fs.StringVar(&in.Reason, "reason", "", "更正理由: 修改已录入的结果时必填 (why a stored result is changed; required then)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	in.Codes = strings.FieldsFunc(*codes, func(r rune) bool { return r == ';' || r == '；' })
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.PutResult(in)
	if err != nil {
		return err
	}
	cal, _, err := db.LoadCalendar("")
	if err != nil {
		return err
	}
	due, prov, _ := store.PublicationDue(cal, r.End)
	if prov {
		due += "(暂定)"
	}
	what := "已录入"
	if in.Reason != "" && r.Corrections > 0 {
		what = "已更正(第 " + fmt.Sprint(r.Seq) + " 步)"
	}
	fmt.Fprintf(env.Stdout, "%s 仪式 %s 单位 %s: %s;应于 %s 前公示\n", what, r.Ceremony, r.Unit, strings.Join(r.Codes, "；"), due)
	if warn, err := db.RoundWarning(r.Ceremony, r.End); err != nil {
		return err
	} else if warn != "" {
		fmt.Fprintln(env.Stderr, warn)
	}
	return nil
}

func resultsExport(env *Env, args []string) error {
	fs := newFlags(env, "results export")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	out := fs.String("o", "", "导出文件 .xlsx (output file)")
	holidays := fs.String("holidays", "", "节假日调整文件 (working-day override file)")
	layoutPath := fs.String("layout", "", layoutFlagHelp+"; 此时也可导出 .csv")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" || *out == "" {
		return usagef("需要 --ceremony 与 -o")
	}
	lay, err := loadLayoutFor(*layoutPath, *out)
	if err != nil {
		return err
	}
	if lay == nil {
		if err := wantXLSX(*out); err != nil {
			return err
		}
	}
	db, cal, err := openDBCalendar(env, *holidays)
	if err != nil {
		return err
	}
	defer db.Close()
	if lay != nil {
		rows, err := report.ResultRows(db, cal, *id)
		if err != nil {
			return err
		}
		if err := writeLaidOut(lay, *out, "检查结果", rows); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已按 %s 导出 %d 个单位到 %s\n", lay.Name, len(rows)-1, *out)
		return nil
	}
	n, err := report.ExportResults(db, cal, *id, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 个单位到 %s\n", n, *out)
	return nil
}

func resultsImport(env *Env, args []string) error {
	fs := newFlags(env, "results import")
	by := fs.String("by", "", "录入人,覆盖文件中的“录入人”列 (entered by)")
	reason := fs.String("reason", "", "更正理由: 文件修改了已录入的结果时必填 (why stored results are changed)")
	dry := fs.Bool("dry-run", false, "只检查并报告, 不写入 (check and report only)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("用法: results import 文件.xlsx [--by 录入人] [--reason 更正理由] [--dry-run]")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	imp, head := report.ImportResultCounts, env.Lang.T("已导入检查结果: %s\n", "results imported: %s\n")
	if *dry {
		imp, head = report.DryRunResults, env.Lang.T("试运行, 未写入; 导入将会: %s\n", "dry run, nothing written; the import would do: %s\n")
	}
	c, err := imp(db, rest[0], *by, *reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, head, env.Lang.T(c.Text(),
		fmt.Sprintf("%d new, %d changed, %d unchanged (left as stored)", c.New, c.Changed, c.Unchanged)))
	return nil
}

func resultsEstimate(env *Env, args []string) error {
	fs := newFlags(env, "results estimate")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" {
		return usagef("需要 --ceremony")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := db.EstimateCeremony(*id)
	if err != nil {
		return err
	}
	w := env.Stdout
	fmt.Fprintln(w, e.Text())
	fmt.Fprintln(w, "县(市、区)\t名录单位数 M_i\t已检查 m_i\t有问题 y_i")
	for _, c := range e.Counties {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\n", c.Name, c.M, c.Sampled, c.Problems)
	}
	fmt.Fprintln(w, "计为“有问题”: 除“未发现问题”“"+strings.Join(store.UnclassifiedCodes, "”“")+"”外的全部结果;仅有后两项的单位无法判定,不计入样本。")
	return nil
}

func resultsFindings(env *Env, args []string) error {
	fs := newFlags(env, "results findings")
	set := fs.String("set", "", "以分号分隔的新列表 (new list, separated by ;)")
	db, err := parseAndOpen(env, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if *set != "" {
		if err := db.SetStatFindings(strings.FieldsFunc(*set, func(r rune) bool { return r == ';' || r == '；' })); err != nil {
			return err
		}
	}
	codes, err := db.KnownCodes()
	if err != nil {
		return err
	}
	for i, c := range codes {
		kind := "标准"
		if i >= len(store.StandardResultCodes) {
			kind = "统计专项"
		}
		mark := ""
		if store.IsProblemCode(c) {
			mark = "\t计为有问题"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s%s\n", kind, c, mark)
	}
	return nil
}
