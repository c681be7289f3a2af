// Package common holds what every screen of the terminal ceremony shares:
// the size of the window, the styles, the key map, the language, the
// projector switch, and the Session and Backend the screens act through.
package common

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/ui/lang"
	"shuangsui/ui/textwrap"
)

// FixWidths makes go-runewidth (used by bubbles) count East-Asian
// ambiguous characters as one cell, as lipgloss does. Call it once at
// program start, before any view is drawn.
func FixWidths() {
	runewidth.DefaultCondition.EastAsianWidth = false
}

// Session is the persisted ceremony a screen acts on; *session.Session
// satisfies it. Every method that changes the ceremony commits the step to
// the store before it returns nil.
type Session interface {
	ID() string
	Ceremony() *sampling.Ceremony
	AddWitness(w sampling.Witness) error
	RemoveWitness(index int, reason string) error
	FixSeed() error
	Next() error
	Abandon(reason string) error
	Record() (sampling.Record, error)
}

// Backend is what the screens read and start ceremonies with.
type Backend struct {
	DB     *store.DB
	Start  func(info sampling.Info, frame sampling.Frame) (Session, error)
	Resume func(id string) (Session, error)
	// WriteSheet writes the witness sheet of a ceremony into dir and
	// returns the files written; nil when no sheet writer is built in.
	WriteSheet func(dir, id string, c *sampling.Ceremony) ([]string, error)
	// ExportDir is where records and sheets are written ("" = working directory).
	ExportDir string
	// DBPath names the database in the commands the screens suggest.
	DBPath string
	Now    func() time.Time
}

// Common is embedded in every screen.
type Common struct {
	Width, Height int
	Styles        *Styles
	KeyMap        *KeyMap
	Lang          lang.Lang
	Projector     bool
	Animate       bool // the short suspense animation when counties are revealed
	Backend       *Backend
}

// T returns the text in the chosen language.
func (c *Common) T(zh, en string) string { return c.Lang.T(zh, en) }

// Clock returns the backend's time (time.Now when it has no clock).
func (c *Common) Clock() time.Time {
	if c.Backend != nil && c.Backend.Now != nil {
		return c.Backend.Now()
	}
	return time.Now()
}

// Today returns the backend's date as YYYY-MM-DD.
func (c *Common) Today() string { return c.Clock().Format("2006-01-02") }

// Component is one screen: a model with its own help and size.
type Component interface {
	tea.Model
	help.KeyMap
	SetSize(width, height int)
}

// Page names a screen.
type Page int

const (
	PageHome Page = iota
	PageSetup
	PageCommit
	PageWitnesses
	PageCounties
	PageUnits
	PageTeams
	PageSeal
	PageResults  // results and publication of a sealed ceremony
	PageImport   // import a library from an Excel or CSV file
	PageCoverage // the coverage plan of a year
	PageFollowup // problem results with neither penalty nor transfer
)

// OpenMsg asks the root to show a page; Session is the ceremony it shows
// (nil for Home and Setup).
type OpenMsg struct {
	Page    Page
	Session Session
}

// StatusMsg sets the status line; Err marks an error.
type StatusMsg struct {
	Text string
	Err  bool
}

// Open returns a command that opens page p on session s.
func Open(p Page, s Session) tea.Cmd {
	return func() tea.Msg { return OpenMsg{Page: p, Session: s} }
}

// Status returns a command that shows an informational status line.
func Status(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text} }
}

// Error returns a command that shows err in the status line.
func Error(err error) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: err.Error(), Err: true} }
}

// PageFor returns the page that matches a ceremony's phase.
func PageFor(c *sampling.Ceremony) Page {
	switch c.Phase {
	case sampling.PhaseWitnesses:
		return PageWitnesses
	case sampling.PhaseCounties:
		return PageCounties
	case sampling.PhaseUnits:
		if len(c.Result.Units) == 0 {
			return PageCounties
		}
		return PageUnits
	case sampling.PhaseTeams:
		return PageUnits
	case sampling.PhaseSeal:
		return PageTeams
	case sampling.PhaseSealed, sampling.PhaseAbandoned:
		return PageSeal
	}
	return PageCommit
}

// Busy is implemented by screens with work under way that quitting would
// abandon (an import). Busy returns the explanation the quit confirmation
// shows, "" when idle; Stop asks the work to stop before the program ends.
type Busy interface {
	Busy() string
	Stop()
}

// Typing is implemented by screens whose focused field takes text; while
// it returns true, printable keys (q, p, ?) go to the field.
type Typing interface{ Typing() bool }

// Unsaved is implemented by screens whose form can hold input not yet
// written to the database (a witness typed but not added). Unsaved names
// it, "" when there is none; quitting then says that it will be lost.
type Unsaved interface{ Unsaved() string }

// SizeText says a file size the way the screens and the command line show
// it: 1.4 MB, 568.0 KB, 900 B.
func SizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// ExportPath is the absolute path of a file named name in the folder the
// screens export to (Backend.ExportDir; the working directory when unset).
func (c *Common) ExportPath(name string) (string, error) {
	dir, err := filepath.Abs(c.Backend.ExportDir)
	if err != nil {
		return "", fmt.Errorf("%s %q: %w", c.T("导出文件夹", "export folder"), c.Backend.ExportDir, err)
	}
	return filepath.Join(dir, name), nil
}

// SendLatest puts msg on ch (a channel of capacity 1 that a screen reads
// progress from) without ever waiting: a message the screen has not taken
// yet is replaced, so the screen always gets the latest and the work never
// waits for the screen.
func SendLatest(ch chan tea.Msg, msg tea.Msg) {
	select {
	case ch <- msg:
	default:
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- msg:
		default:
		}
	}
}

// ExportStatus is the line an exporting screen ends with, wrapped to w
// cells: why its file cannot be written (err), where it was written
// (exported), or where the export key will write it (path).
func (c *Common) ExportStatus(path string, err error, exported string, w int) string {
	st := c.Styles
	switch {
	case err != nil:
		return textwrap.Render(st.Error, err.Error(), w, 0)
	case exported != "":
		return textwrap.Render(st.OK, c.T("已导出到 ", "exported to ")+exported, w, 0)
	}
	return textwrap.Render(st.Subtle, c.T("按 x 导出 xlsx 到 ", "x exports the .xlsx to ")+path, w, 0)
}

// Scroll is the part of the screen's text (lines joined by "\n") that a
// window height lines high shows from line *top, which it keeps in range;
// all of it when height is 0 or the text fits.
func Scroll(text string, height int, top *int) string {
	all := strings.Split(text, "\n")
	if height <= 0 || len(all) <= height {
		*top = 0
		return text
	}
	*top = max(0, min(*top, len(all)-height))
	return strings.Join(all[*top:*top+height], "\n")
}
