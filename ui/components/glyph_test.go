package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestGlyphsDiffer renders every pair of the characters a code can hold
// (0–9, a–f) and counts the cells in which the two renderings differ:
// fewer than MinGlyphDistance and a witness could read one for the other.
func TestGlyphsDiffer(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	const chars = "0123456789abcdef"
	for i, a := range chars {
		ra := Big(string(a), 1, lipgloss.Color("7"))
		for _, b := range chars[i+1:] {
			rb := Big(string(b), 1, lipgloss.Color("7"))
			la, lb := strings.Split(ra, "\n"), strings.Split(rb, "\n")
			if len(la) != BigHeight || len(lb) != BigHeight {
				t.Fatalf("%c/%c: %d and %d lines, want %d", a, b, len(la), len(lb), BigHeight)
			}
			diff := 0
			for row := range la {
				x := []rune(la[row] + strings.Repeat(" ", glyphWidth))[:glyphWidth]
				y := []rune(lb[row] + strings.Repeat(" ", glyphWidth))[:glyphWidth]
				for col := range x {
					if x[col] != y[col] {
						diff++
					}
				}
			}
			if diff < MinGlyphDistance {
				t.Errorf("%c and %c differ in %d cells, want at least %d:\n%s\n\n%s", a, b, diff, MinGlyphDistance, ra, rb)
			}
		}
	}
}

// TestUpperCaseHexSameGlyph: a verification code shown in upper case draws
// the same glyphs as in lower case.
func TestUpperCaseHexSameGlyph(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	if Big("ABCDEF", 1, lipgloss.Color("7")) != Big("abcdef", 1, lipgloss.Color("7")) {
		t.Error("upper-case hex letters draw differently from lower case")
	}
}

// TestReadBig: what Big draws at every scale reads back as the text.
func TestReadBig(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	for s := 1; s <= 4; s++ {
		for _, text := range []string{"130821", "130802 130821", "0123456789abcdef", "db45 96b4"} {
			got, ok := ReadBig(strings.Split(Big(text, s, lipgloss.Color("7")), "\n"), s)
			if !ok || got != text {
				t.Errorf("scale %d: read %q (%v), drew %q", s, got, ok, text)
			}
		}
	}
}
