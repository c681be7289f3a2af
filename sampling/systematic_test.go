package sampling

import (
	"errors"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The vectors were computed with an independent Python implementation of
// SPEC.md §3.
func TestSystematicVectors(t *testing.T) {
	tests := []struct {
		name      string
		ids       []string
		seed      string
		n, alt    int
		start     string
		drawn     []string
		positions []int
		alternate []string // id and the first 20 ticket digits
	}{
		{
			name: "ascii", ids: []string{"ab-1", "ab-2", "cd-1", "ef-3", "gh-5", "ij-8", "kl-13", "mn-21", "op-34", "qr-55"},
			seed: "314159", n: 3, alt: 2, start: "545125375161198011",
			drawn: []string{"ab-2", "ij-8", "op-34"}, positions: []int{2, 6, 9},
			alternate: []string{"mn-21 0.27943921339262153615", "cd-1 0.31768581747785156587"},
		},
		{
			name: "chinese", ids: chengde, seed: "3-1-4-1-5-9-2-6", n: 4, alt: 3, start: "367049315146946023",
			drawn: []string{"兴隆县", "围场满族蒙古族自治县", "承德县", "隆化县"}, positions: []int{2, 5, 8, 11},
			alternate: []string{"鹰手营子矿区 0.02726802166978601406", "滦平县 0.37854462997882523073", "平泉市 0.58685883804679094007"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, picks, err := Systematic(tt.ids, tt.seed, tt.n, tt.alt)
			if err != nil {
				t.Fatal(err)
			}
			if start != tt.start {
				t.Errorf("start = %s, want %s", start, tt.start)
			}
			if want := Ticket(tt.seed, "start")[2:20]; start != want {
				t.Errorf("start = %s, but Ticket(seed, \"start\") begins 0.%s", start, want)
			}
			if len(picks) != tt.n+len(tt.alternate) {
				t.Fatalf("got %d picks: %+v", len(picks), picks)
			}
			for j, p := range picks[:tt.n] {
				want := Pick{Rank: j + 1, ID: tt.drawn[j], Position: tt.positions[j]}
				if p != want {
					t.Errorf("drawn %d = %+v, want %+v", j, p, want)
				}
			}
			for i, p := range picks[tt.n:] {
				id, t20, _ := strings.Cut(tt.alternate[i], " ")
				if p.ID != id || p.Ticket != Ticket(tt.seed, id) || p.Ticket[:22] != t20 ||
					p.Rank != tt.n+i+1 || !p.Alternate || p.Position != 0 {
					t.Errorf("alternate %d = %+v, want %s %s…", i, p, id, t20)
				}
			}
		})
	}
}

func TestSystematicErrors(t *testing.T) {
	tests := []struct {
		name   string
		ids    []string
		n, alt int
		want   string
	}{
		{"n zero", chengde, 0, 0, "至少应为 1"},
		{"n negative", chengde, -3, 0, "至少应为 1"},
		{"n above N", chengde, 13, 0, "要求抽取 13 个"},
		{"empty population", nil, 1, 0, "要求抽取 1 个"},
		{"negative alternates", chengde, 2, -1, "不能为负"},
		{"duplicate", []string{"b", "a", "b"}, 1, 0, `编号重复: "b"`},
		{"duplicate Chinese", append(slices.Clone(chengde), "平泉市"), 1, 0, `编号重复: "平泉市"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, picks, err := Systematic(tt.ids, "1", tt.n, tt.alt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if start != "" || picks != nil {
				t.Fatalf("an error came with a result: %q %+v", start, picks)
			}
		})
	}
	_, _, err := Systematic([]string{"x", "x"}, "1", 1, 0)
	var de *DuplicateIDError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want *DuplicateIDError", err)
	}
}

// TestSystematicTakeAll: n = N draws every id in byte order.
func TestSystematicTakeAll(t *testing.T) {
	_, picks, err := Systematic(chengde, "全部", len(chengde), 5)
	if err != nil {
		t.Fatal(err)
	}
	sorted := slices.Sorted(slices.Values(chengde))
	if len(picks) != len(sorted) {
		t.Fatalf("got %d picks, want %d (no alternates left)", len(picks), len(sorted))
	}
	for i, p := range picks {
		if p.ID != sorted[i] || p.Position != i+1 || p.Alternate {
			t.Errorf("pick %d = %+v, want %s at %d", i, p, sorted[i], i+1)
		}
	}
}

// TestSystematicPositionsExtremes checks the smallest and largest starts.
func TestSystematicPositionsExtremes(t *testing.T) {
	for _, c := range []struct{ N, n int }{{1, 1}, {7, 1}, {7, 7}, {10, 3}, {1000003, 997}, {1 << 40, 3}} {
		for _, u := range []uint64{0, 1, e18 / 2, e18 - 1} {
			checkPositions(t, u, c.N, c.n, SystematicPositions(u, c.N, c.n))
		}
	}
}

// checkPositions checks p_j against the definition of the floor,
// p·n·10^18 ≤ (u + j·10^18)·N < (p+1)·n·10^18, and that the positions are
// ascending and in range.
func checkPositions(t *testing.T, u uint64, N, n int, pos []int) {
	t.Helper()
	if len(pos) != n {
		t.Fatalf("u=%d N=%d n=%d: %d positions", u, N, n, len(pos))
	}
	scale := big.NewInt(e18)
	for j, p := range pos {
		if p < 0 || p >= N || (j > 0 && p <= pos[j-1]) {
			t.Fatalf("u=%d N=%d n=%d: positions %v not ascending in 0…N-1", u, N, n, pos)
		}
		v := new(big.Int).Mul(big.NewInt(int64(j)), scale)
		v.Add(v, new(big.Int).SetUint64(u))
		v.Mul(v, big.NewInt(int64(N)))
		lo := new(big.Int).Mul(big.NewInt(int64(p)), big.NewInt(int64(n)))
		lo.Mul(lo, scale)
		hi := new(big.Int).Mul(big.NewInt(int64(p+1)), big.NewInt(int64(n)))
		hi.Mul(hi, scale)
		if lo.Cmp(v) > 0 || v.Cmp(hi) >= 0 {
			t.Fatalf("u=%d N=%d n=%d: p_%d = %d is not the floor", u, N, n, j, p)
		}
	}
}

// FuzzSystematic: positions distinct, in range and ascending, drawn ids at
// their positions in byte order, alternates as Sample of the rest.
func FuzzSystematic(f *testing.F) {
	f.Add("ab-1\nab-2\ncd-1\nef-3\ngh-5\nij-8\nkl-13\nmn-21\nop-34\nqr-55", "314159", 3, 2)
	f.Add(strings.Join(chengde, "\n"), "3-1-4-1-5-9-2-6", 4, 3)
	f.Add(strings.Join(chengde, "\n"), "第二轮 随机种子", 12, 1)
	f.Add("承德县", "一", 1, 0)
	f.Add("a\nb\na", "dup", 1, 0)
	f.Add("", "", 1, 0)
	f.Fuzz(func(t *testing.T, lines, seed string, n, alternates int) {
		ids := strings.Split(lines, "\n")
		if len(ids) > 2000 {
			t.Skip()
		}
		start, picks, err := Systematic(ids, seed, n, alternates)
		sorted := slices.Sorted(slices.Values(ids))
		distinct := len(slices.Compact(slices.Clone(sorted))) == len(sorted)
		if wantOK := distinct && n >= 1 && n <= len(ids) && alternates >= 0; (err == nil) != wantOK {
			t.Fatalf("err = %v, want error: %v", err, !wantOK)
		}
		if err != nil {
			return
		}
		if start != Ticket(seed, "start")[2:20] {
			t.Fatalf("start %s, ticket of start %s", start, Ticket(seed, "start"))
		}
		pos := make([]int, n)
		drawn := map[string]bool{}
		for j, p := range picks[:n] {
			if p.Rank != j+1 || p.Alternate || p.Ticket != "" || sorted[p.Position-1] != p.ID {
				t.Fatalf("drawn pick %d = %+v", j, p)
			}
			pos[j] = p.Position - 1
			drawn[p.ID] = true
		}
		u, _ := new(big.Int).SetString(start, 10)
		checkPositions(t, u.Uint64(), len(ids), n, pos)
		var rest []string
		for _, id := range ids {
			if !drawn[id] {
				rest = append(rest, id)
			}
		}
		alts, err := SampleNaive(rest, seed, 0, alternates)
		if err != nil {
			t.Fatal(err)
		}
		for i := range alts {
			alts[i].Rank += n
		}
		if got := picks[n:]; !reflect.DeepEqual(got, alts) && (len(got) != 0 || len(alts) != 0) {
			t.Fatalf("alternates %+v, want %+v", got, alts)
		}
	})
}
