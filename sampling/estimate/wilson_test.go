package estimate

import (
	"math"
	"strings"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Hand computation at z = 1.96, z² = 3.8416, n = 10:
//
//	1 + z²/n = 1.38416;  z²/(2n) = 0.19208;  z²/(4n²) = 0.009604
//	z/(1 + z²/n) = 1.96/1.38416 = 1.416021
//
//	0/10:  centre = 0.19208/1.38416 = 0.138770
//	       half = 1.416021·√0.009604 = 1.416021·0.098 = 0.138770
//	       → [0, 0.2775]
//	5/10:  centre = (0.5 + 0.19208)/1.38416 = 0.5
//	       half = 1.416021·√(0.025 + 0.009604) = 1.416021·0.186021 = 0.263410
//	       → [0.2366, 0.7634]
//	10/10: the mirror image of 0/10 → [0.7225, 1]
//	1/10:  centre = (0.1 + 0.19208)/1.38416 = 0.211016
//	       half = 1.416021·√(0.009 + 0.009604) = 1.416021·0.136396 = 0.193140
//	       → [0.0179, 0.4042]
//	3/20:  1 + z²/n = 1.19208; centre = (0.15 + 0.09604)/1.19208 = 0.206395
//	       half = (1.96/1.19208)·√(0.15·0.85/20 + 3.8416/1600)
//	            = 1.644185·√(0.006375 + 0.002401) = 1.644185·0.093680 = 0.154027
//	       → [0.0524, 0.3604]
func TestWilsonKnownValues(t *testing.T) {
	tests := []struct {
		y, n          int
		p, lo, hi     float64
		exactLo, exHi bool // bound must be exactly 0 / 1
	}{
		{0, 10, 0, 0, 0.2775, true, false},
		{5, 10, 0.5, 0.2366, 0.7634, false, false},
		{10, 10, 1, 0.7225, 1, false, true},
		{1, 10, 0.1, 0.0179, 0.4042, false, false},
		{3, 20, 0.15, 0.0524, 0.3604, false, false},
	}
	for _, tt := range tests {
		p, lo, hi, err := Wilson(tt.y, tt.n, 1.96)
		if err != nil {
			t.Fatalf("Wilson(%d, %d): %v", tt.y, tt.n, err)
		}
		if p != tt.p || !near(lo, tt.lo, 5e-5) || !near(hi, tt.hi, 5e-5) {
			t.Errorf("Wilson(%d, %d) = %.6f [%.6f, %.6f], want %.4f [%.4f, %.4f]", tt.y, tt.n, p, lo, hi, tt.p, tt.lo, tt.hi)
		}
		if tt.exactLo && lo != 0 {
			t.Errorf("Wilson(%d, %d) lo = %g, want exactly 0", tt.y, tt.n, lo)
		}
		if tt.exHi && hi != 1 {
			t.Errorf("Wilson(%d, %d) hi = %g, want exactly 1", tt.y, tt.n, hi)
		}
	}
}

// Hand computation, 5 problems in 10 units drawn from N = 20:
//
//	(N − n)/(N − 1) = 10/19 = 0.526316;  z' = 1.96·√0.526316 = 1.421933
//	z'² = 2.021895;  1 + z'²/n = 1.202189;  z'²/(4n²) = 0.005055
//	centre = (0.5 + 0.101095)/1.202189 = 0.5
//	half = (1.421933/1.202189)·√(0.025 + 0.005055) = 1.182786·0.173363 = 0.205051
//	→ [0.2949, 0.7051]  (Wilson without FPC: [0.2366, 0.7634])
//
// 0 of 10 from N = 20: z'²/(2n) = 0.101095, centre = 0.101095/1.202189 = 0.084092,
// half = 1.182786·√0.005055 = 0.084092 → [0, 0.1682].
// 2 of 40 from N = 200: z' = 1.96·√(160/199) = 1.757476 → [0.0156, 0.1489]
// (Wilson without FPC: [0.0138, 0.1650]).
func TestWilsonFPCKnownValues(t *testing.T) {
	tests := []struct {
		y, n, N   int
		p, lo, hi float64
	}{
		{5, 10, 20, 0.5, 0.2949, 0.7051},
		{0, 10, 20, 0, 0, 0.1682},
		{2, 40, 200, 0.05, 0.0156, 0.1489},
		{3, 10, 10, 0.3, 0.3, 0.3}, // census: no sampling error
		{1, 1, 1, 1, 1, 1},
	}
	for _, tt := range tests {
		p, lo, hi, err := WilsonFPC(tt.y, tt.n, tt.N, 1.96)
		if err != nil {
			t.Fatalf("WilsonFPC(%d, %d, %d): %v", tt.y, tt.n, tt.N, err)
		}
		if p != tt.p || !near(lo, tt.lo, 5e-5) || !near(hi, tt.hi, 5e-5) {
			t.Errorf("WilsonFPC(%d, %d, %d) = %.6f [%.6f, %.6f], want %.4f [%.4f, %.4f]",
				tt.y, tt.n, tt.N, p, lo, hi, tt.p, tt.lo, tt.hi)
		}
	}
}

func TestWilsonProperties(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 10, 31, 100, 1000} {
		prevLo, prevHi := -1.0, -1.0
		for y := 0; y <= n; y++ {
			p, lo, hi, err := Wilson(y, n, Z95)
			if err != nil {
				t.Fatal(err)
			}
			// Contains p̂ and lies in [0, 1].
			if !(0 <= lo && lo <= p && p <= hi && hi <= 1) {
				t.Fatalf("Wilson(%d, %d) = %g [%g, %g] not ordered in [0, 1]", y, n, p, lo, hi)
			}
			// Symmetry: swapping problems and non-problems mirrors the interval.
			_, lo2, hi2, _ := Wilson(n-y, n, Z95)
			if !near(lo, 1-hi2, 1e-12) || !near(hi, 1-lo2, 1e-12) {
				t.Fatalf("Wilson(%d, %d) = [%g, %g] is not the mirror of Wilson(%d, %d) = [%g, %g]", y, n, lo, hi, n-y, n, lo2, hi2)
			}
			// Monotone in y.
			if lo <= prevLo || hi <= prevHi {
				t.Fatalf("Wilson(%d, %d) bounds not increasing: [%g, %g] after [%g, %g]", y, n, lo, hi, prevLo, prevHi)
			}
			prevLo, prevHi = lo, hi
			// A larger z gives a wider interval.
			_, lo3, hi3, _ := Wilson(y, n, 2.576)
			if lo3 > lo || hi3 < hi {
				t.Fatalf("Wilson(%d, %d) at z=2.576 [%g, %g] not wider than at 1.96 [%g, %g]", y, n, lo3, hi3, lo, hi)
			}
			// The FPC narrows, and vanishes for a huge frame.
			_, lo4, hi4, _ := WilsonFPC(y, n, 4*n, Z95)
			if lo4 < lo || hi4 > hi {
				t.Fatalf("WilsonFPC(%d, %d, %d) [%g, %g] wider than Wilson [%g, %g]", y, n, 4*n, lo4, hi4, lo, hi)
			}
			_, lo5, hi5, _ := WilsonFPC(y, n, 1<<40, Z95)
			if !near(lo5, lo, 1e-9) || !near(hi5, hi, 1e-9) {
				t.Fatalf("WilsonFPC with N=2^40 [%g, %g] differs from Wilson [%g, %g]", lo5, hi5, lo, hi)
			}
		}
	}
}

