package sampling

import (
	"slices"
	"strings"
)

// Why an inspector with a smaller ticket than a pick was passed over in a
// team draw (ExplainTeams).
const (
	SkipLeader    = "leader"     // already the leader of a team
	SkipRecused   = "recused"    // from the county, or a declared conflict with it or one of its drawn units
	SkipOtherTeam = "other-team" // already a member of a team drawn before
)

// PoolRow is one inspector of a team pool, in ticket order: a pick (Role
// "leader", "member" or "alternate") or one passed over (Role "skipped",
// Skip says why).
type PoolRow struct {
	ID     string
	Ticket string
	Role   string
	Skip   string
}

// Pool is one of the two pools of a team draw: its size (the inspectors
// it was drawn from) and its rows up to the last pick, in ticket order.
type Pool struct {
	Size int
	Rows []PoolRow
}

// TeamPools explains the draw of one county's team: the leader pool
// (leader-qualified inspectors who serve there and lead no earlier team)
// and the member pool (inspectors who serve there and are in no team yet).
// Designated is true when the leader was designated before the seed, then
// Leaders is empty.
type TeamPools struct {
	County     string
	Designated bool
	Leaders    Pool
	Members    Pool
}

// ExplainTeams recomputes, for each team of a stage-3 draw, the pools its
// leader and members were drawn from, as DrawTeams built them, and lists
// in ticket order every pick and every inspector passed over before the
// last pick because they already lead a team, are recused from the county
// or already sit in another team. It reads the outcome; it draws nothing.
func ExplainTeams(f Frame, seed, fingerprint string, units []UnitDraw, teams []Team) []TeamPools {
	byID := map[string]Inspector{}
	for _, in := range f.Inspectors {
		byID[in.ID] = in
	}
	leaderOf := map[string]int{} // inspector -> team index
	memberOf := map[string]int{}
	for i, t := range teams {
		leaderOf[t.Leader.ID] = i
		for _, m := range t.Members {
			memberOf[m.ID] = i
		}
	}
	drawn := func(i int) []string {
		var out []string
		if i < len(units) {
			for _, p := range Drawn(units[i].Picks) {
				out = append(out, p.ID)
			}
		}
		return out
	}
	// recused: serves fails for a reason of the county itself, while the
	// inspector is otherwise able to serve (active, valid, specialty).
	able := func(in Inspector) bool {
		return in.Active && in.ValidUntil >= f.DrawDate && slices.Contains(in.Specialties, f.Matter.Specialty)
	}
	type cand struct{ id, ticket string }
	ranked := func(label string) []cand {
		out := make([]cand, 0, len(f.Inspectors))
		for _, in := range f.Inspectors {
			out = append(out, cand{in.ID, Ticket(StageSeed(seed, fingerprint, label), in.ID)})
		}
		slices.SortFunc(out, func(a, b cand) int { return strings.Compare(a.ticket, b.ticket) })
		return out
	}
	out := make([]TeamPools, len(teams))
	for i, t := range teams {
		tp := &out[i]
		tp.County, tp.Designated = t.County, t.Designated
		units := drawn(i)
		serves := func(in Inspector) bool { return f.serves(in, t.County, units, true) }
		if !t.Designated {
			for _, c := range ranked(LabelLeader(t.County)) {
				in := byID[c.id]
				if !in.LeaderQualified || !able(in) {
					continue
				}
				j, leads := leaderOf[c.id]
				earlier := leads && j < i
				switch {
				case serves(in) && !earlier:
					tp.Leaders.Size++
					if c.id == t.Leader.ID {
						tp.Leaders.Rows = append(tp.Leaders.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: "leader"})
					}
				case !serves(in):
					tp.Leaders.Rows = append(tp.Leaders.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: "skipped", Skip: SkipRecused})
				default:
					tp.Leaders.Rows = append(tp.Leaders.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: "skipped", Skip: SkipLeader})
				}
			}
			tp.Leaders.Rows = upTo(tp.Leaders.Rows)
		}
		role := map[string]string{}
		for _, m := range t.Members {
			role[m.ID] = "member"
		}
		for _, a := range t.Alternates {
			role[a.ID] = "alternate"
		}
		for _, c := range ranked(LabelMembers(t.County)) {
			in := byID[c.id]
			if !able(in) {
				continue
			}
			_, leads := leaderOf[c.id]
			j, member := memberOf[c.id]
			inEarlier := member && j < i
			switch {
			case serves(in) && !leads && !inEarlier:
				tp.Members.Size++
				if r, ok := role[c.id]; ok {
					tp.Members.Rows = append(tp.Members.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: r})
				}
			case leads:
				tp.Members.Rows = append(tp.Members.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: "skipped", Skip: SkipLeader})
			case !serves(in):
				tp.Members.Rows = append(tp.Members.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: "skipped", Skip: SkipRecused})
			default:
				tp.Members.Rows = append(tp.Members.Rows, PoolRow{ID: c.id, Ticket: c.ticket, Role: "skipped", Skip: SkipOtherTeam})
			}
		}
		tp.Members.Rows = upTo(tp.Members.Rows)
	}
	return out
}

// upTo keeps the rows up to the last pick: those passed over after it had
// no bearing on the draw.
func upTo(rows []PoolRow) []PoolRow {
	last := -1
	for i, r := range rows {
		if r.Role != "skipped" {
			last = i
		}
	}
	return rows[:last+1]
}
