package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"shuangsui/store/excel"
)

func init() {
	register(&Command{
		Name:   "export",
		Usage:  "units|inspectors|matters|counties|history -o FILE.xlsx|FILE.csv [--layout F]  |  publication --round R -o 公示表.xlsx",
		HelpZH: "导出名录库为 Excel 或 CSV(可原样再导入; 不导出身份证号); --layout 按列布局文件选列、排序、改表头; publication 导出抽查结果公示表",
		HelpEN: "export a library as Excel or CSV (re-importable; ID card numbers never exported); --layout picks, orders and renames columns from a layout file; publication: the 抽查结果公示表",
		Run:    runExport,
	})
}

func runExport(env *Env, args []string) error {
	if len(args) > 0 && args[0] == "publication" {
		return publicationExport(env, args[1:])
	}
	fs := newFlags(env, "export")
	out := fs.String("o", "", "输出文件 .xlsx 或 .csv (output file)")
	layoutPath := fs.String("layout", "", layoutFlagHelp)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	k, err := kindArg(env, pos, 1, "export units|inspectors|matters|counties|history -o FILE.xlsx|FILE.csv")
	if err != nil {
		return err
	}
	if ext := strings.ToLower(filepath.Ext(*out)); ext != ".xlsx" && ext != ".csv" {
		return usagef("%s", env.Lang.T("请用 -o 指定 .xlsx 或 .csv 输出文件", "give an .xlsx or .csv output file with -o"))
	}
	lay, err := loadLayout(*layoutPath)
	if err != nil {
		return err
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if lay != nil {
		n, err = exportLibraryLaidOut(db, k, lay, *out)
	} else {
		n, err = excel.Export(db, k, *out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, env.Lang.T("已导出%s %d 条: %s\n", "exported %s: %d records to %s\n"), k.Title(), n, *out)
	return nil
}
