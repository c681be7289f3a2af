package pages

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"shuangsui/ui/common"
)

// shortHelp is a screen's one-line help: of keys, in order, those that fit
// in the window's width, then the keys of always (? and q, or ctrl+c while
// a field takes text), which always show. The full help lists every key.
func shortHelp(c *common.Common, always []key.Binding, keys ...key.Binding) []key.Binding {
	const sep = 2 // the help bar's separator
	item := func(b key.Binding) int {
		if !b.Enabled() {
			return 0
		}
		return ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc) + sep
	}
	room := c.Width - 1 // the help bar wants a cell to spare
	for _, b := range always {
		room -= item(b)
	}
	var out []key.Binding
	for _, b := range keys {
		if w := item(b); w <= room {
			out = append(out, b)
			room -= w
		}
	}
	return append(out, always...)
}

// pair shows two keys as one item of the short help ("up/down 选择").
func pair(a, b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(a.Help().Key+"/"+b.Help().Key, desc))
}

// helpQuit is the end of the short help on a screen where ? and q work.
func helpQuit(c *common.Common) []key.Binding {
	return []key.Binding{c.KeyMap.Help, c.KeyMap.Quit}
}

// typingQuit is the end of the short help while a field takes text: q and
// ? type into it, ctrl+c still quits.
func typingQuit(c *common.Common) []key.Binding { return []key.Binding{c.KeyMap.ForceQuit} }

// dialogHelp is the help while a dialog's text field takes the keys.
func dialogHelp(c *common.Common) []key.Binding {
	k := c.KeyMap
	return []key.Binding{k.Enter, withHelp(k.Back, c.T("取消", "cancel")), k.ForceQuit}
}
