package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"shuangsui/assets"
)

func init() {
	register(&Command{
		Name:   "verifier",
		Usage:  "-o 核验.html",
		HelpZH: "写出离线核验网页(单个 HTML 文件,不联网): 复制到U盘,用浏览器打开,选择记录文件即可核验并显示校验码",
		HelpEN: "write the offline verifier page (one HTML file, no network): copy it to a USB stick, open it in a browser and choose a record file to verify it and see its verification code",
		Run:    runVerifier,
	})
}

func runVerifier(env *Env, args []string) error {
	fs := newFlags(env, "verifier")
	out := fs.String("o", "", "输出的网页文件 .html (page to write)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("%s", env.Lang.T("请用 -o 指定输出的网页文件,例如 -o 核验.html", "give the page to write with -o, e.g. -o 核验.html"))
	}
	if err := checkPageOut(*out); err != nil {
		return err
	}
	page, err := assets.VerifierPage()
	if err != nil {
		return err
	}
	if err := writeFile(*out, page); err != nil {
		return err // safefile names the path: 写入 PATH: …
	}
	fmt.Fprintf(env.Stdout, env.Lang.T("已写出离线核验网页: %s(用浏览器打开,选择记录文件)\n",
		"wrote the offline verifier page: %s (open it in a browser and choose a record file)\n"), *out)
	return nil
}

// checkPageOut refuses an -o path the page could not be written to: a
// folder, a name not ending in .html or .htm, or a folder that does not
// exist or is not a folder.
func checkPageOut(out string) error {
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return usagef("-o %s 是一个文件夹,应为网页文件的路径,例如 %s", out, filepath.Join(out, "核验.html"))
	}
	if ext := strings.ToLower(filepath.Ext(out)); ext != ".html" && ext != ".htm" {
		return usagef("-o %s: 网页文件的扩展名应为 .html", out)
	}
	dir := filepath.Dir(out)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return usagef("-o %s: 文件夹 %s 不存在", out, dir)
	case err != nil:
		return usagef("-o %s: 无法访问文件夹 %s: %v", out, dir, err)
	case !fi.IsDir():
		return usagef("-o %s: %s 不是文件夹", out, dir)
	}
	return nil
}
