package components

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// decodeBackground turns a rendering into text: a space drawn on a
// background colour becomes '#', everything else stays, escapes go.
func decodeBackground(s string) string {
	var b strings.Builder
	on := false
	for len(s) > 0 {
		if loc := sgr.FindStringSubmatchIndex(s); loc != nil && loc[0] == 0 {
			params := strings.Split(s[loc[2]:loc[3]], ";")
			for i := 0; i < len(params); i++ {
				switch p := params[i]; {
				case p == "" || p == "0" || p == "49":
					on = false
				case p == "48":
					on = true
					if i+1 < len(params) && params[i+1] == "2" {
						i += 4
					} else {
						i += 2
					}
				case len(p) == 2 && p[0] == '4' && p[1] >= '0' && p[1] <= '7',
					len(p) == 3 && p[:2] == "10" && p[2] >= '0' && p[2] <= '7': // 40–47, 100–107
					on = true
				}
			}
			s = s[loc[1]:]
			continue
		}
		r := []rune(s)[0]
		if on && r == ' ' {
			b.WriteByte('#')
		} else {
			b.WriteRune(r)
		}
		s = s[len(string(r)):]
	}
	return b.String()
}

// On a real terminal the big digits are background-coloured spaces. They
// must cover exactly the cells the '#' of the ASCII rendering covers (which
// the golden views check), at every scale and in every colour profile, so
// that no digit the witnesses read can lose or gain a stroke.
func TestBigColourCellsEqualASCII(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	text := "a598 b6f3 0123 4567 89ab cdef 38271-02846"
	for _, scale := range []int{1, 2, 3, 4} {
		lipgloss.SetColorProfile(termenv.Ascii)
		want := Big(text, scale, lipgloss.Color("#FFFFFF"))
		for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI} {
			lipgloss.SetColorProfile(p)
			got := decodeBackground(Big(text, scale, lipgloss.AdaptiveColor{Light: "#000080", Dark: "#FFFF00"}))
			if got != want {
				t.Errorf("scale %d, profile %v: colour cells differ from the ASCII rendering:\n%s\nwant:\n%s", scale, p, got, want)
			}
			for i, l := range strings.Split(Big(text, scale, lipgloss.Color("#FFFFFF")), "\n") {
				if w := lipgloss.Width(l); w != BigWidth(text, scale) {
					t.Errorf("scale %d, profile %v, line %d: %d cells, want %d", scale, p, i, w, BigWidth(text, scale))
				}
			}
		}
	}
}
