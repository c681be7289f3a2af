package pages

import (
	"github.com/charmbracelet/lipgloss"

	"shuangsui/ui/textwrap"
)

// keep and wrap are the screens' short names for the one line-breaking
// routine, package textwrap.
func keep(s string) string { return textwrap.Keep(s) }

func wrap(st lipgloss.Style, s string, w, indent int) string {
	return textwrap.Render(st, s, w, indent)
}
