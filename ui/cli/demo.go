package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"shuangsui/store"
	"shuangsui/store/excel"
)

func init() {
	register(&Command{
		Name:   "demo",
		Usage:  "[--no-animation] [--out DIR]",
		HelpZH: "在新建的临时数据库中载入承德演示数据,然后打开见证抽取界面",
		HelpEN: "load the Chengde demo data into a fresh temporary database, then open the witnessed-draw screens",
		Run:    runDemo,
	})
}

func runDemo(env *Env, args []string) error {
	f, parse := appFlagSet(env, "demo")
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef(env.Lang.T("demo 不接受参数: %v", "demo takes no arguments: %v"), rest)
	}
	dir, err := os.MkdirTemp("", "shuangsui-demo-")
	if err != nil {
		return fmt.Errorf("%s: %w", env.Lang.T("创建临时目录", "creating a temporary directory"), err)
	}
	path := filepath.Join(dir, "demo.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := excel.LoadDemo(db); err != nil {
		return err
	}
	if f.out == "" {
		f.out = dir
	}
	fmt.Fprintln(env.Stderr, env.Lang.T("演示数据库: ", "demo database: ")+path)
	err = runTUI(env, db, path, f)
	// The database stays, so that record, verify and sheet can be run on it.
	fmt.Fprintln(env.Stdout, env.Lang.T("演示数据库保留在 ", "the demo database is kept at ")+path)
	return err
}
