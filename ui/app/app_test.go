package app_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

var witnesses = [][3]string{
	{"王建国", "驻局纪检组", "38271902"},
	{"李秀英", "法规科", "904127731"},
	{"赵志强", "企业代表", "7731502846"},
}

// fillSetup opens Setup and fills the fields the operator must type.
func (h *harness) fillSetup() {
	h.t.Helper()
	h.key("n")
	h.expectPage(common.PageSetup)
	// the focus starts on 轮次: 地点, 组织单位 (prefilled), 操作员 follow
	h.key("down")
	h.typeText("市局三楼会议室")
	h.key("down")
	h.key("down")
	h.typeText("法规科 张明")
}

// toButton moves the Setup focus to the commit button.
func (h *harness) toButton() {
	h.t.Helper()
	for i := 0; i < 30; i++ {
		if strings.Contains(h.m.View(), "> [ ") {
			return
		}
		h.key("down")
	}
	h.t.Fatal("no focused button on Setup")
}

func (h *harness) addWitness(w [3]string) {
	h.t.Helper()
	h.typeText(w[0])
	h.key("down")
	h.typeText(w[1])
	h.key("down")
	h.typeText(w[2])
	h.key("down")
	h.typeText(w[2])
	h.key("enter")
}

// toWitnesses runs Setup and Commit.
func (h *harness) toWitnesses() {
	h.t.Helper()
	h.fillSetup()
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	h.key("enter")
	h.expectPage(common.PageWitnesses)
}

// toCounties adds the witnesses and fixes the seed.
func (h *harness) toCounties() {
	h.t.Helper()
	h.toWitnesses()
	for _, w := range witnesses {
		h.addWitness(w)
	}
	h.key("up") // wraps to the seed button
	h.key("enter")
	h.key("y") // confirms the seed
	h.expectPage(common.PageCounties)
}

// toSeal draws a whole ceremony on the fixture and seals it.
func (h *harness) toSeal() {
	h.t.Helper()
	h.toCounties()
	for i := 0; h.page() != common.PageSeal && i < 20; i++ {
		h.key("enter")
		if h.page() == common.PageTeams && h.m.Session().Ceremony().Phase == sampling.PhaseSeal && strings.Contains(h.m.View(), "y ") {
			h.key("y") // confirms the seal
		}
	}
	h.expectPage(common.PageSeal)
}

// noAmbiguous fails when a view holds a character whose width depends on
// the locale (East-Asian ambiguous): such a character misaligns columns on
// a zh_CN terminal.
func noAmbiguous(t *testing.T, name, view string) {
	t.Helper()
	narrow := runewidth.Condition{EastAsianWidth: false}
	wide := runewidth.Condition{EastAsianWidth: true}
	for _, r := range view {
		if narrow.RuneWidth(r) != wide.RuneWidth(r) {
			t.Errorf("%s: character %q (U+%04X) has a locale-dependent width", name, r, r)
			return
		}
	}
}

func shot(t *testing.T, h *harness, name string) {
	t.Helper()
	v := h.m.View()
	noAmbiguous(t, name, v)
	for i, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 100 {
			t.Errorf("%s line %d is %d cells wide: %q", name, i+1, w, l)
		}
	}
	if n := strings.Count(v, "\n") + 1; n != 30 {
		t.Errorf("%s has %d lines, want 30", name, n)
	}
	golden(t, name, v)
}

