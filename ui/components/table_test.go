package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// TestFitWrappingKeepsEveryCellWhole: laid out narrower than its cells,
// the table fits the width; the columns that may wrap give way in the
// order given (the county before the name and result), the others keep
// their width; every wrapped cell, read down its column, is whole.
func TestFitWrappingKeepsEveryCellWhole(t *testing.T) {
	tab := Table{
		Headers: []string{"仪式", "县", "单位", "检查结束", "检查结果"},
		Rows: [][]string{
			{"2026-12-02-001", "鹰手营子矿区", "承德鹰手营子铭永钒钛有限公司", "2026-11-27", "未按规定公示应当公示的信息；迟报统计资料"},
			{"2026-12-02-001", "双桥区", "承德双桥铭益纺织有限公司", "2026-11-27", "未发现问题"},
		},
	}
	if tab.NaturalWidth() != 14+12+28+10+40+4*colGap {
		t.Fatalf("natural width %d", tab.NaturalWidth())
	}
	for _, width := range []int{200, 100, 80, 60} {
		tt := tab
		tt.FitWrapping(width, 8, []int{1}, []int{4, 2})
		if tt.Widths[0] != 14 || tt.Widths[3] != 10 {
			t.Errorf("%d: a column that may not wrap was narrowed: %v", width, tt.Widths)
		}
		if (tt.Widths[4] < 40 || tt.Widths[2] < 28) && tt.Widths[1] != 8 {
			t.Errorf("%d: the name or result gave way before the county reached its floor: %v", width, tt.Widths)
		}
		lines := strings.Split(tt.Render(width), "\n")
		for _, l := range lines {
			if lipgloss.Width(l) > width {
				t.Errorf("%d: line %q is %d wide", width, l, lipgloss.Width(l))
			}
		}
		// Read each column of each row back down its lines.
		x := 0
		for c, w := range tt.Widths {
			row := -1
			got := make([]string, len(tab.Rows))
			for _, l := range lines[1:] {
				if strings.TrimSpace(ansi.Cut(l, 0, tt.Widths[0])) != "" {
					row++ // a row starts where its first column (never wrapped) is written
				}
				got[row] += strings.TrimSpace(ansi.Cut(l, x, x+w))
			}
			for r := range tab.Rows {
				if got[r] != tab.Rows[r][c] {
					t.Errorf("%d: row %d column %d reads %q, want %q", width, r, c, got[r], tab.Rows[r][c])
				}
			}
			x += w + colGap
		}
	}
}
