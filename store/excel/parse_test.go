package excel

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

func testLibrary() *Library {
	return &Library{Counties: ChengdeCounties, Categories: store.DefaultCategories, Specialties: store.DefaultSpecialties, Units: map[string]string{}}
}

// FuzzParseUnitRow: the unit row parser never panics, and a row it accepts
// holds a normalised, valid record.
func FuzzParseUnitRow(f *testing.F) {
	f.Add(u1, "承德甲乙机械有限公司", "双桥区", "规上工业", "是", "2021/3/1", "")
	f.Add(strings.ToLower(u2), "　名称", "130803", "规模以上工业", "否", "44256", "是")
	f.Add(fullWidth(u3), "x", "丰宁县", "其他", "", "2021年3月1日", "")
	f.Add("9.11308021234568E+17", "", "双乔区", "规上工", "maybe", "2021-02-30", "是")
	f.Fuzz(func(t *testing.T, id, name, county, cat, key, date, override string) {
		idx := []int{0, 1, 2, 3, -1, -1, -1, 4, 5, -1, -1, 6, -1, -1, -1}
		p := newParser(Units, testLibrary(), idx, false, "fuzz", "2026-01-01")
		rec, errs := p.parse(2, []string{id, name, county, cat, key, date, override})
		for _, e := range errs {
			if e.Row != 2 || e.Reason == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		u := rec.(store.Unit)
		if u.ID == "" || u.Name == "" || u.County == "" || u.Category == "" || strings.TrimSpace(u.ID) != u.ID || strings.ToUpper(u.ID) != u.ID {
			t.Fatalf("accepted incomplete unit %+v", u)
		}
		if len(u.ID) == 18 && store.CheckUSCC(u.ID) != nil && u.CheckOverride == nil {
			t.Fatalf("accepted bad USCC %q without override", u.ID)
		}
		if u.DishonestFrom != "" {
			if _, err := time.Parse(time.DateOnly, u.DishonestFrom); err != nil {
				t.Fatalf("bad date %q", u.DishonestFrom)
			}
		}
		if strings.ContainsAny(u.Name+u.ID, "\t\r\n") {
			t.Fatalf("control characters kept: %q", u.Name)
		}
	})
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2021-03-01": "2021-03-01", "2021/3/1": "2021-03-01", "2021年3月1日": "2021-03-01", "44256": "2021-03-01",
		"2021.3.1": "2021-03-01", "20210301": "2021-03-01", "２０２１－０３－０１": "2021-03-01", "2021-03-01 00:00:00": "2021-03-01",
		"44256.5": "2021-03-01", "": "",
	} {
		if got, err := parseDate(in); err != nil || got != want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"2021-02-29", "3/1/2021", "昨天", "1", "2021-13-01"} {
		if got, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) = %q, want error", in, got)
		}
	}
}

func TestNormCode(t *testing.T) {
	for in, want := range map[string]string{"130802": "130802", "130802.0": "130802", "1.30802E+5": "130802", " ａｂ１ ": "AB1", "91 13": "9113"} {
		if got, err := normCode(in); err != nil || got != want {
			t.Errorf("normCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := normCode("9.11308021234568E+17"); err == nil {
		t.Error("lost digits not reported")
	}
}

// TestExportNeverWritesIDCard: the ID card number stays in the database.
func TestExportNeverWritesIDCard(t *testing.T) {
	db := openDB(t)
	_, err := db.ImportInspectors(store.ImportOptions{}, func(put func(store.Inspector) error) error {
		return put(store.Inspector{ID: "13080000001", Name: "张三", Specialties: []string{"综合"}, ValidUntil: "2028-12-31", Active: true, IDCard: "130802199001011234"})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".csv", ".xlsx"} {
		path := filepath.Join(t.TempDir(), "i"+ext)
		if _, err := Export(db, Inspectors, path); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), "199001011234") {
			t.Fatalf("%s export holds the ID card number", ext)
		}
	}
}

// writeBigUnits writes n unit rows with StreamWriter (12 of the 15
// columns filled), their codes in ascending order.
func writeBigUnits(tb testing.TB, path string, n int) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	head := make([]any, len(schemas[Units]))
	for i, c := range schemas[Units] {
		head[i] = c.Header
	}
	sw.SetRow("A1", head)
	row := make([]any, len(head))
	for i := 0; i < n; i++ {
		// County-major, so the codes ascend like a register sorted by code.
		c := ChengdeCounties[i*len(ChengdeCounties)/n]
		row[0], row[1], row[2], row[3] = SyntheticUSCC(c.Code, i), fmt.Sprintf("承德测试第%d号有限公司", i), c.Name, store.DefaultCategories[i%7]
		row[4], row[5], row[6], row[7] = "承德市某路1号", "0314-1234567", "是", "否"
		row[8], row[9], row[10], row[11] = "", "", "正常", "否"
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row[:12]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

func benchRows(b *testing.B) (string, int) {
	n := 1_000_000
	if s := os.Getenv("SHUANGSUI_BENCH_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	// SHUANGSUI_BENCH_FILE keeps the generated file (and reuses it), e.g.
	// to time the CLI on it with /usr/bin/time -v.
	path := os.Getenv("SHUANGSUI_BENCH_FILE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "units.xlsx")
	}
	if _, err := os.Stat(path); err != nil {
		writeBigUnits(b, path, n)
	}
	return path, n
}

// BenchmarkImportUnits compares a bare excelize Rows() pass with a full
// import (parse, validate, write in one bbolt transaction) of the same
// file. Run with
//
//	go test ./store/excel -run '^$' -bench ImportUnits -benchtime 1x -timeout 30m
func BenchmarkImportUnits(b *testing.B) {
	path, n := benchRows(b)
	b.Run("bare-rows", func(b *testing.B) {
		for b.Loop() {
			f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: UnzipSizeLimit, UnzipXMLSizeLimit: UnzipXMLSizeLimit})
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.Rows("Sheet1")
			if err != nil {
				b.Fatal(err)
			}
			cnt := 0
			for rows.Next() {
				if _, err := rows.Columns(rawOpt); err != nil {
					b.Fatal(err)
				}
				cnt++
			}
			rows.Close()
			f.Close()
			if cnt != n+1 {
				b.Fatalf("%d rows", cnt)
			}
		}
		reportMem(b)
	})
	b.Run("parse-validate", func(b *testing.B) {
		for b.Loop() {
			rep, err := ImportFile(nullDB{}, Units, path, Options{}, nil)
			if err != nil || rep.Rows != n {
				b.Fatalf("%v %d", err, rep.Rows)
			}
		}
		reportMem(b)
	})
	for _, dry := range []bool{true, false} {
		name := "import"
		if dry {
			name = "import-dry-run"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := openDB(b)
				b.StartTimer()
				rep, err := ImportFile(db, Units, path, Options{DryRun: dry}, nil)
				if err != nil || rep.Rows != n {
					b.Fatalf("%v %d", err, rep.Rows)
				}
			}
			reportMem(b)
		})
	}
}

