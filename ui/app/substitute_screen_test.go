package app_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	rfix "shuangsui/store/report/fixture"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// substituteInApp makes a substitution from the sealed screen: s, choose
// the target whose line contains what, reason, operator, confirm.
func (h *harness) substituteInApp(what, reason, operator string) {
	h.t.Helper()
	h.expectPage(common.PageSeal)
	h.key("s")
	for i := 0; i < 200 && !strings.Contains(selectedLine(h.m.View()), what); i++ {
		h.key("down")
	}
	if !strings.Contains(selectedLine(h.m.View()), what) {
		h.t.Fatalf("no target %q:\n%s", what, h.m.View())
	}
	h.key("enter")
	h.typeText(reason)
	h.key("enter")
	h.typeText(operator)
	h.key("enter")
	if v := h.m.View(); !strings.Contains(v, "确认替换") && !strings.Contains(v, "confirm") {
		h.t.Fatalf("no confirmation:\n%s", v)
	}
	h.key("enter")
}

func selectedLine(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "> ") {
			return l
		}
	}
	return ""
}

// After a substitution made in the app, at 80×24 and 120×40, in Chinese and
// English: the step is the one the command line writes; the sealed screen
// says 已替换 N 次 with the amended code under the original one and offers
// the amendment sheet; the unit and team screens mark who was replaced and
// who came in and name who replaced them; Home shows 已封存(已替换 N 次);
// the results screen marks the unit that came in.
func TestScreensAfterASubstitution(t *testing.T) {
	for _, tc := range []struct {
		l    lang.Lang
		w, h int
	}{{lang.ZH, 80, 24}, {lang.ZH, 120, 40}, {lang.EN, 80, 24}, {lang.EN, 120, 40}} {
		t.Run(fmt.Sprintf("%s-%dx%d", tc.l, tc.w, tc.h), func(t *testing.T) {
			f := rfix.New(t, "2026-09-01", 6, 3)
			f.Clock.Set("2026-11-25")
			c := f.S.Ceremony()
			county := c.Result.Units[0].County
			out := c.CurrentUnits(county)[1]
			member := c.CurrentTeam(c.Result.Units[1].County)[1]
			h := newHarnessAt(t, f.DB, tc.l, f.Clock.Now())
			h.send(tea.WindowSizeMsg{Width: tc.w, Height: tc.h})
			h.key("enter")
			h.substituteInApp(out, "已注销", "张明")
			if st := h.status(); !strings.Contains(st, "w") || !strings.Contains(st, out) {
				t.Fatalf("status after the substitution: %q", st)
			}
			h.substituteInApp(member, "回避", "张明")
			steps, err := f.DB.Steps(f.S.ID())
			if err != nil {
				t.Fatal(err)
			}
			var subs []sampling.Substitution
			for _, s := range steps {
				if s.Kind == sampling.StepSubstitute {
					var sub sampling.Substitution
					json.Unmarshal(s.Payload, &sub)
					subs = append(subs, sub)
				}
			}
			if len(subs) != 2 || subs[0].Out != out || subs[0].Operator != "张明" || subs[0].Reason != "已注销" || subs[1].Out != member {
				t.Fatalf("substitutions stored %+v", subs)
			}
			// The same step the command line writes: the chain replays and
			// the last step is what sampling computes for these inputs.
			cer, err := f.DB.SealedCeremony(f.S.ID())
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("70_subst_%s_%dx%d", tc.l, tc.w, tc.h)
			v := h.m.View()
			checkFits(t, name+"_seal", v, tc.w, tc.h)
			want := map[lang.Lang]string{lang.ZH: "已替换 2 次, 修订校验码", lang.EN: "substituted 2 times, amended code"}[tc.l]
			if !strings.Contains(strings.ReplaceAll(v, "\n", " "), want) || !strings.Contains(strings.ReplaceAll(v, " ", ""), cer.AmendedHead()[:8]) {
				t.Errorf("sealed screen:\n%s", v)
			}
			golden(t, name+"_seal", v)
			h.key("u")
			h.expectPage(common.PageUnits)
			v = h.m.View()
			checkFits(t, name+"_units", v, tc.w, tc.h)
			if !strings.Contains(v, map[lang.Lang]string{lang.ZH: "已替换", lang.EN: "replaced"}[tc.l]) || !strings.Contains(v, "张明") {
				t.Errorf("units screen:\n%s", v)
			}
			golden(t, name+"_units", v)
			h.key("t")
			h.expectPage(common.PageTeams)
			v = h.m.View()
			checkFits(t, name+"_teams", v, tc.w, tc.h)
			if !strings.Contains(v, map[lang.Lang]string{lang.ZH: "(已替换)", lang.EN: "(replaced)"}[tc.l]) || !strings.Contains(v, "张明") {
				t.Errorf("teams screen:\n%s", v)
			}
			golden(t, name+"_teams", v)
			h.key("esc")
			h.key("o")
			h.expectPage(common.PageResults)
			v = h.m.View()
			checkFits(t, name+"_results", v, tc.w, tc.h)
			if !strings.Contains(v, map[lang.Lang]string{lang.ZH: "(替入)", lang.EN: "(in)"}[tc.l]) {
				t.Errorf("results screen:\n%s", v)
			}
			golden(t, name+"_results", v)
			h.key("esc")
			h.key("esc")
			h.expectPage(common.PageHome)
			v = h.m.View()
			checkFits(t, name+"_home", v, tc.w, tc.h)
			if !strings.Contains(v, map[lang.Lang]string{lang.ZH: "已封存(已替换 2 次)", lang.EN: "sealed (2 substitutions)"}[tc.l]) || strings.Contains(v, "substitute ") {
				t.Errorf("home screen:\n%s", v)
			}
			golden(t, name+"_home", v)
		})
	}
}
