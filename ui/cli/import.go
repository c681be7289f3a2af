package cli

import (
	"errors"
	"fmt"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"shuangsui/store"
	"shuangsui/store/excel"
)

func init() {
	register(&Command{
		Name:   "import",
		Usage:  "units|inspectors|matters|counties|history FILE [--mode merge|replace] [--yes] [--columns 字段=列名,…] [--dry-run] [--skip-invalid] [--errors OUT.xlsx] | undo | log",
		HelpZH: "从 Excel/CSV 导入名录库; 有任何错误则什么都不写入; undo 撤销上一次导入",
		HelpEN: "import a library from Excel/CSV; any error and nothing is written; undo reverts the last import",
		Run:    runImport,
	})
}

// maxShownErrors is how many row errors are printed on stderr.
const maxShownErrors = 50

func runImport(env *Env, args []string) error {
	l := env.Lang
	fs := newFlags(env, "import")
	mode := fs.String("mode", "merge", "merge(合并)|replace(替换: 文件中没有的记录标为停用/移出)")
	dry := fs.Bool("dry-run", false, "只检查并报告, 不写入 (check and report only)")
	skip := fs.Bool("skip-invalid", false, "导入有效行, 报告错误行 (import the valid rows, report the rest)")
	errOut := fs.String("errors", "", "把错误清单写入 .xlsx (write the errors to an .xlsx)")
	by := fs.String("by", "", "校验码例外的确认人(文件未写明时); 也记入名录变动记录 (who confirms check-digit overrides; also logged)")
	yes := fs.Bool("yes", false, "确认替换方式移出较多记录(超过 10% 或 50 个) (confirm a replace that removes many records)")
	columns := fs.String("columns", "", "指定列: 字段=文件中的列名, 多个用逗号分隔, 如 单位类别=专业类别,单位名称=企业名称 (map columns)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 1 && (pos[0] == "undo" || pos[0] == "撤销") {
		return runImportUndo(env, *by)
	}
	if len(pos) == 1 && (pos[0] == "log" || pos[0] == "记录") {
		return runImportLog(env)
	}
	k, err := kindArg(env, pos, 2, "import units|inspectors|matters|counties|history FILE [--mode merge|replace] [--yes] [--columns 字段=列名,…] [--dry-run] [--skip-invalid] [--errors OUT.xlsx] | import undo | import log")
	if err != nil {
		return err
	}
	opt := excel.Options{DryRun: *dry, SkipInvalid: *skip, By: *by}
	if *columns != "" {
		if opt.Columns, err = excel.ParseColumns(k, *columns); err != nil {
			return usagef("%v", err)
		}
	}
	switch *mode {
	case "merge", "合并":
		opt.Mode = store.Merge
	case "replace", "替换":
		opt.Mode = store.Replace
	default:
		return usagef(l.T("--mode 应为 merge 或 replace, 不是 %q", "--mode must be merge or replace, not %q"), *mode)
	}
	if *errOut != "" && !strings.EqualFold(filepath.Ext(*errOut), ".xlsx") {
		return usagef("%s", l.T("--errors 应是 .xlsx 文件", "--errors must name an .xlsx file"))
	}
	if opt.SkipInvalid && opt.Mode == store.Replace {
		return usagef("%s", l.T("--skip-invalid 不能与 --mode replace 同用: 被跳过的行对应的记录会被当作已移出", "--skip-invalid cannot be used with --mode replace: skipped rows would count as removed"))
	}
	// A file that cannot be read creates no database (a dry run opens
	// only an existing one, and says so first).
	if !opt.DryRun {
		if err := excel.CheckReadable(pos[1]); err != nil {
			return err
		}
	}
	// Importing is how a library starts, so it may create the database;
	// a dry run writes nothing, not even an empty file.
	open := openOrCreateDB
	if opt.DryRun {
		open = openDB
	}
	db, err := open(env)
	if err != nil {
		return err
	}
	defer db.Close()

	// A replace that would remove more than 10 % of the library or 50
	// records stops before it writes and states the numbers; --yes lets
	// it through.
	opt.GuardRemovals = !*yes

	start := time.Now()
	// The estimated total (the dimension a workbook records, the lines of a
	// CSV), counted beside the import (a large CSV takes a moment): until
	// it is known, or without one, the line shows only the rows read; an
	// error here is left to the importer, which explains it better.
	var total int
	var known bool
	estimated := make(chan struct{})
	go func() {
		defer close(estimated)
		total, known, _ = excel.EstimateRows(pos[1])
		known = known && total > 0
	}()
	defer func() { <-estimated }()
	pr := newProgress(env)
	progress := func(rows int) error {
		est := false // the total is known
		select {
		case <-estimated:
			est = known
		default: // not yet
		}
		rate := float64(rows) / max(time.Since(start).Seconds(), 1e-3)
		var line string
		pct := -1
		switch {
		case est && rows <= total:
			// an estimate: 99% at most until the import has finished
			pct = min(99, rows*100/total)
			line = fmt.Sprintf(l.T("已读取 %d / 约 %d 行 (%d%%), 每秒 %.0f 行", "read %d of about %d rows (%d%%), %.0f rows/s"), rows, total, pct, rate)
		case est:
			line = fmt.Sprintf(l.T("已读取 %d 行 (多于估计的约 %d 行), 每秒 %.0f 行", "read %d rows (more than the estimated %d), %.0f rows/s"), rows, total, rate)
		default:
			line = fmt.Sprintf(l.T("已读取 %d 行, 每秒 %.0f 行", "read %d rows, %.0f rows/s"), rows, rate)
		}
		pr.Show(line, pct)
		return nil
	}
	rep, err := excel.ImportFile(db, k, pos[1], opt, progress)
	pr.Done()
	var re *excel.RemovalError
	if errors.As(err, &re) {
		fmt.Fprintf(env.Stdout, l.T("替换方式: 文件中没有的 %d 条记录将移出%s(现有 %d 条, 占 %.0f%%); 新增 %d, 更新 %d, 未变 %d\n",
			"replace: %d records absent from the file would leave %s (of %d, %.0f%%); %d added, %d updated, %d unchanged\n"),
			re.Removed, k.Title(), re.Size, 100*float64(re.Removed)/float64(max(re.Size, 1)), re.Summary.Added, re.Summary.Updated, re.Summary.Unchanged)
		return fmt.Errorf(l.T("未写入: 替换方式将移出 %d 条记录, 超过名录库的 10%% 或 50 条; 确认无误请加 --yes 重新运行, 或先用 --dry-run 查看 (移出后可用 import undo 撤销)",
			"nothing written: the replace would remove %d records, more than 10%% of the library or 50; add --yes to confirm, or look first with --dry-run (import undo reverts it)"), re.Removed)
	}
	if err != nil {
		return reportFailure(env, rep, err, *errOut)
	}
	printReport(env, k, rep, opt.DryRun)
	return nil
}

