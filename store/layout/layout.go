// Package layout reshapes an exported table for another system, such as
// the upload template of the provincial 双随机监管平台, without code
// changes: a layout is a small text file the user edits, one output column
// a line, in order:
//
//	# 河北省双随机监管平台: 检查对象上传模板
//	企业名称 = 单位名称          output header = a column of the export
//	统一社会信用代码             the same name on both sides
//	登记机关 = "承德市统计局"     a fixed value, in double quotes
//	备注 = ""                    an empty column the template requires
//
// Lines starting with # and blank lines are ignored; "=" may also be
// written "＝". Apply picks and renames the columns of a table whose first
// row is its header; a column the table does not have is an error naming
// the columns it has.
package layout

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// Column is one output column: its header, and either the export column
// it takes (From) or a fixed value (Fixed is true).
type Column struct {
	Header string
	From   string
	Value  string
	Fixed  bool
}

// Layout is an ordered list of output columns.
type Layout struct {
	Name    string // the file it was read from
	Columns []Column
}

// MaxSize bounds a layout file: it is a short list, not data.
const MaxSize = 64 << 10

// Load reads a layout file.
func Load(path string) (Layout, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Layout{}, fmt.Errorf("读取列布局文件: %w", err)
	}
	if fi.Size() > MaxSize {
		return Layout{}, fmt.Errorf("列布局文件 %s 有 %d 字节,超过 %d 字节:它应是几十行的列清单", path, fi.Size(), MaxSize)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Layout{}, fmt.Errorf("读取列布局文件: %w", err)
	}
	l, err := Parse(b)
	if err != nil {
		return Layout{}, fmt.Errorf("列布局文件 %s: %w", path, err)
	}
	l.Name = path
	return l, nil
}

// Parse reads a layout from the text of its file.
func Parse(b []byte) (Layout, error) {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if !utf8.Valid(b) {
		return Layout{}, fmt.Errorf("不是 UTF-8 文本(请用记事本“另存为 UTF-8”)")
	}
	var l Layout
	seen := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.Replace(line, "＝", "=", 1)
		header, from, hasFrom := strings.Cut(line, "=")
		header, from = strings.TrimSpace(header), strings.TrimSpace(from)
		c := Column{Header: header, From: header}
		if hasFrom {
			c.From = from
		}
		if v, ok := quoted(from); hasFrom && ok {
			c.Fixed, c.From, c.Value = true, "", v
		}
		switch {
		case c.Header == "":
			return Layout{}, fmt.Errorf("第 %d 行 %q: 等号左边应是输出的表头", n, line)
		case !c.Fixed && c.From == "":
			return Layout{}, fmt.Errorf("第 %d 行 %q: 等号右边应是导出表中的列名,或用双引号写固定值", n, line)
		case strings.ContainsAny(c.Header+c.From+c.Value, "\t"):
			return Layout{}, fmt.Errorf("第 %d 行: 不能含制表符", n)
		}
		if prev, dup := seen[c.Header]; dup {
			return Layout{}, fmt.Errorf("第 %d 行: 表头 %q 与第 %d 行重复", n, c.Header, prev)
		}
		seen[c.Header] = n
		l.Columns = append(l.Columns, c)
	}
	if len(l.Columns) == 0 {
		return Layout{}, fmt.Errorf("没有任何列(每行写一列: 输出表头 = 导出表中的列名)")
	}
	return l, nil
}

// quoted returns the text inside "…" or “…”.
func quoted(s string) (string, bool) {
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}} {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			return s[len(q[0]) : len(s)-len(q[1])], true
		}
	}
	return "", false
}

// Apply reshapes rows (the first is the header) to the layout: the
// header row becomes the layout's headers, each later row the cells of
// the columns it names, in its order.
func (l Layout) Apply(rows [][]string) ([][]string, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("导出表没有表头")
	}
	index := map[string]int{}
	for i, h := range rows[0] {
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	pick := make([]int, len(l.Columns))
	for i, c := range l.Columns {
		if c.Fixed {
			pick[i] = -1
			continue
		}
		j, ok := index[c.From]
		if !ok {
			return nil, fmt.Errorf("列布局 %q 一列取自 %q,导出表中没有这一列;导出表的列是: %s", c.Header, c.From, strings.Join(rows[0], "、"))
		}
		pick[i] = j
	}
	out := make([][]string, 0, len(rows))
	head := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		head[i] = c.Header
	}
	out = append(out, head)
	for _, r := range rows[1:] {
		cells := make([]string, len(l.Columns))
		for i, j := range pick {
			switch {
			case j < 0:
				cells[i] = l.Columns[i].Value
			case j < len(r):
				cells[i] = r[j]
			}
		}
		out = append(out, cells)
	}
	return out, nil
}