func TestWilsonErrors(t *testing.T) {
	tests := []struct {
		y, n, N int
		z       float64
		want    string
	}{
		{0, 0, 10, 1.96, "检查单位数 n=0"},
		{-1, 10, 10, 1.96, "有问题单位数 -1"},
		{11, 10, 20, 1.96, "有问题单位数 11"},
		{1, 10, 20, 0, "分位数 z=0"},
		{1, 10, 20, math.NaN(), "分位数"},
		{1, 10, 20, math.Inf(1), "分位数"},
		{1, 10, 9, 1.96, "名录单位数 N=9 小于检查单位数 n=10"},
	}
	for _, tt := range tests {
		_, _, _, err := WilsonFPC(tt.y, tt.n, tt.N, tt.z)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("WilsonFPC(%d, %d, %d, %v) error = %v, want %q", tt.y, tt.n, tt.N, tt.z, err, tt.want)
		}
		if tt.N >= tt.n { // the same input without N fails the same way
			if _, _, _, err := Wilson(tt.y, tt.n, tt.z); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Wilson(%d, %d, %v) error = %v, want %q", tt.y, tt.n, tt.z, err, tt.want)
			}
		}
	}
}

func TestTQuantileTable(t *testing.T) {
	// Two-sided 95 % (upper 2.5 %) points of Student's t, as printed in
	// every table (Fisher & Yates), to 3 decimals.
	table := map[int]float64{
		1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365,
		8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 15: 2.131,
		20: 2.086, 30: 2.042, 60: 2.000, 120: 1.980, 1000: 1.962,
	}
	for df, want := range table {
		got, err := TQuantile(0.95, df)
		if err != nil || !near(got, want, 5e-4) {
			t.Errorf("TQuantile(0.95, %d) = %.5f, %v; want %.3f", df, got, err, want)
		}
	}
	// Other levels: 90 % and 99 % two-sided.
	for _, c := range []struct {
		level float64
		df    int
		want  float64
	}{{0.90, 1, 6.314}, {0.90, 10, 1.812}, {0.99, 2, 9.925}, {0.99, 9, 3.250}} {
		if got, _ := TQuantile(c.level, c.df); !near(got, c.want, 5e-4) {
			t.Errorf("TQuantile(%v, %d) = %.5f, want %.3f", c.level, c.df, got, c.want)
		}
	}
	if _, err := TQuantile(0.95, 0); err == nil {
		t.Error("df = 0 accepted")
	}
	if _, err := TQuantile(1, 5); err == nil {
		t.Error("level = 1 accepted")
	}
}
