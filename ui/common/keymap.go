package common

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the app; screens pick the ones they
// show in their help.
type KeyMap struct {
	Up        key.Binding
	Down      key.Binding
	Left      key.Binding
	Right     key.Binding
	Enter     key.Binding
	Back      key.Binding
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
	Projector key.Binding
	New       key.Binding
	Refresh   key.Binding
	Skip      key.Binding
	Animate   key.Binding
	Sheet     key.Binding
	Export    key.Binding
	Results   key.Binding
	Folder    key.Binding
	Import    key.Binding
	Coverage  key.Binding
	Followup  key.Binding
	Xlsx      key.Binding
	Tab       key.Binding
	ShiftTab  key.Binding
	Digits    key.Binding // typed into a number field
	Backup    key.Binding
	Yes       key.Binding
	No        key.Binding
}

// DefaultKeyMap returns the key bindings, described in language l.
func DefaultKeyMap(t func(zh, en string) string) *KeyMap {
	return &KeyMap{
		Up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("up", t("上", "up"))),
		Down:      key.NewBinding(key.WithKeys("down"), key.WithHelp("down", t("下", "down"))),
		Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("left", t("前一个", "previous"))),
		Right:     key.NewBinding(key.WithKeys("right"), key.WithHelp("right", t("后一个", "next"))),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("确定", "confirm"))),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("返回", "back"))),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t("帮助", "help"))),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t("退出", "quit"))),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("退出", "quit"))),
		Projector: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("投影模式", "projector"))),
		New:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("新的抽取", "new draw"))),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("刷新", "refresh"))),
		Skip:      key.NewBinding(key.WithKeys(" ", "s"), key.WithHelp("space", t("跳过动画", "skip animation"))),
		Animate:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("动画开关", "animation on/off"))),
		Sheet:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", t("打印见证记录单", "witness sheet"))),
		Export:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t("导出记录", "export record"))),
		Results:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t("检查结果与公示", "results and publication"))),
		Folder:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t("输出文件夹", "output folder"))),
		Import:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t("导入名录", "import"))),
		Coverage:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("覆盖情况", "coverage"))),
		Followup:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", t("待处理问题", "follow-up"))),
		Xlsx:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t("导出 xlsx", "export xlsx"))),
		Digits:    key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("0-9", t("输入数字", "type a number"))),
		Tab:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("下一项", "next field"))),
		ShiftTab:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t("上一项", "previous field"))),
		Backup:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", t("备份", "backup"))),
		Yes:       key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", t("是", "yes"))),
		No:        key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", t("否", "no"))),
	}
}
