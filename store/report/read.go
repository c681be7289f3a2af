package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"shuangsui/store/excel"
)

// unzipLimit caps what a results workbook may unpack to.
const unzipLimit = 256 << 20

// maxRows caps the rows read from one results workbook.
const maxRows = 200000

// readRows streams the first sheet of an .xlsx file: cells as stored
// (dates as serials, numbers unformatted), and the sheet proved read to its
// end (excelize stops silently at damaged XML; see excel.CheckSheetRead).
func readRows(path string) ([][]string, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipLimit / 4, RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("打开 %s: %w", path, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("打开 %s: 没有工作表", path)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("读取 %s: %w", path, err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) == maxRows {
			return nil, fmt.Errorf("读取 %s: 超过 %d 行", path, maxRows)
		}
		r, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("读取 %s 第 %d 行: %w", path, len(out)+1, err)
		}
		out = append(out, r)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("读取 %s: %w", path, err)
	}
	if err := excel.CheckSheetRead(path, sheets[0], len(out)); err != nil {
		return nil, fmt.Errorf("读取 %s: %w", path, err)
	}
	return out, nil
}
