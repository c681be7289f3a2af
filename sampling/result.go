package sampling

// UnitDraw is the stage-2 outcome in one county.
type UnitDraw struct {
	County string `json:"county"`
	Method string `json:"method"`
	Take   int    `json:"take"` // units drawn: min(m, eligible units in the county)
	// Start is u, the systematic random start (the first 18 fraction digits
	// of Ticket(stage seed, "start")); empty for simple draws.
	Start string `json:"start,omitempty"`
	Picks []Pick `json:"picks"` // the drawn units then the alternates
}

// Team is the stage-3 outcome for one drawn county.
type Team struct {
	County string `json:"county"`
	// Leader is the team leader; its Ticket is empty when the leader was
	// designated before the seed.
	Leader     Pick   `json:"leader"`
	Designated bool   `json:"designated"`
	Members    []Pick `json:"members"`    // drawn members, in draw order
	Alternates []Pick `json:"alternates"` // next eligible inspectors in ticket order
}

// Result is the outcome of the three-stage draw.
type Result struct {
	Counties []Pick     `json:"counties"` // drawn counties then alternates
	Units    []UnitDraw `json:"units"`    // one per drawn county, in stage-1 order
	Teams    []Team     `json:"teams"`    // one per drawn county, in stage-1 order
}

// Drawn returns the picks that are not alternates.
func Drawn(picks []Pick) []Pick {
	var out []Pick
	for _, p := range picks {
		if !p.Alternate {
			out = append(out, p)
		}
	}
	return out
}
