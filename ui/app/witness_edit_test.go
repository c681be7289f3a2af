package app_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestWitnessCorrectAndRemove: before the seed a registered witness can be
// corrected (removed with a reason, then typed again, going last) or
// removed; each removal is a witness-remove step naming the witness and
// the reason; the seed confirmation lists the corrected list; the screens
// fit at 80×24 in both languages.
func TestWitnessCorrectAndRemove(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l)
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			h.toWitnesses()
			for _, w := range witnesses {
				h.addWitness(w)
			}
			h.addWitness([3]string{"孙多余", "", "111"})
			// to the correct/remove button: from the name field, up twice
			h.key("up")
			h.key("up")
			h.key("enter")
			v := h.m.View()
			checkFits(t, "edit dialog", v, 80, 24)
			golden(t, fmt.Sprintf("90_witness_edit_%s_80x24", l), v)
			if !strings.Contains(v, "> 1. 王建国") {
				t.Fatalf("no witness list to choose from:\n%s", v)
			}
			h.key("down") // 李秀英: correct her digits
			h.key("e")
			h.typeText("数字输错")
			golden(t, fmt.Sprintf("90_witness_edit_reason_%s_80x24", l), h.m.View())
			h.key("enter")
			if v := h.m.View(); !strings.Contains(v, "李秀英") || !strings.Contains(v, "法规科") {
				t.Fatalf("the corrected witness is not back in the form:\n%s", v)
			}
			h.typeText("904127732")
			h.key("down")
			h.typeText("904127732")
			h.key("enter")
			// remove 孙多余, now third
			h.key("up")
			h.key("up")
			h.key("enter")
			h.key("down")
			h.key("down")
			h.key("x")
			h.typeText("不是见证人")
			h.key("enter")
			c := h.m.Session().Ceremony()
			var names []string
			for _, w := range c.Witnesses {
				names = append(names, w.Name+":"+w.Digits)
			}
			if got := strings.Join(names, " "); got != "王建国:38271902 赵志强:7731502846 李秀英:904127732" {
				t.Fatalf("witnesses after the edits: %s", got)
			}
			steps, err := h.db.Steps(h.m.Session().ID())
			if err != nil {
				t.Fatal(err)
			}
			var removals []sampling.WitnessRemoval
			for _, s := range steps {
				if s.Kind == sampling.StepWitnessRemove {
					var r sampling.WitnessRemoval
					if err := json.Unmarshal(s.Payload, &r); err != nil {
						t.Fatal(err)
					}
					removals = append(removals, r)
				}
			}
			if len(removals) != 2 || removals[0] != (sampling.WitnessRemoval{Index: 2, Name: "李秀英", Reason: "数字输错"}) ||
				removals[1] != (sampling.WitnessRemoval{Index: 3, Name: "孙多余", Reason: "不是见证人"}) {
				t.Fatalf("removal steps %+v", removals)
			}
			h.key("down") // from the correct/remove button to the seed button
			h.key("enter")
			if v := h.m.View(); !strings.Contains(v, "38271902-7731502846-904127732") {
				t.Fatalf("the seed confirmation does not show the corrected list:\n%s", v)
			}
			h.key("y")
			h.expectPage(common.PageCounties)
		})
	}
}
