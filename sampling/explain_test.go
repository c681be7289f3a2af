package sampling

import (
	"fmt"
	"slices"
	"testing"
)

// TestExplainTeamsMatchesTheDraw: for many seeds, each team's explained
// pools hold exactly its leader, members and alternates as picks, in
// ticket order, and the pool sizes are the populations DrawTeams samples
// from (checked by sampling them again with the reference sampler); every
// inspector passed over has a ticket below the last pick and a reason
// that is true of them.
func TestExplainTeamsMatchesTheDraw(t *testing.T) {
	f := testFrame(12, 8, 60)
	fp, _ := f.Fingerprint()
	byID := map[string]Inspector{}
	for _, in := range f.Inspectors {
		byID[in.ID] = in
	}
	skipped := 0
	for i := range 30 {
		seed := fmt.Sprintf("%05d-%05d", i*7919, i*104729)
		res, err := Draw(f, seed)
		if err != nil {
			t.Fatal(err)
		}
		pools := ExplainTeams(f, seed, fp, res.Units, res.Teams)
		for ti, tm := range res.Teams {
			tp := pools[ti]
			var leaders, picks []string
			for _, r := range tp.Leaders.Rows {
				if r.Role == "leader" {
					leaders = append(leaders, r.ID)
				}
			}
			if !slices.Equal(leaders, []string{tm.Leader.ID}) {
				t.Fatalf("seed %s team %s: leader rows %v, leader %s", seed, tm.County, leaders, tm.Leader.ID)
			}
			for _, r := range tp.Members.Rows {
				if r.Role != "skipped" {
					picks = append(picks, r.ID)
				}
			}
			var want []string
			for _, p := range append(slices.Clone(tm.Members), tm.Alternates...) {
				want = append(want, p.ID)
			}
			if !slices.Equal(picks, want) {
				t.Fatalf("seed %s team %s: member rows %v, draw %v", seed, tm.County, picks, want)
			}
			for _, pool := range []Pool{tp.Leaders, tp.Members} {
				for k := 1; k < len(pool.Rows); k++ {
					if pool.Rows[k-1].Ticket >= pool.Rows[k].Ticket {
						t.Fatalf("seed %s team %s: rows out of ticket order", seed, tm.County)
					}
				}
				for _, r := range pool.Rows {
					if r.Role != "skipped" {
						continue
					}
					skipped++
					in := byID[r.ID]
					isLeader := false
					for _, o := range res.Teams {
						isLeader = isLeader || o.Leader.ID == r.ID
					}
					switch r.Skip {
					case SkipLeader:
						if !isLeader {
							t.Errorf("%s marked as a leader", r.ID)
						}
					case SkipRecused:
						if f.serves(in, tm.County, nil, true) && len(in.ConflictUnits) == 0 {
							t.Errorf("%s marked recused from %s", r.ID, tm.County)
						}
					case SkipOtherTeam:
						found := false
						for _, o := range res.Teams[:ti] {
							for _, m := range o.Members {
								found = found || m.ID == r.ID
							}
						}
						if !found {
							t.Errorf("%s marked as in another team", r.ID)
						}
					default:
						t.Errorf("%s skipped for %q", r.ID, r.Skip)
					}
				}
			}
			// The member pool's size is the population DrawTeams samples:
			// sampled again, that population gives the same picks.
			var units []string
			for _, p := range Drawn(res.Units[ti].Picks) {
				units = append(units, p.ID)
			}
			var pool []string
			for _, in := range f.Inspectors {
				taken := false
				for k, o := range res.Teams {
					taken = taken || o.Leader.ID == in.ID
					for _, m := range o.Members {
						taken = taken || (k < ti && m.ID == in.ID)
					}
				}
				if !taken && f.serves(in, tm.County, units, true) {
					pool = append(pool, in.ID)
				}
			}
			again, err := SampleNaive(pool, StageSeed(seed, fp, LabelMembers(tm.County)), len(tm.Members), len(tm.Alternates))
			if err != nil || len(pool) != tp.Members.Size {
				t.Fatalf("seed %s team %s: member pool %d, explained %d (%v)", seed, tm.County, len(pool), tp.Members.Size, err)
			}
			var got []string
			for _, p := range again {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("seed %s team %s: the pool samples %v, the draw has %v", seed, tm.County, got, want)
			}
		}
	}
	if skipped == 0 {
		t.Error("no inspector was ever passed over: the test shows nothing")
	}
}
