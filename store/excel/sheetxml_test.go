package excel

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func sheetXML(rows ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		strings.Join(rows, "") + `</sheetData><pageMargins left="0.7"/></worksheet>`
}

func row(n int, v string) string {
	return fmt.Sprintf(`<row r="%d" spans="1:2"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>`, n, n, v)
}

// TestScanRows: the last row of a sound sheet, and every kind of damage
// named with its row.
func TestScanRows(t *testing.T) {
	var big strings.Builder
	for i := 1; i <= 30000; i++ {
		big.WriteString(row(i, "承德测试第"+fmt.Sprint(i)+"号有限公司"))
	}
	tests := []struct {
		name string
		xml  string
		last int
		want string // "" for a sound sheet
	}{
		{"sound", sheetXML(row(1, "a"), row(2, "b"), row(5, "c")), 5, ""},
		{"rows without r", sheetXML(`<row><c><v>1</v></c></row>`, `<row><c><v>2</v></c></row>`), 2, ""},
		{"no rows", sheetXML(), 0, ""},
		{"prefixed", `<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c><x:v>1</x:v></x:c></x:row><x:row r='2'/></x:sheetData></x:worksheet>`, 2, ""},
		{"rowBreaks is not a row", sheetXML(row(1, "a")) + "", 1, ""},
		{"over many chunks", sheetXML(big.String()), 30000, ""},
		{"cut mid-row", sheetXML(row(1, "a"), row(2, "b"))[:strings.Index(sheetXML(row(1, "a"), row(2, "b")), `<row r="2"`)+25], 2, "文件在第 2 行中间中断"},
		{"cut after the data", strings.TrimSuffix(sheetXML(row(1, "a")), "</worksheet>"), 1, "文件在第 1 行中间中断"},
		{"control byte", sheetXML(row(1, "a"), row(2, "b\x01"), row(3, "c")), 2, "第 2 行含有 XML 不允许的控制字符 U+0001"},
		{"character reference", sheetXML(row(1, "a"), row(2, "b&#1;"), row(3, "c")), 2, "字符引用 U+0001"},
		{"hex character reference", sheetXML(row(1, "a&#x1f;")), 1, "字符引用 U+001F"},
		{"allowed references", sheetXML(row(1, "a&#10;&#x4E2D;&amp;")), 1, ""},
		{"invalid UTF-8", sheetXML(row(1, "a"), row(2, "\xff\xfe")), 2, "无效的 UTF-8 字节"},
		{"U+FFFF", sheetXML(row(1, "\uffff")), 1, "XML 不允许的字符 U+FFFF"},
		{"malformed last row", sheetXML(row(1, "a"), `<row r="2"><c r="A2"<v>1</v></c></row>`), 2, "最后一行(第 2 行)或其后的 XML 有误"},
		{"mismatched end tag after the data", sheetXML(row(1, "a")) + "</x>", 1, "XML 有误"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			last, err := scanRows(strings.NewReader(tt.xml))
			if tt.want == "" {
				if err != nil || last != tt.last {
					t.Fatalf("scanRows = %d, %v; want %d", last, err, tt.last)
				}
				return
			}
			if err == nil || !errors.Is(err, errSheetDamaged) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("scanRows = %d, %v; want an error with %q", last, err, tt.want)
			}
		})
	}
}

// TestScanRowsChunkEdges: a row tag or a character cut by a chunk's end
// is still read right, wherever the cut falls.
func TestScanRowsChunkEdges(t *testing.T) {
	for pad := 0; pad < 40; pad += 3 {
		head := strings.Repeat(" ", scanChunk-scanOverlap-20+pad)
		doc := `<worksheet><sheetData>` + head + row(7, "中文字符") + row(8, "中") + `</sheetData></worksheet>`
		if last, err := scanRows(bytes.NewReader([]byte(doc))); err != nil || last != 8 {
			t.Fatalf("pad %d: %d, %v", pad, last, err)
		}
	}
}
