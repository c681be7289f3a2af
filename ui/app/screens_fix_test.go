package app_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// demoHarness is a harness on a fresh database holding the demo data.
func demoHarness(t *testing.T, l lang.Lang) *harness {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := excel.LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	return newHarnessOn(t, db, l)
}

// words is the view's text with every run of spaces and line breaks made
// one space: English wrapped over lines reads as it was written.
func words(v string) string { return strings.Join(strings.Fields(v), " ") }

// fits fails when a line of the view is wider than w.
func fits(t *testing.T, name, v string, w int) {
	t.Helper()
	for i, l := range strings.Split(v, "\n") {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s: line %d is %d cells wide (max %d): %q", name, i+1, lw, w, l)
		}
	}
}

// helpBar is the last line of the view: the short help.
func helpBar(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// hasKey reports whether the view shows key k with description desc, as
// the short help ("k desc") or the full help ("k    desc") draws it.
func hasKey(v, k, desc string) bool {
	return regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(k) + ` +` + regexp.QuoteMeta(desc)).MatchString(v)
}

// focusOn moves the Setup focus to the field whose label starts with label.
func (h *harness) focusOn(label string) {
	h.t.Helper()
	for i := 0; i < 30; i++ {
		if strings.Contains(h.m.View(), "> "+label) {
			return
		}
		h.key("down")
	}
	h.t.Fatalf("no field %q on Setup:\n%s", label, h.m.View())
}

