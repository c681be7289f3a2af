package excel

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"shuangsui/store"
)

// The fast paths of cleanText, key and normCode give what the full
// normalisation gives.
func FuzzFastNormalisation(f *testing.F) {
	for _, s := range []string{"", " ", "双桥区", "承德ABC有限公司", "abc", " 双桥区", "双桥区 ", "双 桥", "双  桥", "双\t桥", "双\u3000桥",
		"ＡＢＣ１２３", "（承德）有限公司", "承德(分公司)", "\u200b双桥", "双桥\ufeff", "ﾃｽﾄ", "①号", "Ⅻ", "é", "e\u0301", "\xff双桥", "a\u00a0b",
		"承德示例机械制造有限公司", "91130802MA0A0B1C2X", "91130802ma0a0b1c2x", "130802.0", "1.30802E+5", "1E5", "规上工业", "是", "YES",
		"0314-1234567", "丰宁满族自治县", "\u2028", "x\x01y", "\u9fff\ua000"} {
		f.Add(s)
	}
	slowKey := func(s string) string {
		s = strings.TrimSpace(strings.Map(func(r rune) rune {
			if r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' {
				return -1
			}
			return r
		}, norm.NFKC.String(s)))
		return strings.ToLower(strings.Join(strings.Fields(s), ""))
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := key(s), slowKey(s); got != want {
			t.Errorf("key(%q) = %q, want %q", s, got, want)
		}
		if got, want := cleanText(s), strings.Join(strings.Fields(foldAlnum(s)), " "); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", s, got, want)
		}
		if upperAlnum(s) && strings.ToUpper(key(s)) != s {
			t.Errorf("normCode's fast path: %q normalises to %q", s, strings.ToUpper(key(s)))
		}
	})
}

// writeUnitCSV writes n unit rows (county-major codes, like a register);
// bad, if set, changes the cells of some rows (1-based record numbers as
// the import reports them: the header is row 1).
func writeUnitCSV(t *testing.T, n int, bad func(row int, cells []string)) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("统一社会信用代码,单位名称,县(市、区),单位类别,一套表联网直报,状态\n")
	for i := range n {
		c := ChengdeCounties[i*len(ChengdeCounties)/n]
		cells := []string{SyntheticUSCC(c.Code, i), fmt.Sprintf("承德测试第%d号有限公司", i), c.Name, store.DefaultCategories[i%7], "是", "正常"}
		if bad != nil {
			bad(i+2, cells)
		}
		b.WriteString(strings.Join(cells, ",") + "\n")
	}
	path := filepath.Join(t.TempDir(), "units.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A file read through the pipeline (rows read ahead in batches, records
// handed to the store in batches) reports each bad cell with its own row,
// also when the same bad value repeats (what was understood is
// remembered, errors are not), and writes nothing.
func TestImportPipelineKeepsRowsOfErrors(t *testing.T) {
	path := writeUnitCSV(t, 3000, func(row int, cells []string) {
		switch row {
		case 700, 2900:
			cells[2] = "双乔区"
		case 1300:
			cells[4] = "也许"
		case 2999:
			cells[5] = "倒闭"
		}
	})
	db := openDB(t)
	rep, err := ImportFile(db, Units, path, Options{}, nil)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err %v", err)
	}
	var got []string
	for _, e := range rep.Errors {
		got = append(got, fmt.Sprintf("%d %s %s", e.Row, e.Column, e.Value))
	}
	want := []string{"700 县(市、区) 双乔区", "1300 一套表联网直报 也许", "2900 县(市、区) 双乔区", "2999 状态 倒闭"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("errors %q, want %q", got, want)
	}
	if rep.Rows != 3000 || rep.Valid != 2996 {
		t.Fatalf("rows %d valid %d", rep.Rows, rep.Valid)
	}
	n := 0
	db.EachUnit(func(store.Unit) error { n++; return nil })
	if n != 0 {
		t.Fatalf("%d units written by a refused file", n)
	}
	// The same file put right imports every row, in order.
	path = writeUnitCSV(t, 3000, nil)
	rep, err = ImportFile(db, Units, path, Options{}, nil)
	if err != nil || rep.Summary.Added != 3000 {
		t.Fatalf("%v %+v", err, rep.Summary)
	}
}

// When the store refuses a record, the import stops, names the row and
// writes nothing.
func TestPutAllNamesTheRefusedRow(t *testing.T) {
	var puts int
	err := putAll(func(put func(putItem) error) error {
		for row := 2; row < 5000; row++ {
			if err := put(putItem{rec: row, row: row, sheet: "单位"}); err != nil {
				return err
			}
		}
		return nil
	}, func(rec any) error {
		puts++
		if rec.(int) == 1234 {
			return errors.New("单位代码为空")
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "工作表“单位” 第 1234 行: 写入失败: 单位代码为空") {
		t.Fatalf("err %v", err)
	}
	if puts != 1233 {
		t.Fatalf("%d records put, the refused one last", puts)
	}
}
