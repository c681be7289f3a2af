package estimate

import (
	"fmt"
	"math"
)

// Z95 is the normal quantile for a two-sided 95 % interval, as printed in
// statistics tables (the exact value is 1.959964…).
const Z95 = 1.96

// Wilson returns p̂ = problems/n and the Wilson score interval [lo, hi] for
// a simple random sample, with z the normal quantile (Z95 for 95 %). Use it
// when the frame size is unknown; see WilsonFPC.
func Wilson(problems, n int, z float64) (p, lo, hi float64, err error) {
	if err := checkCounts(problems, n); err != nil {
		return 0, 0, 0, err
	}
	if err := checkZ(z); err != nil {
		return 0, 0, 0, err
	}
	p, lo, hi = wilson(problems, n, z)
	return p, lo, hi, nil
}

// WilsonFPC is Wilson for n units drawn without replacement from a frame of
// N units: z is multiplied by √((N − n)/(N − 1)). It is the interval to
// show for a simple or systematic draw from a known frame.
func WilsonFPC(problems, n, N int, z float64) (p, lo, hi float64, err error) {
	if err := checkCounts(problems, n); err != nil {
		return 0, 0, 0, err
	}
	if err := checkZ(z); err != nil {
		return 0, 0, 0, err
	}
	if N < n {
		return 0, 0, 0, fmt.Errorf("名录单位数 N=%d 小于检查单位数 n=%d (frame smaller than sample)", N, n)
	}
	fpc := 0.0
	if N > n { // N > n ≥ 1, so N − 1 > 0
		fpc = float64(N-n) / float64(N-1)
	}
	p, lo, hi = wilson(problems, n, z*math.Sqrt(fpc))
	return p, lo, hi, nil
}

func wilson(y, n int, z float64) (p, lo, hi float64) {
	nf := float64(n)
	p = float64(y) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = centre-half, centre+half
	// The closed form gives exactly 0 (1) for y = 0 (y = n) in exact
	// arithmetic; do not let rounding say otherwise.
	if y == 0 || lo < 0 {
		lo = 0
	}
	if y == n || hi > 1 {
		hi = 1
	}
	if lo > p { // rounding only, e.g. when z' = 0
		lo = p
	}
	if hi < p {
		hi = p
	}
	return p, lo, hi
}

func checkCounts(y, n int) error {
	if n <= 0 {
		return fmt.Errorf("检查单位数 n=%d，至少需要 1 个 (no units inspected)", n)
	}
	if y < 0 || y > n {
		return fmt.Errorf("有问题单位数 %d 不在 0 到检查单位数 %d 之间 (problems out of range)", y, n)
	}
	return nil
}

func checkZ(z float64) error {
	if !(z > 0) || math.IsInf(z, 0) {
		return fmt.Errorf("分位数 z=%v 无效，应为正数，95%% 区间用 1.96 (invalid z)", z)
	}
	return nil
}