// TestCommitLinesWrap: the parameters line of the Commit screen, with the
// per-county unit counts, and the long English lines of Commit and
// Witnesses at 80 columns wrap instead of being cut at the edge; the big
// fingerprint takes the room that is left.
func TestCommitLinesWrap(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	h.focusOn("按县单位数")
	h.typeText("兴隆县=6,130821=5")
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	v := h.m.View()
	fits(t, "commit zh", v, 100)
	for _, want := range []string{"各县单位数 承德县=5,兴隆县=6", "备选 2", "###"} {
		if !strings.Contains(v, want) {
			t.Errorf("commit at 100 columns lacks %q:\n%s", want, v)
		}
	}

	en := newHarness(t, lang.EN)
	en.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	en.fillSetup()
	en.focusOn("Per county")
	en.typeText("兴隆县=6,130821=5")
	en.toButton()
	en.key("enter")
	en.expectPage(common.PageCommit)
	v = en.m.View()
	fits(t, "commit en", v, 80)
	for _, want := range []string{
		"1 leader + 1 member per team, leaders drawn, 2 alternates; units by county: 承德县=5, 兴隆县=6",
		"going back abandons the ceremony (with a reason).",
		"Witnesses: check the fingerprint. Press enter to add witnesses.",
	} {
		if !strings.Contains(words(v), want) {
			t.Errorf("commit at 80 columns lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "###") {
		t.Errorf("no big fingerprint at 80x24:\n%s", v)
	}
	en.key("enter")
	en.expectPage(common.PageWitnesses)
	v = en.m.View()
	fits(t, "witnesses en", v, 80)
	if want := `Each witness types their dice digits twice; when all are in, choose "fix the seed".`; !strings.Contains(words(v), want) {
		t.Errorf("witnesses at 80 columns lacks %q:\n%s", want, v)
	}
}

// TestHomeWraps: with an unfinished ceremony the notice in the ceremony
// column wraps in that column, and a warning's list of names breaks only
// between names, "等" staying with the last.
func TestHomeWraps(t *testing.T) {
	h := demoHarness(t, lang.ZH)
	h.fillSetup()
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	h = newHarnessOn(t, h.db, lang.ZH) // the next day's start opens the only unfinished ceremony
	if h.page() == common.PageHome {
		t.Fatal("the only unfinished ceremony was not opened at start")
	}
	h.send(common.OpenMsg{Page: common.PageHome}) // Home lists it
	for _, size := range [][2]int{{100, 30}, {80, 24}, {120, 30}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := h.m.View()
		fits(t, "home", v, size[0])
		if !strings.Contains(v, "从中断处继续") {
			t.Errorf("%dx%d: the unfinished-ceremony notice is cut:\n%s", size[0], size[1], v)
		}
		for _, l := range strings.Split(v, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "等") {
				t.Errorf("%dx%d: 等 starts a line:\n%s", size[0], size[1], v)
			}
		}
		if !strings.Contains(v, "吴梅 等") || !strings.Contains(v, "曾新 等") {
			t.Errorf("%dx%d: a name list is split:\n%s", size[0], size[1], v)
		}
	}
}

// TestHelpBarsShowHelpAndQuit: at 80×24, in both languages, the help bar
// of every screen ends with ? and q (ctrl+c while a field takes text, as
// q then types), and the full help lists the keys the screen takes.
func TestHelpBarsShowHelpAndQuit(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		help, quit := l.T("帮助", "help"), l.T("退出", "quit")
		t.Run(l.T("zh", "en"), func(t *testing.T) {
			h := newHarness(t, l)
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			check := func(name string) {
				t.Helper()
				v := h.m.View()
				fits(t, name, v, 80)
				bar := helpBar(v)
				if !hasKey(bar, "?", help) || !hasKey(bar, "q", quit) || strings.Contains(bar, "...") {
					t.Errorf("%s: the help bar lacks ? or q: %q", name, bar)
				}
			}
			typing := func(name string) {
				t.Helper()
				if bar := helpBar(h.m.View()); !hasKey(bar, "ctrl+c", quit) {
					t.Errorf("%s: the help bar of a text field lacks ctrl+c: %q", name, bar)
				}
			}
			full := func(name string, keys ...string) {
				t.Helper()
				h.key("?")
				v := h.m.View()
				fits(t, name+" full help", v, 80)
				for i := 0; i < len(keys); i += 2 {
					if !hasKey(v, keys[i], keys[i+1]) {
						t.Errorf("%s: the full help lacks %s %s:\n%s", name, keys[i], keys[i+1], v)
					}
				}
				h.key("?")
			}
			check("home")
			full("home", "n", l.T("新的抽取", "new draw"), "i", l.T("导入名录", "import"), "c", l.T("覆盖情况", "coverage"),
				"r", l.T("刷新", "refresh"), "p", l.T("投影模式", "projector"), "q", quit)
			h.fillSetup()
			typing("setup, text field")
			h.focusOn(l.T("抽取县", "Counties"))
			check("setup, number field")
			full("setup", "p", l.T("投影模式", "projector"), "q", quit, "ctrl+c", quit, "0-9", l.T("输入数字", "type a number"))
			h.toButton()
			check("setup, button")
			h.key("enter")
			h.expectPage(common.PageCommit)
			check("commit")
			full("commit", "w", l.T("打印抽取前见证页", "pre-draw sheet"), "f", l.T("输出文件夹", "output folder"), "p", l.T("投影模式", "projector"))
			h.key("enter")
			typing("witnesses, text field")
			for _, w := range witnesses {
				h.addWitness(w)
			}
			h.key("up") // the seed button
			check("witnesses, button")
			full("witnesses", "p", l.T("投影模式(按钮上)", "projector (on a button)"), "q", l.T("退出(按钮上)", "quit (on a button)"), "ctrl+c", quit)
			h.key("enter")
			check("seed confirmation")
			h.key("y")
			h.expectPage(common.PageCounties)
			check("seed")
			h.key("enter")
			check("counties")
			h.key("enter")
			h.expectPage(common.PageUnits)
			check("units")
			h.key("enter")
			h.key("enter")
			h.expectPage(common.PageTeams)
			check("teams")
			h.key("enter")
			check("seal confirmation")
			h.key("y")
			h.expectPage(common.PageSeal)
			check("seal")
			full("seal", "f", l.T("输出文件夹", "output folder"), "u", l.T("抽中单位", "units"), "t", l.T("检查组", "teams"),
				"o", l.T("检查结果与公示", "results and publication"), "w", l.T("打印见证记录单", "witness sheet"), "e", l.T("导出记录", "export record"))
			h.key("u")
			check("units review")
			h.key("t")
			check("teams review")
		})
	}
}

// TestWitnessDigitsRefusal: a letter typed among the dice digits is
// refused, and the status line says so.
func TestWitnessDigitsRefusal(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		h := newHarness(t, l)
		h.toWitnesses()
		h.typeText("甲")
		h.key("down")
		h.key("down")
		h.typeText("12a45")
		want := l.T("只能输入数字 0-9", "digits 0-9 only")
		if s := h.status(); !strings.Contains(s, want) {
			t.Errorf("status after a letter = %q, want %q", s, want)
		}
		if v := h.m.View(); !strings.Contains(v, "1245") || !strings.Contains(v, want) {
			t.Errorf("the digits or the refusal are not shown:\n%s", v)
		}
		h.typeText("6")
		if s := h.status(); s != "" {
			t.Errorf("status after a digit = %q", s)
		}
	}
}

