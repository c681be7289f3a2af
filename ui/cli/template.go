package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"shuangsui/store"
	"shuangsui/store/excel"
)

func init() {
	register(&Command{
		Name:   "template",
		Usage:  "units|inspectors|matters|counties|history -o FILE.xlsx",
		HelpZH: "生成导入模板(中文表头、示例行、下拉列表、说明页)",
		HelpEN: "write an import template (Chinese headers, example row, drop-downs, help sheet)",
		Run:    runTemplate,
	})
}

// kindArg reads the single positional library name of template, import
// and export.
func kindArg(env *Env, args []string, n int, usage string) (excel.Kind, error) {
	if len(args) != n {
		return "", usagef("%s", env.Lang.T("用法: ", "usage: ")+usage)
	}
	k, err := excel.ParseKind(args[0])
	if err != nil {
		return "", &UsageError{Msg: err.Error()}
	}
	return k, nil
}

// existingDB opens the database only if its file exists, so that writing
// a template never creates one.
func existingDB(env *Env) (*store.DB, error) {
	if _, err := os.Stat(dbPath(env)); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return openDB(env)
}

func runTemplate(env *Env, args []string) error {
	fs := newFlags(env, "template")
	out := fs.String("o", "", "输出文件 .xlsx (output file)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	k, err := kindArg(env, pos, 1, "template units|inspectors|matters|counties|history -o FILE.xlsx")
	if err != nil {
		return err
	}
	if *out == "" || !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
		return usagef("%s", env.Lang.T("请用 -o 指定 .xlsx 输出文件", "give an .xlsx output file with -o"))
	}
	lists := excel.DefaultLists()
	db, err := existingDB(env)
	if err != nil {
		return err
	}
	if db != nil {
		lists, err = excel.ListsFrom(db)
		db.Close()
		if err != nil {
			return err
		}
	}
	if err := excel.WriteTemplate(k, *out, lists); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, env.Lang.T("已生成%s模板: %s\n", "wrote the %s template: %s\n"), k.Title(), *out)
	return nil
}
