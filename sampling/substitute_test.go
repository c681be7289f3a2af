package sampling

import (
	"errors"
	"slices"
	"testing"
)

func TestSubstitutionsFollowTicketOrder(t *testing.T) {
	f := testFrame(10, 8, 60)
	c, log := runCeremony(t, f)
	county := c.Result.Units[0].County
	drawn := c.CurrentUnits(county)
	alternates := ids(c.Result.Units[0].Picks[len(drawn):])

	// A unit: replaced by the first alternate, then the next one.
	kind, p, err := c.Substitute(SubstituteUnit, county, drawn[1], "已注销", "张操作")
	log.append(t, c, kind, p, err)
	kind, p, err = c.Substitute(SubstituteUnit, county, drawn[3], "已迁出", "张操作")
	log.append(t, c, kind, p, err)
	now := c.CurrentUnits(county)
	if now[1] != alternates[0] || now[3] != alternates[1] {
		t.Fatalf("units now %v, alternates %v", now, alternates)
	}
	// A substitute can be substituted in turn; the one out never returns.
	kind, p, err = c.Substitute(SubstituteUnit, county, alternates[0], "无法联系", "张操作")
	log.append(t, c, kind, p, err)
	if got := c.CurrentUnits(county); slices.Contains(got, drawn[1]) || slices.Contains(got, alternates[0]) {
		t.Fatalf("a unit substituted out came back: %v", got)
	}

	// A member: replaced by the first team alternate still free.
	team := c.Result.Teams[0]
	kind, p, err = c.Substitute(SubstituteInspector, county, team.Members[0].ID, "回避", "张操作")
	log.append(t, c, kind, p, err)
	got := c.CurrentTeam(county)
	if got[1] == team.Members[0].ID || !slices.Contains(ids(team.Alternates), got[1]) {
		t.Fatalf("team now %v, alternates %v", got, ids(team.Alternates))
	}
	// The leader: replaced by a leader-qualified inspector.
	kind, p, err = c.Substitute(SubstituteInspector, county, team.Leader.ID, "出差", "张操作")
	log.append(t, c, kind, p, err)
	leader := c.CurrentTeam(county)[0]
	for _, in := range f.Inspectors {
		if in.ID == leader && !in.LeaderQualified {
			t.Fatalf("new leader %s is not leader-qualified", leader)
		}
	}
	if len(c.Unfit(county)) != 0 {
		t.Fatalf("unfit after substitutions: %v", c.Unfit(county))
	}

	again, err := Replay(log.steps)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRecord("x", again)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Substitutions) != 5 || r.AmendedHead != log.steps[len(log.steps)-1].Hash || r.VerificationCode == r.AmendedHead {
		t.Fatalf("record substitutions %d, head %s", len(r.Substitutions), r.AmendedHead)
	}
	if _, err := Verify(r); err != nil {
		t.Fatal(err)
	}
}

func TestSubstitutionRefusals(t *testing.T) {
	f := testFrame(10, 8, 60)
	c, _ := runCeremony(t, f)
	county := c.Result.Units[0].County
	unit := c.CurrentUnits(county)[0]
	cases := map[string]func() error{
		"no reason":        func() error { _, _, err := c.Substitute(SubstituteUnit, county, unit, " ", "张"); return err },
		"no operator":      func() error { _, _, err := c.Substitute(SubstituteUnit, county, unit, "注销", ""); return err },
		"county not drawn": func() error { _, _, err := c.Substitute(SubstituteUnit, "C99", unit, "注销", "张"); return err },
		"unit not drawn":   func() error { _, _, err := c.Substitute(SubstituteUnit, county, "U99999", "注销", "张"); return err },
		"not in team": func() error {
			_, _, err := c.Substitute(SubstituteInspector, county, "E9999", "回避", "张")
			return err
		},
		"bad kind": func() error { _, _, err := c.Substitute("car", county, unit, "x", "张"); return err },
	}
	for name, try := range cases {
		if try() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	open := &Ceremony{}
	if _, _, err := open.Substitute(SubstituteUnit, county, unit, "注销", "张"); err == nil {
		t.Error("substitution before the seal accepted")
	}
}

func TestHandPickedSubstituteIsCaught(t *testing.T) {
	f := testFrame(10, 8, 60)
	c, log := runCeremony(t, f)
	county := c.Result.Units[0].County
	drawn := c.CurrentUnits(county)
	kind, p, err := c.Substitute(SubstituteUnit, county, drawn[0], "已注销", "张操作")
	log.append(t, c, kind, p, err)
	steps := log.steps
	// Forge: the second alternate instead of the first, chain recomputed.
	s := steps[len(steps)-1]
	var sub Substitution
	strictUnmarshal(s.Payload, &sub)
	sub.In = c.Result.Units[0].Picks[len(drawn)+1].ID
	_, s.Payload, _ = marshalStep(StepSubstitute, sub)
	steps[len(steps)-1] = s
	rechain(steps)
	_, err = Replay(steps)
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Seq != s.Seq {
		t.Fatalf("hand-picked substitute: %v", err)
	}
}
