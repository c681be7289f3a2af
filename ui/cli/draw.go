package cli

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/safefile"
	"shuangsui/store/session"
	"shuangsui/ui/lang"
)

func init() {
	register(&Command{
		Name:   "draw",
		Usage:  "--answers FILE.json --out RECORD.json [--resume CEREMONY]",
		HelpZH: "按应答文件(事项、参数、见证人及其数字)无界面地完成一次抽取,导出记录;directed 为定向检查(key 重点单位、dishonest 严重失信、list 指定名单),partner 为跨部门联合抽查",
		HelpEN: "run a whole ceremony headless from a file of answers (matter, parameters, witnesses and digits) and export its record; directed makes it a directed check (key, dishonest or list), partner a joint check",
		Run:    runDraw,
	})
	register(&Command{
		Name:   "record",
		Usage:  "CEREMONY -o RECORD.json",
		HelpZH: "把已封存的抽取导出为自含的 JSON 记录",
		HelpEN: "export a sealed ceremony as a self-contained JSON record",
		Run:    runRecord,
	})
	register(&Command{
		Name:   "verify",
		Usage:  "RECORD.json [--frame FRAME.tsv]",
		HelpZH: "独立重算记录中的每一步抽取并核对哈希链;不符时指出第一处差异; --frame 把记录中的名录(规范文本,制表符分隔)写入文件",
		HelpEN: "re-derive every stage of a record and check its hash chain; names the first mismatch; --frame writes the record's frame (its canonical, TAB-separated text) to a file",
		Run:    runVerify,
	})
}

