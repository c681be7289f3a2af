package report

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"shuangsui/store/safefile"
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
		if err := b.sheet(sheet, columnWidths(rows)); err != nil {
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
			if err := b.textRow(r); err != nil {
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

// columnWidths sizes each column to its widest cell (a Chinese character
// counts two), between 8 and 40.
func columnWidths(rows [][]string) []float64 {
	w := make([]float64, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			if i >= len(w) {
				break
			}
			n := 0
			for _, ch := range c {
				if utf8.RuneLen(ch) > 1 {
					n += 2
				} else {
					n++
				}
			}
			w[i] = max(w[i], float64(n)+2)
		}
	}
	for i := range w {
		w[i] = min(max(w[i], 8), 40)
	}
	return w
}
