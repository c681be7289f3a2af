package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
	"shuangsui/ui/lang"
)

// bigTexts reads back every row of big text in a view (ASCII profile:
// '#' cells), trying each scale, and returns what the witnesses read.
func bigTexts(t *testing.T, v string) []string {
	t.Helper()
	var out []string
	lines := strings.Split(v, "\n")
	for i := 0; i < len(lines); {
		if !isBigLine(lines[i]) {
			i++
			continue
		}
		j := i
		for j < len(lines) && isBigLine(lines[j]) {
			j++
		}
		block := lines[i:j]
		read := false
		for s := 4; s >= 1 && !read; s-- {
			if text, ok := components.ReadBig(block, s); ok {
				out = append(out, text)
				read = true
			}
		}
		if !read {
			t.Errorf("big text that reads as no glyphs:\n%s", strings.Join(block, "\n"))
		}
		i = j
	}
	return out
}

func isBigLine(l string) bool {
	return strings.Contains(l, "#") && strings.Trim(l, "# ") == ""
}

// TestCeremonyScreens walks a whole ceremony on the demo data at 80×24 and
// 120×40, in Chinese and English, with projector mode off and (for the
// screens with big digits) on, and compares every screen with its golden
// file, confirmations and the stage-1 summary included. Every line fits
// the width; the header names the stage on screen; after stage 1 the big
// digits are exactly the drawn counties, never an alternate.
func TestCeremonyScreens(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			w, ht := size[0], size[1]
			t.Run(fmt.Sprintf("%s-%dx%d", l, w, ht), func(t *testing.T) {
				h := demoHarness(t, l)
				h.send(tea.WindowSizeMsg{Width: w, Height: ht})
				shotAt := func(name string, projector bool) string {
					t.Helper()
					if projector {
						h.key("p")
						defer h.key("p")
					}
					v := h.m.View()
					noAmbiguous(t, name, v)
					checkFits(t, name, v, w, ht)
					suffix := ""
					if projector {
						suffix = "_proj"
					}
					golden(t, fmt.Sprintf("80_%s_%dx%d_%s%s", l, w, ht, name, suffix), v)
					return v
				}
				header := func(want string) {
					t.Helper()
					if first := strings.Split(h.m.View(), "\n")[0]; !strings.Contains(first, want) {
						t.Errorf("header %q does not name the stage %q", first, want)
					}
				}
				h.fillSetup()
				h.toButton()
				h.key("enter")
				h.expectPage(common.PageCommit)
				header(l.T("固定名录库", "frame fixed"))
				shotAt("01_commit", false)
				h.key("enter")
				h.expectPage(common.PageWitnesses)
				for _, wt := range witnesses {
					h.addWitness(wt)
				}
				header(l.T("登记见证人", "witnesses"))
				shotAt("02_witnesses", false)
				h.key("up")
				h.key("enter")
				v := shotAt("03_seed_confirm", false)
				for _, wt := range witnesses {
					if !strings.Contains(v, wt[0]) || !strings.Contains(v, wt[2]) {
						t.Errorf("the seed confirmation does not list %s %s:\n%s", wt[0], wt[2], v)
					}
				}
				if !strings.Contains(v, l.T("确认生成随机种子?", "Fix the seed now?")) {
					t.Errorf("no seed question:\n%s", v)
				}
				h.key("n")
				if h.m.Session().Ceremony().Phase != sampling.PhaseWitnesses {
					t.Fatal("n fixed the seed")
				}
				h.key("enter")
				h.key("y")
				h.expectPage(common.PageCounties)
				header(l.T("随机种子已生成", "seed fixed"))
				shotAt("04_seed", false)
				shotAt("04_seed", true)
				h.key("enter")
				header(l.T("第一阶段", "stage 1"))
				c := h.m.Session().Ceremony()
				var drawn []string
				for _, pk := range sampling.Drawn(c.Result.Counties) {
					drawn = append(drawn, pk.ID)
				}
				for _, proj := range []bool{false, true} {
					v := shotAt("05_counties", proj)
					bigs := bigTexts(t, v)
					var read []string
					for _, b := range bigs {
						read = append(read, strings.Fields(b)...)
					}
					slices.Sort(read)
					want := slices.Clone(drawn)
					slices.Sort(want)
					if !slices.Equal(read, want) {
						t.Errorf("projector %v: the big digits read %q, the drawn counties are %q:\n%s", proj, read, want, v)
					}
				}
				h.key("enter")
				h.expectPage(common.PageUnits)
				header(l.T("第二阶段", "stage 2"))
				shotAt("06_units_1", false)
				h.key("enter")
				shotAt("07_units_2", false)
				h.key("enter")
				h.expectPage(common.PageTeams)
				header(l.T("第三阶段", "stage 3"))
				v = shotAt("08_teams", false)
				if !strings.Contains(v, l.T("组长池", "leaders: ")) || !strings.Contains(v, l.T("组员池", "members: ")) {
					t.Errorf("the team screen does not label its pools:\n%s", v)
				}
				h.key("enter")
				v = shotAt("09_seal_confirm", false)
				if !strings.Contains(v, l.T("确认封存抽取记录?", "Seal the record now?")) {
					t.Errorf("no seal question:\n%s", v)
				}
				h.key("esc")
				if h.m.Session().Ceremony().Phase != sampling.PhaseSeal {
					t.Fatal("esc sealed")
				}
				h.key("enter")
				h.key("y")
				h.expectPage(common.PageSeal)
				shotAt("10_seal", false)
				v = shotAt("10_seal", true)
				code := h.m.Session().Ceremony().VerificationCode()
				if got := strings.ReplaceAll(strings.Join(bigTexts(t, v), ""), " ", ""); got != "" && !strings.HasPrefix(code, got) {
					t.Errorf("the big verification code reads %q, the code is %s", got, code)
				}
			})
		}
	}
}