// reportFailure prints the row errors of a failed import (and writes them
// to errOut when given) and returns err.
func reportFailure(env *Env, rep excel.Report, err error, errOut string) error {
	l := env.Lang
	if len(rep.Errors) > 0 {
		for i, e := range rep.Errors {
			if i == maxShownErrors {
				fmt.Fprintf(env.Stderr, l.T("…… 另有 %d 处错误", "… and %d more errors"), rep.ErrorCount-maxShownErrors)
				if errOut == "" {
					fmt.Fprint(env.Stderr, l.T(", 用 --errors 错误.xlsx 导出全部", "; use --errors OUT.xlsx for all"))
				}
				fmt.Fprintln(env.Stderr)
				break
			}
			fmt.Fprintln(env.Stderr, e.Error())
		}
		if errOut != "" {
			if werr := excel.WriteErrors(rep, errOut); werr != nil {
				return errors.Join(err, werr)
			}
			fmt.Fprintf(env.Stderr, l.T("错误清单已写入 %s\n", "errors written to %s\n"), errOut)
		}
	}
	return err
}

// printReport prints what a successful import read and did.
func printReport(env *Env, k excel.Kind, rep excel.Report, dry bool) {
	l := env.Lang
	s := rep.Summary
	if len(rep.Sheets) > 1 {
		fmt.Fprintf(env.Stdout, l.T("%s: %d 个工作表, 共读取 %d 行, 用时 %.1f 秒\n", "%s: %d sheets, %d rows read in %.1f s\n"), k.Title(), len(rep.Sheets), rep.Rows, rep.Elapsed.Seconds())
		for _, sh := range rep.Sheets {
			fmt.Fprintf(env.Stdout, l.T("  工作表“%s”: 第 %d 行为表头, %d 行\n", "  sheet %q: header in row %d, %d rows\n"), sh.Name, sh.HeaderRow, sh.Rows)
		}
	} else {
		fmt.Fprintf(env.Stdout, l.T("%s: 工作表“%s”第 %d 行为表头, 读取 %d 行, 用时 %.1f 秒\n", "%s: sheet %q, header in row %d, %d rows read in %.1f s\n"),
			k.Title(), rep.Sheet, rep.HeaderRow, rep.Rows, rep.Elapsed.Seconds())
	}
	// Which column fed each field: the ones named differently in full,
	// the rest counted.
	var renamed []string
	for _, src := range rep.Sources {
		if field, col, _ := strings.Cut(src, " ← "); field != col {
			renamed = append(renamed, src)
		}
	}
	if len(renamed) > 0 {
		fmt.Fprintf(env.Stdout, l.T("列的来源: %s; 其余 %d 列按同名列读取\n", "columns: %s; the other %d by their own names\n"), strings.Join(renamed, "; "), len(rep.Sources)-len(renamed))
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(env.Stdout, l.T("注意: %s\n", "note: %s\n"), w)
	}
	if len(rep.Ignored) > 0 {
		fmt.Fprintf(env.Stdout, l.T("忽略的列: %s\n", "ignored columns: %s\n"), strings.Join(rep.Ignored, "、"))
	}
	removed := l.T("停用", "deactivated")
	if k == excel.Units {
		removed = l.T("移出名录库", "removed from the library")
	}
	fmt.Fprintf(env.Stdout, l.T("新增 %d, 更新 %d, 未变 %d, %s %d", "added %d, updated %d, unchanged %d, %s %d"), s.Added, s.Updated, s.Unchanged, removed, s.Deactivated)
	if rep.Invalid > 0 {
		fmt.Fprintf(env.Stdout, l.T(", 跳过有错误的 %d 行", ", skipped %d invalid rows"), rep.Invalid)
	}
	if dry {
		fmt.Fprint(env.Stdout, l.T(" (试运行, 未写入)", " (dry run, nothing written)"))
	} else if rep.Written {
		fmt.Fprint(env.Stdout, l.T("; 如需撤销本次导入: import undo", "; to revert this import: import undo"))
	}
	fmt.Fprintln(env.Stdout)
}

