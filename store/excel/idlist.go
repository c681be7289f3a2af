package excel

import (
	"fmt"
	"slices"
	"strings"
)

// idHeaders are the headers of the column ReadIDList takes the ids from.
var idHeaders = []string{"统一社会信用代码", "社会信用代码", "单位代码", "单位编码", "代码", "id", "ID"}

// ReadIDList reads a list of unit ids (统一社会信用代码) from the first
// sheet of an .xlsx or CSV file, e.g. the list a partner department gives
// for a joint check: the column headed 统一社会信用代码 (or 单位代码, 代码)
// in the first ten rows, else the first column with no header. Blank cells
// are skipped; the whole file is read or an error names the row.
func ReadIDList(path string) ([]string, error) {
	t, err := openTable(path)
	if err != nil {
		return nil, fmt.Errorf("读取名单 %s: %w", path, err)
	}
	defer t.close()
	if len(t.sheets) == 0 {
		return nil, fmt.Errorf("%s 中没有工作表", path)
	}
	src, err := t.open(t.sheets[0])
	if err != nil {
		return nil, err
	}
	defer src.close()
	col, headerRow := 0, 0
	var ids []string
	var rows [][]string
	var nums []int
	for {
		n, cells, ok := src.next()
		if !ok {
			break
		}
		if headerRow == 0 && n <= 10 {
			for c, v := range cells {
				for _, h := range idHeaders {
					if strings.TrimSpace(v) == h {
						col, headerRow = c, n
					}
				}
			}
			if headerRow != 0 {
				rows, nums = nil, nil // what came before the header is a title
				continue
			}
		}
		rows = append(rows, slices.Clone(cells)) // a CSV source reuses its slice
		nums = append(nums, n)
	}
	if err := src.err(); err != nil {
		return nil, fmt.Errorf("读取名单 %s: %w", path, err)
	}
	for i, cells := range rows {
		if col >= len(cells) {
			continue
		}
		v := strings.TrimSpace(cells[col])
		if v == "" {
			continue
		}
		if strings.ContainsAny(v, "\t\r\n,") {
			return nil, fmt.Errorf("名单 %s 第 %d 行: %q 不是单位代码", path, nums[i], v)
		}
		ids = append(ids, v)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("名单 %s 中没有单位代码(应有一列“统一社会信用代码”)", path)
	}
	return ids, nil
}
