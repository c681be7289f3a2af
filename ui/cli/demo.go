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
		HelpZH: "在新建的临时数据库中载入承德演示数据,然后打开见证抽取界面;记录与见证记录单默认写到该临时文件夹",
		HelpEN: "load the Chengde demo data into a fresh temporary database, then open the witnessed-draw screens; records and sheets go to that temporary folder unless --out names another",
		Run:    runDemo,
	})
}

func runDemo(env *Env, args []string) error {
	fs := newFlagsNoDB(env, "demo")
	f := &appFlags{}
	fs.BoolVar(&f.noAnim, "no-animation", false, "关闭揭晓动画 (no reveal animation)")
	fs.StringVar(&f.out, "out", "", "导出记录与见证记录单的目录,默认为临时数据库所在的临时文件夹(启动时显示) (directory for records and sheets; default: the temporary folder of the demo database, named at start)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef(env.Lang.T("demo 不接受参数: %v", "demo takes no arguments: %v"), rest)
	}
	if env.DB != "" {
		return usagef("%s", env.Lang.T("demo 总是新建临时数据库,不使用 --db;要打开已有的数据库请用 app", "demo always makes a fresh temporary database and takes no --db; open an existing one with app"))
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