func runDraw(env *Env, args []string) error {
	fs := newFlags(env, "draw")
	answersPath := fs.String("answers", "", "应答文件 JSON (answers file)")
	out := fs.String("out", "", "导出的记录文件 (record file to write)")
	resume := fs.String("resume", "", "继续这个未完成的仪式 (continue this open ceremony)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *answersPath == "" || *out == "" {
		return usagef("需要 --answers 与 --out")
	}
	// Everything that can be refused is refused before the database is
	// touched: the place of the record, then the answers on their own.
	if err := checkRecordOut("--out", *out); err != nil {
		return err
	}
	f, err := os.Open(*answersPath)
	if err != nil {
		return usagef("打开应答文件: %v", err)
	}
	answers, err := session.ReadAnswers(f)
	f.Close()
	if err != nil {
		return usagef("%s: %v", *answersPath, err)
	}
	// openDB uses the store's default clock, time.Now: this is its today.
	if err := answers.CheckDrawDate(time.Now().Format("2006-01-02")); err != nil {
		return usagef("%s: %v", *answersPath, err)
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, ok, err := db.RoundNamed(answers.Info.Round); err != nil {
		return err
	} else if !ok && *resume == "" {
		fmt.Fprintf(env.Stderr, "注意: 轮次“%s”没有设定抽查期间,抽取日期未按期间核对(rounds set 设定)\n", answers.Info.Round)
	}
	s, err := session.Run(db, answers, *resume, nil)
	if err != nil {
		return err
	}
	return writeDrawRecord(env, s, *out)
}

// writeDrawRecord prints the summary of a sealed ceremony (its id and
// verification code first of all) and then writes its record to out. The
// ceremony is sealed whatever happens here, so a failure says how to
// export the record again.
func writeDrawRecord(env *Env, s *session.Session, out string) error {
	again := func(err error) error {
		return fmt.Errorf("仪式 %s 已封存(校验码 %s),但记录未能写入: %w\n可用 record %s -o 记录.json 重新导出",
			s.ID(), s.Ceremony().VerificationCode(), err, s.ID())
	}
	rec, err := s.Record()
	if err != nil {
		return again(err)
	}
	printSummary(env.Stdout, env.Lang, rec, s.Ceremony().Frame)
	if err := safefile.WriteWith(out, s.WriteRecord); err != nil {
		return again(err)
	}
	fmt.Fprintln(env.Stdout, env.Lang.T("记录已写入: ", "record written to: ")+out)
	return nil
}

// checkRecordOut refuses a --out path the record could not be written to:
// a folder, a name not ending in .json, a folder that does not exist or
// is not a folder, or one where no file can be created (the record is
// written through a temporary file in that folder, then renamed).
func checkRecordOut(flagName, out string) error {
	target, statErr := os.Stat(out)
	if statErr == nil && target.IsDir() {
		return usagef("%s %s 是一个文件夹,应为记录文件的路径,例如 %s", flagName, out, filepath.Join(out, "记录.json"))
	}
	if !strings.EqualFold(filepath.Ext(out), ".json") {
		return usagef("%s %s: 记录文件的扩展名应为 .json", flagName, out)
	}
	dir := filepath.Dir(out)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return usagef("%s %s: 文件夹 %s 不存在", flagName, out, dir)
	case err != nil:
		return usagef("%s %s: 无法访问文件夹 %s: %v", flagName, out, dir, err)
	case !fi.IsDir():
		return usagef("%s %s: %s 不是文件夹", flagName, out, dir)
	case statErr != nil && !errors.Is(statErr, iofs.ErrNotExist):
		return usagef("%s %s: 无法访问: %v", flagName, out, statErr)
	}
	probe, err := os.CreateTemp(dir, ".shuangsui-out-*.tmp")
	if err != nil {
		return usagef("%s %s: 不能在文件夹 %s 中写入文件: %v", flagName, out, dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

func runRecord(env *Env, args []string) error {
	fs := newFlags(env, "record")
	out := fs.String("o", "", "导出的记录文件 (record file to write)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || *out == "" {
		return usagef("用法: record CEREMONY -o RECORD.json")
	}
	if err := checkRecordOut("-o", *out); err != nil {
		return err
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := session.Resume(db, rest[0])
	if err != nil {
		return err
	}
	if err := safefile.WriteWith(*out, s.WriteRecord); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, env.Lang.T("记录已写入: ", "record written to: ")+*out)
	return nil
}

func runVerify(env *Env, args []string) error {
	fs := newFlags(env, "verify")
	frameOut := fs.String("frame", "", "把名录的规范文本写入此文件 (write the frame's canonical text to this file)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("用法: verify RECORD.json [--frame FRAME.tsv]")
	}
	rec, err := readRecord(rest[0])
	if err != nil {
		return err
	}
	c, err := sampling.Verify(rec)
	if err != nil {
		return fmt.Errorf("%s %s: %w", env.Lang.T("核验不通过:", "verification FAILED:"), rest[0], err)
	}
	fmt.Fprintln(env.Stdout, env.Lang.T("核验通过:哈希链完整,名录库指纹、随机种子与每一阶段的抽取结果均可重现。",
		"verified: the hash chain is intact; the frame fingerprint, the seed and every stage re-derive exactly."))
	if rec.Program != "" {
		fmt.Fprintf(env.Stdout, env.Lang.T("导出记录的程序: %s(仅供参考,不参与核验)\n", "exported by: %s (informational, not verified)\n"), rec.Program)
	}
	printSummary(env.Stdout, env.Lang, rec, c.Frame)
	if *frameOut != "" {
		// The readable frame is derived from the commit step (SPEC.md §8).
		text, err := c.Frame.Canonical()
		if err == nil {
			err = writeFile(*frameOut, text)
		}
		if err != nil {
			return fmt.Errorf("%s %s: %w", env.Lang.T("写入名录", "writing the frame to"), *frameOut, err)
		}
		fmt.Fprintln(env.Stdout, env.Lang.T("名录已写入: ", "frame written to: ")+*frameOut)
	}
	return nil
}

// readRecord reads a record file (sampling.ParseRecord).
func readRecord(path string) (sampling.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return sampling.Record{}, usagef("打开记录文件: %v", err)
	}
	defer f.Close()
	var rec sampling.Record
	data, err := io.ReadAll(f)
	if err == nil {
		rec, err = sampling.ParseRecord(data)
	}
	if err != nil {
		return sampling.Record{}, fmt.Errorf("读取记录 %s: %w", path, err)
	}
	return rec, nil
}

// printEntries counts the entries after the seal by kind and prints the
// current head (当前校验码), the hash of the last step.
func printEntries(w io.Writer, l lang.Lang, rec sampling.Record) {
	counts := map[string]int{}
	n := 0
	for _, s := range rec.Steps {
		if sampling.AfterSeal(s.Kind) && s.Kind != sampling.StepSubstitute {
			counts[s.Kind]++
			n++
		}
	}
	if n > 0 {
		var parts []string
		for _, k := range sampling.EntryKinds {
			if counts[k] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", l.T(store.KindName(k), k), counts[k]))
			}
		}
		fmt.Fprintf(w, "%s %d (%s)\n", l.T("封存后登记:", "entries after the seal:"), n, strings.Join(parts, ", "))
	}
	if rec.Head != "" {
		fmt.Fprintf(w, "%s %s\n", l.T("当前校验码:", "current head:"), rec.Head)
	}
}

// printSummary writes the few lines that identify a record, whose frame
// (from its commit step) is frame: the original
// draw, then the substitutions made after the seal (county, out → in,
// reason) and the code of the amended record, when there are any.
func printSummary(w io.Writer, l lang.Lang, rec sampling.Record, frame sampling.Frame) {
	names := map[string]string{}
	for _, c := range frame.Counties {
		names[c.ID] = c.Name
	}
	fmt.Fprintf(w, "%s %s\n", l.T("仪式:", "ceremony:"), rec.Ceremony)
	fmt.Fprintf(w, "%s %s v%d %s\n", l.T("事项:", "matter:"), frame.Matter.Code, frame.Matter.Version, frame.Matter.Name)
	if frame.Directed != nil || frame.Partner != "" {
		zh, en := store.CheckKind(frame.Directed, frame.Partner)
		fmt.Fprintf(w, "%s %s\n", l.T("检查方式:", "kind:"), l.T(zh, en))
		if d := frame.Directed; d != nil {
			fmt.Fprintf(w, "%s %s\n", l.T("定向理由:", "reason:"), d.Reason)
			if d.Source != "" {
				fmt.Fprintf(w, "%s %s\n", l.T("名单来源:", "list source:"), d.Source)
			}
		}
	}
	fmt.Fprintf(w, "%s %s\n", l.T("名录库指纹:", "frame fingerprint:"), rec.Fingerprint)
	fmt.Fprintf(w, "%s %s\n", l.T("随机种子:", "seed:"), rec.Seed)
	for i, c := range sampling.Drawn(rec.Result.Counties) {
		fmt.Fprintf(w, "%s %d: %s %s\n", l.T("抽中县(市、区)", "county"), i+1, c.ID, names[c.ID])
		if i < len(rec.Result.Units) {
			for _, u := range sampling.Drawn(rec.Result.Units[i].Picks) {
				fmt.Fprintf(w, "    %s %s\n", l.T("单位", "unit"), u.ID)
			}
		}
		if i < len(rec.Result.Teams) {
			t := rec.Result.Teams[i]
			members := make([]string, len(t.Members))
			for j, m := range t.Members {
				members[j] = m.ID
			}
			fmt.Fprintf(w, "    %s %s; %s %s\n", l.T("组长", "leader"), t.Leader.ID, l.T("成员", "members"), strings.Join(members, ", "))
		}
	}
	fmt.Fprintf(w, "%s %s\n", l.T("校验码:", "verification code:"), rec.VerificationCode)
	defer printEntries(w, l, rec)
	if len(rec.Substitutions) == 0 {
		return
	}
	fmt.Fprintln(w, l.T(fmt.Sprintf("封存后替补: %d 次", len(rec.Substitutions)),
		fmt.Sprintf("substitutions after the seal: %d", len(rec.Substitutions))))
	for i, s := range rec.Substitutions {
		what := l.T("执法人员", "inspector")
		if s.Kind == sampling.SubstituteUnit {
			what = l.T("单位", "unit")
		}
		fmt.Fprintf(w, "    %d. %s %s: %s %s → %s (%s)\n", i+1, s.County, names[s.County], what, s.Out, s.In, s.Reason)
	}
	fmt.Fprintf(w, "%s %s\n", l.T("修订后校验码:", "amended verification code:"), rec.AmendedHead)
}
