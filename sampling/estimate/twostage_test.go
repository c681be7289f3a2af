package estimate

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The worked example. K = 12 eligible counties, k = 3 drawn:
//
//	county  M_i  m_i  y_i  p_i   M_i·p_i
//	A       100   5    1   0.2     20
//	B       200   5    0   0.0      0
//	C       300   5    2   0.4    120
//	sum     600                   140
//
//	P̂ = 140/600 = 0.233333
//
// Between counties, residuals e_i = M_i·(p_i − P̂):
//
//	e_A = 100·(0.2 − 0.233333) =  −3.333333   e_A² =   11.111111
//	e_B = 200·(0.0 − 0.233333) = −46.666667   e_B² = 2177.777778
//	e_C = 300·(0.4 − 0.233333) =  50.000000   e_C² = 2500.000000
//	s_e² = 4688.888889/(3 − 1) = 2344.444444
//	(1 − k/K)·s_e²/k = 0.75·2344.444444/3 = 586.111111
//
// Within counties, s_i² = p_i(1 − p_i)·m_i/(m_i − 1):
//
//	s_A² = 0.2·0.8·5/4 = 0.2    M²(1 − m/M)s²/m = 10000·0.95·0.2/5     =  380
//	s_B² = 0                                                              =    0
//	s_C² = 0.4·0.6·5/4 = 0.3    90000·(295/300)·0.3/5 = 90000·0.983333·0.06 = 5310
//	1/(k·K)·Σ = 5690/36 = 158.055556
//
// M̄ = 600/3 = 200, M̄² = 40000:
//
//	Between = 586.111111/40000 = 0.014652778
//	Within  = 158.055556/40000 = 0.003951389
//	V̂(P̂)   = 0.018604167, SE = 0.136397
//
// Check with the total form: V̂(t̂) = K²(1 − k/K)s_e²/k + (K/k)·5690
// = 144·586.111111 + 4·5690 = 84400 + 22760 = 107160, and
// 107160/(K·M̄)² = 107160/5760000 = 0.018604167. Same.
//
// t(0.975, 2 df) = 4.302653: half = 0.586866;
// interval [0.233333 − 0.586866, 0.233333 + 0.586866] = [−0.3535, 0.8202]
// clipped to [0, 0.8202]. (Three counties give a wide interval.)
//
// With the frame total known, M0 = 3000: M̄ = 3000/12 = 250, M̄² = 62500,
// V̂ = 744.166667/62500 = 0.011906667, SE = 0.109118,
// interval [0, 0.233333 + 4.302653·0.109118] = [0, 0.7028].
func TestTwoStageWorkedExample(t *testing.T) {
	counties := []County{
		{Name: "A", M: 100, Sampled: 5, Problems: 1},
		{Name: "B", M: 200, Sampled: 5, Problems: 0},
		{Name: "C", M: 300, Sampled: 5, Problems: 2},
	}
	r, err := TwoStage(TwoStageInput{K: 12, Counties: counties})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"P", r.P, 0.233333, 5e-7},
		{"Between", r.Between, 0.014652778, 5e-10},
		{"Within", r.Within, 0.003951389, 5e-10},
		{"SE", r.SE, 0.136397, 5e-7},
		{"Quantile", r.Quantile, 4.302653, 5e-7},
		{"Lo", r.Lo, 0, 0},
		{"Hi", r.Hi, 0.8202, 5e-5},
		{"MBar", r.MBar, 200, 0},
	}
	for _, c := range checks {
		if !near(c.got, c.want, c.tol) {
			t.Errorf("%s = %.9f, want %.9f", c.name, c.got, c.want)
		}
	}
	if r.DF != 2 || r.K != 12 || r.Drawn != 3 || r.Units != 15 || r.Problems != 3 || r.Degenerate {
		t.Errorf("bookkeeping: %+v", r)
	}

	r, err = TwoStage(TwoStageInput{K: 12, M0: 3000, Counties: counties})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.SE*r.SE, 0.011906667, 5e-10) || !near(r.Hi, 0.7028, 5e-5) || r.MBar != 250 || r.Lo != 0 {
		t.Errorf("with M0=3000: V=%.9f Hi=%.6f MBar=%g Lo=%g; want 0.011906667, 0.7028, 250, 0", r.SE*r.SE, r.Hi, r.MBar, r.Lo)
	}
}

