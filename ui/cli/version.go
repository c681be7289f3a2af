package cli

import (
	"fmt"
	"runtime"

	"shuangsui/assets/version"
)

func init() {
	register(&Command{
		Name:   "version",
		HelpZH: "显示程序版本、提交、构建日期与 Go 版本(也可用 --version)",
		HelpEN: "show the program's version, commit, build date and Go version (also --version)",
		Run: func(env *Env, args []string) error {
			if err := parseFlagsOnly(newFlags(env, "version"), args); err != nil {
				return err
			}
			printVersion(env, version.Get())
			return nil
		},
	})
}

// printVersion writes what `version` and `--version` show. A build that
// .ci/dist did not stamp says so, and shows what the Go toolchain recorded.
func printVersion(env *Env, b version.Build) {
	l, w := env.Lang, env.Stdout
	if b.Stamped {
		fmt.Fprintf(w, "%s %s\n", version.Name, b.Version)
	} else {
		fmt.Fprintf(w, "%s %s\n", version.Name, l.T("开发版本: 没有标记版本号(发行的程序由 .ci/dist 构建并标记)",
			"development build: no version stamped (release binaries are built and stamped by .ci/dist)"))
	}
	unknown := l.T("未知", "unknown")
	or := func(s string) string {
		if s == "" {
			return unknown
		}
		return s
	}
	commit := or(b.Commit)
	if b.Dirty {
		commit += l.T(" (有未提交的修改)", " (with uncommitted changes)")
	}
	fmt.Fprintf(w, l.T("提交:     %s\n", "commit:     %s\n"), commit)
	fmt.Fprintf(w, l.T("构建日期: %s (提交时间)\n", "build date: %s (the commit's time)\n"), or(b.Date))
	fmt.Fprintf(w, l.T("Go 版本:  %s\n", "Go version: %s\n"), b.GoVersion)
	fmt.Fprintf(w, l.T("模块:     %s\n", "module:     %s\n"), b.Module)
	fmt.Fprintf(w, l.T("平台:     %s/%s\n", "platform:   %s/%s\n"), runtime.GOOS, runtime.GOARCH)
}
