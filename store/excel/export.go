package excel

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// Export writes library k of db to path: .csv (UTF-8 with BOM, which Excel
// and WPS open correctly) or .xlsx (streamed), in the template's columns,
// so that importing the file again changes nothing. Units removed from the
// library (store.Unit.Removed) are left out; an inspector's ID card number
// is never written. It returns the number of records written.
func Export(db DB, k Kind, path string) (int, error) {
	cols, ok := schemas[k]
	if !ok {
		return 0, fmt.Errorf("未知的名录 %q", k)
	}
	counties, err := db.Counties()
	if err != nil {
		return 0, fmt.Errorf("读取县(市、区): %w", err)
	}
	name := map[string]string{}
	for _, c := range counties {
		name[c.Code] = c.Name
	}
	countyName := func(code string) string {
		if n, ok := name[code]; ok {
			return n
		}
		return code
	}
	var w rowWriter
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		w, err = newCSVWriter(path)
	case ".xlsx":
		w, err = newXLSXWriter(path, k)
	default:
		return 0, fmt.Errorf("导出文件 %s: 扩展名应为 .xlsx 或 .csv", path)
	}
	if err != nil {
		return 0, err
	}
	defer w.abort()
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	if err := w.write(header); err != nil {
		return 0, err
	}
	n := 0
	emit := func(cells ...string) error {
		n++
		return w.write(cells)
	}
	switch k {
	case Counties:
		for _, c := range counties {
			if err := emit(c.Code, c.Name, yesNo(c.Active)); err != nil {
				return n, err
			}
		}
	case Units:
		err = db.EachUnit(func(u store.Unit) error {
			if u.Removed {
				return nil
			}
			var o store.Override
			if u.CheckOverride != nil {
				o = *u.CheckOverride
			}
			return emit(u.ID, u.Name, countyName(u.County), u.Category, u.Address, u.Contact, yesNo(u.DirectReporting), yesNo(u.Key),
				u.DishonestFrom, u.DishonestTo, StatusLabel(u.Status), yesNo(u.CheckOverride != nil), o.Reason, o.By, o.At)
		})
	case Inspectors:
		var ins []store.Inspector
		if ins, err = db.Inspectors(); err != nil {
			return 0, fmt.Errorf("读取执法检查人员: %w", err)
		}
		for _, in := range ins {
			cc := make([]string, len(in.Conflicts.Counties))
			for i, c := range in.Conflicts.Counties {
				cc[i] = countyName(c)
			}
			home := ""
			if in.HomeCounty != "" {
				home = countyName(in.HomeCounty)
			}
			// in.IDCard is deliberately not written.
			if err = emit(in.ID, in.Name, in.Department, home, strings.Join(in.Specialties, "、"), yesNo(in.LeaderQualified), in.ValidUntil, yesNo(in.Active),
				strings.Join(cc, "、"), strings.Join(in.Conflicts.Units, "、"), FormatTraining(in.Training)); err != nil {
				return n, err
			}
		}
	case Matters:
		var ms []store.Matter
		if ms, err = db.Matters(); err != nil {
			return 0, fmt.Errorf("读取抽查事项: %w", err)
		}
		for _, m := range ms {
			if err = emit(m.Code, m.Name, m.Basis, m.Subject, m.Content, m.Method, m.Organisation, m.Specialty, strings.Join(m.Categories, "、"),
				m.Frequency, m.Ratio, m.EffectiveFrom, yesNo(m.Retired)); err != nil {
				return n, err
			}
		}
	case History:
		names := map[string]string{}
		if err = db.EachUnit(func(u store.Unit) error { names[u.ID] = u.Name; return nil }); err != nil {
			return 0, fmt.Errorf("读取检查对象名录: %w", err)
		}
		err = db.EachInspection(func(in store.Inspection) error {
			return emit(in.Unit, names[in.Unit], in.Date, in.Matter, in.Source)
		})
	}
	if err != nil {
		return n, fmt.Errorf("导出%s: %w", k.Title(), err)
	}
	return n, w.commit()
}

type rowWriter interface {
	write(cells []string) error
	commit() error
	abort()
}

// csvWriter writes to a temporary file renamed into place on commit.
type csvWriter struct {
	path string
	tmp  *os.File
	w    *csv.Writer
	done bool
}

func newCSVWriter(path string) (*csvWriter, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".shuangsui-*.csv")
	if err != nil {
		return nil, fmt.Errorf("导出 %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("导出 %s: %w", path, err)
	}
	if _, err := tmp.WriteString("\uFEFF"); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("导出 %s: %w", path, err)
	}
	w := csv.NewWriter(tmp)
	w.UseCRLF = true
	return &csvWriter{path: path, tmp: tmp, w: w}, nil
}

func (c *csvWriter) write(cells []string) error {
	if err := c.w.Write(cells); err != nil {
		return fmt.Errorf("导出 %s: %w", c.path, err)
	}
	return nil
}

func (c *csvWriter) commit() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("导出 %s: %w", c.path, err)
	}
	if err := c.tmp.Close(); err != nil {
		return fmt.Errorf("导出 %s: %w", c.path, err)
	}
	if err := os.Rename(c.tmp.Name(), c.path); err != nil {
		return fmt.Errorf("导出 %s: %w", c.path, err)
	}
	c.done = true
	return nil
}

func (c *csvWriter) abort() {
	if !c.done {
		c.tmp.Close()
		os.Remove(c.tmp.Name())
	}
}

// xlsxWriter streams rows into one sheet named after the library.
type xlsxWriter struct {
	path string
	f    *excelize.File
	sw   *excelize.StreamWriter
	st   styleIDs
	cols []Column
	row  int
	buf  []any
}

func newXLSXWriter(path string, k Kind) (*xlsxWriter, error) {
	f := excelize.NewFile()
	fail := func(err error) (*xlsxWriter, error) {
		f.Close()
		return nil, fmt.Errorf("导出 %s: %w", path, err)
	}
	if err := f.SetDefaultFont("宋体"); err != nil {
		return fail(err)
	}
	if err := f.SetSheetName("Sheet1", k.Title()); err != nil {
		return fail(err)
	}
	if err := pageSetup(f, k.Title()); err != nil {
		return fail(err)
	}
	st, err := styles(f)
	if err != nil {
		return fail(err)
	}
	sw, err := f.NewStreamWriter(k.Title())
	if err != nil {
		return fail(err)
	}
	cols := schemas[k]
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return fail(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	return &xlsxWriter{path: path, f: f, sw: sw, st: st, cols: cols}, nil
}

func (x *xlsxWriter) write(cells []string) error {
	x.row++
	x.buf = x.buf[:0]
	style := x.st.text
	if x.row == 1 {
		style = x.st.header
	}
	for _, c := range cells {
		x.buf = append(x.buf, excelize.Cell{StyleID: style, Value: c})
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	if err := x.sw.SetRow(cell, x.buf); err != nil {
		return fmt.Errorf("导出 %s 第 %d 行: %w", x.path, x.row, err)
	}
	return nil
}

func (x *xlsxWriter) commit() error {
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("导出 %s: %w", x.path, err)
	}
	return saveAs(x.f, x.path)
}

func (x *xlsxWriter) abort() { x.f.Close() }
