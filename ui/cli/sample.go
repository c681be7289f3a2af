package cli

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"shuangsui/sampling"
	"shuangsui/ui/lang"
)

// The sample command (SPEC.md §4): a draw from a plain list of ids, so that
// anyone can re-derive a printed draw without the database.

func init() {
	register(&Command{
		Name:   "sample",
		Usage:  "--seed S --take K [--alternates R] [--systematic]",
		HelpZH: "从标准输入读取编号(每行一个),用种子 S 抽取 K 个及 R 个备选;--systematic 为随机等距抽样",
		HelpEN: "read ids from standard input, one per line, and draw K of them and R alternates with seed S; --systematic for systematic sampling",
		Run:    runSample,
	})
}

func runSample(env *Env, args []string) error {
	fs := newFlags(env, "sample")
	seed := fs.String("seed", "", "随机种子 (seed), 必填")
	take := fs.Int("take", -1, "抽取数 K (number of ids to draw), 必填")
	alternates := fs.Int("alternates", 0, "备选数 R (number of alternates)")
	systematic := fs.Bool("systematic", false, "随机等距抽样 (systematic sampling)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	l := env.Lang
	switch {
	case len(rest) > 0:
		return usagef(l.T("sample 不接受位置参数: %q(编号从标准输入读取)", "sample takes no positional arguments: %q (ids are read from standard input)"), rest[0])
	case *seed == "":
		return usagef("%s", l.T("缺少 --seed(随机种子)", "missing --seed"))
	case *take < 0:
		if !flagGiven(fs, "take") {
			return usagef("%s", l.T("缺少 --take(抽取数)", "missing --take"))
		}
		return usagef(l.T("--take %d 不能为负", "--take %d must not be negative"), *take)
	case *alternates < 0:
		return usagef(l.T("--alternates %d 不能为负", "--alternates %d must not be negative"), *alternates)
	case *systematic && *take == 0:
		return usagef("%s", l.T("随机等距抽样至少抽取 1 个 (--take ≥ 1)", "a systematic sample draws at least one id (--take ≥ 1)"))
	}
	ids, err := readIDs(env.Stdin, l)
	if err != nil {
		return err
	}

	// The draw itself refuses a repeated id (sampling checks that once, at
	// no cost when there is none) and a take larger than the population.
	w := bufio.NewWriter(env.Stdout)
	if *systematic {
		start, picks, err := sampling.Systematic(ids, *seed, *take, *alternates)
		if err != nil {
			return sampleError(err, ids, *take, l)
		}
		fmt.Fprintf(w, "start\t%s\n", start)
		writePicks(w, picks)
	} else {
		picks, err := sampling.Sample(ids, *seed, *take, *alternates)
		if err != nil {
			return sampleError(err, ids, *take, l)
		}
		writePicks(w, picks)
	}
	return w.Flush()
}

// sampleError turns a refusal of the draw into a usage error: a repeated id
// names the two lines it is on (found again here, only on this path), a
// population smaller than --take says how many ids were read.
func sampleError(err error, ids []string, take int, l lang.Lang) error {
	var dup *sampling.DuplicateIDError
	var short *sampling.ShortPoolError
	switch {
	case errors.As(err, &dup):
		first := 0
		for i, id := range ids {
			if id != dup.ID {
				continue
			}
			if first > 0 {
				return usagef(l.T("编号重复: %q(第 %d 行与第 %d 行)", "duplicate id %q (lines %d and %d)"), id, first, i+1)
			}
			first = i + 1
		}
	case errors.As(err, &short):
		return usagef(l.T("抽取数 --take %d 大于编号总数 %d", "--take %d is more than the %d ids read"), take, len(ids))
	}
	return &UsageError{Msg: err.Error()}
}

// writePicks writes rank, id and either pos=<position> (systematic drawn
// ids) or the ticket's first 20 digits.
func writePicks(w *bufio.Writer, picks []sampling.Pick) {
	for _, p := range picks {
		w.WriteString(strconv.Itoa(p.Rank))
		w.WriteByte('\t')
		w.WriteString(p.ID)
		w.WriteByte('\t')
		if p.Ticket == "" {
			w.WriteString("pos=")
			w.WriteString(strconv.Itoa(p.Position))
		} else {
			w.WriteString(p.Ticket[:min(len(p.Ticket), 22)])
		}
		w.WriteByte('\n')
	}
}

// readIDs reads one id per line. One trailing "\r" is removed; the final
// newline is optional. An empty line is a usage error naming the line; a
// repeated id is left to the draw, which checks for it anyway. The input is
// read whole and the ids are substrings of one string: a million ids cost
// one allocation for their bytes and one for the list.
func readIDs(r io.Reader, l lang.Lang) ([]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf(l.T("读取标准输入第 %d 行: %w", "reading line %d of standard input: %w"), bytes.Count(data, []byte("\n"))+1, err)
	}
	text := string(data)
	ids := make([]string, 0, strings.Count(text, "\n")+1)
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		id := strings.TrimSuffix(line, "\r")
		if id == "" {
			return nil, usagef(l.T("第 %d 行是空行;每行应有一个编号", "line %d is empty; every line must hold one id"), n)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// flagGiven reports whether the flag name was given on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
