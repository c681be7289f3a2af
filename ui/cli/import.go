package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"shuangsui/store"
	"shuangsui/store/excel"
)

func init() {
	register(&Command{
		Name:   "import",
		Usage:  "units|inspectors|matters|counties|history FILE [--mode merge|replace] [--dry-run] [--skip-invalid] [--errors OUT.xlsx]",
		HelpZH: "从 Excel/CSV 导入名录库; 有任何错误则什么都不写入",
		HelpEN: "import a library from Excel/CSV; any error and nothing is written",
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
	by := fs.String("by", "", "校验码例外的确认人(文件未写明时) (who confirms check-digit overrides)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	k, err := kindArg(env, pos, 2, "import units|inspectors|matters|counties|history FILE [--mode merge|replace] [--dry-run] [--skip-invalid] [--errors OUT.xlsx]")
	if err != nil {
		return err
	}
	opt := excel.Options{DryRun: *dry, SkipInvalid: *skip, By: *by}
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

	start := time.Now()
	// The estimated total (the dimension a workbook records, the lines of a
	// CSV): without one the line shows only the rows read; an error here is
	// left to the importer, which explains it better.
	total, known, _ := excel.EstimateRows(pos[1])
	known = known && total > 0
	pr := newProgress(env)
	progress := func(rows int) error {
		rate := float64(rows) / max(time.Since(start).Seconds(), 1e-3)
		var line string
		pct := -1
		switch {
		case known && rows <= total:
			// an estimate: 99% at most until the import has finished
			pct = min(99, rows*100/total)
			line = fmt.Sprintf(l.T("已读取 %d / 约 %d 行 (%d%%), 每秒 %.0f 行", "read %d of about %d rows (%d%%), %.0f rows/s"), rows, total, pct, rate)
		case known:
			line = fmt.Sprintf(l.T("已读取 %d 行 (多于估计的约 %d 行), 每秒 %.0f 行", "read %d rows (more than the estimated %d), %.0f rows/s"), rows, total, rate)
		default:
			line = fmt.Sprintf(l.T("已读取 %d 行, 每秒 %.0f 行", "read %d rows, %.0f rows/s"), rows, rate)
		}
		pr.Show(line, pct)
		return nil
	}
	rep, err := excel.ImportFile(db, k, pos[1], opt, progress)
	pr.Done()
	if len(rep.Errors) > 0 {
		for i, e := range rep.Errors {
			if i == maxShownErrors {
				fmt.Fprintf(env.Stderr, l.T("…… 另有 %d 处错误", "… and %d more errors"), rep.ErrorCount-maxShownErrors)
				if *errOut == "" {
					fmt.Fprint(env.Stderr, l.T(", 用 --errors 错误.xlsx 导出全部", "; use --errors OUT.xlsx for all"))
				}
				fmt.Fprintln(env.Stderr)
				break
			}
			fmt.Fprintln(env.Stderr, e.Error())
		}
		if *errOut != "" {
			if werr := excel.WriteErrors(rep, *errOut); werr != nil {
				return errors.Join(err, werr)
			}
			fmt.Fprintf(env.Stderr, l.T("错误清单已写入 %s\n", "errors written to %s\n"), *errOut)
		}
	}
	if err != nil {
		return err
	}
	s := rep.Summary
	fmt.Fprintf(env.Stdout, l.T("%s: 工作表“%s”第 %d 行为表头, 读取 %d 行, 用时 %.1f 秒\n", "%s: sheet %q, header in row %d, %d rows read in %.1f s\n"),
		k.Title(), rep.Sheet, rep.HeaderRow, rep.Rows, rep.Elapsed.Seconds())
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
	if opt.DryRun {
		fmt.Fprint(env.Stdout, l.T(" (试运行, 未写入)", " (dry run, nothing written)"))
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
