package sampling

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// StepSubstitute replaces one drawn unit or one team member after the seal.
const StepSubstitute = "substitute"

// Substitution kinds.
const (
	SubstituteUnit      = "unit"
	SubstituteInspector = "inspector"
)

// Substitution is the payload of a substitute step. In is never chosen by
// hand: it is the first candidate in ticket order (SPEC.md §9).
type Substitution struct {
	Kind     string `json:"kind"` // SubstituteUnit or SubstituteInspector
	County   string `json:"county"`
	Out      string `json:"out"`
	In       string `json:"in"`
	Ticket   string `json:"ticket,omitempty"` // In's ticket under the stage seed
	Reason   string `json:"reason"`
	Operator string `json:"operator"`
}

// CurrentUnits returns the units to inspect in county now: the drawn ones
// with every substitution applied, in draw order.
func (c *Ceremony) CurrentUnits(county string) []string {
	var out []string
	for _, ud := range c.Result.Units {
		if ud.County == county {
			out = ids0(Drawn(ud.Picks))
		}
	}
	for _, s := range c.Substitutions {
		if s.Kind == SubstituteUnit && s.County == county {
			out[slices.Index(out, s.Out)] = s.In
		}
	}
	return out
}

// CurrentTeam returns the team of county now: leader first, then members,
// with every substitution applied.
func (c *Ceremony) CurrentTeam(county string) []string {
	var out []string
	for _, t := range c.Result.Teams {
		if t.County == county {
			out = append([]string{t.Leader.ID}, ids0(t.Members)...)
		}
	}
	for _, s := range c.Substitutions {
		if s.Kind == SubstituteInspector && s.County == county {
			out[slices.Index(out, s.Out)] = s.In
		}
	}
	return out
}

// Unfit lists the members of county's team who no longer serve there given
// the current units (a substituted unit may bring a declared conflict): each
// must be substituted in turn.
func (c *Ceremony) Unfit(county string) []string {
	byID := c.inspectorsByID()
	units := c.CurrentUnits(county)
	var out []string
	for i, id := range c.CurrentTeam(county) {
		designatedLeader := i == 0 && len(c.Frame.Params.Leaders) > 0
		if !c.Frame.serves(byID[id], county, units, !designatedLeader) {
			out = append(out, id)
		}
	}
	return out
}

func ids0(picks []Pick) []string {
	out := make([]string, len(picks))
	for i, p := range picks {
		out[i] = p.ID
	}
	return out
}

func (c *Ceremony) inspectorsByID() map[string]Inspector {
	byID := make(map[string]Inspector, len(c.Frame.Inspectors))
	for _, in := range c.Frame.Inspectors {
		byID[in.ID] = in
	}
	return byID
}

// Substitute returns the step that replaces out in county by the next
// candidate in ticket order. kind is SubstituteUnit or SubstituteInspector.
func (c *Ceremony) Substitute(kind, county, out, reason, operator string) (string, []byte, error) {
	if c.Phase != PhaseSealed {
		return "", nil, fmt.Errorf("只有封存后的抽取才能替换")
	}
	reason, operator = strings.TrimSpace(reason), strings.TrimSpace(operator)
	if reason == "" || operator == "" {
		return "", nil, fmt.Errorf("替换须写明理由和操作人")
	}
	in, ticket, err := c.nextCandidate(kind, county, out)
	if err != nil {
		return "", nil, err
	}
	return marshalStep(StepSubstitute, Substitution{Kind: kind, County: county, Out: out, In: in, Ticket: ticket, Reason: reason, Operator: operator})
}

