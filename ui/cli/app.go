package cli

import (
	"fmt"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/session"
	"shuangsui/ui/app"
	"shuangsui/ui/common"
	"shuangsui/ui/sheet"
)

func init() {
	register(&Command{
		Name:   "app",
		Usage:  "[--resume CEREMONY] [--no-animation] [--out DIR]",
		HelpZH: "打开见证抽取界面(默认命令);每一步先写入数据库再显示",
		HelpEN: "open the witnessed-draw screens (the default command); every step is saved before it is shown",
		Run:    runApp,
	})
}

type appFlags struct {
	resume string
	noAnim bool
	out    string
}

func appFlagSet(env *Env, name string) (*appFlags, func(args []string) ([]string, error)) {
	fs := newFlags(env, name)
	f := &appFlags{}
	fs.StringVar(&f.resume, "resume", "", "打开指定仪式 (open this ceremony)")
	fs.BoolVar(&f.noAnim, "no-animation", false, "关闭揭晓动画 (no reveal animation)")
	fs.StringVar(&f.out, "out", "", "导出记录与见证记录单的目录,默认当前目录 (directory for records and sheets)")
	return f, func(args []string) ([]string, error) { return parseFlags(fs, args) }
}

func runApp(env *Env, args []string) error {
	f, parse := appFlagSet(env, "app")
	rest, err := parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef(env.Lang.T("app 不接受参数: %v", "app takes no arguments: %v"), rest)
	}
	path := dbPath(env)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	return runTUI(env, db, path, f)
}

// backend wires the screens to the store, the session and the sheet.
func backend(env *Env, db *store.DB, path, out string) *common.Backend {
	return &common.Backend{
		DB: db,
		Start: func(info sampling.Info, frame sampling.Frame) (common.Session, error) {
			s, err := session.Start(db, info, frame)
			if err != nil {
				return nil, err
			}
			return s, nil
		},
		Resume: func(id string) (common.Session, error) {
			s, err := session.Resume(db, id)
			if err != nil {
				return nil, err
			}
			return s, nil
		},
		WriteSheet: func(dir, id string, c *sampling.Ceremony) ([]string, error) {
			return sheet.WriteAll(dir, id, c, env.Lang)
		},
		ExportDir: out,
		DBPath:    path,
		Now:       time.Now,
	}
}

// exportDir is --out if given, else the folder last chosen on screen (f)
// if it is still a folder, else the working directory ("").
func exportDir(db *store.DB, out string) string {
	if out != "" {
		return out
	}
	v, err := db.Setting(store.SettingExportDir)
	if err != nil || len(v) == 0 {
		return ""
	}
	if fi, err := os.Stat(string(v)); err != nil || !fi.IsDir() {
		return ""
	}
	return string(v)
}

func runTUI(env *Env, db *store.DB, path string, f *appFlags) error {
	common.FixWidths()
	m := app.New(app.Options{Lang: env.Lang, Backend: backend(env, db, path, exportDir(db, f.out)), NoAnimation: f.noAnim, Resume: f.resume})
	p := tea.NewProgram(m, tea.WithAltScreen())
	if _, err := p.Run(); err != nil {
		return fmt.Errorf("%s: %w", env.Lang.T("界面", "screen"), err)
	}
	return nil
}
