package pages

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// memSession is a ceremony kept in memory: each call applies its step.
type memSession struct{ c sampling.Ceremony }

func (s *memSession) apply(kind string, payload []byte, err error) error {
	if err != nil {
		return err
	}
	prev := sampling.GenesisHash
	if n := len(s.c.Steps); n > 0 {
		prev = s.c.Steps[n-1].Hash
	}
	seq := uint64(len(s.c.Steps) + 1)
	at := time.Date(2026, 11, 25, 9, 30, int(seq), 0, time.UTC).Format(time.RFC3339)
	return s.c.Apply(sampling.Step{Seq: seq, Kind: kind, At: at, Payload: payload, Prev: prev,
		Hash: sampling.StepHash(prev, seq, kind, at, payload)})
}

func (s *memSession) ID() string                          { return "T-001" }
func (s *memSession) Ceremony() *sampling.Ceremony        { return &s.c }
func (s *memSession) AddWitness(w sampling.Witness) error { return s.apply(s.c.AddWitness(w)) }
func (s *memSession) RemoveWitness(i int, why string) error {
	return s.apply(s.c.RemoveWitness(i, why))
}
func (s *memSession) FixSeed() error           { return s.apply(s.c.FixSeed()) }
func (s *memSession) Next() error              { return s.apply(s.c.Next()) }
func (s *memSession) Abandon(why string) error { return s.apply(s.c.Abandon(why)) }
func (s *memSession) Record() (sampling.Record, error) {
	return sampling.NewRecord("T-001", &s.c)
}

// smallFrame has nc counties of 8 units and enough inspectors.
func smallFrame(nc int) sampling.Frame {
	f := sampling.Frame{
		Matter:   sampling.Matter{Code: "SJ-001", Version: 1, Name: "台账", Specialty: "综合"},
		DrawDate: "2026-11-25",
		Params:   sampling.Params{Counties: 2, UnitsPerCounty: 3, Method: sampling.MethodSimple, Members: 1, Alternates: 3},
	}
	for c := 1; c <= nc; c++ {
		id := fmt.Sprintf("1308%02d", c)
		f.Counties = append(f.Counties, sampling.County{ID: id, Name: "县" + id})
		for u := 1; u <= 8; u++ {
			f.Units = append(f.Units, sampling.Unit{ID: fmt.Sprintf("U%02d%03d", c, u), County: id, Name: "单位", Category: "规上工业"})
		}
	}
	for i := 1; i <= 30; i++ {
		f.Inspectors = append(f.Inspectors, sampling.Inspector{ID: fmt.Sprintf("E%04d", i), Name: fmt.Sprintf("员%d", i),
			HomeCounty: "130800", Specialties: []string{"综合"}, LeaderQualified: i%3 == 0, Active: true, ValidUntil: "2027-12-31"})
	}
	return f
}

// TestRevealShowsOnlyDrawnCounties steps the reveal animation tick by tick
// (projector on and off, 80×24 and 120×40): at every instant the big
// digits are rolling digits while a drawn county is being revealed, or the
// code of a drawn county (never an alternate's), and once the reveal ends
// they show every drawn county.
func TestRevealShowsOnlyDrawnCounties(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	for _, proj := range []bool{false, true} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			s := &memSession{}
			if err := s.apply(s.c.Commit(sampling.Info{MinDigits: 5}, smallFrame(8))); err != nil {
				t.Fatal(err)
			}
			if err := s.AddWitness(sampling.Witness{Name: "甲", Digits: "3827190264"}); err != nil {
				t.Fatal(err)
			}
			if err := s.FixSeed(); err != nil {
				t.Fatal(err)
			}
			c := &common.Common{Width: size[0], Height: size[1], Styles: common.DefaultStyles(), Lang: lang.ZH, Animate: true, Projector: proj}
			c.KeyMap = common.DefaultKeyMap(c.T)
			p := NewCounties(c, s)
			p.SetSize(size[0], size[1]-4)
			if cmd := p.draw(); cmd == nil || !p.animating {
				t.Fatal("the reveal did not start")
			}
			drawn, alt := map[string]bool{}, map[string]bool{}
			for _, pk := range s.c.Result.Counties {
				if pk.Alternate {
					alt[pk.ID] = true
				} else {
					drawn[pk.ID] = true
				}
			}
			sawRolling, sawAlternateRevealed := false, false
			for i := 0; p.animating && i < 1000; i++ {
				p.View()
				big := p.Big()
				switch {
				case big == "":
				case !p.s.Ceremony().Result.Counties[p.shown].Alternate && p.animating:
					sawRolling = true // rolling digits: no county at all
				default:
					sawAlternateRevealed = true
					if !drawn[big] {
						t.Fatalf("tick %d, revealing an alternate: the big digits show %q", i, big)
					}
				}
				for _, id := range strings.Fields(big) {
					if alt[id] {
						t.Fatalf("tick %d: the big digits show the alternate %s", i, id)
					}
				}
				p.Update(revealTick{gen: p.gen})
			}
			p.View()
			for id := range drawn {
				if !strings.Contains(p.Big(), id) {
					t.Errorf("after the reveal the big digits %q lack drawn county %s", p.Big(), id)
				}
			}
			if !sawRolling || !sawAlternateRevealed {
				t.Errorf("the test did not see both phases (rolling %v, alternates %v)", sawRolling, sawAlternateRevealed)
			}
		}
	}
}
