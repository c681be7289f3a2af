package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"shuangsui/sampling"
	"shuangsui/ui/sheet"
)

func init() {
	register(&Command{
		Name:   "sheet",
		Usage:  "[--db FILE] CEREMONY|RECORD.json -o FILE.xlsx|FILE.txt [--kind pre|final|amend]",
		HelpZH: "打印见证记录(抽取前承诺页、抽取结果或替换修订记录),供签字;不给 --kind 时按进度选择: 未封存为抽取前承诺页, 已封存为抽取结果, 封存后有替换则为替换修订记录;记录文件须先通过核验",
		HelpEN: "print the witness sheet (pre-draw commitment, final or amendment) for signatures; without --kind: pre-draw before the seal, final after it, amendment once there are substitutions; a record file must verify first",
		Run:    runSheet,
	})
}

func runSheet(env *Env, args []string) error {
	fl := newFlags(env, "sheet")
	out := fl.String("o", "", "输出文件 .xlsx 或 .txt (output file)")
	kindFlag := fl.String("kind", "", "pre(抽取前承诺页)、final(抽取结果)或 amend(替换修订记录);默认按仪式进度 (sheet kind; default: by phase)")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	const usage = "用法: sheet [--db 文件] 仪式编号|记录.json -o 文件.xlsx|文件.txt [--kind pre|final|amend]"
	if len(rest) != 1 || *out == "" {
		return usagef("%s", usage)
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".xlsx" && ext != ".txt" {
		return usagef("输出文件 %s 须以 .xlsx 或 .txt 结尾", *out)
	}
	var kind sheet.Kind
	if *kindFlag != "" {
		if kind, err = sheet.ParseKind(*kindFlag); err != nil {
			return &UsageError{Msg: err.Error()}
		}
	}

	var id string
	var c *sampling.Ceremony
	if arg := rest[0]; strings.EqualFold(filepath.Ext(arg), ".json") {
		id, c, err = sheetFromRecord(arg)
	} else {
		id, c, err = sheetFromDB(env, arg)
	}
	if err != nil {
		return err
	}
	chosen := kind == ""
	if chosen {
		if kind, err = sheet.KindFor(c); err != nil {
			return fmt.Errorf("仪式 %s: %w", id, err)
		}
	}
	if ext == ".txt" {
		text, err := sheet.Text(id, c, kind, env.Lang)
		if err != nil {
			return err
		}
		if err := writeFile(*out, sheet.TextFile(text)); err != nil {
			return err
		}
	} else if err := sheet.XLSX(id, c, kind, env.Lang, *out); err != nil {
		return err
	}
	l := env.Lang
	what := l.T("抽取结果见证记录", "final witness sheet")
	code := l.T("校验码 ", "verification code ") + c.VerificationCode()
	switch kind {
	case sheet.KindPre:
		what = l.T("抽取前承诺页", "pre-draw commitment sheet")
		code = l.T("名录库指纹 ", "frame fingerprint ") + c.Fingerprint
	case sheet.KindAmend:
		what = l.T("替换修订记录", "amendment sheet")
		code += "\n" + l.T("修订校验码 ", "amended code ") + c.AmendedHead() + "\n" + l.T("当前校验码 ", "current head ") + c.Head()
		if chosen {
			code += "\n" + l.T("封存后已有替换, 默认打印替换修订记录; 抽取结果页请加 --kind final",
				"there are substitutions since the seal, so the amendment sheet is the default; add --kind final for the final sheet")
		}
	case sheet.KindFinal:
		if n := len(c.Substitutions); n > 0 {
			code += "\n" + fmt.Sprintf(l.T("封存后已有 %d 次替换,替换见替换修订记录(--kind amend)", "%d substitutions since the seal: see the amendment sheet (--kind amend)"), n)
		}
	}
	fmt.Fprintf(env.Stdout, l.T("%s已写入: %s\n", "%s written to: %s\n"), what, *out)
	fmt.Fprintln(env.Stdout, code)
	return nil
}

// sheetFromRecord reads an exported record and replays it; a record that
// fails verification gets no sheet, since the paper would vouch for it.
func sheetFromRecord(path string) (string, *sampling.Ceremony, error) {
	rec, err := readRecord(path)
	if err != nil {
		return "", nil, err
	}
	c, err := sampling.Verify(rec)
	if err != nil {
		var m *sampling.Mismatch
		if errors.As(err, &m) {
			return "", nil, fmt.Errorf("记录 %s 核验不通过(%s 不符),不打印见证记录: %w", path, m.Field, err)
		}
		return "", nil, fmt.Errorf("记录 %s 核验不通过,不打印见证记录: %w", path, err)
	}
	return rec.Ceremony, c, nil
}

// sheetFromDB replays a ceremony from the database. It does not create a
// database that is not there.
func sheetFromDB(env *Env, id string) (string, *sampling.Ceremony, error) {
	path := dbPath(env)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil, fmt.Errorf("数据库 %s 不存在(用 --db 指定数据库文件,或给出导出的记录 .json)", path)
	}
	db, err := openPath(env, path)
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	steps, err := db.Steps(id)
	if err != nil {
		return "", nil, err
	}
	if len(steps) == 0 {
		return "", nil, fmt.Errorf("仪式 %s 还没有任何步骤,没有可打印的见证记录", id)
	}
	c, err := sampling.Replay(steps)
	if err != nil {
		return "", nil, fmt.Errorf("仪式 %s 重放失败,不打印见证记录: %w", id, err)
	}
	return id, c, nil
}
