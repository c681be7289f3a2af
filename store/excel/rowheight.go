package excel

import (
	"math"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Row heights of wrapped text.
//
// LibreOffice does not grow a row for wrapped text when it opens an .xlsx,
// and Excel and WPS do not for merged cells, so every workbook the program
// writes sets the height of each row from its text: the number of lines the
// widest cell wraps to, at LineHeight points a line.

// LineHeight is the height in points of one line of 11 pt text with the
// leading the applications give it (宋体 in Excel and WPS about 14.3 pt; the
// Noto CJK fonts LibreOffice falls back to about 15.9 pt), and RowPadding
// the room above and below the text.
const (
	LineHeight = 16
	RowPadding = 4
	maxRowPt   = 409 // Excel's largest row height
)

// wideText measures characters the conservative way: East-Asian
// ambiguous characters (“ ” · …) as two units, as a Chinese font draws
// them.
var wideText = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = true
	return c
}()

// WrappedLines is how many lines text takes in a wrapped cell width
// character units wide (a column width as Excel counts it: about one
// Latin digit, half a Chinese character). Line breaks in text start new
// lines.
func WrappedLines(text string, width float64) int {
	room := max(2, int(math.Floor(width))-1)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		w := wideText.StringWidth(para)
		n += max(1, (w+room-1)/room)
	}
	return n
}

// RowHeight is the height in points for a row of cells in columns of the
// given widths: enough for the cell that wraps to the most lines, at least
// one line. Cells beyond widths are measured against the last width.
func RowHeight(cells []string, widths []float64) float64 {
	lines := 1
	for i, c := range cells {
		if c == "" || len(widths) == 0 {
			continue
		}
		w := widths[min(i, len(widths)-1)]
		lines = max(lines, WrappedLines(c, w))
	}
	return math.Min(float64(lines)*LineHeight+RowPadding, maxRowPt)
}
