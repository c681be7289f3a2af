package sampling

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Method names how units are drawn inside a county.
const (
	MethodSimple     = "simple"     // the m smallest tickets
	MethodSystematic = "systematic" // 随机等距抽样 over the ids in byte order
)

// Matter is the part of a 抽查事项 that the draw reads or that identifies it.
type Matter struct {
	Code      string `json:"code"`
	Version   int    `json:"version"`
	Name      string `json:"name"`
	Specialty string `json:"specialty"`
}

// County is a county-level area with at least one eligible unit.
type County struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Unit is an eligible inspection object.
type Unit struct {
	ID       string `json:"id"`
	County   string `json:"county"`
	Name     string `json:"name"`
	Category string `json:"category"`
}

// Inspector is an enforcement officer with every field the team draw reads.
type Inspector struct {
	ID               string   `json:"id"` // 执法证号
	Name             string   `json:"name"`
	HomeCounty       string   `json:"home_county"`
	Specialties      []string `json:"specialties"`
	LeaderQualified  bool     `json:"leader_qualified"`
	Active           bool     `json:"active"`
	ValidUntil       string   `json:"valid_until"` // YYYY-MM-DD, last day the certificate is valid
	ConflictCounties []string `json:"conflict_counties,omitempty"`
	ConflictUnits    []string `json:"conflict_units,omitempty"`
}

// CountyCount overrides the number of units drawn in one county.
type CountyCount struct {
	County string `json:"county"`
	Units  int    `json:"units"`
}

// Params are the draw parameters fixed before the seed.
type Params struct {
	Counties       int           `json:"counties"`         // k: counties drawn in stage 1
	UnitsPerCounty int           `json:"units_per_county"` // m: units drawn in each drawn county
	UnitsOverride  []CountyCount `json:"units_override,omitempty"`
	Method         string        `json:"method"`  // MethodSimple or MethodSystematic
	Members        int           `json:"members"` // members per team besides the leader, at least 1
	// Leaders, when not empty, are the certificate numbers of the team
	// leaders designated before the seed, in order of preference; when
	// empty, each team's leader is drawn from leader-qualified inspectors.
	Leaders    []string `json:"leaders,omitempty"`
	Alternates int      `json:"alternates"` // r: alternates at every stage
}

// UnitsFor returns how many units are drawn in county id.
func (p Params) UnitsFor(county string) int {
	for _, o := range p.UnitsOverride {
		if o.County == county {
			return o.Units
		}
	}
	return p.UnitsPerCounty
}

// Frame is everything a draw reads. It is fixed, fingerprinted and shown
// before the seed exists; the draw is a function of (Frame, seed) alone.
type Frame struct {
	Matter     Matter      `json:"matter"`
	DrawDate   string      `json:"draw_date"` // YYYY-MM-DD
	Params     Params      `json:"params"`
	Counties   []County    `json:"counties"`
	Units      []Unit      `json:"units"`
	Inspectors []Inspector `json:"inspectors"`
	// HomeCountyAllowed lets an inspector inspect his own county (a county
	// bureau); false is the rule of a city bureau (SPEC.md §5).
	HomeCountyAllowed bool `json:"home_county_allowed,omitempty"`
	// Directed, when not nil, makes the draw a directed one (定向检查,
	// SPEC.md §12): the frame's units are exactly the units of one kind the
	// period has not covered (or a given list), and every one of them is
	// inspected; only the inspectors are drawn.
	Directed *Directed `json:"directed,omitempty"`
	// Partner, when not "", is the department the check is held jointly
	// with (跨部门联合抽查, SPEC.md §12), e.g. 市场监督管理局.
	Partner string `json:"partner,omitempty"`
}

// Kinds of directed draw (SPEC.md §12).
const (
	DirectedKey       = "key"       // 重点单位 not inspected this year
	DirectedDishonest = "dishonest" // 严重失信 not inspected this half-year
	DirectedList      = "list"      // a list given with its reason (imported, or a partner's)
)

// Directed says why a frame's units are what they are: its kind, the
// reason in words (the period it covers, or why the list was given) and,
// for a list, where the list came from.
type Directed struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	Source string `json:"source,omitempty"`
}

// Version3 reports whether the frame has a member of version 3 of the
// canonical text (a directed draw or a partner department).
func (f Frame) version3() bool { return f.Directed != nil || f.Partner != "" }

// Canonical returns the canonical serialisation of the frame (SPEC.md §5):
// UTF-8 lines ending in "\n", fields separated by TAB, lists by ",",
// counties, units and inspectors sorted by id in byte order, every list
// inside an inspector sorted. It fails when a field holds a TAB, CR, LF,
// or a list element is empty or holds a comma, since those would make it
// ambiguous; repeated ids are refused by ValidateParams.
func (f Frame) Canonical() ([]byte, error) {
	// The exact size is known up to the inspectors' lists: one allocation
	// for a frame of a million units instead of a dozen growing copies.
	size := 256 + len(f.Matter.Code) + len(f.Matter.Name) + len(f.Matter.Specialty)
	for _, u := range f.Units {
		size += len("unit") + len(u.ID) + len(u.County) + len(u.Category) + len(u.Name) + 5
	}
	for _, c := range f.Counties {
		size += len("county") + len(c.ID) + len(c.Name) + 3
	}
	for _, in := range f.Inspectors {
		size += 64 + len(in.ID) + len(in.Name) + len(in.HomeCounty) + len(in.ValidUntil)
	}
	b := make([]byte, 0, size)
	if err := f.writeCanonical(func(line []byte) bool { b = append(b, line...); return true }); err != nil {
		return nil, err
	}
	return b, nil
}