// Every county drawn (k = K = 3, same data): the between term vanishes,
// V̂ = 5690/(3·3)/40000 = 0.015805556, SE = 0.125720, z = 1.96:
// [0.233333 − 0.246411, 0.233333 + 0.246411] → [0, 0.4797].
func TestTwoStageAllCounties(t *testing.T) {
	r, err := TwoStage(TwoStageInput{K: 3, M0: 600, Counties: []County{
		{M: 100, Sampled: 5, Problems: 1},
		{M: 200, Sampled: 5, Problems: 0},
		{M: 300, Sampled: 5, Problems: 2},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Between != 0 || !near(r.SE, 0.125720, 5e-7) || r.Quantile != 1.96 || r.DF != 0 || r.Lo != 0 || !near(r.Hi, 0.4797, 5e-5) {
		t.Errorf("k=K: %+v", r)
	}
}

// One county that is the whole frame (K = k = 1) is a simple random sample
// of m = 10 from M = 50 with y = 3: p = 0.3,
// V̂ = (1 − 10/50)·s²/10 with s² = 0.3·0.7·10/9 = 0.233333,
// = 0.8·0.0233333 = 0.018666667, SE = 0.136626, ±1.96 → [0.0322, 0.5678]:
// the textbook SRSWOR variance of a proportion.
func TestTwoStageSingleCountyFrame(t *testing.T) {
	r, err := TwoStage(TwoStageInput{K: 1, Counties: []County{{M: 50, Sampled: 10, Problems: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.P != 0.3 || !near(r.SE*r.SE, 0.018666667, 5e-10) || !near(r.Lo, 0.0322, 5e-5) || !near(r.Hi, 0.5678, 5e-5) {
		t.Errorf("single-county frame: %+v", r)
	}
}

func TestTwoStageOneOfSeveral(t *testing.T) {
	r, err := TwoStage(TwoStageInput{K: 12, Counties: []County{{Name: "双桥区", M: 80, Sampled: 8, Problems: 2}}})
	if !errors.Is(err, ErrTooFewCounties) {
		t.Fatalf("err = %v, want ErrTooFewCounties", err)
	}
	if !strings.Contains(err.Error(), "合格县 12 个中只抽取了 1 个县") {
		t.Errorf("message: %v", err)
	}
	if r.P != 0.25 || !math.IsNaN(r.SE) || !math.IsNaN(r.Lo) || !math.IsNaN(r.Hi) || r.Units != 8 || r.Problems != 2 {
		t.Errorf("point estimate without interval expected, got %+v", r)
	}
}

func TestTwoStageDegenerateAndCensus(t *testing.T) {
	// No problem found anywhere: the variance estimate is 0.
	r, err := TwoStage(TwoStageInput{K: 12, Counties: []County{
		{M: 100, Sampled: 5}, {M: 200, Sampled: 5}, {M: 300, Sampled: 5},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if r.P != 0 || r.SE != 0 || r.Lo != 0 || r.Hi != 0 || !r.Degenerate {
		t.Errorf("nothing found: %+v, want P=0 with Degenerate", r)
	}
	// Everything inspected: variance 0 and rightly so.
	r, err = TwoStage(TwoStageInput{K: 2, Counties: []County{
		{M: 3, Sampled: 3, Problems: 1}, {M: 1, Sampled: 1, Problems: 1},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if r.P != 0.5 || r.SE != 0 || r.Lo != 0.5 || r.Hi != 0.5 || r.Degenerate {
		t.Errorf("census: %+v, want exactly 0.5 and not degenerate", r)
	}
	// Equal shares in every county: no between-county spread, only within.
	r, err = TwoStage(TwoStageInput{K: 10, Counties: []County{
		{M: 50, Sampled: 10, Problems: 2}, {M: 500, Sampled: 20, Problems: 4},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.P, 0.2, 1e-15) || !near(r.Between, 0, 1e-18) || r.Within <= 0 {
		t.Errorf("equal shares: %+v", r)
	}
}

func TestTwoStageProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 500 {
		K := 2 + rng.IntN(15)
		k := 2 + rng.IntN(K-1)
		cs := make([]County, k)
		for i := range cs {
			M := 2 + rng.IntN(400)
			m := 2 + rng.IntN(min(M-1, 40))
			cs[i] = County{M: M, Sampled: m, Problems: rng.IntN(m + 1)}
		}
		r, err := TwoStage(TwoStageInput{K: K, Counties: cs})
		if err != nil {
			t.Fatalf("%v: %v", cs, err)
		}
		if !(0 <= r.Lo && r.Lo <= r.P && r.P <= r.Hi && r.Hi <= 1) {
			t.Fatalf("not ordered in [0,1]: %+v", r)
		}
		// Order of the counties does not matter.
		rev := make([]County, k)
		for i := range cs {
			rev[k-1-i] = cs[i]
		}
		r2, _ := TwoStage(TwoStageInput{K: K, Counties: rev})
		if !near(r.P, r2.P, 1e-12) || !near(r.SE, r2.SE, 1e-12) {
			t.Fatalf("order changes the result: %+v vs %+v", r, r2)
		}
		// Problems ↔ no problems mirrors the estimate, same SE.
		flip := make([]County, k)
		for i, c := range cs {
			flip[i] = c
			flip[i].Problems = c.Sampled - c.Problems
		}
		r3, _ := TwoStage(TwoStageInput{K: K, Counties: flip})
		if !near(r3.P, 1-r.P, 1e-12) || !near(r3.SE, r.SE, 1e-12) {
			t.Fatalf("mirror: P %g vs 1−%g, SE %g vs %g", r3.P, r.P, r3.SE, r.SE)
		}
	}
}

func TestTwoStageErrors(t *testing.T) {
	ok := County{M: 10, Sampled: 5, Problems: 1}
	tests := []struct {
		in   TwoStageInput
		want string
	}{
		{TwoStageInput{K: 0, Counties: []County{ok}}, "合格县数 K=0"},
		{TwoStageInput{K: 5}, "没有抽中的县"},
		{TwoStageInput{K: 1, Counties: []County{ok, ok}}, "抽中县数 k=2 大于合格县数 K=1"},
		{TwoStageInput{K: 5, Counties: []County{ok, {Name: "平泉市", M: 0, Sampled: 0}}}, "第 2 个抽中县（平泉市）：名录单位数 M=0"},
		{TwoStageInput{K: 5, Counties: []County{ok, {M: 10, Sampled: 0}}}, "未检查任何单位"},
		{TwoStageInput{K: 5, Counties: []County{{M: 4, Sampled: 5}, ok}}, "第 1 个抽中县：检查单位数 m=5 大于名录单位数 M=4"},
		{TwoStageInput{K: 5, Counties: []County{ok, {M: 10, Sampled: 5, Problems: 6}}}, "有问题单位数 y=6"},
		{TwoStageInput{K: 5, Counties: []County{ok, {M: 10, Sampled: 5, Problems: -1}}}, "有问题单位数 y=-1"},
		{TwoStageInput{K: 5, Counties: []County{ok, {M: 10, Sampled: 1}}}, "只检查了 1 个单位（名录 10 个）"},
		{TwoStageInput{K: 5, M0: 15, Counties: []County{ok, ok}}, "M0=15 小于"},
		{TwoStageInput{K: 2, M0: 30, Counties: []County{ok, ok}}, "M0=30 不等于"},
	}
	for _, tt := range tests {
		_, err := TwoStage(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("TwoStage(%+v) error = %v, want %q", tt.in, err, tt.want)
		}
		if errors.Is(err, ErrTooFewCounties) {
			t.Errorf("TwoStage(%+v): invalid input reported as ErrTooFewCounties", tt.in)
		}
	}
	// m = 1 is fine when it is the whole county.
	if _, err := TwoStage(TwoStageInput{K: 5, Counties: []County{ok, {M: 1, Sampled: 1, Problems: 1}}}); err != nil {
		t.Errorf("m = M = 1 rejected: %v", err)
	}
}