// runImportUndo restores the library the last import changed.
func runImportUndo(env *Env, by string) error {
	l := env.Lang
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if by == "" {
		by = osUser()
	}
	e, err := db.UndoImport(by)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, l.T("已撤销 %s 的导入(名录变动第 %d 条, 文件 %s, %s): 恢复为导入前的 %s; 撤销已记为第 %d 条\n",
		"undid the import of %s (library change %d, file %s, %s): %s restored to before it; the undo is change %d\n"),
		libraryTitle(e.Library), e.Undoes, e.Source, importCounts(env, e), libraryTitle(e.Library), e.Seq)
	return nil
}

// runImportLog prints the library log.
func runImportLog(env *Env) error {
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	log, err := db.LibraryLog()
	if err != nil {
		return err
	}
	if len(log) == 0 {
		fmt.Fprintln(env.Stdout, env.Lang.T("还没有名录变动记录", "no library changes yet"))
	}
	for _, e := range log {
		what := changeKind(env, e)
		fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At, e.By, what, libraryTitle(e.Library), e.Mode, e.Source, importCounts(env, e))
	}
	return nil
}

// changeKind says what kind of library change an entry records.
func changeKind(env *Env, e store.LibraryChange) string {
	l := env.Lang
	switch e.Kind {
	case store.ChangeUndo:
		return fmt.Sprintf(l.T("撤销第 %d 条", "undo of %d"), e.Undoes)
	case store.ChangeDishonest:
		return l.T("严重失信认定", "dishonest mark")
	case store.ChangeResult:
		return l.T("检查结果", "result")
	case store.ChangeSetting:
		return l.T("设置", "setting")
	case store.ChangeBaseline:
		return l.T("起点(记下指纹)", "baseline (fingerprint)")
	}
	return l.T("导入", "import")
}

func importCounts(env *Env, e store.LibraryChange) string {
	return fmt.Sprintf(env.Lang.T("新增 %d, 更新 %d, 移出/停用 %d", "added %d, updated %d, removed %d"), e.Added, e.Updated, e.Removed)
}

// libraryTitle is the Chinese name of a library bucket.
func libraryTitle(bucket string) string {
	switch bucket {
	case "units":
		return excel.Units.Title()
	case "inspectors":
		return excel.Inspectors.Title()
	case "matters":
		return excel.Matters.Title()
	case "counties":
		return excel.Counties.Title()
	case "inspections":
		return excel.History.Title()
	case "settings":
		return "设置"
	}
	return bucket
}

// osUser is the login name, or "" when it is unknown.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return ""
}
