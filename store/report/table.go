package report

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"shuangsui/store/safefile"

	"github.com/xuri/excelize/v2"
)

// WriteTable writes rows (the first is the header) to path: a .csv file
// with a UTF-8 BOM, or an .xlsx workbook with one sheet named sheet,
// title (if any) above the header, and notes (if any) below the table.
// It is the one writer of the simple lists (seriously dishonest units,
// matter changes, follow-up), so that each is shaped the same way.
func WriteTable(path, sheet, title string, rows [][]string, notes ...string) error {
	if len(rows) == 0 {
		return fmt.Errorf("写 %s: 没有表头", path)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		data, err := csvBytes(rows)
		if err != nil {
			return err
		}
		return safefile.Write(path, data)
	case ".xlsx":
		b, err := newBook(path)
		if err != nil {
			return err
		}
		defer b.abort()
		widths := columnWidths(rows)
		if err := b.sheet(sheet, widths); err != nil {
			return err
		}
		if title != "" {
			if err := b.titleRow(title); err != nil {
				return err
			}
		}
		if err := b.headerRow(rows[0]); err != nil {
			return err
		}
		for _, r := range rows[1:] {
			if err := b.tallRow(b.text, r, widths); err != nil {
				return err
			}
		}
		for _, n := range notes {
			if err := b.noteRow(n); err != nil {
				return err
			}
		}
		return b.save()
	}
	return fmt.Errorf("导出 %s: 扩展名应为 .csv 或 .xlsx", path)
}

// tallRow writes a row as tall as its longest wrapped cell, since
// LibreOffice does not fit row heights to wrapped text when it opens a
// workbook.
func (b *book) tallRow(style int, cells []string, widths []float64) error {
	lines := 1
	for i, c := range cells {
		if i < len(widths) {
			lines = max(lines, int(math.Ceil(float64(textWidth(c))/(widths[i]-1))))
		}
	}
	b.row++
	row := make([]any, len(cells))
	for i, c := range cells {
		row[i] = excelize.Cell{StyleID: style, Value: c}
	}
	cell, _ := excelize.CoordinatesToCellName(1, b.row)
	if err := b.sw.SetRow(cell, row, excelize.RowOpts{Height: 15 * float64(lines)}); err != nil {
		return fmt.Errorf("写 %s 第 %d 行: %w", b.path, b.row, err)
	}
	return nil
}

// textWidth is the printed width of s in character cells: a Chinese
// character counts two.
func textWidth(s string) int {
	n := 0
	for _, ch := range s {
		if utf8.RuneLen(ch) > 1 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// columnWidths sizes each column to its widest cell (a Chinese character
// counts two), between 8 and 40.
func columnWidths(rows [][]string) []float64 {
	w := make([]float64, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			if i >= len(w) {
				break
			}
			w[i] = max(w[i], float64(textWidth(c))+2)
		}
	}
	for i := range w {
		w[i] = min(max(w[i], 8), 40)
	}
	return w
}
