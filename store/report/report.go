// Package report writes the after-the-draw tables as spreadsheets and reads
// results back: the inspection results of a ceremony (export and
// all-or-nothing import), the 抽查结果公示表 of a round, the penalties in the
// 信用中国 双公示 columns (CSV with a UTF-8 BOM, or xlsx) and the coverage
// plan of a year.
//
// Every workbook is written with excelize's StreamWriter, in 宋体, with
// code and date columns as text (NumFmt 49, so that Excel never turns a
// code into a number), A4 landscape, to a temporary file (mode 0600)
// renamed into place. Reading is streamed with f.Rows and an unzip size
// limit.
package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"shuangsui/store/excel"
	"shuangsui/store/safefile"

	"github.com/xuri/excelize/v2"
)

// book is one workbook being streamed, one sheet at a time.
type book struct {
	path   string
	name   string // the sheet being written
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	ncols  int
	widths []float64 // of the sheet's columns, for row heights
	// after runs on the finished workbook, opened again (drop-downs,
	// hidden sheets: what the stream writer cannot do); only small
	// workbooks use it.
	after  []func(f *excelize.File) error
	header int // style ids
	text   int
	title  int
	note   int
	num    int // integers, right-aligned
	pct    int // a share, shown as 0.0%
	gen    int // a number with decimals (General)
	first  bool
}

func newBook(path string) (*book, error) {
	f := excelize.NewFile()
	b := &book{path: path, f: f, first: true}
	fail := func(err error) (*book, error) {
		f.Close()
		return nil, fmt.Errorf("写 %s: %w", path, err)
	}
	if err := f.SetDefaultFont("宋体"); err != nil {
		return fail(err)
	}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	for _, d := range []struct {
		id *int
		st *excelize.Style
	}{
		{&b.header, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Border: border, NumFmt: 49,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&b.text, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: border, NumFmt: 49,
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&b.title, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&b.note, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10}, NumFmt: 49,
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&b.num, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: border, NumFmt: 1,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.gen, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: border,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.pct, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: border, CustomNumFmt: &pctFmt,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
	} {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return fail(err)
		}
		*d.id = id
	}
	return b, nil
}

// sheet starts a sheet with the given column widths.
func (b *book) sheet(name string, widths []float64) error {
	if b.sw != nil {
		if err := b.sw.Flush(); err != nil {
			return fmt.Errorf("写 %s: %w", b.path, err)
		}
	}
	if b.first {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
		b.first = false
	} else if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	if err := excel.PrintSetup(b.f, name); err != nil {
		return fmt.Errorf("写 %s 页面设置: %w", b.path, err)
	}
	b.name = name
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("写 %s: %w", b.path, err)
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	b.sw, b.row, b.ncols, b.widths = sw, 0, len(widths), widths
	return nil
}

// put writes one row, as tall as its wrapped text needs (LibreOffice does
// not fit rows to wrapped text when it opens a file; excel.RowHeight).
func (b *book) put(style int, cells []string) error {
	return b.putRow(style, cells, excel.RowHeight(cells, b.widths))
}

func (b *book) putRow(style int, cells []string, height float64) error {
	b.row++
	row := make([]any, len(cells))
	for i, c := range cells {
		row[i] = excelize.Cell{StyleID: style, Value: c}
	}
	cell, _ := excelize.CoordinatesToCellName(1, b.row)
	if err := b.sw.SetRow(cell, row, excelize.RowOpts{Height: height}); err != nil {
		return fmt.Errorf("写 %s 第 %d 行: %w", b.path, b.row, err)
	}
	return nil
}

// titleRow writes a title merged across every column.
func (b *book) titleRow(text string) error {
	total := 0.0
	for _, w := range b.widths {
		total += w
	}
	// 16 pt: about one and a half times the width of 11 pt text.
	h := float64(excel.WrappedLines(text, total/1.5))*22 + excel.RowPadding
	if err := b.putRow(b.title, []string{text}, h); err != nil {
		return err
	}
	from, _ := excelize.CoordinatesToCellName(1, b.row)
	to, _ := excelize.CoordinatesToCellName(b.ncols, b.row)
	return b.sw.MergeCell(from, to)
}