// nextCandidate finds the replacement of out (SPEC.md §9).
func (c *Ceremony) nextCandidate(kind, county, out string) (string, string, error) {
	if !slices.ContainsFunc(Drawn(c.Result.Counties), func(p Pick) bool { return p.ID == county }) {
		return "", "", fmt.Errorf("%s 不是抽中的县(市、区)", county)
	}
	gone := map[string]bool{} // everyone ever substituted out stays out
	for _, s := range c.Substitutions {
		if s.Kind == kind {
			gone[s.Out] = true
		}
	}
	var pool []string
	var label string
	switch kind {
	case SubstituteUnit:
		current := c.CurrentUnits(county)
		if !slices.Contains(current, out) {
			return "", "", fmt.Errorf("单位 %s 不在 %s 当前的检查名单中", out, county)
		}
		for _, id := range c.Frame.unitsByCounty()[county] {
			if !slices.Contains(current, id) && !gone[id] && id != out {
				pool = append(pool, id)
			}
		}
		label = LabelUnits(county)
	case SubstituteInspector:
		team := c.CurrentTeam(county)
		pos := slices.Index(team, out)
		if pos < 0 {
			return "", "", fmt.Errorf("执法人员 %s 不在 %s 检查组中", out, county)
		}
		inTeams := map[string]bool{}
		for _, ud := range c.Result.Units {
			for _, id := range c.CurrentTeam(ud.County) {
				inTeams[id] = true
			}
		}
		units := c.CurrentUnits(county)
		byID := c.inspectorsByID()
		if pos == 0 && len(c.Frame.Params.Leaders) > 0 {
			// A designated leader is replaced by the next designated one.
			for _, id := range c.Frame.Params.Leaders {
				if !inTeams[id] && !gone[id] && id != out && c.Frame.serves(byID[id], county, units, false) {
					return id, "", nil
				}
			}
			return "", "", fmt.Errorf("%s:没有可替换的指定组长", county)
		}
		for _, in := range c.Frame.Inspectors {
			if inTeams[in.ID] || gone[in.ID] || in.ID == out || (pos == 0 && !in.LeaderQualified) {
				continue
			}
			if c.Frame.serves(in, county, units, true) {
				pool = append(pool, in.ID)
			}
		}
		label = LabelMembers(county)
		if pos == 0 {
			label = LabelLeader(county)
		}
	default:
		return "", "", fmt.Errorf("替换类型 %q 无效", kind)
	}
	if len(pool) == 0 && kind == SubstituteUnit && c.Frame.Directed != nil {
		return "", "", fmt.Errorf("%s:定向检查检查名录中的每一个单位,没有备选单位可替换;无法检查的单位请在检查结果中如实记录", county)
	}
	if len(pool) == 0 {
		return "", "", fmt.Errorf("%s:没有可替换的%s", county, map[string]string{SubstituteUnit: "单位", SubstituteInspector: "执法人员"}[kind])
	}
	picks, err := Sample(pool, StageSeed(c.Seed, c.Fingerprint, label), 1, 0)
	if err != nil {
		return "", "", err
	}
	return picks[0].ID, picks[0].Ticket, nil
}

// applySubstitution checks a substitute step against the rule and records it.
func (c *Ceremony) applySubstitution(payload []byte) error {
	var s Substitution
	if err := strictUnmarshal(payload, &s); err != nil {
		return err
	}
	if _, ok := c.Ledger.Current(StepResult, s.Out); ok && s.Kind == SubstituteUnit {
		return fmt.Errorf("单位 %s 已有检查结果,不能替换", s.Out)
	}
	_, want, err := c.Substitute(s.Kind, s.County, s.Out, s.Reason, s.Operator)
	if err != nil {
		return err
	}
	if string(want) != string(payload) {
		var w Substitution
		strictUnmarshal(want, &w)
		m := &payloadMismatch{msg: "内容与重新计算的结果不符", diff: firstDiff("", reflect.ValueOf(s), reflect.ValueOf(w))}
		if w.In != s.In {
			m.msg = fmt.Sprintf("替换未按抽签号顺序:应由 %s 替换 %s,记录为 %s", w.In, s.Out, s.In)
		}
		return m
	}
	c.Substitutions = append(c.Substitutions, s)
	return nil
}