// TestScreens walks a whole ceremony and compares every screen with its
// golden file (100×30, ASCII profile: big digits show as '#').
func TestScreens(t *testing.T) {
	h := newHarness(t, lang.ZH)
	shot(t, h, "01_home_empty")
	h.fillSetup()
	shot(t, h, "02_setup")
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	shot(t, h, "03_commit")
	h.key("enter")
	h.addWitness(witnesses[0])
	h.typeText(witnesses[1][0])
	h.key("down")
	h.typeText(witnesses[1][1])
	h.key("down")
	h.typeText(witnesses[1][2])
	shot(t, h, "04_witnesses_typing")
	h.key("down")
	h.typeText(witnesses[1][2])
	h.key("enter")
	h.addWitness(witnesses[2])
	shot(t, h, "05_witnesses_done")
	h.key("up")
	h.key("enter")
	shot(t, h, "05b_seed_confirm")
	h.key("y")
	h.expectPage(common.PageCounties)
	shot(t, h, "06_seed")
	h.key("enter")
	shot(t, h, "07_counties")
	h.key("enter")
	h.expectPage(common.PageUnits)
	shot(t, h, "08_units_1")
	h.key("enter")
	shot(t, h, "09_units_2")
	h.key("enter")
	h.expectPage(common.PageTeams)
	shot(t, h, "10_teams")
	h.key("enter")
	shot(t, h, "10b_seal_confirm")
	h.key("y")
	h.expectPage(common.PageSeal)
	shot(t, h, "11_seal")
	h.key("p")
	shot(t, h, "12_seal_projector")
	h.key("p")
	h.key("?")
	shot(t, h, "13_seal_fullhelp")
	h.key("?")
	h.key("o")
	h.expectPage(common.PageResults)
	shot(t, h, "15_results")
	h.key("esc") // back to the seal screen the results were opened from
	h.expectPage(common.PageSeal)
	h.key("esc")
	h.expectPage(common.PageHome)
	shot(t, h, "14_home_sealed")
}

// TestScreensEnglish checks the English screens of the setup and a draw.
func TestScreensEnglish(t *testing.T) {
	h := newHarness(t, lang.EN)
	h.fillSetup()
	shot(t, h, "20_setup_en")
	h.toButton()
	h.key("enter")
	h.key("enter")
	for _, w := range witnesses {
		h.addWitness(w)
	}
	h.key("up")
	h.key("enter")
	h.key("y")
	h.key("enter")
	h.key("enter")
	shot(t, h, "21_units_en")
}

// TestSmallAndLarge renders the seed and the seal at 80×24 and 200×60,
// in both modes, and checks that nothing is wider than the screen.
func TestSmallAndLarge(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toCounties()
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		for _, proj := range []bool{false, true} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			if proj {
				h.key("p")
			}
			v := h.m.View()
			if n := strings.Count(v, "\n") + 1; n != size[1] {
				t.Errorf("%dx%d projector=%v: %d lines", size[0], size[1], proj, n)
			}
			for _, l := range strings.Split(v, "\n") {
				if lipgloss.Width(l) > size[0] {
					t.Errorf("%dx%d projector=%v: line too wide: %q", size[0], size[1], proj, l)
				}
			}
			if !strings.Contains(v, "###") {
				t.Errorf("%dx%d projector=%v: no big digits\n%s", size[0], size[1], proj, v)
			}
			if proj {
				h.key("p")
			}
		}
	}
	h.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	h.key("p")
	golden(t, "30_seed_projector_200x60", h.m.View())
}

// TestInfeasibleRefused: asking for more counties than have eligible units
// keeps the operator on Setup and says why, in Chinese.
func TestInfeasibleRefused(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	// to the county count field and type 9
	for i := 0; i < 20 && !strings.Contains(h.m.View(), "> 抽取县(市、区)数"); i++ {
		h.key("down")
	}
	h.key("backspace")
	h.key("9")
	v := h.m.View()
	if !strings.Contains(v, "X 不能继续") || !strings.Contains(v, "有合格单位的县(市、区)只有 4 个") {
		t.Fatalf("the live check does not say why:\n%s", v)
	}
	shot(t, h, "40_setup_infeasible")
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageSetup)
	if s := h.status(); !strings.Contains(s, "不能继续") || !strings.Contains(s, "只有 4 个,需要 9 个") {
		t.Fatalf("status = %q", s)
	}
	cs, err := h.db.Ceremonies()
	if err != nil || len(cs) != 0 {
		t.Fatalf("a ceremony was created for an infeasible frame: %v %v", cs, err)
	}
}