// headerRow writes the column headings; the rows down to them repeat at
// the top of every printed page.
func (b *book) headerRow(cells []string) error {
	if err := b.put(b.header, cells); err != nil {
		return err
	}
	return excel.RepeatRows(b.f, b.name, b.row)
}
func (b *book) textRow(cells []string) error { return b.put(b.text, cells) }

// noteRow writes a line of notes under a table, merged across every
// column and wrapped, as tall as it needs.
func (b *book) noteRow(text string) error {
	total := 0.0
	for _, w := range b.widths {
		total += w
	}
	if err := b.putRow(b.note, []string{text}, excel.RowHeight([]string{text}, []float64{total})); err != nil {
		return err
	}
	if text == "" || b.ncols < 2 {
		return nil
	}
	from, _ := excelize.CoordinatesToCellName(1, b.row)
	to, _ := excelize.CoordinatesToCellName(b.ncols, b.row)
	return b.sw.MergeCell(from, to)
}

// Percent is a share written as a number (0.053 for 5.3 %), shown as
// 0.0%.
type Percent float64

var pctFmt = "0.0%"

// mixedRow writes a table row whose cells are text (string), whole
// numbers (int), other numbers (float64) or shares (Percent), each as its
// own cell type, so that numbers are right-aligned and can be summed.
func (b *book) mixedRow(cells []any) error {
	b.row++
	row := make([]any, len(cells))
	text := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case int:
			row[i] = excelize.Cell{StyleID: b.num, Value: v}
		case Percent:
			row[i] = excelize.Cell{StyleID: b.pct, Value: float64(v)}
		case float64:
			row[i] = excelize.Cell{StyleID: b.gen, Value: v}
		default:
			text[i] = fmt.Sprint(v)
			row[i] = excelize.Cell{StyleID: b.text, Value: text[i]}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, b.row)
	if err := b.sw.SetRow(cell, row, excelize.RowOpts{Height: excel.RowHeight(text, b.widths)}); err != nil {
		return fmt.Errorf("写 %s 第 %d 行: %w", b.path, b.row, err)
	}
	return nil
}

func (b *book) save() error {
	defer b.f.Close()
	if b.sw != nil {
		if err := b.sw.Flush(); err != nil {
			return fmt.Errorf("写 %s: %w", b.path, err)
		}
	}
	if err := excel.Stamp(b.f); err != nil {
		return fmt.Errorf("写 %s: %w", b.path, err)
	}
	var buf bytes.Buffer
	if _, err := b.f.WriteTo(&buf); err != nil {
		return fmt.Errorf("写 %s: %w", b.path, err)
	}
	if len(b.after) > 0 {
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			return fmt.Errorf("写 %s: %w", b.path, err)
		}
		defer f.Close()
		for _, fn := range b.after {
			if err := fn(f); err != nil {
				return fmt.Errorf("写 %s: %w", b.path, err)
			}
		}
		buf.Reset()
		if _, err := f.WriteTo(&buf); err != nil {
			return fmt.Errorf("写 %s: %w", b.path, err)
		}
	}
	return safefile.Write(b.path, buf.Bytes())
}

func (b *book) abort() { b.f.Close() }

// dropDown offers, in the cells sqref of the sheet being written, the
// values listed in listRef (a range such as 选项!$A$2:$A$12). Other values
// may still be typed (several codes in one cell): the warning is only
// informative.
func (b *book) dropDown(sqref, listRef, title, prompt string) {
	sheet := b.name
	b.after = append(b.after, func(f *excelize.File) error {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(sqref)
		dv.SetSqrefDropList(listRef)
		dv.SetError(excelize.DataValidationErrorStyleInformation, title, "不在下拉列表中; 多个结果请用“；”分隔")
		dv.SetInput(title, prompt)
		return f.AddDataValidation(sheet, dv)
	})
}

// hide hides the sheet being written once the workbook is complete.
func (b *book) hide() {
	sheet := b.name
	b.after = append(b.after, func(f *excelize.File) error { return f.SetSheetVisible(sheet, false) })
}

// csvBytes renders rows as CSV with a UTF-8 byte-order mark, which Excel
// and WPS need to read Chinese correctly, and CRLF line ends.
func csvBytes(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("生成 CSV: %w", err)
	}
	return buf.Bytes(), nil
}
