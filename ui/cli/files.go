package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"shuangsui/store"
	"shuangsui/store/safefile"
	"shuangsui/store/workdays"
)

// dbPath is the database named by --db, or the default one.
func dbPath(env *Env) string {
	if env.DB != "" {
		return env.DB
	}
	return store.DefaultPath()
}

// openDB opens the existing database named by --db (or the default one).
// A missing file is an error: a mistyped --db must never answer from a
// new, empty library. Only import creates a database (openOrCreateDB).
func openDB(env *Env) (*store.DB, error) {
	path := dbPath(env)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %s %s", env.Lang.T("数据库文件不存在", "no database file at"), path,
			env.Lang.T("(先用 import 导入名录库,或用 --db 指定已有的数据库文件)", "(import a library first, or name an existing file with --db)"))
	}
	return openPath(env, path)
}

// parseAndOpen parses a command's flags (no other arguments) and opens the
// database, which must exist.
func parseAndOpen(env *Env, fs *flag.FlagSet, args []string) (*store.DB, error) {
	if err := parseFlagsOnly(fs, args); err != nil {
		return nil, err
	}
	return openDB(env)
}

// openOrCreateDB opens the database, creating an empty one if needed.
func openOrCreateDB(env *Env) (*store.DB, error) { return openPath(env, dbPath(env)) }

// openPath opens the database and prints on stderr what Open found wrong
// without stopping (store.DB.Warnings); store.Open's errors already name
// the file (数据库正被另一个窗口使用 (path), 打开数据库 path: …).
func openPath(env *Env, path string) (*store.DB, error) {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return nil, err
	}
	for _, w := range db.Warnings() {
		fmt.Fprintln(env.Stderr, env.Lang.T("警告: ", "warning: ")+w)
	}
	return db, nil
}

// asOfFlags are the --today and --holidays flags of the commands that
// count working days up to a day.
type asOfFlags struct{ today, holidays *string }

// addAsOfFlags adds them to fs; todayHelp says what the day is used for.
func addAsOfFlags(fs *flag.FlagSet, todayHelp string) asOfFlags {
	return asOfFlags{
		today:    fs.String("today", "", todayHelp),
		holidays: fs.String("holidays", "", "节假日调整文件 (working-day override file)"),
	}
}

// open, once the flags are parsed, reads the day (today when not given)
// and opens the database with its working-day calendar.
func (a asOfFlags) open(env *Env) (*store.DB, *workdays.Calendar, string, error) {
	day, err := todayFlag(*a.today)
	if err != nil {
		return nil, nil, "", err
	}
	db, cal, err := openDBCalendar(env, *a.holidays)
	return db, cal, day, err
}

// openDBCalendar opens the database and loads the working-day calendar
// with the override file holidays ("" for the one remembered in the
// database). The caller closes the database.
func openDBCalendar(env *Env, holidays string) (*store.DB, *workdays.Calendar, error) {
	db, err := openDB(env)
	if err != nil {
		return nil, nil, err
	}
	cal, _, err := db.LoadCalendar(holidays)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, cal, nil
}

// wantXLSX refuses an -o output path that does not end in .xlsx.
func wantXLSX(out string) error {
	if !strings.HasSuffix(strings.ToLower(out), ".xlsx") {
		return usagef("-o %s: 扩展名应为 .xlsx", out)
	}
	return nil
}

// writeFile writes data to path: mode 0600, whole or not at all.
func writeFile(path string, data []byte) error { return safefile.Write(path, data) }

// decodeStrict decodes one JSON value, refusing unknown fields.
func decodeStrict(r io.Reader, v any) error {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	return d.Decode(v)
}