// writeCanonical passes the lines of the canonical serialisation, in
// order and each with its "\n", to emit, which may keep them only until it
// returns; emit returning false stops the lines (ParseCanonical compares
// them with a text that way, without a second copy of it).
func (f Frame) writeCanonical(emit func(line []byte) bool) error {
	var bad error
	field := func(where, s string) string {
		if bad == nil && strings.ContainsAny(s, "\t\r\n") {
			bad = fmt.Errorf("名录 %s: %q 含有制表符或换行", where, s)
		}
		return s
	}
	list := func(where string, xs []string) string {
		ys := slices.Clone(xs)
		slices.Sort(ys)
		for _, y := range ys {
			field(where, y)
			if bad == nil && (y == "" || strings.Contains(y, ",")) {
				bad = fmt.Errorf("名录 %s: 列表项 %q 为空或含逗号", where, y)
			}
		}
		return strings.Join(ys, ",")
	}
	var buf []byte
	stopped := false
	line := func(fields ...string) {
		if stopped {
			return
		}
		buf = buf[:0]
		for i, x := range fields {
			if i > 0 {
				buf = append(buf, '\t')
			}
			buf = append(buf, x...)
		}
		buf = append(buf, '\n')
		stopped = !emit(buf)
	}
	flag := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	itoa := strconv.Itoa
	m := f.Matter
	version := "1"
	if f.HomeCountyAllowed {
		version = "2"
	}
	if f.version3() {
		version = "3"
	}
	line("shuangsui-frame", version)
	line("matter", field("matter code", m.Code), itoa(m.Version), field("matter name", m.Name), field("matter specialty", m.Specialty))
	line("date", field("draw date", f.DrawDate))
	if f.HomeCountyAllowed {
		line("rule", "home_county_allowed")
	}
	if d := f.Directed; d != nil {
		line("directed", field("directed kind", d.Kind), field("directed reason", d.Reason), field("directed source", d.Source))
	}
	if f.Partner != "" {
		line("partner", field("partner department", f.Partner))
	}
	p := f.Params
	line("params", itoa(p.Counties), itoa(p.UnitsPerCounty), field("method", p.Method), itoa(p.Members), itoa(p.Alternates))
	overrides := slices.Clone(p.UnitsOverride)
	slices.SortFunc(overrides, func(a, b CountyCount) int { return strings.Compare(a.County, b.County) })
	for _, o := range overrides {
		line("override", field("override county", o.County), itoa(o.Units))
	}
	for _, l := range p.Leaders {
		line("leader", field("designated leader", l))
	}
	counties := slices.Clone(f.Counties)
	slices.SortFunc(counties, func(a, b County) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range counties {
		line("county", field("county id", c.ID), field("county name", c.Name))
	}
	units := f.Units
	if !slices.IsSortedFunc(units, func(a, b Unit) int { return strings.Compare(a.ID, b.ID) }) {
		units = slices.Clone(units)
		slices.SortFunc(units, func(a, b Unit) int { return strings.Compare(a.ID, b.ID) })
	}
	for _, u := range units {
		line("unit", field("unit id", u.ID), field("unit county", u.County), field("unit category", u.Category), field("unit name", u.Name))
	}
	inspectors := slices.Clone(f.Inspectors)
	slices.SortFunc(inspectors, func(a, b Inspector) int { return strings.Compare(a.ID, b.ID) })
	for _, in := range inspectors {
		line("inspector", field("inspector id", in.ID), field("inspector name", in.Name), field("inspector home county", in.HomeCounty),
			flag(in.Active), flag(in.LeaderQualified), field("certificate validity", in.ValidUntil),
			list("specialties of "+in.ID, in.Specialties), list("conflict counties of "+in.ID, in.ConflictCounties),
			list("conflict units of "+in.ID, in.ConflictUnits))
	}
	return bad
}

// Fingerprint returns F, the lowercase hex SHA-256 of the canonical frame.
func (f Frame) Fingerprint() (string, error) {
	c, err := f.Canonical()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(c)
	return hex.EncodeToString(sum[:]), nil
}

// Stage labels name the seed of each draw inside a ceremony.
func LabelCounties() string             { return "counties" }
func LabelUnits(county string) string   { return "units/" + county }
func LabelMembers(county string) string { return "inspectors/" + county }
func LabelLeader(county string) string  { return "leaders/" + county }

// StageSeed is the seed of one draw: S + "|" + F + "|" + label.
func StageSeed(seed, fingerprint, label string) string {
	return seed + "|" + fingerprint + "|" + label
}

// CeremonySeed joins the witnesses' digit strings with "-" in the order
// they were entered: S.
func CeremonySeed(digits []string) string { return strings.Join(digits, "-") }