// TestSessionErrorShown: when the session fails to commit a step the
// error is shown and the screen does not advance.
func TestSessionErrorShown(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toWitnesses()
	h.failOn["AddWitness"] = errInjected
	h.addWitness(witnesses[0])
	h.expectPage(common.PageWitnesses)
	if s, isErr := h.m.Status(); !isErr || !strings.Contains(s, "登记见证人失败") || !strings.Contains(s, errInjected.Error()) {
		t.Fatalf("status = %q (error %v)", s, isErr)
	}
	if n := len(h.m.Session().Ceremony().Witnesses); n != 0 {
		t.Fatalf("%d witnesses after a failed AddWitness", n)
	}
	if !strings.Contains(h.m.View(), witnesses[0][0]) {
		t.Fatal("the form lost what was typed")
	}
	h.key("enter") // try again: now it works
	if n := len(h.m.Session().Ceremony().Witnesses); n != 1 {
		t.Fatalf("%d witnesses after retrying", n)
	}
	for _, w := range witnesses[1:] {
		h.addWitness(w)
	}
	h.key("up")
	h.failOn["FixSeed"] = errInjected
	h.key("enter")
	h.key("y")
	h.expectPage(common.PageWitnesses)
	h.key("enter")
	h.key("y")
	h.expectPage(common.PageCounties)
	h.failOn["Next"] = errInjected
	h.key("enter")
	if h.m.Session().Ceremony().Phase != sampling.PhaseCounties {
		t.Fatal("the phase advanced after a failed Next")
	}
	if s := h.status(); !strings.Contains(s, "抽取县(市、区)失败") {
		t.Fatalf("status = %q", s)
	}
	shot(t, h, "41_next_failed")
}

// TestTooFewDigits: the seed is refused until the witnesses have typed
// Info.MinDigits digits, and mistyped confirmations are refused.
func TestTooFewDigits(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toWitnesses()
	h.typeText("甲")
	h.key("down")
	h.key("down")
	h.typeText("12a3") // the letter is dropped
	h.key("down")
	h.typeText("124")
	h.key("enter")
	if s := h.status(); !strings.Contains(s, "两次输入的数字不一致") {
		t.Fatalf("status = %q", s)
	}
	h.typeText("123")
	h.key("enter")
	w := h.m.Session().Ceremony().Witnesses
	if len(w) != 1 || w[0].Digits != "123" {
		t.Fatalf("witnesses = %+v", w)
	}
	h.key("up")
	h.key("enter")
	h.expectPage(common.PageWitnesses)
	if s := h.status(); !strings.Contains(s, "共输入 3 位数字,至少需要 20 位") {
		t.Fatalf("status = %q", s)
	}
}

// TestQuitAsks: q during a ceremony asks first and says progress is
// saved; n stays; on Home q quits at once.
func TestQuitAsks(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toWitnesses()
	h.key("esc") // abandon dialog is a text field: q types
	h.key("q")
	if !strings.Contains(h.m.View(), "理由: q") {
		t.Fatalf("q did not go to the reason field:\n%s", h.m.View())
	}
	h.key("esc")
	h.key("down")
	h.key("down")
	h.key("down")
	h.key("down") // the add button: q is a command here
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit during a ceremony without asking")
		}
	}
	v := h.m.View()
	if !strings.Contains(v, "确定退出吗") || !strings.Contains(v, "进度已保存") {
		t.Fatalf("no confirmation:\n%s", v)
	}
	shot(t, h, "42_quit_confirm")
	h.key("n")
	if strings.Contains(h.m.View(), "确定退出吗") {
		t.Fatal("n did not dismiss the confirmation")
	}
	_, cmd = h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	_, cmd = h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	if cmd == nil {
		t.Fatal("y did not quit")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("y did not quit")
	}

	// A witness typed but not added: the dialog says it is not saved.
	h = newHarnessOn(t, h.db, lang.ZH)
	h.expectPage(common.PageWitnesses)
	h.typeText("钱多多")
	h.key("down")
	h.key("down")
	h.typeText("1234")
	h.key("ctrl+c")
	if v := words(h.m.View()); !strings.Contains(v, "确定退出吗") || !strings.Contains(v, "钱多多 没有保存") || strings.Contains(v, "进度已保存:") {
		t.Fatalf("the quit dialog does not say the typed witness is lost:\n%s", h.m.View())
	}
	golden(t, "42b_quit_unsaved", h.m.View())

	home := newHarness(t, lang.ZH)
	_, cmd = home.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd == nil {
		t.Fatal("q on Home did not quit")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("q on Home did not quit")
	}
}

