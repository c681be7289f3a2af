package sampling

import (
	"fmt"
	"slices"
)

// testFrame builds a deterministic frame: counties C01…Cnc, each with
// units, and inspectors spread over the counties with specialties, a few
// inactive or expired, a few with conflicts.
func testFrame(nc, unitsPer, inspectors int) Frame {
	f := Frame{
		Matter:   Matter{Code: "SJ-001", Version: 1, Name: "原始记录和统计台账", Specialty: "综合"},
		DrawDate: "2026-11-25",
		Params:   Params{Counties: 3, UnitsPerCounty: 5, Method: MethodSimple, Members: 2, Alternates: 2},
	}
	for c := 1; c <= nc; c++ {
		id := fmt.Sprintf("C%02d", c)
		f.Counties = append(f.Counties, County{ID: id, Name: "县" + id})
		for u := 1; u <= unitsPer+c%3; u++ {
			f.Units = append(f.Units, Unit{ID: fmt.Sprintf("U%02d%03d", c, u), County: id, Name: fmt.Sprintf("单位%02d-%d", c, u), Category: "规上工业"})
		}
	}
	for i := 1; i <= inspectors; i++ {
		in := Inspector{
			ID:              fmt.Sprintf("E%04d", i),
			Name:            fmt.Sprintf("检查员%d", i),
			HomeCounty:      fmt.Sprintf("C%02d", i%(nc+2)), // some from C00/C(nc+1): the city bureau
			Specialties:     []string{"综合"},
			LeaderQualified: i%4 == 0,
			Active:          i%17 != 0,
			ValidUntil:      "2027-12-31",
		}
		if i%13 == 0 {
			in.ValidUntil = "2026-06-30"
		}
		if i%5 == 0 {
			in.Specialties = []string{"工业"}
		}
		if i%7 == 0 {
			in.ConflictCounties = []string{"C01"}
		}
		if i%11 == 0 {
			in.ConflictUnits = []string{"U02001", "U03002"}
		}
		f.Inspectors = append(f.Inspectors, in)
	}
	return f
}

func ids(picks []Pick) []string {
	var out []string
	for _, p := range picks {
		out = append(out, p.ID)
	}
	return out
}

func shuffled[T any](xs []T) []T {
	ys := slices.Clone(xs)
	slices.Reverse(ys)
	if len(ys) > 2 {
		ys[0], ys[len(ys)/2] = ys[len(ys)/2], ys[0]
	}
	return ys
}
