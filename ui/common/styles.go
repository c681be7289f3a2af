package common

import "github.com/charmbracelet/lipgloss"

// Styles are every style the screens use. Colours are adaptive so that
// light and dark terminals both read well; projector mode swaps in the
// high-contrast set.
type Styles struct {
	App       lipgloss.Style
	Title     lipgloss.Style
	Header    lipgloss.Style // the top line: product, ceremony, phase
	Subtle    lipgloss.Style
	Label     lipgloss.Style
	Value     lipgloss.Style
	Focused   lipgloss.Style // the focused field's label
	Selected  lipgloss.Style // the selected row of a list
	Alternate lipgloss.Style // alternates: dimmer than drawn picks
	TableHead lipgloss.Style
	OK        lipgloss.Style
	Warn      lipgloss.Style
	Error     lipgloss.Style
	Status    lipgloss.Style
	Dialog    lipgloss.Style
	BigAdapt  lipgloss.AdaptiveColor
	HelpKey   lipgloss.Style
	HelpDesc  lipgloss.Style
}

// DefaultStyles is the everyday look.
func DefaultStyles() *Styles {
	accent := lipgloss.AdaptiveColor{Light: "#005F87", Dark: "#5FD7FF"}
	subtle := lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#9E9E9E"}
	dim := lipgloss.AdaptiveColor{Light: "#9E9E9E", Dark: "#6C6C6C"}
	red := lipgloss.AdaptiveColor{Light: "#AF0000", Dark: "#FF5F5F"}
	green := lipgloss.AdaptiveColor{Light: "#005F00", Dark: "#87D787"}
	yellow := lipgloss.AdaptiveColor{Light: "#875F00", Dark: "#FFD75F"}
	return &Styles{
		App:       lipgloss.NewStyle(),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Header:    lipgloss.NewStyle().Bold(true),
		Subtle:    lipgloss.NewStyle().Foreground(subtle),
		Label:     lipgloss.NewStyle().Foreground(subtle),
		Value:     lipgloss.NewStyle(),
		Focused:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Selected:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Alternate: lipgloss.NewStyle().Foreground(dim),
		TableHead: lipgloss.NewStyle().Bold(true).Underline(true),
		OK:        lipgloss.NewStyle().Foreground(green),
		Warn:      lipgloss.NewStyle().Foreground(yellow),
		Error:     lipgloss.NewStyle().Bold(true).Foreground(red),
		Status:    lipgloss.NewStyle().Foreground(subtle),
		Dialog:    lipgloss.NewStyle().Border(ASCIIBorder).BorderForeground(accent).Padding(0, 1),
		BigAdapt:  accent,
		HelpKey:   lipgloss.NewStyle().Foreground(accent),
		HelpDesc:  lipgloss.NewStyle().Foreground(subtle),
	}
}

// ProjectorStyles is the high-contrast look for a room: bold text, the
// terminal's own strongest foreground for big digits, no faint greys.
func ProjectorStyles() *Styles {
	s := DefaultStyles()
	strong := lipgloss.AdaptiveColor{Light: "#000000", Dark: "#FFFFFF"}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(strong)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(strong)
	s.Subtle = lipgloss.NewStyle().Bold(true).Foreground(strong)
	s.Label = lipgloss.NewStyle().Foreground(strong)
	s.Value = lipgloss.NewStyle().Bold(true).Foreground(strong)
	s.Selected = lipgloss.NewStyle().Bold(true).Reverse(true)
	s.Focused = lipgloss.NewStyle().Bold(true).Reverse(true)
	s.Alternate = lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#4E4E4E", Dark: "#B2B2B2"})
	s.TableHead = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(strong)
	s.Status = lipgloss.NewStyle().Bold(true).Foreground(strong)
	s.BigAdapt = strong
	s.HelpKey = lipgloss.NewStyle().Bold(true).Foreground(strong)
	s.HelpDesc = lipgloss.NewStyle().Foreground(strong)
	return s
}

// ASCIIBorder draws boxes from ASCII: box-drawing characters are
// East-Asian ambiguous and take two cells on some zh_CN terminals.
var ASCIIBorder = lipgloss.Border{
	Top: "-", Bottom: "-", Left: "|", Right: "|",
	TopLeft: "+", TopRight: "+", BottomLeft: "+", BottomRight: "+",
}
