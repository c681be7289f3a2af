// Package cli is the command line of shuangsui: one file per subcommand,
// each registering itself with its Chinese and English help line. main.go
// hands the arguments to Main.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"shuangsui/store"
	"sort"
	"strings"

	"shuangsui/ui/lang"
)

// Env is what a subcommand runs with.
type Env struct {
	Lang   lang.Lang
	DB     string // --db path; "" means the default location
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// usage is what a command's -h shows below its usage line: its flags
	// (newFlags) or its subcommands (dispatch). Main prints it on standard
	// output for -h and --help, and on standard error after a usage error.
	usage strings.Builder
}

// Command is one subcommand.
type Command struct {
	Name    string
	Usage   string // arguments after the name, e.g. "--seed S --take K"
	HelpZH  string
	HelpEN  string
	Run     func(env *Env, args []string) error
	ordinal int
}

var commands = map[string]*Command{}

// register adds a subcommand; each command file calls it from init.
func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: command registered twice: " + c.Name)
	}
	c.ordinal = len(commands)
	commands[c.Name] = c
}

// UsageError is bad input on the command line or on stdin: exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error { return &UsageError{Msg: fmt.Sprintf(format, a...)} }

// Main runs the command line and returns the process exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Lang: lang.ZH, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	global := flag.NewFlagSet("shuangsui", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	langFlag := global.String("lang", "zh", "界面语言 zh|en (display language)")
	global.StringVar(&env.DB, "db", "", "数据库文件 (database file)")
	showVersion := global.Bool("version", false, "显示版本 (show the version)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(env)
			return 0
		}
		fmt.Fprintln(stderr, "错误: "+flagError(err))
		return 2
	}
	l, err := lang.Parse(*langFlag)
	if err != nil {
		fmt.Fprintln(stderr, "错误 (error): "+err.Error())
		return 2
	}
	env.Lang = l
	rest := global.Args()
	if *showVersion {
		rest = []string{"version"} // like git --version: the version, whatever follows
	}
	name := "app"
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	cmd, ok := commands[name]
	if !ok {
		if _, hasApp := commands["app"]; name == "app" && !hasApp {
			name = "help"
			cmd = commands["help"]
		} else {
			fmt.Fprintln(stderr, env.Lang.T("未知命令: ", "unknown command: ")+name)
			printHelp(env)
			return 2
		}
	}
	if err := cmd.Run(env, rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(env, cmd)
			return 0
		}
		if errors.Is(err, store.ErrLocked) {
			// the store's words, then what holds the file and what to do
			fmt.Fprintln(stderr, env.Lang.T("错误: ", "error: ")+env.Lang.T(err.Error(), "the database is open in another window ("+dbPath(env)+")"))
			fmt.Fprintln(stderr, lockedAdvice(env))
			return 1
		}
		fmt.Fprintln(stderr, env.Lang.T("错误: ", "error: ")+err.Error())
		var ue *UsageError
		if errors.As(err, &ue) {
			if env.usage.Len() > 0 {
				fmt.Fprint(stderr, env.usage.String())
			}
			return 2
		}
		return 1
	}
	return 0
}

// lockedAdvice says what holds a locked database and what to do.
func lockedAdvice(env *Env) string {
	return env.Lang.T("另一个 shuangsui 窗口(抽取界面或正在运行的命令)打开着这个数据库,同一时间只能有一个窗口使用它。"+
		"请在那个窗口按 q 退出后再试;如只是要备份,在那个窗口按 b(任何没有输入框的界面,备份到数据库旁的 .backups 文件夹)。",
		"Another shuangsui window (the draw screens or a running command) has this database open; only one window can use it at a time. "+
			"Quit that window (q) and try again; to take a backup, press b in that window (on any screen without a text field; it goes to the .backups folder beside the database).")
}

// isHelpFlag reports whether a is one of the ways to ask for help.
func isHelpFlag(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "--h" }

// printCommandHelp answers `CMD -h` and `CMD --help` on standard output:
// the command's usage line and help line, then its flags or subcommands,
// then the exit statuses.
func printCommandHelp(env *Env, cmd *Command) {
	l, w := env.Lang, env.Stdout
	head := "shuangsui " + cmd.Name
	if cmd.Usage != "" {
		head += " " + cmd.Usage
	}
	fmt.Fprintf(w, "%s %s\n      %s\n", l.T("用法:", "usage:"), head, l.T(cmd.HelpZH, cmd.HelpEN))
	if env.usage.Len() > 0 {
		fmt.Fprintln(w)
		fmt.Fprint(w, env.usage.String())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, exitStatusLine(l))
}