// TestSetupNumbersTyped: a number field takes typed digits (one by one or
// several at once) in place of its value, backspace, and left/right, within
// its limits: a digit past the maximum is refused with a word, and a number
// left below the minimum is raised to it.
func TestSetupNumbersTyped(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	h.focusOn("每县抽取单位数")
	h.typeText("200")
	if v := h.m.View(); !strings.Contains(v, "< 200 >") {
		t.Fatalf("typing 200 did not set the field:\n%s", v)
	}
	h.key("backspace")
	h.key("5")
	if v := h.m.View(); !strings.Contains(v, "< 205 >") {
		t.Fatalf("backspace and 5 do not give 205:\n%s", v)
	}
	h.key("0")
	if s := h.status(); !strings.Contains(s, "最大为 999") || !strings.Contains(h.m.View(), "< 205 >") {
		t.Fatalf("2050 taken or refused silently: status %q\n%s", s, h.m.View())
	}
	h.key("left")
	if v := h.m.View(); !strings.Contains(v, "< 204 >") {
		t.Fatalf("left does not give 204:\n%s", v)
	}
	h.key("up")
	h.key("3")
	if v := h.m.View(); !strings.Contains(v, "< 3 >") {
		t.Fatalf("typing 3 on the county count does not replace 2:\n%s", v)
	}
	h.key("backspace")
	if v := h.m.View(); !strings.Contains(v, "须至少为 1") {
		t.Errorf("0 counties is not reported:\n%s", v)
	}
	h.key("down")
	if v := h.m.View(); !strings.Contains(v, "抽取县(市、区)数     1") {
		t.Fatalf("0 counties was not raised to 1 on leaving the field:\n%s", v)
	}
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	if p := h.m.Session().Ceremony().Frame.Params; p.Counties != 1 || p.UnitsPerCounty != 204 {
		t.Fatalf("committed %d counties, %d units each; want 1 and 204", p.Counties, p.UnitsPerCounty)
	}
}

// TestShortagesNameCounties: the feasibility shortages name the county
// (its code in parentheses), in both languages, and a shortage wrapped
// over lines continues under its text.
func TestShortagesNameCounties(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		h := newHarness(t, l)
		h.fillSetup()
		h.focusOn(l.T("抽取县", "Counties"))
		h.typeText("9")
		v := h.m.View()
		want := l.T("- 双桥区(130802):可任组长的执法人员", "- 双桥区 (130802): only 2 inspectors can")
		if !strings.Contains(words(v), want) {
			t.Fatalf("the shortage does not name the county, want %q:\n%s", want, v)
		}
		lines := strings.Split(v, "\n")
		found := false
		for i, line := range lines[:len(lines)-1] {
			at := strings.Index(line, "- 双桥区")
			if at < 0 {
				continue
			}
			found = true
			col := lipgloss.Width(line[:at])
			next := ansi.Cut(lines[i+1], col, 200)
			if indent := len(next) - len(strings.TrimLeft(next, " ")); indent != 2 || strings.HasPrefix(strings.TrimLeft(next, " "), "-") {
				t.Errorf("the continuation of %q starts %d cells in, want 2: %q", line, indent, lines[i+1])
			}
		}
		if !found {
			t.Fatalf("no shortage item:\n%s", v)
		}
		h.toButton()
		h.key("enter")
		if s := h.status(); !strings.Contains(s, l.T("双桥区(130802)", "双桥区 (130802)")) {
			t.Errorf("status = %q", s)
		}
	}
}

// TestSetupHintsAligned: the hints of the optional text fields start in
// the column of the values, focused or not, and go once text is typed.
func TestSetupHintsAligned(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	col := func(label, value string) int {
		t.Helper()
		for _, line := range strings.Split(h.m.View(), "\n") {
			if strings.Contains(line, label) {
				at := strings.Index(line, value)
				if at < 0 {
					break
				}
				return lipgloss.Width(line[:at])
			}
		}
		t.Fatalf("no %q with %q:\n%s", label, value, h.m.View())
		return -1
	}
	values := col("轮次", "2026年第2轮")
	if c := col("按县单位数(可选)", "如 130821=5"); c != values {
		t.Errorf("the per-county hint starts at %d, the values at %d", c, values)
	}
	if c := col("指定组长(证号)", "逗号分隔"); c != values {
		t.Errorf("the leaders hint starts at %d, the values at %d", c, values)
	}
	h.focusOn("按县单位数")
	if c := col("按县单位数(可选)", "如 130821=5"); c != values {
		t.Errorf("the focused per-county hint starts at %d, the values at %d", c, values)
	}
	h.typeText("兴隆县=6")
	v := h.m.View()
	if !strings.Contains(v, "兴隆县=6") || strings.Contains(v, "如 130821=5") {
		t.Errorf("the hint stays after a value is typed:\n%s", v)
	}
	if c := col("按县单位数(可选)", "兴隆县=6"); c != values {
		t.Errorf("the typed value starts at %d, the values at %d", c, values)
	}
}