// TestAbandon: esc on Commit asks for a reason and records the abandon.
func TestAbandon(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	h.toButton()
	h.key("enter")
	h.key("esc")
	h.key("enter") // no reason: refused
	h.expectPage(common.PageCommit)
	if s := h.status(); !strings.Contains(s, "放弃须说明理由") {
		t.Fatalf("status = %q", s)
	}
	h.typeText("参数设置错误")
	shot(t, h, "43_abandon")
	h.key("enter")
	h.expectPage(common.PageHome)
	cs, _ := h.db.Ceremonies()
	if len(cs) != 1 || !cs[0].Abandoned {
		t.Fatalf("ceremonies = %+v", cs)
	}
}

// TestResume: a new app on the same database opens the only unfinished
// ceremony at once, at the screen of its phase, with the same data, and
// says so; Home lists it.
func TestResume(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toCounties()
	h.key("enter") // counties
	h.key("enter") // units of the first county
	h.expectPage(common.PageUnits)
	before := h.m.View()

	h2 := newHarnessOn(t, h.db, lang.ZH)
	h2.expectPage(common.PageUnits)
	if s := h2.status(); !strings.Contains(s, "已打开唯一未完成的仪式 2026-11-25-001") {
		t.Fatalf("status = %q", s)
	}
	h2.key("x") // clears the status line
	if after := h2.m.View(); after != before {
		t.Fatalf("resumed screen differs:\n%s\nwant:\n%s", after, before)
	}
	h2.key("enter")
	h2.key("enter")
	h2.key("enter")
	h2.key("y")
	h2.expectPage(common.PageSeal)
	h2.key("e")
	path := filepath.Join(h2.dir, "2026-11-25-001.record.json")
	if s := h2.status(); !strings.Contains(s, path) {
		t.Fatalf("status = %q", s)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("record mode %v", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	var r sampling.Record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if _, err := sampling.Verify(r); err != nil {
		t.Fatalf("exported record does not verify: %v", err)
	}
	h2.key("w")
	if s := h2.status(); !strings.Contains(s, "sheet 2026-11-25-001") {
		t.Fatalf("status = %q", s)
	}
}

// TestColumnsAligned: under LANG=zh_CN.UTF-8 and LANG=C the ticket column
// of the county, unit and team tables starts at the same cell on every
// row, measured both by lipgloss and by go-runewidth.
func TestColumnsAligned(t *testing.T) {
	for _, l := range []string{"zh_CN.UTF-8", "C"} {
		t.Run(l, func(t *testing.T) {
			t.Setenv("LANG", l)
			t.Setenv("LC_ALL", l)
			t.Setenv("LC_CTYPE", l)
			saved := runewidth.DefaultCondition
			runewidth.DefaultCondition = runewidth.NewCondition()
			common.FixWidths()
			defer func() { runewidth.DefaultCondition = saved }()
			h := newHarness(t, lang.ZH)
			h.toCounties()
			h.key("enter")
			checkColumn(t, "counties", h.m.View())
			h.key("enter")
			checkColumn(t, "units", h.m.View())
			h.key("enter")
			h.key("enter")
			checkColumn(t, "teams", h.m.View())
		})
	}
}

func checkColumn(t *testing.T, name, view string) {
	t.Helper()
	var at []int
	for _, line := range strings.Split(view, "\n") {
		i := strings.Index(line, "  0.")
		if i < 0 {
			continue
		}
		prefix := line[:i]
		lw, rw := lipgloss.Width(prefix), runewidth.StringWidth(prefix)
		if lw != rw {
			t.Errorf("%s: lipgloss says %d cells, go-runewidth %d, for %q", name, lw, rw, prefix)
		}
		at = append(at, lw)
	}
	if len(at) < 2 {
		t.Fatalf("%s: no table rows found:\n%s", name, view)
	}
	for _, a := range at {
		if a != at[0] {
			t.Errorf("%s: ticket column starts at %v", name, at)
			return
		}
	}
}

// TestHomeWarnsOfPublicationDeadlines seals a ceremony, enters one result
// and opens Home weeks later: the result is overdue and Home says so.
func TestHomeWarnsOfPublicationDeadlines(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	s := h.m.Session()
	unit := s.Ceremony().CurrentUnits(s.Ceremony().Result.Units[0].County)[0]
	if _, err := h.db.PutResult(store.ResultInput{Ceremony: s.ID(), Unit: unit, Start: "2026-11-25", End: "2026-11-25",
		Codes: []string{"未发现问题"}, EnteredBy: "张明"}); err != nil {
		t.Fatal(err)
	}
	// Due 20 working days after 2026-11-25: 2026-12-23.
	for _, tt := range []struct {
		day  int
		want string
	}{
		{1, ""},
		{18, "5 个工作日内须公示: " + unit + " 应于 2026-12-23"},
		{30, "已超过 20 个工作日公示期限: " + unit + " 应于 2026-12-23"},
	} {
		later := newHarnessAt(t, h.db, lang.ZH, time.Date(2026, 12, tt.day, 9, 0, 0, 0, clock.Location()))
		var joined strings.Builder // the warning may wrap onto the next line
		for _, line := range strings.Split(later.m.View(), "\n") {
			joined.WriteString(strings.ReplaceAll(line, " ", ""))
		}
		view := joined.String()
		if tt.want == "" {
			if strings.Contains(view, "公示") {
				t.Errorf("12-%02d: a publication warning too early:\n%s", tt.day, view)
			}
		} else if !strings.Contains(view, strings.ReplaceAll(tt.want, " ", "")) {
			t.Errorf("12-%02d: home does not say %q:\n%s", tt.day, tt.want, view)
		}
	}
}

// TestSealedCeremonyCanBeReviewed opens the units and teams of a sealed
// ceremony from the seal screen: u opens the units at the first county;
// enter, and esc as well, bring the operator back to the seal; t and u
// switch between the units and the teams; nothing is drawn or written.
func TestSealedCeremonyCanBeReviewed(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	steps := len(h.m.Session().Ceremony().Steps)
	h.key("u")
	h.expectPage(common.PageUnits)
	view := h.m.View()
	if !strings.Contains(view, "返回封存页") {
		t.Fatalf("units of a sealed ceremony offer to draw:\n%s", view)
	}
	if !strings.Contains(view, "第 1/2 个县(市、区)") {
		t.Errorf("the units review does not open on the first county:\n%s", view)
	}
	h.key("right")
	h.key("enter")
	h.expectPage(common.PageSeal)
	h.key("t")
	h.expectPage(common.PageTeams)
	h.key("enter")
	h.expectPage(common.PageSeal)
	h.key("u")
	h.expectPage(common.PageUnits)
	h.key("esc")
	h.expectPage(common.PageSeal)
	h.key("t")
	h.expectPage(common.PageTeams)
	h.key("esc")
	h.expectPage(common.PageSeal)
	h.key("u")
	h.key("t")
	h.expectPage(common.PageTeams)
	h.key("u")
	h.expectPage(common.PageUnits)
	h.key("enter")
	h.expectPage(common.PageSeal)
	if n := len(h.m.Session().Ceremony().Steps); n != steps {
		t.Fatalf("reviewing wrote %d steps", n-steps)
	}
}

// TestChooseOutputFolder: f on the seal screen asks for the folder sheets
// and records go to; a file is refused with the reason and the dialog stays
// open; a missing folder (its name typed with q in it, which must not quit)
// is created 0700 and the record is then exported into it.
func TestChooseOutputFolder(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	file := filepath.Join(h.dir, "note.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.key("f")
	if v := h.m.View(); !strings.Contains(v, "文件夹: "+h.dir) {
		t.Fatalf("the dialog does not show the current folder:\n%s", v)
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.typeText(file)
	h.key("enter")
	if s, isErr := h.m.Status(); !isErr || !strings.Contains(s, "是文件,不是文件夹") {
		t.Fatalf("a file taken as the folder: status %q (error %v)", s, isErr)
	}
	if v := h.m.View(); !strings.Contains(v, "enter 确定   esc 取消") {
		t.Fatalf("the dialog closed after a refusal:\n%s", v)
	}
	dir := filepath.Join(h.dir, "quarterly", "第二轮")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.typeText(dir)
	h.key("enter")
	h.expectPage(common.PageSeal)
	if s := h.status(); !strings.Contains(s, dir) {
		t.Fatalf("status after choosing the folder = %q", s)
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder not created 0700: %v %v", fi, err)
	}
	if v, err := h.db.Setting(store.SettingExportDir); err != nil || string(v) != dir {
		t.Fatalf("the chosen folder is not remembered: %q %v", v, err)
	}
	h.key("e")
	if _, err := os.Stat(filepath.Join(dir, "2026-11-25-001.record.json")); err != nil {
		t.Fatalf("record not written to the chosen folder: %v (status %q)", err, h.status())
	}
	h.key("f")
	h.key("esc")
	if v := h.m.View(); strings.Contains(v, "enter 确定   esc 取消") {
		t.Fatalf("esc did not close the dialog:\n%s", v)
	}
}

// TestBackupKey: b on Home takes a backup beside the database at once (the
// only way to copy it while the app holds it) and names the file.
func TestBackupKey(t *testing.T) {
	h := newHarness(t, lang.EN)
	h.key("b")
	list, err := store.ListBackups(h.db.Path())
	if err != nil || len(list) == 0 || list[0].Reason != store.ReasonManual {
		t.Fatalf("backups %+v, %v", list, err)
	}
	if s := h.status(); !strings.Contains(s, "database backed up beside it to") || !strings.Contains(words(h.m.View()), filepath.Base(list[0].Path)) {
		t.Fatalf("status %q\n%s", s, h.m.View())
	}
	if !strings.Contains(helpBar(h.m.View()), "b backup") {
		t.Errorf("the help bar does not offer b:\n%s", helpBar(h.m.View()))
	}
}

// TestBackupKeyDuringACeremony: b works on a ceremony screen too (the lock
// message of a second window tells the operator to press it there).
func TestBackupKeyDuringACeremony(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toCounties()
	h.key("b")
	h.expectPage(common.PageCounties)
	if s := h.status(); !strings.Contains(s, "数据库已备份到其旁边的 ") {
		t.Fatalf("status %q", s)
	}
	if list, err := store.ListBackups(h.db.Path()); err != nil || len(list) == 0 || list[0].Reason != store.ReasonManual {
		t.Fatalf("backups %v %v", list, err)
	}
}

// TestHeaderDropsWholeParts: however narrow the window, the header names
// the stage on screen and the projector tag whole, dropping the title,
// the step count and the id first.
func TestHeaderDropsWholeParts(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		h := newHarness(t, l)
		h.toCounties()
		h.key("enter")
		h.key("p")
		stage, proj := l.T("第一阶段 抽取县(市、区)", "stage 1 counties"), l.T("[投影]", "[projector]")
		for w := 40; w <= 130; w += 3 {
			h.send(tea.WindowSizeMsg{Width: w, Height: 24})
			head := strings.Split(h.m.View(), "\n")[0]
			if lipgloss.Width(head) > w || !strings.Contains(head, stage) || !strings.HasSuffix(head, proj) {
				t.Errorf("%s at %d columns: header %q", l, w, head)
			}
			for _, part := range []string{"2026-11-25-001", l.T("第 6 步已保存", "step 6 saved")} {
				if i := strings.Index(head, part[:4]); i >= 0 && !strings.Contains(head, part) {
					t.Errorf("%s at %d columns: %q cut in %q", l, w, part, head)
				}
			}
		}
	}
}
