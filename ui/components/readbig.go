package components

import "strings"

// ReadBig reads back text that Big drew at scale s without colour ('#'
// cells): lines are the 5·ceil(s/2) lines of one row of big text. It
// returns false when a cell pattern is no glyph of the font. Tests use it
// to check what the witnesses see, not what the code meant to draw.
func ReadBig(lines []string, s int) (string, bool) {
	sy := (s + 1) / 2
	if s < 1 || len(lines) != BigHeight*sy {
		return "", false
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l))
	}
	at := func(row, col int) byte {
		l := lines[row*sy]
		if col < len(l) && l[col] == '#' {
			return '#'
		}
		return '.'
	}
	blank := func(x, w int) bool {
		for row := range BigHeight {
			for col := x; col < x+w; col++ {
				if at(row, col) == '#' {
					return false
				}
			}
		}
		return true
	}
	var b strings.Builder
	for x := 0; x < width; {
		// Every glyph has a drawn cell in its first column: a blank one is
		// a space (s cells, then the gap of s).
		if blank(x, s) {
			if blank(x, width-x) {
				break
			}
			b.WriteByte(' ')
			x += 2 * s
			continue
		}
		var g [BigHeight]string
		for row := range BigHeight {
			var r []byte
			for col := range glyphWidth {
				r = append(r, at(row, x+col*s))
			}
			g[row] = string(r)
		}
		found := false
		for ch, bits := range font {
			if bits == g {
				b.WriteRune(ch)
				found = true
				break
			}
		}
		if !found {
			return "", false
		}
		x += (glyphWidth + 1) * s
	}
	return b.String(), true
}