// exitStatusLine documents the exit statuses, in help and in README.
func exitStatusLine(l lang.Lang) string {
	return l.T("退出状态: 0 完成; 1 出错(错误信息在标准错误输出); 2 用法错误(命令、参数或输入的写法有误)",
		"exit status: 0 done; 1 error (the message is on standard error); 2 usage error (a wrong command, flag or input)")
}

// newFlags makes a FlagSet for a subcommand that accepts --lang and --db
// after the subcommand name too.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own English error line is not printed: parseFlags
	// returns it in the operator's language. Usage (-h, or after an error)
	// keeps the list of flags for Main to print: on stdout for -h, on
	// stderr after the error line.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		env.usage.Reset()
		fmt.Fprintf(&env.usage, env.Lang.T("%s 的参数:\n", "flags of %s:\n"), name)
		fs.SetOutput(&env.usage)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	fs.Func("lang", "界面语言 zh|en (display language)", func(s string) error {
		l, err := lang.Parse(s)
		env.Lang = l
		return err
	})
	fs.StringVar(&env.DB, "db", env.DB, "数据库文件 (database file)")
	return fs
}

// newFlagsNoDB is newFlags without --db, for a command that makes its own
// database (demo).
func newFlagsNoDB(env *Env, name string) *flag.FlagSet {
	fs := newFlags(env, name)
	out := flag.NewFlagSet(name, flag.ContinueOnError)
	out.SetOutput(io.Discard)
	out.Usage = fs.Usage
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "db" {
			out.Var(f.Value, f.Name, f.Usage)
		}
	})
	out.Usage = func() {
		env.usage.Reset()
		fmt.Fprintf(&env.usage, env.Lang.T("%s 的参数:\n", "flags of %s:\n"), name)
		out.SetOutput(&env.usage)
		out.PrintDefaults()
		out.SetOutput(io.Discard)
	}
	return out
}

// parseFlags parses a subcommand's flags, allowing flags after positional
// arguments, and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &UsageError{Msg: flagError(err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// flagErrorPatterns turn the flag package's errors into Chinese with the
// English after it. flagError compiles them when there is an error to
// translate (once a run), so that start-up does not.
var flagErrorPatterns = []struct{ re, zh string }{
	{`^flag provided but not defined: (-\S+)$`, "没有参数 $1"},
	{`^flag needs an argument: (-\S+)$`, "参数 $1 缺少值"},
	{`^invalid (?:boolean )?value ("[^"]*") for (?:flag )?(-\S+): (.*)$`, "参数 $2 的值 $1 无效: $3"},
	{`^bad flag syntax: (.*)$`, "参数写法有误: $1"},
}

func flagError(err error) string {
	msg := err.Error()
	for _, p := range flagErrorPatterns {
		if re := regexp.MustCompile(p.re); re.MatchString(msg) {
			return re.ReplaceAllString(msg, p.zh) + " (" + msg + ")"
		}
	}
	return msg
}

// parseFlagsOnly parses a subcommand that takes flags and no positional
// arguments, refusing any as 多余的参数.
func parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	return noRest(rest)
}

func printHelp(env *Env) {
	l := env.Lang
	w := env.Stdout
	fmt.Fprintln(w, l.T("双随 shuangsui — “双随机、一公开”见证抽取", "shuangsui (双随) — witnessed random draws for “双随机、一公开” spot checks"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("用法: shuangsui [--lang zh|en] [--db 文件] <命令> [参数]  |  shuangsui --version", "usage: shuangsui [--lang zh|en] [--db FILE] <command> [arguments]  |  shuangsui --version"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("命令:", "commands:"))
	list := make([]*Command, 0, len(commands))
	for _, c := range commands {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ordinal < list[j].ordinal })
	sort.SliceStable(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	for _, c := range list {
		head := c.Name
		if c.Usage != "" {
			head += " " + c.Usage
		}
		fmt.Fprintf(w, "  %s\n      %s\n", head, l.T(c.HelpZH, c.HelpEN))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("每个命令都接受 --lang 与 --db;加 -h 或 --help 查看其参数。", "Every command takes --lang and --db; add -h or --help for its flags."))
	fmt.Fprintln(w, exitStatusLine(l))
}

func init() {
	register(&Command{
		Name:   "help",
		HelpZH: "列出全部命令",
		HelpEN: "list every command",
		Run: func(env *Env, args []string) error {
			if err := parseFlagsOnly(newFlags(env, "help"), args); err != nil {
				return err
			}
			printHelp(env)
			return nil
		},
	})
}