func reportMem(b *testing.B) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
}

// nullDB validates but stores nothing: it isolates reading, parsing and
// validation from the store's writes.
type nullDB struct{}

func (nullDB) Counties() ([]store.County, error)                 { return ChengdeCounties, nil }
func (nullDB) EachUnit(func(store.Unit) error) error             { return nil }
func (nullDB) Inspectors() ([]store.Inspector, error)            { return nil, nil }
func (nullDB) Matters() ([]store.Matter, error)                  { return nil, nil }
func (nullDB) EachInspection(func(store.Inspection) error) error { return nil }
func (nullDB) Setting(string) ([]byte, error)                    { return nil, nil }
func (nullDB) ImportCounties(_ store.ImportOptions, fill func(func(store.County) error) error) (store.ImportSummary, error) {
	return nullImport(fill)
}
func (nullDB) ImportUnits(_ store.ImportOptions, fill func(func(store.Unit) error) error) (store.ImportSummary, error) {
	return nullImport(fill)
}
func (nullDB) ImportInspectors(_ store.ImportOptions, fill func(func(store.Inspector) error) error) (store.ImportSummary, error) {
	return nullImport(fill)
}
func (nullDB) ImportMatters(_ store.ImportOptions, fill func(func(store.Matter) error) error) (store.ImportSummary, error) {
	return nullImport(fill)
}
func (nullDB) ImportHistory(_ store.ImportOptions, fill func(func(store.Inspection) error) error) (store.ImportSummary, error) {
	return nullImport(fill)
}

func nullImport[T any](fill func(func(T) error) error) (store.ImportSummary, error) {
	var s store.ImportSummary
	err := fill(func(T) error { s.Added++; return nil })
	return s, err
}

// BenchmarkImportUnitsCSV imports the unit CSV named by
// SHUANGSUI_BENCH_CSV (for example one .ci/genunits.py writes with a
// million rows; skipped without it) into a new database holding the demo
// counties: parse-validate stores nothing (nullDB), import writes the
// database.
//
//	python3 .ci/genunits.py 1000000 /tmp/units.csv
//	SHUANGSUI_BENCH_CSV=/tmp/units.csv go test ./store/excel -run '^$' -bench ImportUnitsCSV -benchtime 1x
func BenchmarkImportUnitsCSV(b *testing.B) {
	path := os.Getenv("SHUANGSUI_BENCH_CSV")
	if path == "" {
		b.Skip("SHUANGSUI_BENCH_CSV names no file (see .ci/genunits.py)")
	}
	b.Run("parse-validate", func(b *testing.B) {
		for b.Loop() {
			rep, err := ImportFile(nullDB{}, Units, path, Options{}, nil)
			if err != nil || rep.Rows == 0 {
				b.Fatalf("%v %d", err, rep.Rows)
			}
		}
		reportMem(b)
	})
	b.Run("import", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := openDB(b)
			b.StartTimer()
			rep, err := ImportFile(db, Units, path, Options{}, nil)
			if err != nil || rep.Rows == 0 {
				b.Fatalf("%v %d", err, rep.Rows)
			}
		}
		reportMem(b)
	})
}
